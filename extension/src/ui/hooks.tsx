// Hooks the extension's pages share: the rep's settings and language, data that reloads when the
// store changes, and ids for labels.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
export { useId } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../api/client.ts';
import type { MethodOutput } from '../api/methods.ts';
import { CHANGES_KEY, SETTINGS_KEY } from '../base/storage-keys.ts';
import { type Locale, pickLocale } from './i18n.ts';
import { t } from './text.ts';

export type SettingsView = MethodOutput<'getSettings'>;

export function browserLocale(): Locale {
  return pickLocale(browser.i18n?.getUILanguage?.() ?? navigator.language);
}

/** The settings (null until loaded) and the language: the rep's choice, else the browser's. */
export function useSettings(): { settings: SettingsView | null; locale: Locale; reload: () => void } {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const reload = useCallback(() => {
    api.getSettings(undefined).then(setSettings, () => {});
  }, []);
  useEffect(() => {
    reload();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && changes[SETTINGS_KEY]) reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    browser.permissions.onAdded.addListener(reload);
    browser.permissions.onRemoved.addListener(reload);
    return () => {
      browser.storage.onChanged.removeListener(onChanged);
      browser.permissions.onAdded.removeListener(reload);
      browser.permissions.onRemoved.removeListener(reload);
    };
  }, [reload]);
  const locale: Locale = settings && settings.locale !== 'auto' ? settings.locale : browserLocale();
  return { settings, locale, reload };
}

/** Keep <html lang> and the document title in the page's language. */
export function useDocumentLanguage(locale: Locale, title: string): void {
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = title;
  }, [locale, title]);
}

/** A counter that grows whenever the background reports a data change (badges, imports, other pages). */
export function useDataRevision(): number {
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && changes[CHANGES_KEY]) setRevision((r) => r + 1);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);
  return revision;
}

export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: string } | { state: 'ready'; data: T };

/**
 * Data from the background, loaded again when `deps` change or the store changes. A reload keeps
 * showing the previous data until the new data arrives (no flicker while the rep works).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] {
  const [value, setValue] = useState<Loaded<T>>({ state: 'loading' });
  const revision = useDataRevision();
  const [manual, setManual] = useState(0);
  const current = useRef(0);
  useEffect(() => {
    const mine = ++current.current;
    load().then(
      (data) => mine === current.current && setValue({ state: 'ready', data }),
      (e: unknown) => mine === current.current && setValue({ state: 'error', error: errorText(e) }),
    );
  }, [...deps, revision, manual]);
  return [value, () => setManual((m) => m + 1)];
}

export function errorText(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  // Messages from the API router start with the method's name: the rep needs only the reason.
  return message.replace(/^[a-zA-Z]+: /, '');
}

/** Loading and error states, as every panel shows them. */
export function LoadState({ value, locale }: { value: Loaded<unknown>; locale: Locale }) {
  if (value.state === 'loading')
    return (
      <p class="muted" role="status">
        {t(locale, 'card.loading')}
      </p>
    );
  if (value.state === 'error')
    return (
      <p class="error" role="alert">
        {value.error}
      </p>
    );
  return null;
}
