// The rep's extension settings and a change of some of them: the schemas the options page, the
// background's settings store and the API method validate against. The collector address rule
// lives here too: the options page checks it as the rep types, the schema when they save.
import * as z from 'zod';

/** This computer: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * A collector address the token may travel to: https://, or http:// to this computer only (a
 * collector tried out locally). Plain http elsewhere would send the team token in clear text.
 */
export function collectorAddressAllowed(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return false;
  }
  if (!parsed.hostname) return false;
  if (parsed.protocol === 'https:') return true;
  return parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname);
}

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
