// metrics: sync.pull_100k_ms sync.reassess_100k_ms sync.idb_floor_100k_ms
/// <reference types="chrome" />
// Team sync into an empty extension, in Chromium with the built extension, against the real
// collector (`kehu serve` on PGlite in a fresh data folder):
// * sync.pull_100k_ms — 100,000 changes in the collector (5,000 customers, 10,000 contacts and
//   85,000 interactions, imported with `kehu import`), pulled by an extension whose store is empty:
//   from the moment the rep's token is saved (which starts the sync) until the last page is stored
//   and the cursor is at the end;
// * sync.reassess_100k_ms — after that, until the pulled customers' warning levels are computed
//   and the sync reports done (badges can show levels);
// * sync.idb_floor_100k_ms — what IndexedDB alone takes on this machine for the same records: put
//   with the same indexes, in transactions of one page each, nothing else (into an empty store the
//   merge reads nothing, so this is the least a first pull can take here).
// The size can be lowered for a quick run: KEHU_BENCH_SYNC_CHANGES (split in the same proportions).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, chromePath, EXTENSION_DIR, REPO } from '../e2e/harness.ts';
import { kehu, serve, stopChild } from '../e2e/sync-support.ts';
import { report } from './lib.ts';

const CHANGES = Number(process.env.KEHU_BENCH_SYNC_CHANGES ?? 100_000);
const CUSTOMERS = Math.round(CHANGES * 0.05);
const CONTACTS = Math.round(CHANGES * 0.1);
const INTERACTIONS = CHANGES - CUSTOMERS - CONTACTS;
const PAGE = 1000; // the extension's pull page (extension/src/sync/service.ts DEFAULT_PAGE_SIZE)
const log = (...a: unknown[]) => console.error('[sync]', ...a);

if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  log('building the extension first');
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

