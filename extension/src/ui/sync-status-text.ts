// Sync's words in the popup and options, in zh-CN and en. The error kinds' sentences come from the
// shared core (SYNC_ERROR_TEXT), so the collector's documentation and the extension say the same.
import { type Locale, type Messages, format } from '#shared/i18n/locale.ts';
import { type PluralForms, pluralForm } from '#shared/i18n/plural.ts';
import { SYNC_ERROR_TEXT, type SyncErrorKind } from '#shared/sync/errors.ts';

const TEXT = {
  en: {
    heading: 'Team sync',
    off: 'No team collector is set up: everything stays in this browser.',
    never: 'Not synced yet.',
    last: 'Last synced {time}.',
    allSent: 'Every change has been sent.',
    pushing: 'Syncing: sending changes ({count} sent)…',
    pulling: 'Syncing: receiving changes ({count} received)…',
    reassessing: 'Syncing: updating warning levels…',
    failed: 'The last sync failed:',
    retry: 'Kehu tries again after {time}.',
    now: 'Sync now',
    syncing: 'Syncing…',
    done: 'Synced: {pulled} received, {pushed} sent.',
    setAsideOne: '1 record could not be synced and was set aside; sync went on without it.',
    setAside: '{count} records could not be synced and were set aside; sync went on without them.',
    setAsideItem: '{what}: {reason}',
    setAsideSent: 'not accepted by the collector',
    setAsideReceived: 'could not be read here',
  },
  'zh-CN': {
    heading: '团队同步',
    off: '未配置团队服务器：所有数据只保存在本浏览器中。',
    never: '尚未同步。',
    last: '上次同步：{time}。',
    allSent: '所有更改均已发送。',
    pushing: '正在同步：发送更改（已发送 {count} 项）…',
    pulling: '正在同步：接收更改（已接收 {count} 项）…',
    reassessing: '正在同步：更新预警等级…',
    failed: '上次同步失败：',
    retry: 'Kehu 将在 {time} 之后重试。',
    now: '立即同步',
    syncing: '正在同步…',
    done: '同步完成：接收 {pulled} 项，发送 {pushed} 项。',
    setAsideOne: '1 条记录无法同步，已搁置；同步未因此中断。',
    setAside: '{count} 条记录无法同步，已搁置；同步未因此中断。',
    setAsideItem: '{what}：{reason}',
    setAsideSent: '收集服务未接受',
    setAsideReceived: '本地无法读取',
  },
} satisfies Messages<string>;

export type SyncTextKey = keyof (typeof TEXT)['en'];

const checked: Messages<SyncTextKey> = TEXT;

export function syncText(locale: Locale, key: SyncTextKey, params?: Record<string, string | number>): string {
  return format(checked[locale][key], params);
}

/** What went wrong, in words the rep can act on. */
export function syncErrorText(locale: Locale, kind: SyncErrorKind): string {
  return SYNC_ERROR_TEXT[locale][kind];
}

/** Messages with a count, by the language's plural rules. */
const COUNTED = {
  en: { pending: { one: '{count} change waiting to be sent.', other: '{count} changes waiting to be sent.' } },
  'zh-CN': { pending: { other: '{count} 项更改等待发送。' } },
} satisfies Record<Locale, Record<string, PluralForms>>;

/** A message with a count: the form fits `count`; `shown` is the count as the page writes it. */
export function syncCountText(locale: Locale, key: keyof (typeof COUNTED)['en'], count: number, shown: string): string {
  return format(pluralForm(locale, count, COUNTED[locale][key]), { count: shown });
}
