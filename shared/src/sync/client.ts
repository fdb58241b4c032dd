// The sync client: push local changes in batches, then pull the collector's changes in pages,
// saving the cursor after each batch and page so that a sync stopped half-way (a service worker
// put to sleep, a closed laptop) resumes where it stopped. Both directions are idempotent, so
// redoing the step that was interrupted is harmless.
import { MAX_PUSH_BATCH, SyncRecord } from '../model/sync.ts';
import { SyncError, type SyncErrorKind } from './errors.ts';
import type { AbortSignalLike, CursorStore, LocalSyncStore, SyncCursor, SyncTransport } from './ports.ts';

export type SyncState = 'idle' | 'pushing' | 'pulling' | 'error';

/**
 * A record sync set aside instead of stopping on it: a local change the collector refused (a
 * field it cannot store), or a pulled change this replica cannot read. Sync goes on without it;
 * the record stays in the local store as it was.
 */
export interface SetAsideRecord {
  direction: 'push' | 'pull';
  entity: string | null;
  id: string | null;
  /** Why, as `field: problem` (the collector's words, in English). */
  reason: string;
}

export interface SyncStatus {
  state: SyncState;
  /** When the last sync finished without error (ISO time). */
  lastSyncedAt: string | null;
  /** When the last sync started. */
  lastAttemptAt: string | null;
  /** The last sync's error; null after a sync that finished. */
  error: { kind: SyncErrorKind; message: string; status?: number; retryAfterMs?: number } | null;
  /** Failed syncs in a row (for retryDelayMs). */
  failures: number;
  /** What the current (or last) sync moved so far. */
  progress: { pushed: number; pulled: number; conflicts: number };
  /** Records the current (or last) sync set aside, and why. */
  setAside: SetAsideRecord[];
  cursor: SyncCursor | null;
}

export interface SyncClientOptions {
  /** The collector's identity, normally its base URL. */
  collector: string;
  transport: SyncTransport;
  local: LocalSyncStore;
  cursors: CursorStore;
  /** The current time as an ISO string (shared/ reads no clock). */
  now: () => string;
  /** Changes per pull page (the collector allows up to 5000). Default 1000. */
  pageSize?: number;
  /** Records per push (at most MAX_PUSH_BATCH). Default 500. */
  batchSize?: number;
  /** Called on every state change and after every page or batch. */
  onStatus?: (status: SyncStatus) => void;
}

export interface SyncClient {
  /**
   * Run one sync: push, then pull until caught up. While one runs, another call returns the
   * same run. Never throws: the outcome is in the returned status.
   */
  sync(options?: { signal?: AbortSignalLike }): Promise<SyncStatus>;
  status(): SyncStatus;
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const pageSize = options.pageSize ?? 1000;
  const batchSize = Math.min(options.batchSize ?? 500, MAX_PUSH_BATCH);
  let status: SyncStatus = {
    state: 'idle',
    lastSyncedAt: null,
    lastAttemptAt: null,
    error: null,
    failures: 0,
    progress: { pushed: 0, pulled: 0, conflicts: 0 },
    setAside: [],
    cursor: null,
  };
  let running: Promise<SyncStatus> | null = null;

  const update = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch };
    options.onStatus?.(status);
  };

  const checkAborted = (signal?: AbortSignalLike) => {
    if (signal?.aborted) throw new SyncError('aborted', 'sync was cancelled');
  };

  /** Run a local-store call; its failures are 'local' errors. */
  const local = async <T>(what: () => Promise<T>): Promise<T> => {
    try {
      return await what();
    } catch (e) {
      if (e instanceof SyncError) throw e;
      throw new SyncError('local', `local store: ${(e as Error)?.message ?? String(e)}`);
    }
  };

  const loadCursor = async (): Promise<SyncCursor> => {
    const saved = await local(() => options.cursors.load());
    // A cursor of another collector means nothing here: start over (a full pull, a full push).
    return saved && saved.collector === options.collector ? saved : { collector: options.collector, pulled: 0, pushed: 0 };
  };

  const saveCursor = async (cursor: SyncCursor) => {
    await local(() => options.cursors.save(cursor));
    update({ cursor });
  };

  async function run(signal?: AbortSignalLike): Promise<SyncStatus> {
    const progress = { pushed: 0, pulled: 0, conflicts: 0 };
    const setAside: SetAsideRecord[] = [];
    const putAside = (records: SetAsideRecord[]) => {
      if (records.length === 0) return;
      setAside.push(...records);
      update({ setAside: [...setAside] });
    };
    update({ state: 'pushing', lastAttemptAt: options.now(), progress: { ...progress }, setAside: [] });
    try {
      let cursor = await loadCursor();
      update({ cursor });

      // Push: local changes in batches. The collector answers each record as accepted or as a
      // conflict it resolved against us; the winner of a conflict is applied here at once.
      for (;;) {
        checkAborted(signal);
        const { changes, next } = await local(() => options.local.localChanges(cursor.pushed, batchSize));
        if (changes.length === 0) {
          if (next > cursor.pushed) await saveCursor((cursor = { ...cursor, pushed: next }));
          break;
        }
        const answer = await options.transport.push(changes, signal);
        const winners: SyncRecord[] = [];
        for (const c of answer.conflicts) {
          const parsed = SyncRecord.safeParse({ entity: c.entity, record: c.kept });
          if (parsed.success) winners.push(parsed.data);
        }
        if (winners.length > 0) await local(() => options.local.applyRemote(winners));
        // Refused one by one: set aside (the cursor moves past them), the rest of the batch is stored.
        putAside(
          (answer.rejected ?? []).map((r) => {
            const change = changes[r.index];
            return {
              direction: 'push' as const,
              entity: r.entity ?? change?.entity ?? null,
              id: r.id ?? (typeof change?.record?.id === 'string' ? change.record.id : null),
              reason: r.fields.map((f) => `${f.path}: ${f.message}`).join('; ') || 'refused by the collector',
            };
          }),
        );
        progress.pushed += answer.accepted.length;
        progress.conflicts += answer.conflicts.length;
        await saveCursor((cursor = { ...cursor, pushed: next }));
        update({ progress: { ...progress } });
      }

      // Pull: pages of the change log until the collector says there is no more.
      update({ state: 'pulling' });
      for (;;) {
        checkAborted(signal);
        const page = await options.transport.pull(cursor.pulled, pageSize, signal);
        putAside(
          (page.unreadable ?? []).map((u) => ({ direction: 'pull' as const, entity: u.entity, id: u.id, reason: u.reason })),
        );
        if (page.changes.length > 0) {
          await local(() =>
            options.local.applyRemote(page.changes.map(({ entity, record }) => ({ entity, record }) as SyncRecord)),
          );
          progress.pulled += page.changes.length;
        }
        if (page.next !== cursor.pulled) await saveCursor((cursor = { ...cursor, pulled: page.next }));
        update({ progress: { ...progress } });
        if (!page.more || (page.changes.length === 0 && (page.unreadable ?? []).length === 0)) break;
      }

      update({ state: 'idle', error: null, failures: 0, lastSyncedAt: options.now() });
    } catch (e) {
      const err = e instanceof SyncError ? e : new SyncError('local', `sync failed: ${(e as Error)?.message ?? String(e)}`);
      update({
        state: 'error',
        failures: status.failures + 1,
        error: {
          kind: err.kind,
          message: err.message,
          ...(err.status !== undefined ? { status: err.status } : {}),
          ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
        },
      });
    }
    return status;
  }

  return {
    sync(opts = {}) {
      running ??= run(opts.signal).finally(() => {
        running = null;
      });
      return running;
    },
    status: () => status,
  };
}
