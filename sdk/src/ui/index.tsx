// The UI chunk (kehu-ui.mjs), loaded by the loader when an element is connected or a popup opens.
import { render } from 'preact';
import type { Submission } from '../../../shared/src/model/submission.ts';
import { QUEUE_KEY, type UiContext } from '../contract.ts';
import type { QueueItem } from '../transport/queue.ts';
import { emit, type Sender, settingsOf, Widget } from './widget.tsx';

/** The minified stylesheet, put in by sdk/build.mjs. */
declare const __CSS__: string;
const CSS = __CSS__;

let sender: Promise<Sender> | undefined;
let tries = 0;
/**
 * The send chunk (schema check and queue). Browsers remember a failed module fetch for the page's
 * lifetime, so after a failure (offline) the next try asks for the file under a new URL.
 */
function send(): Promise<Sender> {
  sender ??= (tries++ ? import(new URL(`kehu-send.mjs?retry=${tries}`, import.meta.url).href) : import('../send/index.ts')).catch(
    (e) => {
      sender = undefined;
      throw e;
    },
  );
  return sender;
}

/**
 * Offline before the send chunk could load: put the answer in the queue's storage as it is; it is
 * checked and sent when the browser is back online, or by the loader on the next page.
 */
function stash(url: string, body: Submission): void {
  try {
    const items: QueueItem[] = JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]');
    if (!items.some((i) => i.body?.clientId === body.clientId)) items.push({ url, body, at: Date.now(), tries: 0, next: 0 });
    localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
  } catch {
    // No storage: nothing can keep the answer across pages.
  }
}

addEventListener('online', () => {
  send().then(
    (m) => m.flush(true),
    () => {},
  );
});

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
  render(<Widget host={host} ctx={ctx} send={send} stash={stash} css={s ? undefined : CSS} />, root);
}

export function unmount(host: HTMLElement): void {
  if (host.shadowRoot) render(null, host.shadowRoot);
}
