// The warning indicators (警情指标), one function each. Every function is pure: one customer's
// history as of a moment in, a signal with readable evidence out.
import type { Indicator } from '../../model/risk.ts';
import type { IndicatorContext } from '../history-as-of.ts';
import { complaints } from './complaints.ts';
import { contactSilence } from './contact-silence.ts';
import { negativeFeedback } from './negative-feedback.ts';
import { paymentOverdue } from './payment-overdue.ts';
import { peopleChange } from './people-change.ts';
import { purchaseRecency } from './purchase-recency.ts';
import { returnsRising } from './returns-rising.ts';
import { satisfaction } from './satisfaction.ts';
import type { Signal } from './signal.ts';
import { spendDecline } from './spend-decline.ts';

export type { Signal } from './signal.ts';

export const INDICATOR_FUNCTIONS: Record<Indicator, (ctx: IndicatorContext) => Signal | null> = {
  contact_silence: contactSilence,
  purchase_recency: purchaseRecency,
  spend_decline: spendDecline,
  returns_rising: returnsRising,
  complaints,
  satisfaction,
  negative_feedback: negativeFeedback,
  payment_overdue: paymentOverdue,
  people_change: peopleChange,
};
