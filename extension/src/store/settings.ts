// The rep's settings. Kept in the browser's extension storage (storage.local), where content
// scripts can read the few they need (the language) without waking the service worker — all but
// the team token: content scripts run inside web pages, so the token is kept in the background's
// own IndexedDB instead (a TokenStore, see secrets.ts), which no content script can open.
import type * as z from 'zod';

import { SETTINGS_KEY } from '../base/storage-keys.ts';
import { Settings, SettingsPatch, collectorAddressAllowed } from '#shared/model/settings.ts';

export { SETTINGS_KEY };

export { Settings, SettingsPatch, collectorAddressAllowed };

export interface SettingsStore {
  get(): Promise<Settings>;
  set(patch: z.infer<typeof SettingsPatch>): Promise<Settings>;
}

/** Stored settings that no longer parse (an older or damaged value) fall back field by field to defaults. */
export function readSettings(raw: unknown): Settings {
  const parsed = Settings.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const fixed: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const [k, v] of Object.entries(raw)) {
      const field = Settings.shape[k as keyof Settings];
      if (field?.safeParse(v).success) fixed[k] = v;
    }
  }
  return Settings.parse(fixed);
}

/** Settings in memory: unit tests. */
export function memorySettings(initial: Partial<Settings> = {}): SettingsStore {
  let current = Settings.parse(initial);
  return {
    get: async () => current,
    set: async (patch) => (current = Settings.parse({ ...current, ...SettingsPatch.parse(patch) })),
  };
}

interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Where the team token is kept, apart from the other settings. */
export interface TokenStore {
  get(): Promise<string>;
  set(token: string): Promise<void>;
}

/**
 * Settings in extension storage, the team token in a TokenStore. A token an earlier version kept in
 * storage.local is moved to the TokenStore the first time the settings are read, and deleted there.
 * `onSaved` runs after every change (sync restarts when the collector or token changed).
 */
export function storageSettings(area: StorageAreaLike, tokens: TokenStore, onSaved: () => void = () => {}): SettingsStore {
  async function stored(): Promise<Omit<Settings, 'collectorToken'>> {
    const raw = (await area.get(SETTINGS_KEY))[SETTINGS_KEY];
    const { collectorToken, ...rest } = readSettings(raw);
    if (raw && typeof raw === 'object' && Object.hasOwn(raw, 'collectorToken')) {
      if (collectorToken && !(await tokens.get())) await tokens.set(collectorToken);
      await area.set({ [SETTINGS_KEY]: rest });
    }
    return rest;
  }
  return {
    get: async () => ({ ...(await stored()), collectorToken: await tokens.get() }),
    async set(patch) {
      const parsed = SettingsPatch.parse(patch);
      const { collectorToken, ...rest } = Settings.parse({ ...(await stored()), collectorToken: '', ...parsed });
      await area.set({ [SETTINGS_KEY]: rest });
      if (parsed.collectorToken !== undefined) await tokens.set(collectorToken);
      onSaved();
      return { ...rest, collectorToken: await tokens.get() };
    },
  };
}
