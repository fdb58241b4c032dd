// Team sync in the background: the shared sync client (shared/src/sync) over this store
// (dexie-store.ts) and the collector's HTTP API, run on demand ("sync now"), on an alarm, when the
// browser is back online, when the collector settings change, and when the worker starts after
// being stopped in the middle of a sync (the cursor, saved after every page and batch, says where
// to go on). After the records are in, the customers they touched are reassessed, so badges move.
//
// The status (state, last sync, last error by kind, progress) is kept in storage.local, where the
// popup and options read it and hear every change.
import { retryDelayMs } from '#shared/sync/errors.ts';
import { type FetchLike, createHttpTransport } from '#shared/sync/http-transport.ts';
import { type SyncStatus, createSyncClient } from '#shared/sync/client.ts';
import type { Platform, RiskService } from '../base/ports.ts';
import type { SettingsStore } from '../store/settings.ts';
import type { Settings } from '#shared/model/settings.ts';
import type { KehuDb } from '../store/db.ts';
import { type DexieSyncStore, createDexieSyncStore } from './dexie-store.ts';
import { prefetchingTransport } from './prefetch.ts';
import { IDLE_STATUS, SET_ASIDE_KEPT, type StoredSyncStatus, type SyncView, isSyncing } from '../base/sync-status.ts';
import { reportTo } from '../base/problems.ts';

/** Where the status is kept: storage.local in the extension, memory in tests. */
export interface StatusArea {
  load(): Promise<StoredSyncStatus | null>;
  save(status: StoredSyncStatus): Promise<void>;
}

export interface SyncServiceDeps {
  db: KehuDb;
  settings: SettingsStore;
  risk: RiskService;
  platform: Pick<Platform, 'changed'>;
  now: () => Date;
  by: () => Promise<string>;
  fetchFn: FetchLike;
  statusArea: StatusArea;
  /** Changes per pull page (the collector allows up to 5000). */
  pageSize?: number;
  /** Records per push (at most 1000). */
  batchSize?: number;
}

export type SyncTrigger = 'alarm' | 'online' | 'startup' | 'soon';

export interface SyncService {
  /** Sync now (or join the sync that is running); resolves when the records are in and reassessed. */
  syncNow(): Promise<SyncView>;
  /** The status, with the number of local changes waiting to be sent. */
  status(): Promise<SyncView>;
  /**
   * A reason to sync came up. On an alarm (periodic, or soon after a local change), sync unless a
   * failed sync asked to wait longer; when online again, sync at once; when the worker starts, sync only if it was stopped in the middle
   * of one (or pulled records still wait for reassessment).
   */
  trigger(reason: SyncTrigger): Promise<void>;
  /** The collector address or token changed: stop a running sync and start over with the new ones. */
  settingsChanged(): Promise<void>;
  /** Whether a sync is running now (records being stored or reassessed). */
  isRunning(): boolean;
  /** The adapter over the store (tests and benchmarks look inside). */
  store: DexieSyncStore;
}

export const DEFAULT_PAGE_SIZE = 1000;

