// metrics: import.csv_100k_ms import.preview_100k_ms import.reassess_100k_ms import.longtask_max_ms import.idb_floor_100k_ms export.csv_1m_ms export.idb_floor_1m_ms export.peak_mb export.peak_mb_250k export.rss_peak_mb export.rss_peak_mb_250k
// Import and export through the options page, in Chromium with the built extension, as a rep does it:
// * import.csv_100k_ms — a 100,000-row interactions CSV chosen in the page, columns guessed, checked
//   (import.preview_100k_ms), then imported: from the click on "Import" to "Import finished" (every
//   batch written); import.reassess_100k_ms is the time after that until the warning levels of the
//   customers touched are updated (the rep can go on meanwhile);
// * import.longtask_max_ms — the longest main-thread task in the page during check and import (the
//   page must not freeze);
// * export.csv_1m_ms — 1,000,000 stored interactions exported as CSV to a file (the save picker
//   answered with a file in the origin-private file system: the same FileSystemWritableFileStream
//   path a rep's chosen file takes);
// * export.peak_mb — the highest live JavaScript heap (collected before each sample) of the options
//   page plus the service worker during that export, in a second, untimed run; export.peak_mb_250k
//   the same for 250,000 rows: flat means the output is never held;
// * export.rss_peak_mb(_250k) — resident memory of every browser process together, for the honest
//   whole picture (it includes the browser's own caches);
// * import.idb_floor_100k_ms, export.idb_floor_1m_ms — what IndexedDB alone takes on this machine for
//   the same rows (raw puts with the same indexes and an outbox row; raw paged reads): the floor the
//   pipeline's own cost sits on.
// Sizes can be lowered for a quick run: KEHU_BENCH_IMPORT_ROWS, KEHU_BENCH_EXPORT_ROWS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_ARGS, chromePath, EXTENSION_DIR, REPO } from '../e2e/harness.ts';
import { report, round } from './lib.ts';

const IMPORT_ROWS = Number(process.env.KEHU_BENCH_IMPORT_ROWS ?? 100_000);
const EXPORT_ROWS = Number(process.env.KEHU_BENCH_EXPORT_ROWS ?? 1_000_000);
const SMALL_EXPORT_ROWS = Math.round(EXPORT_ROWS / 4);
const CUSTOMERS = 2000;
const log = (...a: unknown[]) => console.error('[import-export]', ...a);

if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
  log('building the extension first');
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

const work = mkdtempSync(join(tmpdir(), 'kehu-bench-ie-'));
const profile = join(work, 'profile');
const context: BrowserContext = await chromium.launchPersistentContext(profile, {
  executablePath: chromePath(),
  headless: true,
  args: [
    ...CHROMIUM_ARGS,
    '--remote-debugging-port=0',
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
  ],
});

