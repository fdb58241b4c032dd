// Workspace messages with a count, in zh-CN and en: each gives its forms by the language's plural
// rules (English one/other, Chinese other only), so no message says "setting(s)".
import { type Locale, format } from '#shared/i18n/locale.ts';
import { type PluralForms, pluralForm } from '#shared/i18n/plural.ts';

const COUNTED = {
  en: {
    'policy.changed': { one: '{count} setting changed.', other: '{count} settings changed.' },
    'policy.invalid': {
      one: '{count} setting needs fixing before the policy can be previewed or saved.',
      other: '{count} settings need fixing before the policy can be previewed or saved.',
    },
    'key.planned': { one: '{count} follow-up planned.', other: '{count} follow-ups planned.' },
    'debugLog.copied': { one: 'Copied {count} entry to the clipboard.', other: 'Copied {count} entries to the clipboard.' },
    'debugLog.caption': { one: 'The only entry', other: 'Latest {count} entries, newest first' },
  },
  'zh-CN': {
    'policy.changed': { other: '已修改 {count} 项设置。' },
    'policy.invalid': { other: '有 {count} 项设置需要修改，才能预览或保存。' },
    'key.planned': { other: '已安排 {count} 个跟进。' },
    'debugLog.copied': { other: '已将 {count} 条记录复制到剪贴板。' },
    'debugLog.caption': { other: '最近 {count} 条记录，最新的在前' },
  },
} satisfies Record<Locale, Record<string, PluralForms>>;

export type CountedKey = keyof (typeof COUNTED)['en'];

const checked: Record<Locale, Record<CountedKey, PluralForms>> = COUNTED;

/** A message about `count` things, in the form the language uses for that number. */
export function tCount(locale: Locale, key: CountedKey, count: number, params?: Record<string, string | number>): string {
  return format(pluralForm(locale, count, checked[locale][key]), { ...params, count });
}
