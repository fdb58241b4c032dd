// Reminders in the background: a system notification when a planned follow-up falls due, and when
// a new red alert is raised (or an alert escalates to red). Alarms wake the worker at the next due
// time and every few minutes as a backstop; every data change is checked too, so a red alert
// shows up as soon as the engine raises it. Each follow-up and each red alert is announced once.
import { browser } from 'wxt/browser';
import type { ApiContext } from './api/context.ts';
import { CHANGES_KEY } from './base/storage-keys.ts';
import { announceEscalations } from './escalation-notices.ts';
import { followUpsToRemind, markReminded, nextFollowUpDue } from './store/followups.ts';
import { type Locale, pickLocale } from './ui/i18n.ts';
import { t } from './ui/text.ts';
import { reportTo } from './base/problems.ts';

export const REMINDER_ALARM = 'kehu.reminders';
export const NEXT_REMINDER_ALARM = 'kehu.reminder-next';
const NOTIFIED_ALERTS_KEY = 'notifiedRedAlerts';
/** More announcements than this at once become one summary notification. */
const MAX_SEPARATE = 3;

export interface Notice {
  /** `kehu:<customerId>:<record id>` for one record (a click opens the customer), `kehu:summary:…` for several. */
  id: string;
  title: string;
  message: string;
}

export type Notify = (notice: Notice) => Promise<void>;

export function customerOfNotice(id: string): string | null {
  const m = /^kehu:([^:]+):/.exec(id);
  return m && m[1] !== 'summary' ? decodeURIComponent(m[1]!) : null;
}

/** Announce what is due and what is new; returns what was announced. */
export async function checkReminders(
  ctx: ApiContext,
  notify: Notify,
  locale: Locale,
): Promise<{ followUps: string[]; alerts: string[] }> {
  const now = ctx.now().toISOString();
  const db = ctx.db;
  const due = await followUpsToRemind(db, now);
  const reds = await db.alerts
    .where('status')
    .anyOf(['open', 'handling'])
    .filter((a) => !a.deletedAt && a.level === 'red')
    .toArray();
  const notifiedRow = await db.meta.get(NOTIFIED_ALERTS_KEY);
  const notified = new Set(Array.isArray(notifiedRow?.value) ? (notifiedRow.value as string[]) : []);
  const fresh = reds.filter((a) => !notified.has(a.id));
  const names = new Map<string, string>();
  const ids = [...new Set([...due, ...fresh].map((r) => r.customerId))];
  for (const c of await db.customers.bulkGet(ids)) if (c) names.set(c.id, c.name);
  const name = (id: string) => names.get(id) ?? id;

  if (due.length > MAX_SEPARATE) {
    await notify({
      id: `kehu:summary:followups:${now}`,
      title: t(locale, 'notify.followUps.title', { count: due.length }),
      message: [...new Set(due.map((f) => name(f.customerId)))].join(locale === 'zh-CN' ? '、' : ', '),
    });
  } else {
    for (const f of due) {
      await notify({
        id: `kehu:${encodeURIComponent(f.customerId)}:${f.id}`,
        title: t(locale, 'notify.followUp.title', { customer: name(f.customerId) }),
        message: `${t(locale, `channel.${f.channel}`)} · ${f.purpose}`,
      });
    }
  }
  if (fresh.length > MAX_SEPARATE) {
    await notify({
      id: `kehu:summary:alerts:${now}`,
      title: t(locale, 'notify.redAlerts.title', { count: fresh.length }),
      message: [...new Set(fresh.map((a) => name(a.customerId)))].join(locale === 'zh-CN' ? '、' : ', '),
    });
  } else {
    for (const a of fresh) {
      await notify({
        id: `kehu:${encodeURIComponent(a.customerId)}:${a.id}`,
        title: t(locale, 'notify.redAlert.title', { customer: name(a.customerId) }),
        message: t(locale, `indicator.${a.indicator}`),
      });
    }
  }
  if (due.length > 0)
    await markReminded(
      db,
      due.map((f) => f.id),
      { now, by: await ctx.by() },
    );
  // Remember only alerts still red and open: the list stays small, and one that comes back red is news.
  if (fresh.length > 0 || notified.size !== reds.length) {
    await db.meta.put({ key: NOTIFIED_ALERTS_KEY, value: reds.map((a) => a.id) });
  }
  return { followUps: due.map((f) => f.id), alerts: fresh.map((a) => a.id) };
}

/** Wire reminders into the background: alarms, change events, notification clicks. */
export function startReminders(ctx: ApiContext): void {
  const locale = async (): Promise<Locale> => {
    const s = await ctx.settings.get();
    return s.locale === 'auto' ? pickLocale(browser.i18n.getUILanguage()) : s.locale;
  };
  const notify: Notify = async (n) => {
    await browser.notifications.create(n.id, {
      type: 'basic',
      iconUrl: (browser.runtime as unknown as { getURL(path: string): string }).getURL('/icon/128.png'),
      title: n.title,
      message: n.message,
    });
  };
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = running
      .then(async () => {
        await checkReminders(ctx, notify, await locale());
        await announceEscalations(ctx, notify, await locale());
        const next = await nextFollowUpDue(ctx.db, ctx.now().toISOString());
        if (next) await browser.alarms.create(NEXT_REMINDER_ALARM, { when: Math.max(Date.parse(next), Date.now() + 1000) });
        else await browser.alarms.clear(NEXT_REMINDER_ALARM);
      })
      .catch(reportTo('reminders'));
    return running;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(run, 1000);
  };

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REMINDER_ALARM || alarm.name === NEXT_REMINDER_ALARM) void run();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && changes[CHANGES_KEY]) soon();
  });
  browser.notifications.onClicked.addListener((id) => {
    const customerId = customerOfNotice(id);
    void browser.notifications.clear(id);
    if (customerId) void ctx.platform.openCustomer({}, customerId).catch(reportTo('reminders.open'));
  });
  void browser.alarms.get(REMINDER_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(REMINDER_ALARM, { periodInMinutes: 5 });
  });
  soon();
}
