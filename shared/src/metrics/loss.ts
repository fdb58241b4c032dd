// The customer loss rate (顾客损失率), the practice's aggregate symptom of churn (docs/DOMAIN.md §1):
//
//   loss rate of a period = customers lost during the period ÷ customers active at its start × 100
//
// A customer is *active* at a moment when they were active (an order or contact they took part in,
// an answer, a case opened) in the `windowDays` before it, and *lost* in a period when they were
// active at its start and no longer at its end: a whole window passed without activity. This is
// the risk backtest's meaning of "lost" (neither ordered nor in touch for 90 days, shared/src/risk/
// backtest.ts), so the figures and the backtest speak of the same customers. Pure: times passed in.

/** Days without activity after which a customer counts as lost (the backtest's default label window). */
export const LOSS_WINDOW_DAYS = 90;

const DAY_MS = 86_400_000;

/** Whether any of the ascending activity times falls in (t − window, t]. */
export function isActiveAt(sortedTimes: readonly number[], t: number, windowDays = LOSS_WINDOW_DAYS): boolean {
  // Binary search: the last time at or before t.
  let lo = 0;
  let hi = sortedTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sortedTimes[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && (sortedTimes[lo - 1] as number) > t - windowDays * DAY_MS;
}

export interface LossResult {
  /** Customers active at the start of the period. */
  atStart: number;
  /** Of them, no longer active at its end. */
  lost: number;
  /** lost ÷ atStart × 100; null when nobody was active at the start ("no data", never 0). */
  rate: number | null;
}

/** The loss rate from its two counts. */
export function lossRate(atStart: number, lost: number): LossResult {
  return { atStart, lost, rate: atStart === 0 ? null : (lost / atStart) * 100 };
}

/**
 * The loss of consecutive periods: period i runs from `bounds[i]` to `bounds[i + 1]` (instants,
 * ascending), so n + 1 bounds give n results. `customers` yields each customer's activity times,
 * ascending.
 */
export function lossByPeriod(
  customers: Iterable<readonly number[]>,
  bounds: readonly number[],
  windowDays = LOSS_WINDOW_DAYS,
): LossResult[] {
  const periods = Math.max(0, bounds.length - 1);
  const atStart = new Array<number>(periods).fill(0);
  const lost = new Array<number>(periods).fill(0);
  for (const times of customers) {
    let before = periods > 0 && isActiveAt(times, bounds[0] as number, windowDays);
    for (let i = 0; i < periods; i++) {
      const after = isActiveAt(times, bounds[i + 1] as number, windowDays);
      if (before) {
        atStart[i] = (atStart[i] as number) + 1;
        if (!after) lost[i] = (lost[i] as number) + 1;
      }
      before = after;
    }
  }
  return atStart.map((n, i) => lossRate(n, lost[i] as number));
}