try {
  const sw: Worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(sw.url()).host;
  const heap = await heapProbe(profile, extensionId);

  // Customers first, through the documented API.
  const customerCsv = ['id,name,domains,tier'];
  for (let i = 0; i < CUSTOMERS; i++) customerCsv.push(`c${i},Customer ${i},c${i}.example,${i % 5 === 0 ? 'key' : 'general'}`);
  await sw.evaluate(
    (text) =>
      (globalThis as unknown as { kehu: { importText(r: unknown): Promise<unknown> } }).kehu.importText({
        entity: 'customers',
        format: 'csv',
        text,
      }),
    customerCsv.join('\n'),
  );

  // ---- import: a 100k-row CSV through the page ----
  const file = join(work, 'interactions.csv');
  writeFileSync(file, interactionsCsv(IMPORT_ROWS));
  const options = await optionsPage(context, extensionId);
  await options.getByLabel('What the file holds').selectOption('interactions');
  await options.locator('input[type=file]').setInputFiles(file);
  await options.getByRole('button', { name: 'Check the file' }).waitFor();
  let t = performance.now();
  await options.getByRole('button', { name: 'Check the file' }).click();
  await options.getByText(`${IMPORT_ROWS.toLocaleString('en')} rows:`, { exact: false }).waitFor({ timeout: 600_000 });
  const previewMs = performance.now() - t;
  log(`preview of ${IMPORT_ROWS} rows: ${Math.round(previewMs)} ms`);
  t = performance.now();
  await options.getByRole('button', { name: /^Import [\d,]+ rows/ }).click();
  await options.getByText('Import finished.').waitFor({ timeout: 600_000 });
  const importMs = performance.now() - t;
  await options.getByText(/^Warning levels updated for/).waitFor({ timeout: 600_000 });
  const reassessMs = performance.now() - t - importMs;
  const totals = (await options.locator('.notice.ok').textContent()) ?? '';
  if (!totals.includes(`${IMPORT_ROWS.toLocaleString('en')} added`)) throw new Error(`unexpected import result: ${totals}`);
  const longTask = await options.evaluate(() => (window as unknown as { longest: number }).longest);
  log(
    `import of ${IMPORT_ROWS} rows: ${Math.round(importMs)} ms, then reassessing the customers: ${Math.round(reassessMs)} ms; longest task ${longTask} ms`,
  );
  // The floor on this machine: the same number of rows put straight into IndexedDB (same indexes,
  // an outbox row each, batches of the same size), without Kehu in between.
  const importFloorMs = await options.evaluate(idbWriteFloor, IMPORT_ROWS);
  log(`raw IndexedDB writes of ${IMPORT_ROWS} rows: ${Math.round(importFloorMs)} ms`);
  await options.close();

  // ---- export: 250k and then 1M stored interactions ----
  await seedInteractions(sw, SMALL_EXPORT_ROWS - IMPORT_ROWS, IMPORT_ROWS);
  const small = await measureExport(context, extensionId, heap, SMALL_EXPORT_ROWS);
  await seedInteractions(sw, EXPORT_ROWS - SMALL_EXPORT_ROWS, SMALL_EXPORT_ROWS);
  const big = await measureExport(context, extensionId, heap, EXPORT_ROWS);
  heap.close();
  // The floor: reading the stored rows straight from IndexedDB in pages, nothing encoded or written.
  const floorPage = await optionsPage(context, extensionId);
  const exportFloorMs = await floorPage.evaluate(idbReadFloor);
  log(`raw IndexedDB reads of ${EXPORT_ROWS} rows: ${Math.round(exportFloorMs)} ms`);

  report({
    'import.csv_100k_ms': { value: Math.round(importMs), unit: 'ms', target: 10_000 },
    'import.preview_100k_ms': { value: Math.round(previewMs), unit: 'ms' },
    'import.reassess_100k_ms': { value: Math.round(reassessMs), unit: 'ms' },
    'import.longtask_max_ms': { value: Math.round(longTask), unit: 'ms' },
    'import.idb_floor_100k_ms': { value: Math.round(importFloorMs), unit: 'ms' },
    'export.csv_1m_ms': { value: Math.round(big.ms), unit: 'ms', target: 15_000 },
    'export.idb_floor_1m_ms': { value: Math.round(exportFloorMs), unit: 'ms' },
    'export.peak_mb': { value: round(big.heapMb, 1), unit: 'MB' },
    'export.peak_mb_250k': { value: round(small.heapMb, 1), unit: 'MB' },
    'export.rss_peak_mb': { value: round(big.rssMb, 0), unit: 'MB' },
    'export.rss_peak_mb_250k': { value: round(small.rssMb, 0), unit: 'MB' },
  });
} finally {
  await context.close();
  rmSync(work, { recursive: true, force: true });
}

function interactionsCsv(rows: number): string {
  const kinds = ['order', 'call', 'email_in', 'meeting', 'order', 'payment', 'note'];
  const start = Date.UTC(2022, 0, 1);
  const lines = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let i = 0; i < rows; i++) {
    const kind = kinds[i % kinds.length]!;
    const at = new Date(start + i * 600_000).toISOString().slice(0, 19).replace('T', ' ');
    const amount = kind === 'order' || kind === 'payment' ? (100 + (i % 900) + 0.5).toFixed(2) : '';
    lines.push(`c${i % CUSTOMERS},${at},${kind},${amount},${amount ? 'CNY' : ''},"row ${i}, 第${i}条",INV-${i}`);
  }
  return `${lines.join('\n')}\n`;
}

async function optionsPage(ctx: BrowserContext, id: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.addInitScript(() => {
    const w = window as unknown as { longest: number; showSaveFilePicker: unknown; lastSaved: string };
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
    w.showSaveFilePicker = async ({ suggestedName }: { suggestedName: string }) => {
      const dir = await navigator.storage.getDirectory();
      w.lastSaved = suggestedName;
      return dir.getFileHandle(suggestedName, { create: true });
    };
  });
  await page.goto(`chrome-extension://${id}/options.html`);
  return page;
}

