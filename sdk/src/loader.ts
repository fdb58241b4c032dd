// The loader: kehu.js (script tag, global `Kehu`) and kehu.mjs (npm). Kept small (≤ 2.5 KB gzip):
// it defines <kehu-survey> and <kehu-feedback>, runs popup triggers, and loads the UI chunk only
// when an element is connected or a popup opens. Where `customElements` is missing it first loads
// the @webcomponents/custom-elements polyfill.
import type * as Api from '../kehu.d.ts';
import type { KehuConfig, ResponseKind, Trigger } from '../kehu.d.ts';
import { QUEUE_KEY, type UiContext, type UiModule } from './contract.ts';
import { pickLocale } from '../../shared/src/i18n/locale.ts';
import { ELEMENTS, PROPS } from './elements.ts';
import { isSurveyKind, RESPONSE_KINDS } from './kinds.ts';
import { lazy } from './lazy.ts';

/** Set by sdk/build.mjs: true in kehu.mjs, false in kehu.js. */
declare const __ESM__: boolean;

const POPUP_KEY = 'kehu:popup:v1';
const DAY = 864e5;

const browser = typeof window !== 'undefined' && typeof document !== 'undefined';
// A classic script knows its own URL only while it runs for the first time.
const script = browser && !__ESM__ ? (document.currentScript as HTMLScriptElement | null) : null;
const base = __ESM__ ? import.meta.url : script?.src || (browser ? location.href : '');

let config: KehuConfig = {};
let timers: number[] = [];
let current: HTMLElement | null = null;
/** Popup elements → the element that had focus before they opened. */
const popups = new WeakMap<HTMLElement, Element | null>();

let ui: UiModule | undefined;
const loadUi = lazy<UiModule>('kehu-ui.mjs', base, () =>
  __ESM__ ? import('./ui/index.tsx') : import(/* the UI chunk next to kehu.js */ new URL('kehu-ui.mjs', base).href),
);
/**
 * Starts fetching the element's language together with the UI (which would otherwise ask for it
 * only once it has loaded itself). The UI decides the language; this is the same rule, as a head start.
 */
function prefetchTexts(el: HTMLElement): void {
  const zh =
    pickLocale(el.getAttribute('locale') || config.locale || document.documentElement.lang || navigator.language) === 'zh-CN';
  (__ESM__
    ? zh
      ? import('./ui/locales/zh-CN.ts')
      : import('./ui/locales/en.ts')
    : import(new URL(zh ? 'kehu-zh-CN.mjs' : 'kehu-en.mjs', base).href)
  ).catch(() => {});
}

const fail = (target: EventTarget, code: string, message: string) =>
  target.dispatchEvent(new CustomEvent('kehu-error', { bubbles: true, composed: true, detail: { code, message } }));

function defineElement(tag: string, kindProp: string): void {
  const props: Record<string, string> = { ...PROPS, [kindProp]: kindProp };
  class KehuElement extends HTMLElement {
    static get observedAttributes(): string[] {
      return Object.values(props);
    }
    connectedCallback(): void {
      // A framework may have set properties before the element was defined: re-apply them
      // through the accessors below.
      for (const p in props) {
        if (Object.getOwnPropertyDescriptor(this, p)) {
          const value = (this as unknown as Record<string, unknown>)[p];
          delete (this as unknown as Record<string, unknown>)[p];
          (this as unknown as Record<string, unknown>)[p] = value;
        }
      }
      if (!this.shadowRoot) this.attachShadow({ mode: 'open' });
      this.render();
    }
    attributeChangedCallback(): void {
      if (this.isConnected && this.shadowRoot) this.render();
    }
    disconnectedCallback(): void {
      if (!this.isConnected) ui?.unmount(this);
    }
    render(): void {
      const ctx: UiContext = { config: () => config };
      if (popups.has(this)) ctx.popup = { close: () => (current === this ? close() : this.remove()) };
      if (!ui) prefetchTexts(this);
      loadUi().then(
        (m) => {
          ui = m;
          if (this.isConnected) m.mount(this, ctx);
        },
        (e) => fail(this, 'load', `Kehu could not load its UI: ${e}`),
      );
    }
  }
  for (const [p, attr] of Object.entries(props)) {
    Object.defineProperty(KehuElement.prototype, p, {
      configurable: true,
      get(this: HTMLElement) {
        return this.getAttribute(attr);
      },
      set(this: HTMLElement, v: unknown) {
        if (v == null) this.removeAttribute(attr);
        else this.setAttribute(attr, String(v));
      },
    });
  }
  if (!customElements.get(tag)) customElements.define(tag, KehuElement);
}

