// Dates and times from interchange files. An ISO 8601 date-time with a zone is exact; one without
// a zone, or a bare date, is local time in the zone the caller passes (the rep's, the server's).

const PATTERN =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

/**
 * Parse `2011-12-09`, `2011-12-09 12:50`, `2011-12-09T12:50:00+08:00`, `2024/3/5 9:05` …
 * into a UTC instant (`toISOString()` form). Null when the text is not such a date or names an
 * impossible day (2023-02-30).
 */
export function parseDateTime(text: string, timeZone = 'UTC'): string | null {
  const m = PATTERN.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  let utc: number;
  if (zone) {
    utc = wall - zoneOffsetMinutes(zone) * 60_000;
  } else {
    utc = localToUtc(wall, timeZone);
  }
  return Number.isFinite(utc) ? new Date(utc).toISOString() : null;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** Offset of `timeZone` from UTC, in milliseconds, at the UTC instant `utc`. */
export function zoneOffsetAt(utc: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  // Offsets change at most on the hour; cache per zone and hour so big imports stay fast.
  const key = `${timeZone}|${Math.floor(utc / 3_600_000)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(utc))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  const offset = asUtc - Math.floor(utc / 1000) * 1000;
  if (offsetCache.size > 100_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The UTC instant of a wall-clock time in `timeZone` (wall time given as if it were UTC). */
function localToUtc(wall: number, timeZone: string): number {
  const first = wall - zoneOffsetAt(wall, timeZone);
  const second = wall - zoneOffsetAt(first, timeZone);
  return second;
}

/** Whole days from `from` to `to` (ISO instants), fractional. */
export function daysBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 86_400_000;
}
