// The call-back the three-day rule asks for: when a contact-silence alert is raised, a follow-up
// "call back" for the customer's owner, due when the alert is (sooner for a key customer, whose
// alert is orange). Its id is derived from the alert's, so two extensions raising the same alert
// make one follow-up between them.
import type { Customer } from '../model/customer.ts';
import { FollowUp } from '../model/follow-up.ts';
import type { Alert } from '../model/risk.ts';
import { type Locale, format } from '../i18n/locale.ts';

const PURPOSE: Record<Locale, string> = {
  en: 'Call back: no contact for {days} days, usually every {usual} days (the three-day rule)',
  'zh-CN': '回访：已 {days} 天未联系，平时每 {usual} 天联系一次（超过固定周期3天）',
};

/** The id of the call-back follow-up of an alert. */
export function callBackId(alertId: string): string {
  return `${alertId}.callback`;
}

/**
 * The call-back follow-up for a newly raised contact-silence alert, or null for any other alert.
 * Assigned to the customer's owner (else to whoever raised it).
 */
export function callBackFor(
  alert: Alert,
  customer: Pick<Customer, 'owner'>,
  ctx: { now: string; by: string; locale: Locale },
): FollowUp | null {
  if (alert.indicator !== 'contact_silence' || alert.status !== 'open') return null;
  const params = alert.evidence[0]?.params ?? {};
  return FollowUp.parse({
    id: callBackId(alert.id),
    customerId: alert.customerId,
    dueAt: alert.dueAt ?? ctx.now,
    channel: 'phone',
    purpose: format(PURPOSE[ctx.locale], { days: params.days ?? '?', usual: params.usual ?? '?' }),
    done: false,
    alertId: alert.id,
    assignee: customer.owner ?? ctx.by,
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
}
