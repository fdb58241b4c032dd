// The UI chunk (kehu-ui.mjs), loaded by the loader when an element is connected or a popup opens.
import { render } from 'preact';
import type { UiContext } from '../contract.ts';
import { checkSubmission, deliver } from '../send/index.ts';
import { loadMessages } from './messages.ts';
import { emit, type Sender, settingsOf, Widget } from './widget.tsx';

// The loader imports this chunk to send answers an earlier page left in the queue.
export { flush } from '../send/index.ts';

/** The minified stylesheet, put in by sdk/build.mjs. */
declare const __CSS__: string;
const CSS = __CSS__;

const sender: Sender = { checkSubmission, deliver };

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
  const draw = () => render(<Widget host={host} ctx={ctx} sender={sender} css={s ? undefined : CSS} />, root);
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
