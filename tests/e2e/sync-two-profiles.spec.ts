// Two reps, two browser profiles with the built extension, one real collector (`kehu serve`):
// Alice connects through the options page and shares her customers; Bob connects and receives
// them, badges and all; both rename the same customer while apart; after two rounds of sync both
// stores and the collector hold the last writer's version, and the other is kept in the
// collector's history.
import { seed } from './extension-support.ts';
import { expect, launchWithExtension, serviceWorkerOf, test } from './harness.ts';
import { call, type RunningCollector, type SyncView, startCollector } from './sync-support.ts';
import { grantHost, openPage } from './workspace-support.ts';

const ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases', 'alerts'] as const;

test('two profiles sync through one collector and converge after concurrent edits', async () => {
  test.setTimeout(240_000);
  let collector: RunningCollector | null = null;
  const alice = await launchWithExtension();
  const bob = await launchWithExtension();
  try {
    collector = await startCollector();
    const url = collector.url;
    const swA = await serviceWorkerOf(alice.context);
    const swB = await serviceWorkerOf(bob.context);
    const idA = new URL(swA.url()).host;
    const idB = new URL(swB.url()).host;
    // Each rep allows the collector's address when the browser asks (here through the extensions page).
    await grantHost(alice.context, idA, `${url}/*`);
    await grantHost(bob.context, idB, `${url}/*`);

    // Alice has her customers, then connects through the options page.
    await call(swA, 'setSettings', { repName: 'alice' });
    await seed(swA);
    const options = await openPage(alice.context, idA, 'options.html', { width: 1200, height: 900 });
    await options.getByLabel('Collector address').fill(url);
    await options.getByLabel('Team token').fill(collector.token('alice'));
    await options.getByRole('button', { name: 'Save', exact: true }).first().click();
    const status = options.locator('.sync-status');
    await expect(status.getByRole('heading', { name: 'Team sync' })).toBeVisible();
    await options.getByRole('button', { name: 'Sync now' }).click();
    await expect(status).toContainText('Every change has been sent.', { timeout: 60_000 });
    await expect(status).toContainText(/Last synced /);
    expect(await call<SyncView>(swA, 'syncStatus')).toMatchObject({ state: 'idle', pending: 0, error: null });

    // Bob connects and receives everything, reassessed: ACME's badge level is the same as Alice's.
    await call(swB, 'setSettings', { repName: 'bob', collectorUrl: url, collectorToken: collector.token('bob') });
    const bobFirst = await call<SyncView>(swB, 'syncNow');
    expect(bobFirst).toMatchObject({ state: 'idle', error: null, pending: 0 });
    const acmeAtBob = await call<{ customer: { name: string }; assessment: { level: string } }>(
      swB,
      'lookup',
      'wei@acme.example',
    );
    expect(acmeAtBob.customer.name).toBe('ACME Trading');
    expect(acmeAtBob.assessment.level).toBe('red');

    // Apart, both rename ACME; Bob's edit is the later one.
    expect(await call(swA, 'saveCustomerDraft', { id: 'acme', name: 'ACME Trading (Alice)' })).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(await call(swB, 'saveCustomerDraft', { id: 'acme', name: 'ACME Trading (Bob)' })).toMatchObject({ ok: true });
    expect((await call<SyncView>(swA, 'syncStatus')).pending).toBe(1);

    // Two rounds of sync, in both orders.
    for (let round = 0; round < 2; round++) {
      expect(await call<SyncView>(swA, 'syncNow')).toMatchObject({ state: 'idle', error: null });
      expect(await call<SyncView>(swB, 'syncNow')).toMatchObject({ state: 'idle', error: null });
    }

    // Both stores hold the same records, ACME in Bob's version.
    for (const sw of [swA, swB]) {
      expect((await call<{ customer: unknown }>(sw, 'lookup', 'wei@acme.example')).customer).toMatchObject({
        name: 'ACME Trading (Bob)',
        updatedBy: 'bob',
      });
      expect(await call<SyncView>(sw, 'syncStatus')).toMatchObject({ pending: 0, error: null });
    }
    const records = async (sw: typeof swA, entity: string) =>
      (await call<string>(sw, 'exportText', { entity, format: 'ndjson' }))
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string });
    for (const entity of ENTITIES) {
      // Compared as records: the key order of a record that went through the collector's store may differ.
      const a = await records(swA, entity);
      expect(a.length, `${entity} at Alice`).toBeGreaterThan(0);
      expect(await records(swB, entity), `${entity} in both stores`).toEqual(a);
    }
    // The collector too; Alice's version is in its history.
    const stored = collector.exportRecords<{ id: string; name: string; updatedBy: string }>('customers');
    expect(stored.find((c) => c.id === 'acme')).toMatchObject({ name: 'ACME Trading (Bob)', updatedBy: 'bob' });
    expect(stored.map((c) => c.id).sort()).toEqual((await records(swA, 'customers')).map((c) => c.id).sort());
    await collector.stop();
    const history = collector.query<{ updated_by: string; data: { name: string } }>(
      "SELECT updated_by, data FROM kehu_history WHERE entity = 'customers' AND id = 'acme'",
    );
    expect(history.map((h) => [h.updated_by, h.data.name])).toContainEqual(['alice', 'ACME Trading (Alice)']);

    // The popup shows the status too.
    const popup = await openPage(bob.context, idB, 'popup.html', { width: 400, height: 700 });
    await expect(popup.locator('.sync-status')).toContainText(/Last synced /);
  } finally {
    await alice.close();
    await bob.close();
    await collector?.dispose();
  }
});
