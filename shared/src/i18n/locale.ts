// The two interface languages. Every user-visible string exists in both.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** The Kehu locale for a BCP 47 tag: any Chinese → zh-CN, anything else → en. */
export function pickLocale(tag: string | null | undefined): Locale {
  return tag && /^zh\b/i.test(tag.trim()) ? 'zh-CN' : 'en';
}

export type Messages<K extends string> = Record<Locale, Record<K, string>>;

/** Fill `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
