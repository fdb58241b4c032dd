// How much the collector logs: one JSON line per entry on standard output, the entries below the
// chosen level left out (`kehu serve --log-level warn` keeps warnings and errors, no request lines).
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'off'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type Log = (entry: Record<string, unknown>) => void;

/** A log that passes on only the entries at `min` or above (an entry without a level counts as info). */
export function atLevel(min: LogLevel, log: Log): Log {
  const floor = LOG_LEVELS.indexOf(min);
  if (min === 'off') return () => {};
  if (floor <= 0) return log;
  return (entry) => {
    const rank = LOG_LEVELS.indexOf((entry.level as LogLevel | undefined) ?? 'info');
    if ((rank === -1 ? 1 : rank) >= floor) log(entry);
  };
}
