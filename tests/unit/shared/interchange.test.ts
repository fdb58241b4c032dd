import { describe, expect, it } from 'vitest';
import { type ImportItem, ImportFileError, readImport } from '#shared/codecs/import.ts';
import type { ImportEntity } from '#shared/model/interchange.ts';

const ctx = { now: '2026-11-25T00:00:00.000Z', by: 'test', timeZone: 'UTC' };

async function run<E extends ImportEntity>(entity: E, text: string, format: 'csv' | 'ndjson' = 'csv') {
  const out: ImportItem<E>[] = [];
  for await (const item of readImport(entity, format, [text], ctx)) out.push(item);
  return out;
}

describe('customers CSV', () => {
  it('maps the documented columns, normalising domains and reading Chinese tier names', async () => {
    const [item] = await run(
      'customers',
      'id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes\nc1,艾克米,Mail.ACME.co.uk; acme.cn,制造,重点,stable,li,14,vip;north,"notes, with comma"\n',
    );
    expect(item).toMatchObject({
      ok: true,
      record: {
        id: 'c1',
        name: '艾克米',
        domains: ['acme.co.uk', 'acme.cn'],
        tier: 'key',
        stage: 'stable',
        cadenceDays: 14,
        tags: ['vip', 'north'],
        rev: 1,
      },
    });
  });
  it('rejects a row naming the line, the field and the reason', async () => {
    const items = await run('customers', 'id,name,domains,cadence_days,tier\nc1,,gmail.com,often,gold\n');
    expect(items[0]).toEqual({
      ok: false,
      line: 2,
      rejections: expect.arrayContaining([
        { line: 2, field: 'name', error: 'is required', code: 'required' },
        {
          line: 2,
          field: 'domains',
          error: expect.stringContaining('free-mail'),
          code: 'free_mail',
          params: { value: 'gmail.com' },
        },
        {
          line: 2,
          field: 'cadence_days',
          error: expect.stringContaining('not a number'),
          code: 'not_number',
          params: { value: 'often' },
        },
      ]),
    });
  });
  it('keeps a row whose tier is outside the list, with a warning naming the column, the original kept as a tag', async () => {
    const items = await run('customers', 'id,name,tier\nc1,Acme,gold\n');
    expect(items[0]).toMatchObject({
      ok: true,
      record: { tier: 'general', tags: ['tier: gold'] },
      warnings: [{ line: 2, field: 'tier', error: expect.stringContaining('"gold" is not one of') }],
    });
  });
  it('refuses a file whose header lacks a required column', async () => {
    await expect(run('customers', 'name,domains\nAcme,acme.com\n')).rejects.toThrow(ImportFileError);
    await expect(run('customers', 'name,domains\nAcme,acme.com\n')).rejects.toThrow(/line 1: the header lacks the column id/);
  });
});

describe('interactions CSV', () => {
  it('maps rows and gives the same id to the same row on every import', async () => {
    const text =
      'customer_id,occurred_at,kind,amount,currency,summary,ref\nc1,2011-12-09 12:50,order,"1,234.50",gbp,Invoice 1,536365\nc1,2011-12-09 12:50,order,1234.5,GBP,Invoice 1,536365\nc1,2011-12-10,return,-3,,,\n';
    const a = await run('interactions', text);
    const b = await run('interactions', text);
    expect(a.map((x) => x.ok && x.record.id)).toEqual(b.map((x) => x.ok && x.record.id));
    expect(a[0]).toMatchObject({
      ok: true,
      record: {
        customerId: 'c1',
        kind: 'order',
        amount: 1234.5,
        currency: 'GBP',
        occurredAt: '2011-12-09T12:50:00.000Z',
        ref: { id: '536365' },
      },
    });
    // the same order line twice in a row stays two records
    expect(a[0]?.ok && a[1]?.ok && a[0].record.id !== a[1].record.id).toBe(true);
  });
  it('rejects a bad date and an unknown kind', async () => {
    const items = await run('interactions', 'customer_id,occurred_at,kind\nc1,31/12/2011,order\nc1,2011-12-31,fax\n');
    expect(items[0]).toMatchObject({ ok: false, rejections: [{ line: 2, field: 'occurred_at' }] });
    expect(items[1]).toMatchObject({ ok: false, rejections: [{ line: 3, field: 'kind' }] });
  });
});

describe('contacts, responses and cases CSV', () => {
  it('maps contacts with several addresses', async () => {
    const [item] = await run(
      'contacts',
      'id,customer_id,name,emails,phones,title,role,status,notes\np1,c1,王伟,Wei@Acme.cn;wei.wang@acme.cn,+86 10 1234,经理,decision maker,离职,\n',
    );
    expect(item).toMatchObject({
      ok: true,
      record: { emails: ['wei@acme.cn', 'wei.wang@acme.cn'], status: 'left', customerId: 'c1' },
    });
  });
  it('checks survey scores against their scale', async () => {
    const items = await run(
      'responses',
      'id,kind,score,comment,respondent_email,customer_id,submitted_at\nr1,nps,11,,a@acme.com,,2026-01-01\nr2,csat,2,slow,,c1,2026-01-02\nr3,suggestion,3,idea,,c1,2026-01-02\n',
    );
    expect(items[0]).toMatchObject({ ok: false, rejections: [{ field: 'score', error: expect.stringContaining('0–10') }] });
    expect(items[1]).toMatchObject({ ok: true, record: { kind: 'csat', score: 2 } });
    expect(items[2]).toMatchObject({ ok: false, rejections: [{ field: 'score' }] });
  });
  it('maps cases, treating a closed_at as closed', async () => {
    const items = await run(
      'cases',
      'id,customer_id,title,category,severity,status,opened_at,due_at,closed_at\nk1,c1,Late delivery,delivery,high,open,2026-01-01,2026-01-03,\nk2,c1,Broken,product,low,,2026-01-01,,2026-01-05\n',
    );
    expect(items[0]).toMatchObject({ ok: true, record: { status: 'listen', severity: 'high' } });
    expect(items[1]).toMatchObject({ ok: true, record: { status: 'closed', closedAt: '2026-01-05T00:00:00.000Z' } });
  });
});

describe('NDJSON', () => {
  it('fills sync metadata and validates against the shared schema', async () => {
    const items = await run('customers', '{"id":"c1","name":"Acme","domains":["acme.com"]}\n{"id":"c2"}\n[1]\n', 'ndjson');
    expect(items[0]).toMatchObject({ ok: true, record: { id: 'c1', tier: 'general', rev: 1, updatedBy: 'test' } });
    expect(items[1]).toMatchObject({ ok: false, line: 2, rejections: [{ line: 2, field: 'name' }] });
    expect(items[2]).toMatchObject({ ok: false, line: 3 });
  });
});
