// The UI chunk (kehu-ui.mjs), loaded by the loader when an element is connected or a popup opens,
// and when answers are waiting in the queue from an earlier page.
import { render } from 'preact';
import type { UiContext } from '../contract.ts';
import { createQueue } from '../transport/queue.ts';

import { emit, settingsOf, Widget } from './widget.tsx';

/** The minified stylesheet, put in by sdk/build.mjs. */
declare const __CSS__: string;
const CSS = __CSS__;

const storage = {
  getItem(key: string): string | null {
    try {
      return localStorage.getItem(key);
    } catch {
      return null; // storage blocked (sandboxed frame, privacy settings)
    }
  },
  setItem(key: string, value: string): void {
    localStorage.setItem(key, value);
  },
};

type Check = (value: unknown) => string[];
let checker: Promise<Check> | undefined;
/** The shared schema check, a chunk of its own (kehu-check.mjs); retried after a failed load. */
function check(): Promise<Check> {
  checker ??= import('../check/index.ts').then(
    (m) => m.checkSubmission,
    (e) => {
      checker = undefined;
      throw e;
    },
  );
  return checker;
}

const queue = createQueue({
  storage,
  fetch: (input, init) => fetch(input, init),
  now: Date.now,
  random: Math.random,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as number),
  check: async (value) => (await check())(value),
  exclusive: (fn) => (navigator.locks ? navigator.locks.request('kehu-queue', fn) : fn()),
  onRejected: (item, status, message) =>
    emit(document, 'kehu-error', { code: 'rejected', status, message, submission: item.body }),
});
addEventListener('online', () => void queue.flush(true));
addEventListener('pagehide', () => queue.pagehide());

let sheet: CSSStyleSheet | null | undefined;
/** One constructable stylesheet shared by every widget; null where the browser has none. */
function stylesheet(): CSSStyleSheet | null {
  if (sheet === undefined) {
    try {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    } catch {
      sheet = null;
    }
  }
  return sheet;
}

const reported = new WeakSet<HTMLElement>();

export function mount(host: HTMLElement, ctx: UiContext): void {
  const root = host.shadowRoot as ShadowRoot;
  if (!settingsOf(host, ctx).kind && !reported.has(host)) {
    reported.add(host);
    const attr = host.localName === 'kehu-survey' ? 'kind="nps|csat|ces"' : 'topic="suggestion|complaint|praise|exit"';
    emit(host, 'kehu-error', { code: 'config', message: `<${host.localName}> needs ${attr}` });
  }
  const s = 'adoptedStyleSheets' in root ? stylesheet() : null;
  if (s && !root.adoptedStyleSheets.includes(s)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, s];
  render(<Widget host={host} ctx={ctx} queue={queue} check={check} css={s ? undefined : CSS} />, root);
}

export function unmount(host: HTMLElement): void {
  if (host.shadowRoot) render(null, host.shadowRoot);
}

export function flush(): void {
  void queue.flush();
}
