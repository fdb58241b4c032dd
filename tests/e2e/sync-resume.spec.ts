// A sync the browser stops half-way (the service worker stopped through the DevTools protocol, as
// Chromium does to an idle or memory-starved worker) goes on where it stopped when the worker
// starts again: in the middle of a push, the collector ends up with every record exactly once;
// in the middle of a pull, the store ends up with every record, reassessed, and nothing to send.
import type { BrowserContext, Worker } from '@playwright/test';
import { importText } from './extension-support.ts';
import { expect, launchWithExtension, serviceWorkerOf, test } from './harness.ts';
import {
  call,
  type RunningCollector,
  type SyncView,
  startCollector,
  stopServiceWorker,
  storedSyncStatus,
} from './sync-support.ts';
import { grantHost, openPage } from './workspace-support.ts';

const N = 12_000;

function customersCsv(n: number): string {
  const rows = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
  for (let i = 0; i < n; i++)
    rows.push(`c${String(i).padStart(6, '0')},Customer ${i},c${i}.example,Retail,general,stable,rep,30,,`);
  return rows.join('\n');
}

/** Wait until the running sync has moved `count` records in the given direction, then stop the worker. */
async function stopMidSync(
  context: BrowserContext,
  sw: Worker,
  extensionId: string,
  state: 'pushing' | 'pulling',
  count: number,
): Promise<SyncView> {
  let seen: SyncView | null = null;
  await expect
    .poll(
      async () => {
        seen = await storedSyncStatus(sw);
        const moved = state === 'pushing' ? seen?.progress.pushed : seen?.progress.pulled;
        return seen?.state === state && (moved ?? 0) >= count;
      },
      { timeout: 60_000, intervals: [50] },
    )
    .toBe(true);
  await stopServiceWorker(context, extensionId);
  return seen as unknown as SyncView;
}

/** Wake the stopped worker (a page that calls the API) and wait for the resumed sync to finish. */
async function wakeAndFinish(context: BrowserContext, extensionId: string): Promise<{ sw: Worker; view: SyncView }> {
  const page = await openPage(context, extensionId, 'popup.html');
  let sw: Worker | null = null;
  let view: SyncView | null = null;
  await expect
    .poll(
      async () => {
        // The restarted worker: Playwright may report it as a new worker or keep the old handle.
        const workers = context.serviceWorkers();
        for (const w of [...workers].reverse()) {
          try {
            view = await call<SyncView>(w, 'syncStatus');
            sw = w;
            return view.state;
          } catch {
            // a handle of the stopped worker
          }
        }
        return 'no worker';
      },
      { timeout: 120_000, intervals: [250] },
    )
    .toBe('idle');
  await page.close();
  return { sw: sw as unknown as Worker, view: view as unknown as SyncView };
}

/** The store's own count of a table, read from IndexedDB in the worker. */
function countInStore(sw: Worker, table: string): Promise<number> {
  return sw.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('kehu');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction(name, 'readonly').objectStore(name).count();
          req.onsuccess = () => {
            resolve(req.result);
            open.result.close();
          };
          req.onerror = () => reject(req.error);
        };
      }),
    table,
  );
}

test('a sync stopped with the service worker resumes from its cursor, in a push and in a pull', async () => {
  test.setTimeout(420_000);
  let collector: RunningCollector | null = null;
  const writer = await launchWithExtension();
  const reader = await launchWithExtension();
  try {
    collector = await startCollector();
    const url = collector.url;

    // The writer has many customers; connecting starts the sync, which is stopped mid-push.
    let sw = await serviceWorkerOf(writer.context);
    const writerId = new URL(sw.url()).host;
    await grantHost(writer.context, writerId, `${url}/*`);
    await call(sw, 'setSettings', { repName: 'writer' });
    await importText(sw, 'customers', customersCsv(N));
    await call(sw, 'setSettings', { collectorUrl: url, collectorToken: collector.token('writer') });
    const atStop = await stopMidSync(writer.context, sw, writerId, 'pushing', 1000);
    expect(atStop.progress.pushed).toBeLessThan(N);
    const pushed = await wakeAndFinish(writer.context, writerId);
    sw = pushed.sw;
    expect(pushed.view).toMatchObject({ state: 'idle', error: null, pending: 0 });
    // A new run (a later start) that sent only what was left, the batch in flight again included.
    expect(pushed.view.lastAttemptAt).not.toBe(atStop.lastAttemptAt);
    expect(pushed.view.progress.pushed).toBeLessThan(N);

    // The reader connects with an empty store; its pull is stopped half-way.
    let rsw = await serviceWorkerOf(reader.context);
    const readerId = new URL(rsw.url()).host;
    await grantHost(reader.context, readerId, `${url}/*`);
    await call(rsw, 'setSettings', { repName: 'reader', collectorUrl: url, collectorToken: collector.token('reader') });
    const pullStop = await stopMidSync(reader.context, rsw, readerId, 'pulling', 2000);
    expect(pullStop.progress.pulled).toBeLessThan(N);
    const pulled = await wakeAndFinish(reader.context, readerId);
    rsw = pulled.sw;
    expect(pulled.view).toMatchObject({ state: 'idle', error: null, pending: 0 });
    expect(pulled.view.lastAttemptAt).not.toBe(pullStop.lastAttemptAt);
    expect(pulled.view.progress.pulled).toBeLessThan(N);
    expect(await countInStore(rsw, 'customers')).toBe(N);
    expect(await countInStore(rsw, 'changes')).toBe(0); // pulled records are not local changes
    expect(await countInStore(rsw, 'assessments')).toBe(N); // every pulled customer was reassessed

    // The collector holds each record once, in its one version: no push was stored twice.
    const stored = collector.exportRecords<{ id: string; rev: number; updatedBy: string }>('customers');
    expect(stored).toHaveLength(N);
    expect(new Set(stored.map((c) => c.id)).size).toBe(N);
    expect(stored.every((c) => c.rev === 1 && c.updatedBy === 'writer')).toBe(true);
    await collector.stop();
    expect(collector.query<{ n: number }>('SELECT count(*)::int AS n FROM kehu_history')).toEqual([{ n: 0 }]);
  } finally {
    await writer.close();
    await reader.close();
    await collector?.dispose();
  }
});
