// Small helpers for the demo's server-rendered pages: escaping, the page's language, a nonce.
import { randomBytes } from 'node:crypto';
import { type Locale, pickLocale } from '#shared/i18n/locale.ts';

/** Text for HTML content and attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

/** JSON inside a <script> element: nothing in it can close the element or start a comment. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

/** `?lang=zh-CN` or `?lang=en`, else the browser's Accept-Language. */
export function pageLocale(url: URL, acceptLanguage: string | undefined): Locale {
  const asked = url.searchParams.get('lang');
  if (asked) return pickLocale(asked);
  return pickLocale(acceptLanguage?.split(',')[0]);
}

export const nonce = () => randomBytes(12).toString('base64');

/** Links to this page in the other language. */
export function languageSwitch(url: URL, locale: Locale): string {
  const link = (to: Locale, label: string) => {
    const u = new URL(url);
    u.searchParams.set('lang', to);
    return to === locale
      ? `<span aria-current="true">${label}</span>`
      : `<a href="${esc(u.pathname + u.search + u.hash)}" lang="${to}" hreflang="${to}">${label}</a>`;
  };
  return `<nav class="lang" aria-label="${locale === 'zh-CN' ? '语言' : 'Language'}">${link('en', 'English')} · ${link('zh-CN', '中文')}</nav>`;
}
