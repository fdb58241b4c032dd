// Text for the extension's pages: the badge catalog (i18n.ts) plus the workspace's own strings
// (strings/en.ts, strings/zh-CN.ts), in zh-CN and en, and dates, numbers and money through Intl. Content scripts keep
// importing i18n.ts alone, so the workspace's strings never reach a webmail tab.
import { format } from '#shared/i18n/locale.ts';
import { CATALOGS, type Locale, type MessageKey } from './i18n.ts';
import { WORKSPACE_MESSAGES, type WorkspaceKey } from './strings/index.ts';

export type { Locale };
export { tCount } from './strings/counted.ts';
export type TextKey = MessageKey | WorkspaceKey;

export function t(locale: Locale, key: TextKey, params?: Record<string, string | number>): string {
  const template =
    (WORKSPACE_MESSAGES[locale] as Record<string, string>)[key] ??
    (CATALOGS[locale] as Record<string, string>)[key] ??
    (WORKSPACE_MESSAGES.en as Record<string, string>)[key] ??
    key;
  return format(template, params);
}

/** Whether a key built from data (an enum value) has text. */
export function hasText(key: string): key is TextKey {
  return key in WORKSPACE_MESSAGES.en || key in CATALOGS.en;
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function dtf(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d${locale}${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, options)));
  return f;
}
function nf(locale: Locale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n${locale}${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

const valid = (iso: string | null | undefined) => !!iso && !Number.isNaN(Date.parse(iso));

/** "3 Nov 2026" / "2026年11月3日" */
export function fmtDate(locale: Locale, iso: string | null | undefined): string {
  return valid(iso) ? dtf(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso!)) : '';
}

/** "3 Nov 2026, 14:05" / "2026年11月3日 14:05" */
export function fmtDateTime(locale: Locale, iso: string | null | undefined): string {
  return valid(iso)
    ? dtf(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(iso!))
    : '';
}

export function fmtNumber(locale: Locale, n: number, digits = 0): string {
  return nf(locale, { maximumFractionDigits: digits }).format(n);
}

/** An amount in its currency when known ("€1,200.50", "¥1,200.50"), else a plain number. */
export function fmtMoney(locale: Locale, amount: number, currency?: string | null): string {
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return nf(locale, { style: 'currency', currency }).format(amount);
    } catch {
      // an ISO-shaped code Intl does not know: fall through
    }
  }
  return `${nf(locale, { maximumFractionDigits: 2 }).format(amount)}${currency ? ` ${currency}` : ''}`;
}

/** "in 3 days" / "3天后", "yesterday" / "昨天" */
export function fmtRelative(locale: Locale, iso: string, now: Date): string {
  const days = Math.round((Date.parse(iso) - now.getTime()) / 86_400_000);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
}

/** An instant as the value of an `<input type="datetime-local">` (the rep's local time). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!valid(iso)) return '';
  const d = new Date(iso!);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The value of an `<input type="datetime-local">` or `type="date"` as a UTC instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value.length === 10 ? `${value}T00:00` : value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
