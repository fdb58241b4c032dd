// A new rep's first sync of a team's records, with the browser closed half-way: while it runs, the
// popup shows how far it is and the mailbox's badges know the customers already received; after
// the browser is started again on the same profile, the sync goes on from where it stopped (it does
// not start over) and ends with every record stored once and every customer's level computed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from '@playwright/test';
import { serveFixture } from './extension-support.ts';
import { CHROMIUM_ARGS, TEST_EXTENSION_DIR, chromePath, expect, serviceWorkerOf, test } from './harness.ts';
import { type SyncView, call, kehu, serve, stopChild, storedSyncStatus } from './sync-support.ts';
import { grantHost, openPage } from './workspace-support.ts';

const CUSTOMERS = 1500;
const CONTACTS = CUSTOMERS * 2;
const INTERACTIONS = CUSTOMERS * 7;
const TOTAL = CUSTOMERS + CONTACTS + INTERACTIONS;

function seedFiles(dir: string) {
  const customers = ['id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes'];
  const contacts = ['id,customer_id,name,emails,phones,title,role,status,notes'];
  for (let i = 0; i < CUSTOMERS; i++) {
    customers.push(`c${i},Customer ${i},c${i}.example,Retail,general,stable,rep,14,,`);
    contacts.push(`p${i},c${i},Person ${i},person${i}@c${i}.example,,Buyer,,active,`);
    contacts.push(`b${i},c${i},Buyer ${i},buyer${i}@c${i}.example,,Purchasing,,active,`);
  }
  const interactions = ['id,customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let i = 0; i < INTERACTIONS; i++) interactions.push(`i${i},c${i % CUSTOMERS},2026-0${1 + (i % 9)}-15,order,100,CNY,,`);
  const files = { customers, contacts, interactions };
  return Object.entries(files).map(([entity, rows]) => {
    const file = join(dir, `${entity}.csv`);
    writeFileSync(file, rows.join('\n'));
    return [entity, file] as const;
  });
}

function launch(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromePath(),
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${TEST_EXTENSION_DIR}`, `--load-extension=${TEST_EXTENSION_DIR}`],
  });
}

test('a first sync shows its progress, keeps badges working, and resumes after the browser is closed half-way', async () => {
  test.setTimeout(420_000);
  const dir = mkdtempSync(join(tmpdir(), 'kehu-first-sync-'));
  const data = join(dir, 'data');
  const profile = join(dir, 'profile');
  const collector = await serve(data, 0);
  let context: BrowserContext | null = null;
  try {
    for (const [entity, file] of seedFiles(dir)) kehu(['import', '--data', data, '--entity', entity, file]);
    const token = kehu(['keys', 'token', '--data', data, '--name', 'newrep', '--scopes', 'read,write']).trim();

    context = await launch(profile);
    let sw = await serviceWorkerOf(context);
    const extensionId = new URL(sw.url()).host;
    await grantHost(context, extensionId, `${collector.url}/*`);
    await serveFixture(context, 'https://mail.google.com/**', 'gmail.html');
    const mail = await context.newPage();
    await mail.goto('https://mail.google.com/mail/u/0/?rows=20&rowdomain=c%25.example#inbox');
    await mail.locator('[data-kehu-badge][data-level="unknown"]').first().waitFor(); // nobody known yet

    await call(sw, 'setSettings', { repName: 'newrep', collectorUrl: collector.url, collectorToken: token });
    // Once the customers and their contacts are in, the collector stops answering (SIGSTOP): the
    // sync waits in the middle of its pull, as on a slow network.
    await expect
      .poll(async () => (await storedSyncStatus(sw))?.progress.pulled ?? 0, { timeout: 120_000, intervals: [50] })
      .toBeGreaterThanOrEqual(CUSTOMERS + CONTACTS);
    collector.child.kill('SIGSTOP');
    const during = (await storedSyncStatus(sw)) as SyncView;
    expect(during.state).toBe('pulling');
    expect(during.progress.pulled).toBeLessThan(TOTAL);

    // The popup says how far it is.
    const popup = await openPage(context, extensionId, 'popup.html');
    await expect(
      popup.getByRole('status').filter({ hasText: /receiving changes \([\d,]+ received\)|接收更改（已接收 [\d,]+ 项）/ }),
    ).toBeVisible();
    await popup.close();

    // A sender of a customer already received gets that customer's badge, during the sync.
    await mail.evaluate(() =>
      (window as unknown as { kehuFixture: { insertSender(e: string, n: string): void } }).kehuFixture.insertSender(
        'buyer42@c42.example',
        'Buyer 42',
      ),
    );
    const badge = mail.locator('[data-kehu-badge][data-email="buyer42@c42.example"]');
    await expect(badge).toHaveAttribute('data-level', /^(none|blue|yellow|orange|red)$/);

    // The browser is closed in the middle of the sync; the collector answers again.
    await context.close();
    context = null;
    collector.child.kill('SIGCONT');

    // Started again on the same profile, the extension goes on where it stopped.
    context = await launch(profile);
    sw = await serviceWorkerOf(context);
    let view: SyncView | null = null;
    await expect
      .poll(
        async () => {
          view = await call<SyncView>(sw, 'syncStatus').catch(() => null);
          return view?.state;
        },
        { timeout: 240_000, intervals: [250] },
      )
      .toBe('idle');
    const done = view as unknown as SyncView;
    expect(done).toMatchObject({ state: 'idle', error: null });
    // Only what was left was pulled after the restart (the page in flight again at most).
    expect(done.progress.pulled).toBeLessThanOrEqual(TOTAL - during.progress.pulled + 1000);
    expect(done.progress.pulled).toBeGreaterThan(0);
    const counts = await sw.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const q = indexedDB.open('kehu');
        q.onsuccess = () => resolve(q.result);
        q.onerror = () => reject(q.error);
      });
      const out: Record<string, number> = {};
      for (const name of ['customers', 'contacts', 'interactions', 'assessments']) {
        out[name] = await new Promise<number>((resolve, reject) => {
          const r = db.transaction(name).objectStore(name).count();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      }
      // The outbox: what the rep's extension wrote itself, by entity.
      const outbox = await new Promise<{ entity: string }[]>((resolve, reject) => {
        const r = db.transaction('changes').objectStore('changes').getAll();
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      db.close();
      return { ...out, outbox: [...new Set(outbox.map((c) => c.entity))].sort() };
    });
    expect(counts).toEqual({
      customers: CUSTOMERS,
      contacts: CONTACTS,
      interactions: INTERACTIONS,
      assessments: CUSTOMERS, // every customer's level, computed after the pull
      // Pulled records are not local changes: the outbox holds only the alerts and call-backs the
      // new levels raised (sent with the next sync).
      outbox: ['alerts', 'followups'],
    });
  } finally {
    collector.child.kill('SIGCONT');
    await context?.close().catch(() => {});
    await stopChild(collector.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
