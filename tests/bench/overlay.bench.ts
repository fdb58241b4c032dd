// metrics: overlay.badge_p50_ms overlay.badge_p95_ms overlay.cold_ms overlay.longtask_max_ms store.lookup_per_s
// The extension in Chromium with 100k customers, 200k contacts and 1M interactions stored
// (imported through kehu.importText, as a rep's spreadsheets would be):
// * overlay.badge_p50_ms / p95_ms — a sender element inserted into a Gmail page → its badge attached
//   (host with data-level in the DOM), service worker awake, every address new to the page's cache;
// * overlay.cold_ms — the same with the service worker stopped first (median of several);
// * overlay.longtask_max_ms — the longest main-thread task while a 500-row inbox gets its badges;
// * store.lookup_per_s — kehu.lookup(email) calls per second inside the service worker.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { REPO, TEST_EXTENSION_DIR, launchWithExtension, serviceWorkerOf } from '../e2e/harness.ts';
import { serveFixture } from '../e2e/extension-support.ts';
import { percentile, report, round } from './lib.ts';

const CUSTOMERS = Number(process.env.KEHU_BENCH_CUSTOMERS ?? 100_000);
const CONTACTS_PER_CUSTOMER = 2;
const INTERACTIONS_PER_CUSTOMER = 10;
const CHUNK_LINES = 20_000;
const log = (...a: unknown[]) => console.error('[overlay]', ...a);

// The test build: it labels hosts with address and level, which the bench waits on.
if (!existsSync(join(TEST_EXTENSION_DIR, 'manifest.json'))) {
  log('building the extension first');
  spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
}

type Kehu = {
  importText(r: {
    entity: string;
    format: string;
    text: string;
  }): Promise<{ added: number; updated: number; rejected: unknown[] }>;
  lookup(email: string): Promise<unknown>;
};

async function importChunks(sw: Worker, entity: string, lines: Iterable<string>): Promise<void> {
  let chunk: string[] = [];
  const send = async () => {
    const text = `${chunk.join('\n')}\n`;
    chunk = [];
    const r = await sw.evaluate(
      ([entity, text]) => (globalThis as unknown as { kehu: Kehu }).kehu.importText({ entity, format: 'ndjson', text }),
      [entity, text] as const,
    );
    if (r.rejected.length) throw new Error(`${entity}: ${JSON.stringify(r.rejected.slice(0, 3))}`);
  };
  for (const line of lines) {
    chunk.push(line);
    if (chunk.length >= CHUNK_LINES) await send();
  }
  if (chunk.length) await send();
}

function* customers() {
  for (let i = 0; i < CUSTOMERS; i++) {
    yield JSON.stringify({
      id: `c${i}`,
      name: `Customer ${i}`,
      domains: [`c${i}.example`],
      tier: i % 5 === 0 ? 'key' : 'general',
    });
  }
}
function* contacts() {
  for (let i = 0; i < CUSTOMERS; i++) {
    for (let j = 0; j < CONTACTS_PER_CUSTOMER; j++) {
      yield JSON.stringify({ id: `p${i}-${j}`, customerId: `c${i}`, name: `Person ${i}-${j}`, emails: [`p${j}@c${i}.example`] });
    }
  }
}
function* interactions(now: number) {
  const day = 86_400_000;
  for (let i = 0; i < CUSTOMERS; i++) {
    // A rhythm per customer; some went quiet, so levels differ.
    const every = 7 + (i % 30);
    const quietFor = i % 7 === 0 ? 200 : 2;
    for (let k = 0; k < INTERACTIONS_PER_CUSTOMER; k++) {
      const at = new Date(now - (quietFor + k * every) * day).toISOString();
      yield JSON.stringify({
        id: `i${i}-${k}`,
        customerId: `c${i}`,
        kind: k % 2 ? 'email_in' : 'order',
        occurredAt: at,
        amount: k % 2 ? undefined : 100 + (i % 50),
      });
    }
  }
}

async function seed(sw: Worker) {
  const started = performance.now();
  await importChunks(sw, 'customers', customers());
  log(`customers in ${round((performance.now() - started) / 1000, 1)} s`);
  await importChunks(sw, 'contacts', contacts());
  log(`contacts in ${round((performance.now() - started) / 1000, 1)} s`);
  await importChunks(sw, 'interactions', interactions(Date.now()));
  log(`interactions in ${round((performance.now() - started) / 1000, 1)} s`);
}

async function lookupsPerSecond(sw: Worker): Promise<number> {
  return sw.evaluate(async (customers) => {
    const kehu = (globalThis as unknown as { kehu: Kehu }).kehu;
    const n = 5000;
    const started = performance.now();
    for (let k = 0; k < n; k++) {
      const i = (k * 7919) % customers;
      await kehu.lookup(`p${k % 2}@c${i}.example`);
    }
    return n / ((performance.now() - started) / 1000);
  }, CUSTOMERS);
}

/** Insert one sender element and time until its badge is attached. */
function timeOneBadge(page: Page, email: string): Promise<number> {
  return page.evaluate(
    (email) =>
      new Promise<number>((resolve, reject) => {
        const done = () => {
          const host = document.querySelector(`[data-kehu-badge][data-email="${email}"]`);
          return host?.getAttribute('data-level') ? host : null;
        };
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (done()) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-level'] });
        (window as unknown as { kehuFixture: { insertSender(e: string, n: string): void } }).kehuFixture.insertSender(
          email,
          'Sender',
        );
        setTimeout(() => reject(new Error(`no badge for ${email} within 10 s`)), 10_000);
      }),
    email,
  );
}

