// Starts the overlay in a content script: the API client, the language, and data-change events
// from extension storage. Entrypoints stay one line: `startContentOverlay(gmail)`.
import { browser } from 'wxt/browser';
import { api, reportProblemsToBackground } from '../api/client.ts';
import { CHANGES_KEY, SETTINGS_KEY } from '../base/storage-keys.ts';
import { type Locale, pickLocale } from '../ui/i18n.ts';
import type { SiteAdapter } from './adapter.ts';
import { type DataChange, type Overlay, startOverlay } from './overlay.ts';

function localeFrom(settings: unknown): Locale {
  const chosen = settings && typeof settings === 'object' ? (settings as { locale?: unknown }).locale : undefined;
  if (chosen === 'zh-CN' || chosen === 'en') return chosen;
  return pickLocale(browser.i18n.getUILanguage());
}

function asChange(value: unknown): DataChange | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { all?: unknown; customerIds?: unknown };
  if (v.all === true) return { all: true };
  if (Array.isArray(v.customerIds)) return { customerIds: v.customerIds.filter((x): x is string => typeof x === 'string') };
  return null;
}

export async function startContentOverlay(adapter: SiteAdapter): Promise<Overlay> {
  reportProblemsToBackground();
  let locale = pickLocale(browser.i18n.getUILanguage());
  const listeners = new Set<(change: DataChange) => void>();
  const onStorage = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local') return;
    if (changes[SETTINGS_KEY]) {
      const next = localeFrom(changes[SETTINGS_KEY].newValue);
      if (next !== locale) {
        locale = next;
        for (const l of listeners) l({ customerIds: [] }); // re-render in the new language
      }
    }
    const change = asChange(changes[CHANGES_KEY]?.newValue);
    if (change) for (const l of listeners) l(change);
  };
  browser.storage.onChanged.addListener(onStorage);
  try {
    locale = localeFrom((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  } catch {
    // storage unavailable (extension reloading): keep the browser's language
  }
  const overlay = startOverlay(adapter, {
    api,
    locale: () => locale,
    // false in the shipped build: closed shadow roots, no address or level on hosts.
    openForTests: __KEHU_TEST_BUILD__,
    onDataChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  // For end-to-end tests and DevTools (the content script's own world; the page cannot see it).
  (globalThis as { __kehuOverlay?: Overlay }).__kehuOverlay = overlay;
  return {
    ...overlay,
    stop() {
      browser.storage.onChanged.removeListener(onStorage);
      overlay.stop();
    },
  };
}