/** More stored interactions, made in the worker and written through the API in batches. */
async function seedInteractions(worker: Worker, count: number, offset: number): Promise<void> {
  const t = performance.now();
  await worker.evaluate(
    async ([count, offset, customers]) => {
      const api = (globalThis as unknown as { kehu: { importRecords(r: unknown): Promise<unknown> } }).kehu;
      const now = new Date().toISOString();
      const start = Date.UTC(2018, 0, 1);
      for (let b = 0; b < count; b += 5000) {
        const records = [];
        for (let i = b; i < Math.min(count, b + 5000); i++) {
          const n = offset + i;
          records.push({
            id: `seed-${n}`,
            customerId: `c${n % customers}`,
            kind: n % 3 === 0 ? 'order' : 'call',
            occurredAt: new Date(start + n * 60_000).toISOString(),
            ...(n % 3 === 0 ? { amount: -(n % 500) - 0.25, currency: 'EUR' } : {}),
            summary: `seeded ${n}`,
            source: 'import',
            rev: 1,
            updatedAt: now,
            updatedBy: 'bench',
            deletedAt: null,
          });
        }
        await api.importRecords({ entity: 'interactions', records });
      }
    },
    [count, offset, CUSTOMERS] as const,
  );
  log(`seeded ${count} interactions in ${Math.round(performance.now() - t)} ms`);
}

async function measureExport(ctx: BrowserContext, id: string, probe: HeapProbe, rows: number) {
  // Two runs: one timed, untouched; one where the heaps are collected before every sample, so the
  // memory measured is what the export keeps alive (garbage not yet collected says nothing about holding).
  const timed = await runExportOnce(ctx, id, probe, rows, false);
  const held = await runExportOnce(ctx, id, probe, rows, true);
  const result = { ms: timed.ms, heapMb: held.heapPeak / 2 ** 20, rssMb: Math.max(timed.rssPeak, held.rssPeak) / 2 ** 20 };
  log(
    `export of ${rows} rows: ${Math.round(result.ms)} ms, live JS heap peak ${result.heapMb.toFixed(1)} MB, browser RSS peak ${result.rssMb.toFixed(0)} MB`,
  );
  return result;
}

async function runExportOnce(ctx: BrowserContext, id: string, probe: HeapProbe, rows: number, collect: boolean) {
  const page = await optionsPage(ctx, id);
  await page.getByLabel('What to export').selectOption('interactions');
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await probe.collectGarbage();
  let heapPeak = 0;
  let rssPeak = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      if (collect) await Promise.all([cdp.send('HeapProfiler.collectGarbage'), probe.collectGarbage()]);
      const [p, w] = await Promise.all([cdp.send('Runtime.getHeapUsage'), probe.usedSize()]);
      heapPeak = Math.max(heapPeak, p.usedSize + w);
      rssPeak = Math.max(rssPeak, browserRss(profile));
      await new Promise((r) => setTimeout(r, collect ? 250 : 100));
    }
  })();
  const t = performance.now();
  await page.getByRole('button', { name: 'Export…' }).click();
  await page.getByText(`Exported ${rows.toLocaleString('en')} rows to the file.`).waitFor({ timeout: 900_000 });
  const ms = performance.now() - t;
  sampling = false;
  await sampler;
  // The file holds the header and every row (counted as a stream, not read whole).
  const lines = await page.evaluate(async () => {
    const dir = await navigator.storage.getDirectory();
    const file = await (await dir.getFileHandle((window as unknown as { lastSaved: string }).lastSaved)).getFile();
    const reader = file.stream().getReader();
    let n = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const b of value) if (b === 10) n++;
    }
    await dir.removeEntry(file.name);
    return n;
  });
  if (lines !== rows + 1) throw new Error(`the export has ${lines} lines, expected ${rows + 1}`);
  await cdp.detach();
  await page.close();
  return { ms, heapPeak, rssPeak };
}