/**
 * Stop the extension's service worker, as the browser does after 30 s idle, through the DevTools
 * protocol's ServiceWorker domain, attached from an extension document that runs no script (the
 * manifest), so nothing wakes the worker again. Resolves once the worker reports stopped; the
 * returned watcher tells whether it is still stopped.
 */
async function stopServiceWorker(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/manifest.json`);
  const cdp = await context.newCDPSession(page);
  const versions = new Map<string, string>(); // versionId → runningStatus
  let onUpdate: () => void = () => {};
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      if (!v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) continue;
      versions.set(v.versionId, v.runningStatus);
    }
    onUpdate();
  });
  await cdp.send('ServiceWorker.enable');
  const running = () => [...versions].filter(([, status]) => status !== 'stopped').map(([id]) => id);
  for (const versionId of running()) await cdp.send('ServiceWorker.stopWorker', { versionId });
  const deadline = Date.now() + 10_000;
  while (running().length > 0) {
    if (Date.now() > deadline) throw new Error(`the service worker did not stop: ${JSON.stringify([...versions])}`);
    await new Promise<void>((resolve) => {
      onUpdate = resolve;
      setTimeout(resolve, 100);
    });
  }
  return {
    stopped: () => running().length === 0,
    async close() {
      await cdp.detach().catch(() => {});
      await page.close();
    },
  };
}

const { context, close } = await launchWithExtension();
try {
  let sw = await serviceWorkerOf(context);
  const extensionId = new URL(sw.url()).host;
  log(
    `seeding ${CUSTOMERS} customers, ${CUSTOMERS * CONTACTS_PER_CUSTOMER} contacts, ${CUSTOMERS * INTERACTIONS_PER_CUSTOMER} interactions`,
  );
  await seed(sw);
  const lookupRate = await lookupsPerSecond(sw);
  log(`lookup: ${Math.round(lookupRate)}/s`);

  await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
  const page = await context.newPage();
  await page.goto('https://mail.google.com/mail/u/0/#inbox');
  await page.locator('[data-kehu-badge]').first().waitFor();

  // Warm: the worker is awake (it just answered the inbox's lookups).
  const warm: number[] = [];
  for (let k = 0; k < 200; k++) {
    const i = (k * 4099 + 17) % CUSTOMERS;
    warm.push(await timeOneBadge(page, `p${k % 2}@c${i}.example`));
  }
  warm.sort((a, b) => a - b);
  log(`warm p50 ${round(percentile(warm, 50))} ms, p95 ${round(percentile(warm, 95))} ms`);

  // Cold: the worker stopped, as the browser does after 30 s idle.
  const cold: number[] = [];
  for (let k = 0; k < 7; k++) {
    const worker = await stopServiceWorker(context, extensionId);
    if (!worker.stopped()) throw new Error('the service worker woke up before the measurement');
    // An address no page has shown yet (the content script's cache cannot answer), at a known customer.
    const i = (k * 7001 + 3) % CUSTOMERS;
    cold.push(await timeOneBadge(page, `cold${k}@c${i}.example`));
    await new Promise((r) => setTimeout(r, 200));
    // The badge needed the worker: it is running again (else this was not a cold lookup).
    if (worker.stopped()) throw new Error('the badge appeared without the service worker: not a cold measurement');
    log(`cold #${k}: ${round(cold.at(-1)!)} ms; the worker was started for it`);
    await worker.close();
  }
  cold.sort((a, b) => a - b);
  log(`cold sorted: ${cold.map((c) => round(c)).join(', ')} ms`);
  sw = await serviceWorkerOf(context);

  // Long tasks while a 500-row inbox of known customers gets its badges.
  const inbox = await context.newPage();
  await inbox.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // The page's own first render and layout of 500 rows is the page's cost, not Kehu's: count
    // from the first frame after load (Kehu's content script starts at document idle, after it).
    addEventListener('load', () =>
      requestAnimationFrame(() => requestAnimationFrame(() => performance.mark('kehu-page-painted'))),
    );
  });
  await inbox.goto('https://mail.google.com/mail/u/0/?rows=500&rowdomain=c%25.example#inbox');
  await inbox.waitForFunction(() => document.querySelectorAll('[data-kehu-badge][data-level]').length >= 500, null, {
    timeout: 60_000,
  });
  await inbox.waitForTimeout(300);
  const longest = await inbox.evaluate(() => {
    const ready = performance.getEntriesByName('kehu-page-painted')[0]?.startTime ?? 0;
    const tasks = (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks;
    return Math.max(0, ...tasks.filter((t) => t.start >= ready).map((t) => t.duration));
  });
  log(`longest task after the page rendered: ${round(longest)} ms`);
  if (process.env.KEHU_BENCH_DEBUG) {
    log(
      await inbox.evaluate(() =>
        JSON.stringify({
          marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
          tasks: (window as unknown as { __longtasks: unknown[] }).__longtasks,
        }),
      ),
    );
  }

  report({
    'overlay.badge_p50_ms': { value: round(percentile(warm, 50)), unit: 'ms', target: 16 },
    'overlay.badge_p95_ms': { value: round(percentile(warm, 95)), unit: 'ms', target: 16 },
    'overlay.cold_ms': { value: round(percentile(cold, 50)), unit: 'ms', target: 150 },
    'overlay.longtask_max_ms': { value: round(longest), unit: 'ms', target: 50 },
    'store.lookup_per_s': { value: Math.round(lookupRate), unit: 'lookups/s', better: 'higher' },
  });
} finally {
  await close();
}
