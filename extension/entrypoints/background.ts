// The background service worker: owns the store and answers every other part of the extension.
import { browser } from 'wxt/browser';

const api = {
  /** The extension's version: lets tests and DevTools check that the worker answers. */
  version: () => browser.runtime.getManifest().version,
};

declare global {
  var kehu: typeof api;
}

export default defineBackground(() => {
  globalThis.kehu = api;
});
