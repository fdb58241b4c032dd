// Calendar months in a time zone, for figures given "per month": where each month starts and ends
// as instants. Pure: the moment and the zone are passed in.
import { zoneOffsetAt } from '../codecs/time.ts';

export interface Month {
  /** The month as `YYYY-MM` in the zone. */
  month: string;
  /** Its first millisecond (ms since the epoch). */
  start: number;
  /** Its last millisecond: figures "at the month's end" are as of this moment. */
  end: number;
}

/** Local midnight of the first day of (year, month0) in the zone, as an instant. */
function monthStart(year: number, month0: number, timeZone: string): number {
  const local = Date.UTC(year, month0, 1);
  // The zone's offset near that moment, then once more at the instant found (a change of offset
  // between the two guesses happens only around a daylight-saving switch).
  const first = local - zoneOffsetAt(local, timeZone);
  return local - zoneOffsetAt(first, timeZone);
}

/** The `YYYY-MM` of an instant in the zone. */
export function monthOf(t: number, timeZone: string): string {
  return new Date(t + zoneOffsetAt(t, timeZone)).toISOString().slice(0, 7);
}

/**
 * The `count` calendar months that ended at or before `asOf`, oldest first, in the zone. The month
 * `asOf` falls in is not among them (it has not ended); `currentMonth` gives that one.
 */
export function closedMonths(asOf: number, count: number, timeZone: string): Month[] {
  const local = new Date(asOf + zoneOffsetAt(asOf, timeZone));
  const year = local.getUTCFullYear();
  const month0 = local.getUTCMonth();
  const out: Month[] = [];
  for (let back = count; back >= 1; back--) {
    const start = monthStart(year, month0 - back, timeZone);
    const end = monthStart(year, month0 - back + 1, timeZone) - 1;
    out.push({ month: monthOf(start, timeZone), start, end });
  }
  return out;
}

/** The month `asOf` falls in, from its start to its end (which may be after `asOf`). */
export function currentMonth(asOf: number, timeZone: string): Month {
  const local = new Date(asOf + zoneOffsetAt(asOf, timeZone));
  const year = local.getUTCFullYear();
  const month0 = local.getUTCMonth();
  const start = monthStart(year, month0, timeZone);
  return { month: monthOf(start, timeZone), start, end: monthStart(year, month0 + 1, timeZone) - 1 };
}
