// The strings of one language are a chunk of their own (kehu-en.mjs, kehu-zh-CN.mjs): a page
// downloads only the language it shows. The widget renders once its language is here.
import type { Locale } from '../../../shared/src/i18n/locale.ts';
import { lazy } from '../lazy.ts';
import type { MessageKey, Messages } from './locales/en.ts';

export type { MessageKey, Messages };

export const RESOLUTIONS = ['refund', 'replacement', 'repair', 'explanation', 'callback', 'other'] as const;
export const EXIT_REASONS = ['price', 'features', 'difficulty', 'service', 'competitor', 'no_need', 'other'] as const;

/** The languages loaded so far. */
export const loaded: Partial<Record<Locale, Messages>> = {};

const loaders: Record<Locale, () => Promise<{ messages: Messages }>> = {
  en: lazy('kehu-en.mjs', import.meta.url, () => import('./locales/en.ts')),
  'zh-CN': lazy('kehu-zh-CN.mjs', import.meta.url, () => import('./locales/zh-CN.ts')),
};

export async function loadMessages(locale: Locale): Promise<Messages> {
  return (loaded[locale] ??= (await loaders[locale]()).messages);
}
