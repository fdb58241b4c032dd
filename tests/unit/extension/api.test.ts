// The API handlers through the router, as content scripts, pages and globalThis.kehu call them.
import { describe, expect, it } from 'vitest';
import { callMethod, createApi } from '../../../extension/src/api/router.ts';
import { rowIds } from '../../../extension/src/store/db.ts';
import { emailInteractionId } from '../../../extension/src/store/email-log.ts';
import { seedFiles } from '../../fixtures/webmail/seed.ts';
import { testContext } from './context.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example;https://www.acme.cn/,Retail,重点,稳定期,rep,7,wholesale;east,
globex,Globex,globex.example,,general,,,,,`;
const CONTACTS = `id,customer_id,name,emails,phones,title,role,status,notes
c-wei,acme,Wei Wang,Wei@ACME.example,+86 21 5555,Buyer,,active,
c-friend,,A Friend,friend@gmail.com,,,,active,`;

async function seeded() {
  const ctx = testContext();
  const kehu = createApi(ctx);
  await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
  await kehu.importText({ entity: 'contacts', format: 'csv', text: CONTACTS });
  return { ctx, kehu };
}

describe('importText', () => {
  it('adds, then on the same file again changes nothing; a changed row is an update with a new rev', async () => {
    const { ctx, kehu } = await seeded();
    expect(await ctx.db.customers.count()).toBe(2);
    const again = await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
    expect(again).toEqual({ added: 0, updated: 0, unchanged: 2, rejected: [] });
    const changed = CUSTOMERS.replace('ACME Trading', 'ACME Trading Ltd');
    expect(await kehu.importText({ entity: 'customers', format: 'csv', text: changed })).toMatchObject({ added: 0, updated: 1 });
    expect(await ctx.db.customers.get('acme')).toMatchObject({ name: 'ACME Trading Ltd', rev: 2, tier: 'key', stage: 'stable' });
    expect(await ctx.db.customers.get('acme')).toMatchObject({ domains: ['acme.example', 'acme.cn'] });
  });

  it('reports every rejected line with its field, and imports the rest', async () => {
    const { kehu } = await seeded();
    const text = `customer_id,occurred_at,kind,amount,currency,summary,ref
