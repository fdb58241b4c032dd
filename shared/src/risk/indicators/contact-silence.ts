// Contact silence: no contact for longer than the customer's own rhythm plus the grace days.
// The rhythm is the agreed cadence when one is set (Customer.cadenceDays), otherwise the median gap
// between the days the customer was in touch (orders, calls, mail from them…), once there are
// enough gaps for a median to mean something. Our own outgoing mail and notes are not contact.
import { type IndicatorContext, clamp01, daysAgo, median, sortedGaps } from '../history-as-of.ts';
import type { Signal } from './signal.ts';

export function contactSilence({ view, policy }: IndicatorContext): Signal | null {
  if (view.contactDays.length === 0) return null;
  const cadence = view.facts.cadenceDays;
  let usual: number;
  if (cadence) {
    usual = cadence;
  } else {
    const gaps = sortedGaps(view.contactDays);
    if (gaps.length < policy.silence.minGaps) return null;
    usual = Math.max(1, median(gaps));
  }
  const days = daysAgo(view, view.lastContactAt);
  // Cycles missed after the grace days: 1 at "usual cycle plus grace", fullCycles at full strength.
  const cycles = Math.max(0, days - policy.graceDays) / usual;
  const strength = clamp01((cycles - 1) / (policy.silence.fullCycles - 1));
  if (strength <= 0) return null;
  return {
    strength,
    evidence: [
      {
        code: cadence ? 'silence.cadence' : 'silence.rhythm',
        params: { days: Math.floor(days), usual: Math.round(usual) },
      },
    ],
  };
}