/** A customer base of the shape reps have: a few contacts and a history of orders, calls and mail per customer. */
function files(dir: string) {
  const customers = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
  for (let i = 0; i < CUSTOMERS; i++) {
    customers.push(
      `c${i},Customer ${i} Trading,c${i}.example,Retail,${i % 10 === 0 ? 'key' : 'general'},stable,rep${i % 7},14,,`,
    );
  }
  const contacts = ['id,customer_id,name,emails,phones,title,role,status,notes'];
  for (let i = 0; i < CONTACTS; i++) {
    const c = i % CUSTOMERS;
    contacts.push(`p${i},c${c},Person ${i},person${i}@c${c}.example,+86 21 ${5550000 + i},Buyer,,active,`);
  }
  const kinds = ['order', 'call', 'email_in', 'meeting', 'order', 'payment', 'email_out'];
  const start = Date.now() - 730 * 86_400_000;
  const interactions = ['id,customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let i = 0; i < INTERACTIONS; i++) {
    const kind = kinds[i % kinds.length] as string;
    const at = new Date(start + Math.floor((i / INTERACTIONS) * 720) * 86_400_000).toISOString().slice(0, 10);
    const amount = kind === 'order' || kind === 'payment' ? String(100 + (i % 900)) : '';
    interactions.push(`i${i},c${i % CUSTOMERS},${at},${kind},${amount},${amount ? 'CNY' : ''},${kind} ${i},`);
  }
  const out = {
    customers: join(dir, 'customers.csv'),
    contacts: join(dir, 'contacts.csv'),
    interactions: join(dir, 'interactions.csv'),
  };
  writeFileSync(out.customers, customers.join('\n'));
  writeFileSync(out.contacts, contacts.join('\n'));
  writeFileSync(out.interactions, interactions.join('\n'));
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'kehu-bench-sync-'));
const data = join(work, 'data');
const { child, url } = await serve(data, 0);
try {
  const t = performance.now();
  const f = files(work);
  for (const entity of ['customers', 'contacts', 'interactions'] as const) {
    kehu(['import', '--data', data, '--entity', entity, f[entity]]);
  }
  log(`collector seeded with ${CHANGES} changes in ${Math.round((performance.now() - t) / 1000)} s`);
  const token = kehu(['keys', 'token', '--data', data, '--name', 'bench', '--scopes', 'read,write']).trim();

  const context = await chromium.launchPersistentContext(join(work, 'profile'), {
    executablePath: chromePath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${EXTENSION_DIR}`, `--load-extension=${EXTENSION_DIR}`],
  });
  try {
    const sw: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // The address first (no token: nothing happens yet), then the token, which starts the sync.
    await sw.evaluate(
      (u) =>
        (globalThis as unknown as { kehu: Record<string, (i: unknown) => Promise<unknown>> }).kehu.setSettings!({
          collectorUrl: u,
        }),
      url,
    );
    const run = await sw.evaluate(async (tok) => {
      const kehu = (globalThis as unknown as { kehu: Record<string, (i?: unknown) => Promise<unknown>> }).kehu;
      const marks: Record<string, number> = {};
      const done = new Promise<void>((resolve) => {
        chrome.storage.onChanged.addListener((changes, area) => {
          const s = changes['kehu.sync']?.newValue as { state: string } | undefined;
          if (area !== 'local' || !s) return;
          marks[s.state] ??= performance.now();
          if (s.state === 'idle' || s.state === 'error') resolve();
        });
      });
      const t0 = performance.now();
      await kehu.setSettings!({ collectorToken: tok });
      await done;
      return { t0, marks, status: (await kehu.syncStatus!()) as { state: string; error: unknown; progress: { pulled: number } } };
    }, token);
    if (run.status.state !== 'idle') throw new Error(`sync failed: ${JSON.stringify(run.status)}`);
    if (run.status.progress.pulled !== CHANGES) throw new Error(`pulled ${run.status.progress.pulled} of ${CHANGES}`);
    const stored = run.marks.reassessing ?? run.marks.idle!;
    const pullMs = stored - run.t0;
    const reassessMs = (run.marks.idle ?? stored) - stored;
    log(`pulled ${CHANGES} changes in ${Math.round(pullMs)} ms, reassessed in ${Math.round(reassessMs)} ms`);

    const counts = await sw.evaluate(countTables);
    if (counts.customers + counts.contacts + counts.interactions !== CHANGES) throw new Error(`stored ${JSON.stringify(counts)}`);
    const floorMs = await sw.evaluate(idbFloor, PAGE);
    log(`raw IndexedDB puts of the same records: ${Math.round(floorMs)} ms`);

    report({
      'sync.pull_100k_ms': { value: Math.round(pullMs), unit: 'ms', target: 10_000 },
      'sync.reassess_100k_ms': { value: Math.round(reassessMs), unit: 'ms' },
      'sync.idb_floor_100k_ms': { value: Math.round(floorMs), unit: 'ms' },
    });
  } finally {
    await context.close();
  }
} finally {
  await stopChild(child);
  rmSync(work, { recursive: true, force: true });
}

/** Runs in the service worker: the synced tables' sizes in Kehu's database. */
async function countTables(): Promise<Record<'customers' | 'contacts' | 'interactions' | 'changes', number>> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const q = indexedDB.open('kehu');
    q.onsuccess = () => resolve(q.result);
    q.onerror = () => reject(q.error);
  });
  const out: Record<string, number> = {};
  for (const name of ['customers', 'contacts', 'interactions', 'changes']) {
    out[name] = await new Promise<number>((resolve, reject) => {
      const r = db.transaction(name).objectStore(name).count();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  }
  db.close();
  return out as Record<'customers' | 'contacts' | 'interactions' | 'changes', number>;
}

/**
 * Runs in the service worker: the pulled records, read from Kehu's database, written into a scratch
 * database with the same indexes, in transactions of one page each. Only the writes are timed.
 */
async function idbFloor(page: number): Promise<number> {
  const open = (name: string, upgrade?: (db: IDBDatabase) => void) =>
    new Promise<IDBDatabase>((resolve, reject) => {
      const q = upgrade ? indexedDB.open(name, 1) : indexedDB.open(name);
      if (upgrade) q.onupgradeneeded = () => upgrade(q.result);
      q.onsuccess = () => resolve(q.result);
      q.onerror = () => reject(q.error);
    });
  const kehu = await open('kehu');
  const all = async (name: string) =>
    new Promise<unknown[]>((resolve, reject) => {
      const r = kehu.transaction(name).objectStore(name).getAll();
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
  const tables = [
    ['customers', await all('customers')],
    ['contacts', await all('contacts')],
    ['interactions', await all('interactions')],
  ] as const;
  kehu.close();
  const name = `kehu-floor-${Date.now()}`;
  const db = await open(name, (d) => {
    const customers = d.createObjectStore('customers', { keyPath: 'id' });
    customers.createIndex('domains', 'domains', { multiEntry: true });
    customers.createIndex('tier', 'tier');
    const contacts = d.createObjectStore('contacts', { keyPath: 'id' });
    contacts.createIndex('customerId', 'customerId');
    contacts.createIndex('emails', 'emails', { multiEntry: true });
    const interactions = d.createObjectStore('interactions', { keyPath: 'id' });
    interactions.createIndex('[customerId+occurredAt]', ['customerId', 'occurredAt']);
    interactions.createIndex('occurredAt', 'occurredAt');
  });
  const t = performance.now();
  for (const [table, rows] of tables) {
    for (let off = 0; off < rows.length; off += page) {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(table, 'readwrite');
        const s = tx.objectStore(table);
        for (const r of rows.slice(off, off + page)) s.put(r);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    }
  }
  const ms = performance.now() - t;
  db.close();
  indexedDB.deleteDatabase(name);
  return ms;
}