acme,2026-01-05,order,120.50,EUR,first,
acme,yesterday,order,1,EUR,bad date,
acme,2026-01-06,teleport,,,bad kind,
acme,2026-01-07,call,,,ok,`;
    const r = await kehu.importText({ entity: 'interactions', format: 'csv', text });
    expect(r.added).toBe(2);
    expect(r.rejected.map((x) => [x.line, x.field])).toEqual([
      [3, 'occurred_at'],
      [4, 'kind'],
    ]);
  });

  it('names the missing column of a file that cannot be imported', async () => {
    const { kehu } = await seeded();
    await expect(kehu.importText({ entity: 'cases', format: 'csv', text: 'id,title\nk1,late\n' })).rejects.toThrow(/customer_id/);
  });

  it('attaches a survey answer given only by address to the customer behind it', async () => {
    const { ctx, kehu } = await seeded();
    const text = 'kind,score,comment,respondent_email,submitted_at\nnps,3,slow,wei@acme.example,2026-11-01\n';
    expect(await kehu.importText({ entity: 'responses', format: 'csv', text })).toMatchObject({ added: 1 });
    expect((await ctx.db.responses.toArray())[0]).toMatchObject({ customerId: 'acme', contactId: 'c-wei' });
  });

  it('reads NDJSON in the shared schemas and tells the pages what changed', async () => {
    const { ctx, kehu } = await seeded();
    const line = JSON.stringify({ id: 'k1', customerId: 'acme', title: 'Late delivery', openedAt: '2026-11-01T00:00:00.000Z' });
    expect(await kehu.importText({ entity: 'cases', format: 'ndjson', text: `${line}\n{oops\n` })).toMatchObject({
      added: 1,
      rejected: [{ line: 2 }],
    });
    expect(ctx.changes.at(-1)).toEqual({ customerIds: ['acme'] });
  });
});

describe('exportText', () => {
  it('writes the interchange CSV, which imports back unchanged', async () => {
    const { kehu } = await seeded();
    const csv = await kehu.exportText({ entity: 'contacts', format: 'csv' });
    expect(csv.startsWith('\uFEFFid,customer_id,name,emails,phones')).toBe(true);
    expect(csv).toContain('wei@acme.example');
    const back = await kehu.importText({ entity: 'contacts', format: 'csv', text: csv });
    expect(back).toEqual({ added: 0, updated: 0, unchanged: 2, rejected: [] });
  });

  it('leaves deleted records out', async () => {
    const { ctx, kehu } = await seeded();
    await ctx.db.customers.update('globex', { deletedAt: '2026-11-01T00:00:00.000Z' });
    const ndjson = await kehu.exportText({ entity: 'customers', format: 'ndjson' });
    expect(
      ndjson
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['acme']);
  });
});

describe('lookup', () => {
  it('answers {customer, contact, assessment} for a known address, in any spelling, and null for a stranger', async () => {
    const { kehu } = await seeded();
    const r = await kehu.lookup(' <WEI@acme.example> ');
    expect(r?.contact?.id).toBe('c-wei');
    expect(r?.customer?.id).toBe('acme');
    expect(r).toHaveProperty('assessment');
    expect((await kehu.lookup('someone@acme.example'))?.customer?.id).toBe('acme');
    expect(await kehu.lookup('nobody@nowhere.example')).toBeNull();
    expect(await kehu.lookup('not an address')).toBeNull();
  });

  it('gives badges for many addresses in one call', async () => {
    const { kehu } = await seeded();
    const badges = await kehu.lookupMany({ emails: ['wei@acme.example', 'friend@gmail.com', 'x@newco.example'] });
    expect(badges.map((b) => [b.email, b.customerId, b.contactId])).toEqual([
      ['wei@acme.example', 'acme', 'c-wei'],
      ['friend@gmail.com', null, 'c-friend'],
      ['x@newco.example', null, null],
    ]);
    expect(badges[2]!.level).toBe('unknown');
    expect(badges[1]!.level).toBe('none'); // a known person without a customer: no warning colour
  });

  it('refuses input that does not fit, naming the field', async () => {
    const { ctx } = await seeded();
    await expect(callMethod(ctx, 'lookupMany', { emails: 'wei@acme.example' })).rejects.toThrow(/lookupMany: emails/);
    await expect(callMethod(ctx, 'importText', { entity: 'planets', format: 'csv', text: '' })).rejects.toThrow(/entity/);
    await expect(callMethod(ctx, 'nope' as 'lookup', {})).rejects.toThrow(/no such method/);
  });

  it('builds the hover card: name, tier, stage, last contact, open cases, latest answer', async () => {
    const { kehu } = await seeded();
    await kehu.importText({
      entity: 'interactions',
      format: 'csv',
      text: 'customer_id,occurred_at,kind\nacme,2026-10-01,call\nacme,2026-11-01,order\n',
    });
    await kehu.importText({
      entity: 'cases',
      format: 'csv',
      text: 'id,customer_id,title,opened_at\nk1,acme,Late delivery,2026-11-02\n',
    });
    await kehu.importText({
      entity: 'responses',
      format: 'csv',
      text: 'kind,score,comment,customer_id,submitted_at\nnps,9,great,acme,2026-10-01\nnps,4,slow,acme,2026-11-10\n',
    });
    const card = await kehu.card({ email: 'wei@acme.example', locale: 'zh-CN' });
    expect(card).toMatchObject({
      customer: { id: 'acme', name: 'ACME Trading', tier: 'key', stage: 'stable' },
      contact: { name: 'Wei Wang', title: 'Buyer' },
      lastContact: { kind: 'call' },
      openCases: { count: 1, titles: ['Late delivery'] },
      latestResponse: { kind: 'nps', score: 4, comment: 'slow' },
    });
    expect(await kehu.card({ email: 'x@newco.example' })).toBeNull();
  });
});

describe('addSender', () => {
  it('creates the contact and the customer from a company domain, once', async () => {
    const { ctx, kehu } = await seeded();
    const badge = await kehu.addSender({ email: 'sam@newco.example', name: 'Sam' });
    expect(badge.level).not.toBe('unknown');
    expect(badge.customerId).toBeTruthy();
    const customer = await ctx.db.customers.get(badge.customerId!);
    expect(customer).toMatchObject({ name: 'newco.example', domains: ['newco.example'], rev: 1, updatedBy: 'tester' });
    await kehu.addSender({ email: 'sam@newco.example' });
    expect(await ctx.db.contacts.where('emails').equals('sam@newco.example').count()).toBe(1);
    expect(await ctx.db.customers.where('domains').equals('newco.example').count()).toBe(1);
    // A colleague at the same company joins the existing customer.
    const colleague = await kehu.addSender({ email: 'kim@newco.example' });
    expect(colleague.customerId).toBe(badge.customerId);
  });

  it('creates only a contact for a free-mail address', async () => {
    const { ctx, kehu } = await seeded();
    const badge = await kehu.addSender({ email: 'pal@qq.com' });
    expect(badge).toMatchObject({ customerId: null, level: 'none' });
    expect(await ctx.db.customers.where('domains').equals('qq.com').count()).toBe(0);
  });
});

describe('logEmails', () => {
  const message = {
    source: 'gmail' as const,
    messageId: '18c1a0a0a0a0b001',
    threadId: '18c1a0a0a0a0a001',
    from: 'wei@acme.example',
    to: ['rep@kehu-test.example'],
    subject: 'Order delayed again',
    sentAt: '2026-11-02T09:15:00.000Z',
    url: 'https://mail.google.com/mail/u/0/#all/18c1a0a0a0a0a001',
  };

  it('records an email interaction from a known contact once per message id, metadata only', async () => {
    const { ctx, kehu } = await seeded();
    expect(await kehu.logEmails({ messages: [message] })).toEqual(['logged']);
    expect(await kehu.logEmails({ messages: [message] })).toEqual(['already-logged']);
    const all = await ctx.db.interactions.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({
      id: emailInteractionId('gmail', message.messageId),
      customerId: 'acme',
      contactId: 'c-wei',
      kind: 'email_in',
      occurredAt: message.sentAt,
      source: 'gmail',
      email: { from: 'wei@acme.example', to: ['rep@kehu-test.example'], subject: 'Order delayed again' },
      ref: { system: 'gmail', id: message.threadId, url: message.url },
    });
    expect(JSON.stringify(all[0])).not.toMatch(/body/i);
  });

  it('skips strangers, and a message whose record the rep deleted', async () => {
    const { ctx, kehu } = await seeded();
    expect(await kehu.logEmails({ messages: [{ ...message, from: 'x@newco.example' }] })).toEqual(['not-a-contact']);
    await kehu.logEmails({ messages: [message] });
    await ctx.db.interactions.toCollection().modify({ deletedAt: '2026-11-21T00:00:00.000Z' });
    expect(await kehu.logEmails({ messages: [message] })).toEqual(['already-logged']);
  });

  it('does nothing when the rep turned logging off', async () => {
    const { ctx, kehu } = await seeded();
    await kehu.setSettings({ logEmails: false });
    expect(await kehu.logEmails({ messages: [message] })).toEqual(['off']);
    expect(await ctx.db.interactions.count()).toBe(0);
  });
});

describe('openCustomer', () => {
  it('opens the side panel of the tab the click came from', async () => {
    const { ctx } = await seeded();
    await callMethod(ctx, 'openCustomer', { email: 'wei@acme.example' }, { tabId: 7 });
    expect(ctx.opened).toEqual([{ target: { tabId: 7, windowId: undefined }, customerId: 'acme' }]);
  });
});

describe('early warning', () => {
  async function withSeed() {
    const ctx = testContext();
    const now = new Date();
    ctx.now = () => now;
    const kehu = createApi(ctx);
    const files = seedFiles(now.getTime());
    for (const entity of ['customers', 'contacts', 'interactions', 'cases', 'responses'] as const) {
      await kehu.importText({ entity, format: 'csv', text: files[entity] });
    }
    return { ctx, kehu };
  }

  it('assesses every imported customer with the engine and stores the results and new alerts', async () => {
    const { ctx, kehu } = await withSeed();
    expect((await kehu.lookup('wei@acme.example'))?.assessment).toMatchObject({
      customerId: 'acme',
      level: 'red',
      watched: true,
    });
    expect((await kehu.lookup('li.na@globex.example'))?.assessment?.level).toBe('none');
    expect(await ctx.db.assessments.count()).toBe(2);
    const alerts = await ctx.db.alerts.where('customerId').equals('acme').toArray();
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((a) => a.status === 'open' && a.steps.length > 0 && a.rev === 1)).toBe(true);
    // New alerts go through the sync path like every other write.
    const outbox = (await ctx.db.changes.toArray()).filter((c) => c.entity === 'alerts').flatMap(rowIds);
    expect(outbox.sort()).toEqual(alerts.map((a) => a.id).sort());
    const card = await kehu.card({ email: 'wei@acme.example', locale: 'en' });
    expect(card?.reasons).toHaveLength(3);
    expect(card?.reasons[0]?.evidence.join(' ')).toMatch(/\d+ days ago/);
  });

  it('recomputes only the customer whose data changed, and raises no duplicate alert', async () => {
    const { ctx, kehu } = await withSeed();
    const before = await ctx.db.assessments.get('globex');
    const alertsBefore = await ctx.db.alerts.count();
    const d = (days: number) => new Date(ctx.now().getTime() - days * 86_400_000).toISOString().slice(0, 10);
    await kehu.importText({
      entity: 'cases',
      format: 'csv',
      text: `id,customer_id,title,severity,opened_at,due_at\nk-g,globex,Broken shipment,critical,${d(20)},${d(10)}\n`,
    });
    const after = await ctx.db.assessments.get('globex');
    expect(after!.score).toBeGreaterThan(before!.score);
    expect(ctx.changes.at(-1)).toEqual({ customerIds: ['globex'] });
    // ACME's data did not change: no new ACME alert.
    expect(await ctx.db.alerts.where('customerId').equals('acme').count()).toBe(alertsBefore);
    await ctx.risk.recomputeAll();
    expect(await ctx.db.alerts.where('customerId').equals('acme').count()).toBe(alertsBefore);
  });
});
