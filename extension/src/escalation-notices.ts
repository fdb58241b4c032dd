// The person an alert or a case is escalated to hears of it: after a sync brings the escalation (or
// at once, when it was made in this browser), a system notification names the customer, who
// escalated and why; the popup lists it too (escalatedToMe). Each escalation is announced once.
import type { ApiContext } from './api/context.ts';
import { escalatedTo } from './store/roles.ts';
import type { Locale } from './ui/i18n.ts';
import { t } from './ui/text.ts';

const NOTIFIED_KEY = 'notifiedEscalations';

/** Shows one system notification (reminders.ts passes its own). */
type Notify = (notice: { id: string; title: string; message: string }) => Promise<void>;

/** Announce escalations addressed to this rep that were not announced yet; returns their keys. */
export async function announceEscalations(ctx: ApiContext, notify: Notify, locale: Locale): Promise<string[]> {
  const me = await ctx.by();
  const list = await escalatedTo(ctx.db, me);
  const row = await ctx.db.meta.get(NOTIFIED_KEY);
  const notified = new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
  const fresh = list.filter((e) => !notified.has(e.key) && e.by.toLowerCase() !== me.toLowerCase());
  if (fresh.length === 0) return [];
  const names = new Map<string, string>();
  for (const c of await ctx.db.customers.bulkGet([...new Set(fresh.map((e) => e.record.customerId))]))
    if (c) names.set(c.id, c.name);
  for (const e of fresh) {
    const what = 'indicator' in e.record ? t(locale, `indicator.${e.record.indicator}`) : e.record.title;
    await notify({
      id: `kehu:${encodeURIComponent(e.record.customerId)}:${e.record.id}`,
      title: t(locale, 'notify.escalated.title', { customer: names.get(e.record.customerId) ?? e.record.customerId }),
      message: t(locale, 'notify.escalated.message', { by: e.by, what, note: e.note || '—' }),
    });
  }
  // Keep only keys still active: the list stays small.
  const active = new Set(list.map((e) => e.key));
  await ctx.db.meta.put({
    key: NOTIFIED_KEY,
    value: [...[...notified].filter((k) => active.has(k)), ...fresh.map((e) => e.key)],
  });
  return fresh.map((e) => e.key);
}
