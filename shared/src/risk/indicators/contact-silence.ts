// Contact silence: no contact for longer than the customer's own rhythm plus the grace days.
// The rhythm is the agreed cadence when one is set (Customer.cadenceDays), otherwise the median gap
// between the days the customer was in touch (orders, calls, mail from them…), once there are
// enough gaps for a median to mean something. Our own outgoing mail and notes are not contact.
import { type IndicatorContext, clamp01, daysAgo, median, sortedGaps } from '../history-as-of.ts';
import { RHYTHM_BREAK_STRENGTH, isSteady, rhythmBreakLevel } from './rhythm-break.ts';
import type { Signal } from './signal.ts';

export function contactSilence({ view, policy, watched }: IndicatorContext): Signal | null {
  if (view.contactDays.length === 0) return null;
  // A "no need" customer is listed so that nobody contacts them by mistake: no prompt to call.
  if (view.facts.tier === 'no-need') return null;
  const cadence = view.facts.cadenceDays;
  let usual: number;
  let steady: boolean;
  if (cadence) {
    usual = cadence;
    steady = true;
  } else {
    // Fewer contact days than a rhythm needs: nothing to say (and no gaps to sort).
    if (view.contactDays.length - 1 < policy.silence.minGaps) return null;
    const gaps = sortedGaps(view.contactDays);
    if (gaps.length < policy.silence.minGaps) return null;
    usual = Math.max(1, median(gaps));
    steady = isSteady(gaps, usual, policy);
  }
  const days = daysAgo(view, view.lastContactAt);
  // Cycles missed after the grace days: 1 at "usual cycle plus grace", fullCycles at full strength.
  const cycles = Math.max(0, days - policy.graceDays) / usual;
  let strength = clamp01((cycles - 1) / (policy.silence.fullCycles - 1));
  // The three-day rule (rhythm-break.ts): a steady customer past cycle + grace is a signal in itself.
  const minLevel = steady ? rhythmBreakLevel(days, usual, policy, watched || view.facts.tier === 'key') : null;
  if (minLevel) strength = Math.max(strength, RHYTHM_BREAK_STRENGTH);
  if (strength <= 0) return null;
  return {
    strength,
    ...(minLevel ? { minLevel } : {}),
    evidence: [
      {
        code: cadence ? 'silence.cadence' : 'silence.rhythm',
        params: { days: Math.floor(days), usual: Math.round(usual) },
      },
    ],
  };
}