/** Runs in an extension page: raw IndexedDB writes of `rows` interaction-shaped records in a scratch database. */
async function idbWriteFloor(rows: number): Promise<number> {
  const name = `kehu-floor-${Date.now()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const q = indexedDB.open(name, 1);
    q.onupgradeneeded = () => {
      const s = q.result.createObjectStore('interactions', { keyPath: 'id' });
      s.createIndex('[customerId+occurredAt]', ['customerId', 'occurredAt']);
      s.createIndex('occurredAt', 'occurredAt');
      q.result.createObjectStore('changes', { keyPath: 'seq', autoIncrement: true });
    };
    q.onsuccess = () => resolve(q.result);
    q.onerror = () => reject(q.error);
  });
  const now = new Date().toISOString();
  const t = performance.now();
  for (let off = 0; off < rows; off += 2500) {
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(['interactions', 'changes'], 'readwrite');
      const s = tx.objectStore('interactions');
      const c = tx.objectStore('changes');
      for (let i = off; i < Math.min(rows, off + 2500); i++) {
        const id = `f-${i}`;
        s.get(id);
        s.put({
          id,
          customerId: `c${i % 2000}`,
          kind: 'order',
          occurredAt: new Date(Date.UTC(2022, 0, 1) + i * 600_000).toISOString(),
          amount: 100.5,
          currency: 'CNY',
          summary: `row ${i}`,
          ref: { id: `INV-${i}` },
          source: 'import',
          rev: 1,
          updatedAt: now,
          updatedBy: 'floor',
          deletedAt: null,
        });
        c.add({ entity: 'interactions', id, rev: 1, at: now });
      }
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  }
  const ms = performance.now() - t;
  db.close();
  indexedDB.deleteDatabase(name);
  return ms;
}

/** Runs in an extension page: every stored interaction read from Kehu's database in pages of 20,000 by primary key. */
async function idbReadFloor(): Promise<number> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const q = indexedDB.open('kehu');
    q.onsuccess = () => resolve(q.result);
    q.onerror = () => reject(q.error);
  });
  const t = performance.now();
  let last: string | null = null;
  for (;;) {
    const rows = await new Promise<{ id: string }[]>((resolve, reject) => {
      const q = db
        .transaction('interactions')
        .objectStore('interactions')
        .getAll(last === null ? undefined : IDBKeyRange.lowerBound(last, true), 20_000);
      q.onsuccess = () => resolve(q.result as { id: string }[]);
      q.onerror = () => reject(q.error);
    });
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    if (rows.length < 20_000) break;
  }
  const ms = performance.now() - t;
  db.close();
  return ms;
}

interface HeapProbe {
  usedSize(): Promise<number>;
  collectGarbage(): Promise<void>;
  close(): void;
}

/** The service worker's JavaScript heap, through the DevTools protocol (Playwright has no CDP session for workers). */
async function heapProbe(dir: string, id: string): Promise<HeapProbe> {
  const file = join(dir, 'DevToolsActivePort');
  for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
  const port = readFileSync(file, 'utf8').split('\n')[0];
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    type: string;
    url: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((x) => x.type === 'service_worker' && x.url.includes(id));
  if (!target) throw new Error('no service worker target');
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve);
    ws.addEventListener('error', reject);
  });
  let seq = 0;
  const waiting = new Map<number, (r: unknown) => void>();
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  const send = (method: string) =>
    new Promise<unknown>((resolve) => {
      const n = ++seq;
      waiting.set(n, resolve);
      ws.send(JSON.stringify({ id: n, method }));
    });
  return {
    usedSize: async () => ((await send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize,
    collectGarbage: async () => void (await send('HeapProfiler.collectGarbage')),
    close: () => ws.close(),
  };
}

/** Resident memory of every process of this browser (those started with this profile), in bytes. */
function browserRss(dir: string): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes(dir) && !cmd.includes('--type=')) continue;
      if (!cmd.includes(dir) && !isChildOfProfile(pid, dir)) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const parents = new Map<string, boolean>();
/** Chromium's helper processes do not name the profile: they belong to it when an ancestor does. */
function isChildOfProfile(pid: string, dir: string): boolean {
  if (parents.has(pid)) return parents.get(pid)!;
  let current = pid;
  for (let depth = 0; depth < 5; depth++) {
    const stat = readFileSync(`/proc/${current}/stat`, 'utf8');
    const ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]!;
    if (ppid === '0' || ppid === '1') break;
    const cmd = readFileSync(`/proc/${ppid}/cmdline`, 'utf8');
    if (cmd.includes(dir)) {
      parents.set(pid, true);
      return true;
    }
    current = ppid;
  }
  parents.set(pid, false);
  return false;
}
