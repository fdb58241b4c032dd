// The UI chunk (kehu-ui.mjs), loaded by the loader when an element is connected or a popup opens.
import { render } from 'preact';
import type { Submission } from '../../../shared/src/model/submission.ts';
import { QUEUE_KEY, type UiContext } from '../contract.ts';
import { lazy } from '../lazy.ts';
import type { QueueItem } from '../transport/queue.ts';
import { loadMessages } from './messages.ts';
import { emit, type Sender, settingsOf, Widget } from './widget.tsx';

/** The minified stylesheet, put in by sdk/build.mjs. */
declare const __CSS__: string;
const CSS = __CSS__;

/** The send chunk: the shared schema check and the queue. */
const send = lazy<Sender>('kehu-send.mjs', import.meta.url, () => import('../send/index.ts'));

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
  const draw = () => render(<Widget host={host} ctx={ctx} send={send} stash={stash} css={s ? undefined : CSS} />, root);
  // Render at once if the language is here (a re-render keeps what was typed), else when it is.
  draw();
  loadMessages(settingsOf(host, ctx).locale).then(
    () => host.isConnected && draw(),
    (e) => emit(host, 'kehu-error', { code: 'load', message: `Kehu could not load its texts: ${e}` }),
  );
}

export function unmount(host: HTMLElement): void {
  if (host.shadowRoot) render(null, host.shadowRoot);
}
