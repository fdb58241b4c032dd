// Two reps whose extensions sync through different collector processes on one PostgreSQL
// database (as behind a load balancer): Alice shares her customers through one process, Bob
// receives them through the other, both rename the same customer while apart, and after two
// rounds of sync both stores hold the same records, the later edit winning. The database is a
// fresh one on KEHU_TEST_DATABASE_URL's server, or a cluster the test starts itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { type TestDatabase, testDatabase } from '../unit/collector/postgres-server.ts';
import { seed } from './extension-support.ts';
import { expect, launchWithExtension, REPO, serviceWorkerOf, test } from './harness.ts';
import { call, kehu, type SyncView, stopChild } from './sync-support.ts';
import { grantHost } from './workspace-support.ts';

const KEHU = join(REPO, 'collector/bin/kehu.mjs');
const ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases', 'alerts'] as const;

/** `kehu serve` on the database; resolves with the process and its address once it listens. */
function servePg(url: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [KEHU, 'serve', '--database-url', url, '--port', '0'], {
    cwd: REPO,
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d;
      const m = /"msg":"listening","url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(seen);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ child, url: m[1] as string });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kehu serve exited (${code}) before listening: ${stderr}`)));
  });
}

/**
 * Sync until nothing waits to be sent. Reassessing what a sync brought can add work of its own (an
 * alert, the three-day rule's call-back), which the next sync sends: wait for that, not for one round.
 */
async function syncUntilSent(sw: Parameters<typeof call>[0]): Promise<void> {
  await expect
    .poll(
      async () => {
        const view = await call<SyncView>(sw, 'syncNow');
        return { state: view.state, error: view.error, pending: view.pending };
      },
      { timeout: 60_000 },
    )
    .toEqual({ state: 'idle', error: null, pending: 0 });
}

test('two profiles syncing through different collector processes converge', async () => {
  test.setTimeout(300_000);
  let db: TestDatabase | null = null;
  const servers: ChildProcess[] = [];
  const alice = await launchWithExtension();
  const bob = await launchWithExtension();
  try {
    db = await testDatabase();
    const store = ['--database-url', db.url];
    const token = (name: string) => kehu(['keys', 'token', ...store, '--name', name, '--scopes', 'read,write']).trim();
    const [one, two] = await Promise.all([servePg(db.url), servePg(db.url)]);
    servers.push(one.child, two.child);

    const swA = await serviceWorkerOf(alice.context);
    const swB = await serviceWorkerOf(bob.context);
    await grantHost(alice.context, new URL(swA.url()).host, `${one.url}/*`);
    await grantHost(bob.context, new URL(swB.url()).host, `${two.url}/*`);

    // Alice shares her customers through the first process.
    await call(swA, 'setSettings', { repName: 'alice', collectorUrl: one.url, collectorToken: token('alice') });
    await seed(swA);
    await syncUntilSent(swA);

    // Bob receives them through the second.
    await call(swB, 'setSettings', { repName: 'bob', collectorUrl: two.url, collectorToken: token('bob') });
    await syncUntilSent(swB);
    const acmeAtBob = await call<{ customer: { name: string } }>(swB, 'lookup', 'wei@acme.example');
    expect(acmeAtBob.customer.name).toBe('ACME Trading');

    // Apart, both rename ACME; Bob's edit is the later one.
    expect(await call(swA, 'saveCustomerDraft', { id: 'acme', name: 'ACME Trading (Alice)' })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(await call(swB, 'saveCustomerDraft', { id: 'acme', name: 'ACME Trading (Bob)' })).toMatchObject({ ok: true });
    for (let round = 0; round < 2; round++) {
      expect(await call<SyncView>(swA, 'syncNow')).toMatchObject({ state: 'idle', error: null });
      expect(await call<SyncView>(swB, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    }

    for (const sw of [swA, swB]) {
      expect((await call<{ customer: unknown }>(sw, 'lookup', 'wei@acme.example')).customer).toMatchObject({
        name: 'ACME Trading (Bob)',
        updatedBy: 'bob',
      });
      await syncUntilSent(sw);
    }
    const records = async (sw: typeof swA, entity: string) =>
      (await call<string>(sw, 'exportText', { entity, format: 'ndjson' }))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string });
    for (const entity of ENTITIES) {
      const a = await records(swA, entity);
      expect(a.length, `${entity} at Alice`).toBeGreaterThan(0);
      expect(await records(swB, entity), `${entity} in both stores`).toEqual(a);
    }
  } finally {
    await alice.close();
    await bob.close();
    await Promise.all(servers.map(stopChild));
    await db?.close();
  }
});
