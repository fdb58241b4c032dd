// A real API context over fake-indexeddb with a fixed clock, for handler tests.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { ApiContext } from '../../../extension/src/api/context.ts';
import type { Platform } from '../../../extension/src/base/ports.ts';
import { createRiskService } from '../../../extension/src/risk/service.ts';
import { memorySettings } from '../../../extension/src/store/settings.ts';
import { type KehuDb, openDb } from '../../../extension/src/store/db.ts';
import { createSyncService } from '../../../extension/src/sync/service.ts';
import type { StoredSyncStatus } from '../../../extension/src/base/sync-status.ts';

export const NOW = new Date('2026-11-20T10:00:00.000Z');

export function freshDb(upTo?: number): KehuDb {
  return openDb(`kehu-test-${Math.random()}`, { indexedDB: new IDBFactory(), IDBKeyRange, ...(upTo ? { upTo } : {}) });
}

export interface TestContext extends ApiContext {
  changes: ({ customerIds: string[] } | { all: true })[];
  opened: { target: unknown; customerId: string }[];
}

export function testContext(db: KehuDb = freshDb()): TestContext {
  let n = 0;
  const newId = () => `id-${++n}`;
  const now = () => NOW;
  const by = async () => 'tester';
  const changes: TestContext['changes'] = [];
  const opened: TestContext['opened'] = [];
  const platform: Platform = {
    changed: (c) => void changes.push(c),
    openCustomer: async (target, customerId) => void opened.push({ target, customerId }),
    pagesGranted: async () => false,
  };
  const settings = memorySettings();
  const risk = createRiskService(db, { now, newId, by });
  let syncStatus: StoredSyncStatus | null = null;
  // No collector is configured here; tests/unit/extension/sync/ tests sync against a real one.
  const sync = createSyncService({
    db,
    settings,
    risk,
    platform,
    now,
    by,
    fetchFn: () => Promise.reject(new TypeError('no network in unit tests')),
    statusArea: { load: async () => syncStatus, save: async (s) => void (syncStatus = s) },
  });
  return {
    db,
    settings,
    risk,
    platform,
    sync,
    now,
    newId,
    by,
    timeZone: 'Asia/Shanghai',
    version: '0.1.0',
    changes,
    opened,
  };
}
