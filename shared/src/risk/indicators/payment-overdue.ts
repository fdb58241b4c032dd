// Payment overdue: invoices or payment requests (interactions with a due date) not paid by the
// due date plus the grace days; and a C or D credit grade, when one is recorded.
import type { Evidence } from '../../model/risk.ts';
import { type IndicatorContext, clamp01, daysAgo } from '../history-as-of.ts';
import { type Signal, anyOf } from './signal.ts';

const CREDIT_WEIGHT: Record<string, number> = { C: 0.3, D: 0.6 };

export function paymentOverdue({ view, policy }: IndicatorContext): Signal | null {
  const { asOf, facts } = view;
  let count = 0;
  let oldest = 0;
  let amount = 0;
  let amountKnown = true;
  for (const d of facts.dues) {
    if (d.at > asOf || !(d.paidAt > asOf || Number.isNaN(d.paidAt))) continue;
    const late = daysAgo(view, d.dueAt) - policy.graceDays;
    if (!(late > 0)) continue;
    count++;
    oldest = Math.max(oldest, late + policy.graceDays);
    if (Number.isNaN(d.amount)) amountKnown = false;
    else amount += Math.abs(d.amount);
  }
  const parts: number[] = [];
  const evidence: Evidence[] = [];
  let severe = false;
  if (count > 0) {
    parts.push(clamp01(0.35 + 0.65 * (oldest / policy.payment.fullDays)) + Math.min(0.2, (count - 1) * 0.1));
    severe = oldest >= policy.payment.severeDays;
    evidence.push({
      code: amountKnown ? 'payment.overdue' : 'payment.overdue_count',
      params: { count, days: Math.floor(oldest), amount: Math.round(amount * 100) / 100 },
    });
  }
  const credit = facts.credit ? CREDIT_WEIGHT[facts.credit] : undefined;
  if (credit) {
    parts.push(credit);
    evidence.push({ code: 'payment.credit', params: { grade: facts.credit as string } });
  }
  if (parts.length === 0) return null;
  return { strength: anyOf(parts), evidence, severe };
}
