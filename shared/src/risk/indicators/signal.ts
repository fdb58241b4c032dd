import type { WarningLevel } from '../../model/common.ts';
import type { Evidence } from '../../model/risk.ts';

/**
 * What an indicator says about one customer: how strongly it fires (0–1, scaled by the policy
 * weight into points), the evidence a rep can read, and whether it is severe enough to raise an
 * alert on its own. Null when the indicator has nothing to say.
 */
export interface Signal {
  strength: number;
  evidence: Evidence[];
  severe?: boolean;
  /**
   * A rule of the practice that asks for this level whatever the points (the three-day rule:
   * a steady customer past their cycle plus grace is at least yellow). It also raises an alert.
   */
  minLevel?: WarningLevel;
}

/** Combine independent pieces of evidence: 1 − Π(1 − sᵢ). Two halves make three quarters, never more than 1. */
export function anyOf(strengths: readonly number[]): number {
  let miss = 1;
  for (const s of strengths) miss *= 1 - Math.min(1, Math.max(0, s));
  return 1 - miss;
}
