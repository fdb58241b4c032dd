// The contract between the loader (kehu.js / kehu.mjs, always loaded) and the UI chunk
// (kehu-ui.mjs, loaded when an element is shown). Types only: the two are separate files at run
// time, so everything the UI needs from the loader is passed in, never imported.
import type { KehuConfig } from '../kehu.d.ts';

export interface PopupControl {
  /** Close the dialog; the loader removes the element and gives focus back. */
  close(): void;
}

export interface UiContext {
  /** The current `init()` config (it can change after mounting). */
  config(): KehuConfig;
  /** Set when the element is shown as a popup dialog. */
  popup?: PopupControl;
}

export interface UiModule {
  /** Render (or re-render after an attribute change) into the element's shadow root. */
  mount(host: HTMLElement, ctx: UiContext): void;
  unmount(host: HTMLElement): void;
  /** Send whatever is waiting in the persistent queue (all of it with `all`). */
  flush(all?: boolean): void;
}

/** localStorage key of the persistent send queue (read by the loader to decide whether to flush). */
export const QUEUE_KEY = 'kehu:queue:v1';
