// Unknown new senders stay unclassified (the practice's 潜在 "potential" is a strong prospect, a rep's
// judgement): "+ Add" makes an unclassified customer, the card asks for a classification, one
// choice classifies it, and customers earlier versions added as "potential" are moved over on upgrade.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { Customer } from '#shared/model/customer.ts';
import { createApi } from '../../../extension/src/api/router.ts';
import { isAddedSender, openDb } from '../../../extension/src/store/db.ts';
import { testContext } from './context.ts';

const at = '2026-03-01T00:00:00.000Z';
const customer = (id: string, extra: Record<string, unknown>) => ({
  id,
  name: `${id}.example`,
  domains: [`${id}.example`],
  tier: 'potential',
  tags: [],
  consent: 'unknown',
  createdAt: at,
  rev: 1,
  updatedAt: at,
  updatedBy: 'rep-li',
  deletedAt: null,
  ...extra,
});

describe('an unknown sender added from the mailbox', () => {
  it('becomes an unclassified customer, which the card shows and one choice classifies', async () => {
    const ctx = testContext();
    const kehu = createApi(ctx);
    const badge = await kehu.addSender({ email: 'sam@newco.example', name: 'Sam' });
    expect(await ctx.db.customers.get(badge.customerId!)).toMatchObject({ tier: 'unclassified', rev: 1 });
    expect(await kehu.card({ email: 'sam@newco.example' })).toMatchObject({ customer: { tier: 'unclassified' } });
    const r = await kehu.saveCustomerDraft({ id: badge.customerId!, tier: 'key' });
    expect(r.ok && r.record).toMatchObject({ tier: 'key', rev: 2 });
  });

  it('a record with a tier from before "unclassified" existed is still read as it was', () => {
    for (const tier of ['key', 'general', 'potential', 'no-need'])
      expect(Customer.parse(customer('old', { tier })).tier).toBe(tier);
    expect(Customer.parse({ ...customer('old', {}), tier: undefined }).tier).toBe('general');
  });
});

describe('the store upgrade to version 4', () => {
  it('moves customers "+ Add" made as "potential" to unclassified, as a new version that syncs, and leaves every other one', async () => {
    const factory = new IDBFactory();
    const old = openDb('unclassified-upgrade', { indexedDB: factory, IDBKeyRange, upTo: 3 });
    await old.open();
    await old.table('customers').bulkPut([
      customer('added', {}),
      // Classified on purpose by a rep (edited since), imported, named, or with more than one domain.
      customer('edited', { rev: 2 }),
      customer('imported', { updatedBy: 'import' }),
      customer('named', { name: 'Named Ltd' }),
      customer('two', { domains: ['two.example', 'two.cn'] }),
      customer('keyed', { tier: 'key' }),
    ]);
    await old.table('changes').add({ entity: 'customers', id: 'keyed', rev: 1, at });
    old.close();

    const db = openDb('unclassified-upgrade', { indexedDB: factory, IDBKeyRange });
    await db.open();
    const added = await db.customers.get('added');
    expect(added).toMatchObject({ tier: 'unclassified', rev: 2, updatedBy: 'rep-li' });
    expect(added!.updatedAt > at).toBe(true);
    for (const id of ['edited', 'imported', 'named', 'two']) expect((await db.customers.get(id))!.tier).toBe('potential');
    expect((await db.customers.get('keyed'))!.tier).toBe('key');
    // The new version waits in the outbox, so the team's copy is classified the same way at the next sync.
    expect((await db.changes.toArray()).map((c) => [c.id, c.rev])).toEqual([
      ['keyed', 1],
      ['added', 2],
    ]);
    db.close();
  });

  it('recognises exactly what "+ Add" made', () => {
    expect(isAddedSender(Customer.parse(customer('x', {})))).toBe(true);
    expect(isAddedSender(Customer.parse(customer('x', { tier: 'general' })))).toBe(false);
    expect(isAddedSender(Customer.parse(customer('x', { deletedAt: at })))).toBe(false);
  });
});
