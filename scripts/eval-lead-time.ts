// Recall and lead time for `npm run eval:risk`, as the practice measures a warning: did it come, and
// how many days before the customer would have been due (their last purchase plus their usual gap
// between purchase days)? A positive lead means the warning came before the day they would usually
// have bought again; a negative one, after it.
const DAY = 86_400_000;

export interface LeadInput {
  lost: boolean;
  /** Purchase days (ms, any order) up to the as-of date. */
  purchases: number[];
  /** Times of the weekly assessments at yellow or above. */
  warnings: number[];
  /** The level as of the date is yellow or above. */
  warnedNow: boolean;
}

export interface LeadSummary {
  /** Lost customers at yellow or above as of the date, over all lost customers. */
  recall: number;
  /** Lost customers warned at some week after their last purchase, over all lost customers. */
  recallEver: number;
  /** Lead times (days) of lost repeat buyers warned after their last purchase. */
  leads: number[];
}

function medianGap(days: number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < days.length; i++) gaps.push((days[i] as number) - (days[i - 1] as number));
  gaps.sort((a, b) => a - b);
  const m = gaps.length >> 1;
  return gaps.length % 2 ? (gaps[m] as number) : ((gaps[m - 1] as number) + (gaps[m] as number)) / 2;
}

export function leadSummary(rows: readonly LeadInput[]): LeadSummary {
  let lost = 0;
  let warnedNow = 0;
  let warnedEver = 0;
  const leads: number[] = [];
  for (const r of rows) {
    if (!r.lost) continue;
    lost++;
    if (r.warnedNow) warnedNow++;
    const days = [...new Set(r.purchases.map((t) => Math.floor(t / DAY)))].sort((a, b) => a - b);
    const last = days[days.length - 1];
    if (last === undefined) continue;
    const first = r.warnings.filter((t) => t >= last * DAY).sort((a, b) => a - b)[0];
    if (first === undefined) continue;
    warnedEver++;
    if (days.length < 2) continue; // a first-time buyer has no usual gap: no due day
    const due = (last + medianGap(days)) * DAY;
    leads.push((due - first) / DAY);
  }
  return { recall: lost ? warnedNow / lost : Number.NaN, recallEver: lost ? warnedEver / lost : Number.NaN, leads };
}