const targetOf = (s: Pick<Settings, 'collectorUrl' | 'collectorToken'>) => `${s.collectorUrl}\n${s.collectorToken}`;

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const store = createDexieSyncStore(deps.db, {
    writer: async () => ({ now: deps.now().toISOString(), by: await deps.by() }),
  });
  // `target` is the collector address and token the running sync uses, once it has read them.
  let running: { promise: Promise<SyncView>; abort: AbortController; target: Promise<string> } | null = null;

  // Status writes go out in order, one after the other, without holding up the sync.
  let saving: Promise<unknown> = Promise.resolve();
  let current: StoredSyncStatus | null = null;
  const loadStatus = async (): Promise<StoredSyncStatus> => (current ??= (await deps.statusArea.load()) ?? { ...IDLE_STATUS });
  const saveStatus = (status: StoredSyncStatus) => {
    current = status;
    saving = saving.then(() => deps.statusArea.save(status)).catch(reportTo('sync.status'));
    return saving;
  };

  async function view(status: StoredSyncStatus): Promise<SyncView> {
    const { collectorUrl, collectorToken } = await deps.settings.get();
    const configured = !!collectorUrl && !!collectorToken;
    // Without a collector nothing is waiting to be sent (and the popup need not count the outbox).
    if (!configured) return { ...IDLE_STATUS, configured, pending: 0 };
    const pending = await store.pendingChanges(collectorUrl);
    const mine = status.collector === collectorUrl ? status : { ...IDLE_STATUS, collector: collectorUrl, state: 'idle' as const };
    return { ...mine, configured, pending };
  }

  /** Reassess the customers pulled records touched (also those a stopped worker left), then tell every tab. */
  async function reassessPulled(anythingApplied: boolean): Promise<void> {
    const ids = await store.pendingReassess();
    if (ids.length > 0) {
      await deps.risk.recompute(ids);
      await store.reassessed(ids);
    }
    // Even with no customer touched, new contacts turn "unknown" badges into known people.
    if (ids.length > 0 || anythingApplied) deps.platform.changed(ids.length > 500 ? { all: true } : { customerIds: ids });
  }

  async function run(abort: AbortController, settingsRead: Promise<Settings>): Promise<SyncView> {
    const settings = await settingsRead;
    const collector = settings.collectorUrl;
    const before = await loadStatus();
    if (!collector || !settings.collectorToken) {
      if (before.state !== 'off' || before.collector) await saveStatus({ ...IDLE_STATUS });
      return view({ ...IDLE_STATUS });
    }
    const same = before.collector === collector;
    const base: StoredSyncStatus = same ? before : { ...IDLE_STATUS, collector };
    const merge = (s: SyncStatus): StoredSyncStatus => ({
      ...base,
      collector,
      state: s.state,
      lastSyncedAt: s.lastSyncedAt ?? base.lastSyncedAt,
      lastAttemptAt: s.lastAttemptAt ?? base.lastAttemptAt,
      error: s.error,
      progress: s.progress,
      failures: base.failures,
      retryAt: base.retryAt,
      setAside: {
        count: (base.setAside?.count ?? 0) + s.setAside.length,
        recent: [...s.setAside, ...(base.setAside?.recent ?? [])].slice(0, SET_ASIDE_KEPT),
      },
    });
    const client = createSyncClient({
      collector,
      transport: prefetchingTransport(
        createHttpTransport({ baseUrl: collector, token: settings.collectorToken, fetchFn: deps.fetchFn }),
      ),
      local: store,
      cursors: store.cursors,
      now: () => deps.now().toISOString(),
      pageSize: deps.pageSize ?? DEFAULT_PAGE_SIZE,
      ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
      onStatus: (s) => {
        // The final status is written below, once reassessment is done.
        if (s.state !== 'idle' && s.state !== 'error') void saveStatus(merge(s));
      },
    });
    await store.prepareRun();
    const appliedBefore = store.appliedCount();
    const result = await client.sync({ signal: abort.signal });
    let status = merge(result);
    const applied = store.appliedCount() > appliedBefore;
    await saveStatus({ ...status, state: 'reassessing' });
    try {
      await reassessPulled(applied);
    } catch (e) {
      // The records are stored; the pending list keeps them for the next attempt.
      status = { ...status, error: status.error ?? { kind: 'local', message: `reassessment: ${(e as Error)?.message ?? e}` } };
    }
    if (status.error?.kind === 'aborted') {
      // Stopped on purpose (the settings changed): not a failure, nothing to wait for.
      status = { ...status, state: 'idle', error: null, retryAt: null };
    } else if (status.error) {
      const failures = base.failures + 1;
      const wait = retryDelayMs(failures, status.error.retryAfterMs);
      const from = Date.parse(status.lastAttemptAt ?? deps.now().toISOString());
      status = { ...status, state: 'error', failures, retryAt: new Date(from + wait).toISOString() };
    } else {
      status = { ...status, state: 'idle', failures: 0, retryAt: null };
    }
    await saveStatus(status);
    return view(status);
  }

  function start(): Promise<SyncView> {
    if (running) return running.promise;
    const abort = new AbortController();
    const settingsRead = deps.settings.get();
    const promise = run(abort, settingsRead).finally(() => {
      if (running?.abort === abort) running = null;
    });
    running = { promise, abort, target: settingsRead.then(targetOf) };
    return promise;
  }

  return {
    store,
    isRunning: () => running !== null,
    syncNow: start,
    async status() {
      return view(await loadStatus());
    },
    async trigger(reason) {
      const { collectorUrl, collectorToken } = await deps.settings.get();
      if (!collectorUrl || !collectorToken || running) return;
      const status = await loadStatus();
      if (reason === 'startup') {
        // A worker stopped mid-sync left its state behind: go on from the saved cursor.
        const interrupted = isSyncing(status.state) && status.collector === collectorUrl;
        if (interrupted || (await store.pendingReassess()).length > 0) await start();
        return;
      }
      if (reason !== 'online' && status.retryAt && Date.parse(status.retryAt) > deps.now().getTime()) return;
      await start();
    },
    async settingsChanged() {
      const was = running;
      const now = await deps.settings.get();
      // A sync started after the save already uses the new settings (a "sync now" right after
      // saving them): let it run rather than stop it with nothing to show.
      if (was && (await was.target.catch(() => null)) === targetOf(now)) return;
      if (was) {
        was.abort.abort();
        await was.promise.catch(() => {});
      }
      const { collectorUrl, collectorToken } = await deps.settings.get();
      if (collectorUrl && collectorToken) await start();
      else await saveStatus({ ...IDLE_STATUS });
    },
  };
}
