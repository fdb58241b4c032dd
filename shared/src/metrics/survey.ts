// Survey metrics by their standard definitions. Computed over answers only: views and
// dismissals are not answers. With no valid answers the result is "no data" (null), never 0.

export interface NpsResult {
  /** Number of valid answers. */
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** % promoters − % detractors, −100…100; null with no answers. */
  score: number | null;
}

export interface CsatResult {
  n: number;
  /** Answers of 4 or 5. */
  satisfied: number;
  /** Share of 4 and 5, 0…100; null with no answers. */
  score: number | null;
}

export interface CesResult {
  n: number;
  /** Mean agreement 1…7; null with no answers. */
  mean: number | null;
  /** Share of 5–7 ("it was easy"), 0…100; null with no answers. */
  easyShare: number | null;
}

function valid(scores: Iterable<number>, min: number, max: number): number[] {
  const out: number[] = [];
  for (const s of scores) if (Number.isInteger(s) && s >= min && s <= max) out.push(s);
  return out;
}

/** Net Promoter Score: 0–10; promoters 9–10, passives 7–8, detractors 0–6. */
export function nps(scores: Iterable<number>): NpsResult {
  const v = valid(scores, 0, 10);
  const promoters = v.filter((s) => s >= 9).length;
  const detractors = v.filter((s) => s <= 6).length;
  const n = v.length;
  return {
    n,
    promoters,
    passives: n - promoters - detractors,
    detractors,
    score: n === 0 ? null : ((promoters - detractors) / n) * 100,
  };
}

/** Customer Satisfaction: 1–5; the share of 4 and 5. */
export function csat(scores: Iterable<number>): CsatResult {
  const v = valid(scores, 1, 5);
  const satisfied = v.filter((s) => s >= 4).length;
  return { n: v.length, satisfied, score: v.length === 0 ? null : (satisfied / v.length) * 100 };
}

/** Customer Effort Score: 1–7 agreement with "… made it easy for me"; mean and share of 5–7. */
export function ces(scores: Iterable<number>): CesResult {
  const v = valid(scores, 1, 7);
  if (v.length === 0) return { n: 0, mean: null, easyShare: null };
  const sum = v.reduce((a, b) => a + b, 0);
  return { n: v.length, mean: sum / v.length, easyShare: (v.filter((s) => s >= 5).length / v.length) * 100 };
}

/** Whether one answer is negative on its scale: NPS detractor, CSAT ≤ 2, CES ≤ 3 (hard effort). */
export function isNegativeAnswer(kind: string, score: number): boolean {
  if (kind === 'nps') return score <= 6;
  if (kind === 'csat') return score <= 2;
  if (kind === 'ces') return score <= 3;
  return false;
}