function defineAll(): void {
  for (const [tag, kindProp] of Object.entries(ELEMENTS)) defineElement(tag, kindProp);
}

/** Loads the polyfill from next to this script; under Trusted Types through a policy named `kehu`. */
function loadPolyfill(then: () => void): void {
  const el = document.createElement('script');
  const url = new URL('custom-elements.min.js', base).href;
  const tt = (
    window as unknown as { trustedTypes?: { createPolicy(n: string, p: object): { createScriptURL(u: string): string } } }
  ).trustedTypes;
  el.src = tt ? tt.createPolicy('kehu', { createScriptURL: (u: string) => u }).createScriptURL(url) : url;
  el.onload = then;
  el.onerror = () => fail(document, 'load', `Kehu could not load ${url}`);
  document.head.append(el);
}

function storedShows(): Record<string, number> {
  try {
    const v = JSON.parse(localStorage.getItem(POPUP_KEY) || '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** Who the frequency cap counts for: a hash of the respondent's address, or this browser. */
function capKey(kind: string): string {
  const email = config.respondent?.email?.trim().toLowerCase();
  let h = 0x811c9dc5;
  for (const c of email ?? '') h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return `${email ? (h >>> 0).toString(36) : '*'}|${kind}`;
}

/** Remember that a popup was shown (answered or dismissed alike): triggers skip it for `everyDays`. */
function remember(kind: string): void {
  const shows = storedShows();
  shows[capKey(kind)] = Date.now();
  try {
    localStorage.setItem(POPUP_KEY, JSON.stringify(shows));
  } catch {
    // Storage full or blocked: the cap then holds for this page only.
  }
}

function fire(trigger: Trigger): void {
  const last = storedShows()[capKey(trigger.open)] ?? 0;
  if (current || Date.now() - last < (config.everyDays ?? 90) * DAY) return;
  remember(trigger.open);
  open(trigger.open);
}

function onMouseOut(e: MouseEvent): void {
  if (!e.relatedTarget && e.clientY <= 0) for (const t of config.triggers ?? []) if (t.exitIntent) fire(t);
}

export function init(c: KehuConfig): void {
  config = { ...c };
  for (const id of timers) clearTimeout(id);
  timers = [];
  for (const t of config.triggers ?? []) {
    if (t.afterSeconds !== undefined) timers.push(setTimeout(fire, t.afterSeconds * 1000, t) as unknown as number);
  }
}

export function open(kind: ResponseKind): HTMLElement | null {
  if (!browser || !RESPONSE_KINDS.includes(kind)) return null;
  let focused = document.activeElement;
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement;
  close();
  const survey = isSurveyKind(kind);
  const el = document.createElement(survey ? 'kehu-survey' : 'kehu-feedback');
  el.setAttribute(survey ? 'kind' : 'topic', kind);
  popups.set(el, focused);
  (document.body || document.documentElement).append(el);
  return (current = el);
}

export function close(): void {
  const el = current;
  if (!el) return;
  current = null;
  const back = popups.get(el);
  el.remove();
  if (back instanceof HTMLElement || back instanceof SVGElement) back.focus();
}

export function track(event: string): void {
  for (const t of config.triggers ?? []) if (t.event === event) fire(t);
}

if (browser) {
  // Declarative config for pages that allow no inline script: <script src="kehu.js" data-site-key=… data-endpoint=…>.
  const d = script?.dataset;
  if (d?.siteKey || d?.endpoint)
    init({ siteKey: d.siteKey, endpoint: d.endpoint, locale: d.locale, theme: d.theme as KehuConfig['theme'] });
  if (window.customElements) defineAll();
  else loadPolyfill(defineAll);
  addEventListener('mouseout', onMouseOut);
  // Elements that could not load their UI (offline) try again when the browser is back online.
  addEventListener('online', () => {
    for (const el of document.querySelectorAll('kehu-survey,kehu-feedback'))
      if (el.shadowRoot && !el.shadowRoot.firstChild) (el as HTMLElement & { render(): void }).render();
  });
  // Answers left in the queue by an earlier page (offline, closed tab) go out now.
  try {
    if ((localStorage.getItem(QUEUE_KEY) ?? '[]') !== '[]')
      loadUi().then(
        (m) => m.flush(),
        () => {},
      );
  } catch {
    // No storage: nothing can be pending.
  }
}

({ init, open, close, track }) satisfies Pick<typeof Api, 'init' | 'open' | 'close' | 'track'>;
