// An extension replica for sync tests: a real store (fake-indexeddb), the real risk service, the
// real sync service and API router, talking to the real collector app through app.request.
import type { FetchLike } from '#shared/sync/http-transport.ts';
import type { ApiContext } from '../../../../extension/src/api/context.ts';
import type { Platform } from '../../../../extension/src/base/ports.ts';
import { createApi } from '../../../../extension/src/api/router.ts';
import { createRiskService } from '../../../../extension/src/risk/service.ts';
import { memorySettings } from '../../../../extension/src/store/settings.ts';
import type { KehuDb } from '../../../../extension/src/store/db.ts';
import { createSyncService, type SyncServiceDeps } from '../../../../extension/src/sync/service.ts';
import type { StoredSyncStatus } from '../../../../extension/src/base/sync-status.ts';
import type { Harness } from '../../collector/fixtures.ts';
import { freshDb } from '../context.ts';

// https: the extension refuses plain http to anywhere but this computer.
export const COLLECTOR = 'https://collector.test';

/** One clock for every replica, a second further on each read, starting now (the collector stamps with the real clock). */
export function testClock(start = Date.now()) {
  let t = start;
  return { now: () => new Date((t += 1000)), skip: (ms: number) => void (t += ms), peek: () => new Date(t) };
}

export type Replica = Awaited<ReturnType<typeof replica>>;

export async function replica(
  name: string,
  h: Harness,
  clock: { now: () => Date },
  options: {
    db?: KehuDb;
    token?: string;
    pageSize?: number;
    batchSize?: number;
    status?: { value: StoredSyncStatus | null };
  } = {},
) {
  const db = options.db ?? freshDb();
  const settings = memorySettings({ collectorUrl: COLLECTOR, collectorToken: options.token ?? h.tokens.rw, repName: name });
  const now = () => clock.now();
  let n = 0;
  const newId = () => `${name}-${++n}`;
  const by = async () => (await settings.get()).repName;
  const risk = createRiskService(db, { now, newId, by, timeZone: 'UTC' });
  const changes: Parameters<Platform['changed']>[0][] = [];
  const platform: Platform = {
    changed: (c) => void changes.push(c),
    openCustomer: async () => {},
    pagesGranted: async () => false,
  };
  const requests: { method: string; path: string }[] = [];
  const net: { offline: boolean; failPullsAfter: number; beforePull?: (pull: number) => Promise<void> } = {
    offline: false,
    failPullsAfter: Number.POSITIVE_INFINITY,
  };
  let pulls = 0;
  const fetchFn: FetchLike = async (url, init) => {
    const path = url.slice(COLLECTOR.length);
    if (net.offline) throw new TypeError('Failed to fetch');
    if (init.method === 'GET' && path.startsWith('/v1/changes')) {
      if (++pulls > net.failPullsAfter) throw new TypeError('the worker was stopped');
      await net.beforePull?.(pulls);
    }
    requests.push({ method: init.method, path });
    return h.app.request(url, init as RequestInit);
  };
  const status = options.status ?? { value: null };
  const deps: SyncServiceDeps = {
    db,
    settings,
    risk,
    platform,
    now,
    by,
    fetchFn,
    statusArea: { load: async () => status.value, save: async (s) => void (status.value = structuredClone(s)) },
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
  };
  const sync = createSyncService(deps);
  const ctx: ApiContext = { db, settings, risk, platform, sync, now, newId, by, timeZone: 'UTC', version: '0.0.0' };
  const api = createApi(ctx);
  return {
    name,
    db,
    api,
    sync,
    ctx,
    settings,
    changes,
    requests,
    net,
    status,
    /** Every synced record of this store, without index-only fields, by entity and id. */
    async snapshot() {
      const out: Record<string, unknown> = {};
      for (const entity of ['customers', 'contacts', 'interactions', 'responses', 'cases', 'alerts', 'followups'] as const) {
        for (const r of await db.table(entity).toArray()) {
          const { pendingDueAt: _, ...rest } = r as Record<string, unknown>;
          out[`${entity}/${String(rest.id)}`] = rest;
        }
      }
      return out;
    },
  };
}
