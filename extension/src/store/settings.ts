// The rep's settings. Kept in the browser's extension storage (storage.local), where content
// scripts can read the few they need (the language) without waking the service worker — all but
// the team token: content scripts run inside web pages, so the token is kept in the background's
// own IndexedDB instead (a TokenStore, see secrets.ts), which no content script can open.
import * as z from 'zod';

import { SETTINGS_KEY } from '../base/storage-keys.ts';
import { collectorAddressAllowed } from '../base/collector-address.ts';

export { SETTINGS_KEY };

export const Settings = z.object({
  /** Interface language; `auto` follows the browser. */
  locale: z.enum(['auto', 'zh-CN', 'en']).default('auto'),
  /** Record an email interaction (metadata only) when the rep opens a thread from a known contact. */
  logEmails: z.boolean().default(true),
  /** The rep's name as stamped on records they write (`updatedBy`); empty means the install id. */
  repName: z.string().trim().max(200).default(''),
  /** The team's collector (base URL, e.g. https://kehu.example.com); empty: nothing leaves this browser. */
  collectorUrl: z
    .string()
    .trim()
    .max(2048)
    .refine((u) => u === '' || collectorAddressAllowed(u), 'must be an https:// address (http:// only on this computer)')
    .default(''),
  /** The team token the collector issued for this rep (bearer token for sync). */
  collectorToken: z.string().trim().max(4096).default(''),
});
export type Settings = z.infer<typeof Settings>;

export { collectorAddressAllowed };

type Shape = typeof Settings.shape;
/**
 * A change of some settings: the same fields, none required. Not `Settings.partial()`: zod fills
 * the defaults of absent fields even then, so changing one setting would reset all the others
 * (the collector's address and token among them).
 */
export const SettingsPatch = z
  .object(
    Object.fromEntries(Object.entries(Settings.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
      [K in keyof Shape]: z.ZodOptional<ReturnType<Shape[K]['unwrap']>>;
    },
  )
  .strict();

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
