// The three-day rule of the practice: a regular customer who has not been in touch for more than
// their usual cycle plus three days (超过固定周期3天) is an anomaly to call back on. Not a matter of
// points: for a customer with a steady rhythm, passing that moment is itself the warning signal, and
// it asks for a level (yellow: call back; orange for a key or watched customer, 居安思危).
//
// A rhythm is steady when it was agreed (`cadenceDays`), or when the customer's own contact gaps are
// regular: enough of them for a median (`silence.minGaps`) and three quarters of them no longer than
// twice the median. An irregular buyer breaking no rhythm is left to the scored indicators.
import type { WarningLevel } from '../../model/common.ts';
import type { Policy } from '../../model/policy.ts';

/** Three quarters of the gaps must be within this many usual cycles for a rhythm to count as steady. */
export const STEADY_SPREAD = 2;
/** The strength a rhythm break gives at the moment it fires (it then grows with contact silence). */
export const RHYTHM_BREAK_STRENGTH = 0.2;

/** Whether sorted gaps (days) form a steady rhythm. */
export function isSteady(sortedGaps: readonly number[], usual: number, policy: Policy): boolean {
  if (sortedGaps.length < policy.silence.minGaps) return false;
  const q3 = sortedGaps[Math.min(sortedGaps.length - 1, Math.floor(sortedGaps.length * 0.75))] as number;
  return q3 <= STEADY_SPREAD * usual;
}

/**
 * The level the three-day rule asks for, or null while the customer is within their cycle plus the
 * grace days. Key and watched customers get the stronger warning.
 */
export function rhythmBreakLevel(daysSilent: number, usual: number, policy: Policy, key: boolean): WarningLevel | null {
  if (daysSilent <= usual + policy.graceDays) return null;
  return key ? 'orange' : 'yellow';
}
