// The extension's local debug log: the last problems Kehu worked around, newest last, for the rep
// to read and copy from the options page when something seems off (nothing is sent anywhere). It is
// a `meta` row in the extension's IndexedDB, where content scripts cannot read it: messages may name
// customers. Writes are queued, so entries reported at once are all kept.
import type { DebugLogEntry } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';

/** `meta` row: the debug log entries. */
export const DEBUG_LOG_KEY = 'debug.log';

/** How many entries are kept: the oldest go first. */
export const DEBUG_LOG_CAPACITY = 200;

/** `entries` with `entry` added at the end, the oldest dropped beyond `capacity`. */
export function appendEntry(
  entries: readonly DebugLogEntry[],
  entry: DebugLogEntry,
  capacity = DEBUG_LOG_CAPACITY,
): DebugLogEntry[] {
  const next = [...entries, entry];
  return next.length > capacity ? next.slice(next.length - capacity) : next;
}

export interface DebugLog {
  record(entry: DebugLogEntry): Promise<void>;
  list(): Promise<DebugLogEntry[]>;
  clear(): Promise<void>;
}

export function dbDebugLog(db: KehuDb, capacity = DEBUG_LOG_CAPACITY): DebugLog {
  let queue: Promise<unknown> = Promise.resolve();
  const read = async (): Promise<DebugLogEntry[]> => {
    const value = (await db.meta.get(DEBUG_LOG_KEY))?.value;
    return Array.isArray(value) ? (value as DebugLogEntry[]) : [];
  };
  const queued = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    record: (entry) =>
      queued(() =>
        db.transaction('rw', db.meta, async () => {
          await db.meta.put({ key: DEBUG_LOG_KEY, value: appendEntry(await read(), entry, capacity) });
        }),
      ),
    list: () => queued(read),
    clear: () => queued(() => db.meta.delete(DEBUG_LOG_KEY)),
  };
}
