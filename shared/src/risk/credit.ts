// Credit grades A–D (domain.md §2). B means "catch problems early" (防微杜渐): a customer graded B
// reaches every warning level at a lower score, like a watched customer. The grade also sets how
// often the customer's standing is due for a review: the worse the grade, the sooner.
import type { WarningLevel } from '../model/common.ts';
type CreditGrade = 'A' | 'B' | 'C' | 'D';

type Grade = CreditGrade;

/** B: thresholds lowered by a fifth. C and D already add their own payment signal (payment_overdue). */
export const CREDIT_SENSITIVITY: Record<Grade, number> = { A: 1, B: 1.2, C: 1, D: 1 };

/** Days between reviews of a customer's standing, by credit grade; without a grade, a half-year. */
export const CREDIT_REVIEW_DAYS: Record<Grade, number> = { A: 180, B: 60, C: 30, D: 14 };
const UNGRADED_REVIEW_DAYS = 180;

export function creditSensitivity(grade: CreditGrade | undefined | null): number {
  return grade ? CREDIT_SENSITIVITY[grade as Grade] : 1;
}

/** Thresholds lowered for a grade that asks for an earlier warning. */
export function withCredit(
  thresholds: Record<Exclude<WarningLevel, 'none'>, number>,
  grade: CreditGrade | undefined | null,
): Record<Exclude<WarningLevel, 'none'>, number> {
  const f = creditSensitivity(grade);
  if (f === 1) return thresholds;
  return { blue: thresholds.blue / f, yellow: thresholds.yellow / f, orange: thresholds.orange / f, red: thresholds.red / f };
}

/** When the next review of the customer's standing is due, from the last one (or from when they became a customer). */
export function creditReviewDue(grade: CreditGrade | undefined | null, since: string): string {
  const days = grade ? CREDIT_REVIEW_DAYS[grade as Grade] : UNGRADED_REVIEW_DAYS;
  return new Date(Date.parse(since) + days * 86_400_000).toISOString();
}
