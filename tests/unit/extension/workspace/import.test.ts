// The options page's import: column guessing from Chinese and English headers, the rep's mapping,
// the preview's rejections (line, field, reason), batched import with cancel, a GBK file from
// Excel, and the same file twice updating rather than duplicating.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import {
  type ByteSource,
  formatOf,
  guessColumns,
  ImportFileError,
  importFile,
  mapFile,
  missingColumns,
  previewFile,
  readHead,
  unmappedRequired,
} from '../../../../extension/src/ui/options/import-pipeline.ts';
import { testContext } from '../context.ts';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/workspace');
const file = (name: string): ByteSource => new Blob([readFileSync(join(FIXTURES, name))]);
const text = (s: string, chunk = 7): ByteSource => {
  // A stream that hands the bytes over in small pieces, cutting through characters and lines.
  const bytes = new TextEncoder().encode(s);
  return {
    size: bytes.length,
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk));
          c.close();
        },
      }),
  };
};
const ctx = { now: '2026-11-20T10:00:00.000Z', by: 'import', timeZone: 'Asia/Shanghai' };

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const i of items) out.push(i);
  return out;
}

describe('column guessing', () => {
  it('reads a GBK file from Excel and guesses every column from its Chinese header', async () => {
    const head = await readHead(file('customers-gbk.csv'));
    expect(head.header).toEqual(['客户编号', '客户名称', '网址', '行业', '客户级别', '负责人', '联系周期', '备注']);
    expect(head.sample[0]).toContain('华为技术有限公司');
    const mapping = guessColumns('customers', head.header);
    expect(mapping).toEqual({ id: 0, name: 1, domains: 2, industry: 3, tier: 4, owner: 5, cadence_days: 6, notes: 7 });
    expect(unmappedRequired('customers', mapping)).toEqual([]);
  });

  it('guesses contacts (邮箱, 电话) and interactions (日期, 金额) the same way', async () => {
    expect(guessColumns('contacts', (await readHead(file('contacts-zh.csv'))).header)).toEqual({
      id: 0,
      customer_id: 1,
      name: 2,
      emails: 3,
      phones: 4,
      title: 5,
      status: 6,
    });
    expect(guessColumns('interactions', (await readHead(file('interactions-zh.csv'))).header)).toEqual({
      customer_id: 0,
      occurred_at: 1,
      kind: 2,
      amount: 3,
      currency: 4,
      summary: 5,
    });
    expect(guessColumns('customers', ['Customer Name', 'Customer ID', 'E-mail', 'Website'])).toMatchObject({
      name: 0,
      id: 1,
      domains: 3,
    });
  });

  it('knows the format from the file name', () => {
    expect(formatOf('kunden.csv')).toBe('csv');
    expect(formatOf('export.ndjson')).toBe('ndjson');
    expect(formatOf('export.jsonl')).toBe('ndjson');
    expect(formatOf('客户.txt')).toBe('csv');
  });
});

describe('mapping and preview', () => {
  it('maps rows through the rep’s column choice, whatever the header says', async () => {
    const source = text('编号;公司;随便\nk1;甲公司;x\nk2;乙公司;y\n');
    const items = await all(mapFile(source, { entity: 'customers', format: 'csv', mapping: { id: 0, name: 1 }, ctx }));
    expect(items.map((i) => i.ok && [i.record.id, (i.record as { name: string }).name])).toEqual([
      ['k1', '甲公司'],
      ['k2', '乙公司'],
    ]);
    // The rep moves "name" to the third column.
    const moved = await all(mapFile(source, { entity: 'customers', format: 'csv', mapping: { id: 0, name: 2 }, ctx }));
    expect(moved.map((i) => i.ok && (i.record as { name: string }).name)).toEqual(['x', 'y']);
  });

  it('refuses a mapping that leaves a required column out, naming it', async () => {
    const source = text('a,b\n1,2\n');
    await expect(
      all(mapFile(source, { entity: 'interactions', format: 'csv', mapping: { customer_id: 0 }, ctx })),
    ).rejects.toThrow(ImportFileError);
    await expect(
      all(mapFile(source, { entity: 'interactions', format: 'csv', mapping: { customer_id: 0 }, ctx })),
    ).rejects.toThrow(/occurred_at, kind/);
  });

  it('previews every rejected row with its line, field and reason, and counts the rest', async () => {
    const source = file('customers-gbk.csv');
    const mapping = guessColumns('customers', (await readHead(source)).header);
    const p = await previewFile(source, { entity: 'customers', format: 'csv', mapping, ctx });
    expect(p).toMatchObject({ rows: 3, valid: 2, rejectedRows: 1, duplicateIds: 0 });
    expect(p.rejections).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 4, field: 'name', error: 'is required' }),
        expect.objectContaining({ line: 4, field: 'cadence_days', error: expect.stringContaining('not a number') }),
      ]),
    );
    const interactions = file('interactions-zh.csv');
    const ip = await previewFile(interactions, {
      entity: 'interactions',
      format: 'csv',
      mapping: guessColumns('interactions', (await readHead(interactions)).header),
      ctx,
    });
    expect(ip).toMatchObject({ rows: 14, valid: 13, rejectedRows: 1 });
    expect(ip.rejections[0]).toMatchObject({ line: 14, field: 'occurred_at' });
  });

  it('lists the rows kept with a warning, with line and field, apart from the rejected ones', async () => {
    const source = text('id,name,tier\nc1,Acme,VIP\nc2,Beta,key\nc3,,gold\nc4,Delta,gold\n');
    const mapping = guessColumns('customers', ['id', 'name', 'tier']);
    const p = await previewFile(source, { entity: 'customers', format: 'csv', mapping, ctx });
    expect(p).toMatchObject({ rows: 4, valid: 3, rejectedRows: 1, warnedRows: 2 });
    expect(p.rejections).toEqual([expect.objectContaining({ line: 4, field: 'name' })]);
    expect(p.warnings).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'tier',
        error: expect.stringContaining('read as "key" (the closest meaning)'),
        code: 'read_as_closest',
      }),
      expect.objectContaining({
        line: 5,
        field: 'tier',
        error: expect.stringContaining('left empty (the default applies); the original is kept'),
        code: 'left_empty',
      }),
    ]);
  });

  it('maps NDJSON without a column step, line by line', async () => {
    const source = text('{"id":"n1","name":"North"}\nnot json\n{"id":"n2","name":""}\n');
    const p = await previewFile(source, { entity: 'customers', format: 'ndjson', ctx });
    expect(p).toMatchObject({ rows: 3, valid: 1, rejectedRows: 2 });
    expect(p.rejections.map((r) => r.line)).toEqual([2, 3]);
  });
});

describe('import in batches', () => {
  it('imports through the API in batches; the same file again updates, never duplicates', async () => {
    const t = testContext();
    const kehu = createApi(t);
    const send = (entity: string, records: unknown[]) =>
      kehu.importRecords({ entity, records } as Parameters<typeof kehu.importRecords>[0]) as Promise<{
        added: number;
        updated: number;
        unchanged: number;
        customerIds: string[];
      }>;
    const customers = file('customers-gbk.csv');
    const cm = guessColumns('customers', (await readHead(customers)).header);
    const first = await importFile(customers, { entity: 'customers', format: 'csv', mapping: cm, ctx }, send);
    expect(first).toMatchObject({ rows: 3, added: 2, updated: 0, rejectedRows: 1, cancelled: false });
    expect(await t.db.customers.get('hw')).toMatchObject({
      name: '华为技术有限公司',
      tier: 'key',
      owner: '王伟',
      cadenceDays: 14,
    });

    const interactions = file('interactions-zh.csv');
    const im = guessColumns('interactions', (await readHead(interactions)).header);
    const a = await importFile(interactions, { entity: 'interactions', format: 'csv', mapping: im, ctx, batchSize: 5 }, send);
    expect(a).toMatchObject({ added: 13, updated: 0, unchanged: 0, rejectedRows: 1 });
    expect([...a.customerIds].sort()).toEqual(['hw', 'zx']);
    const b = await importFile(interactions, { entity: 'interactions', format: 'csv', mapping: im, ctx, batchSize: 5 }, send);
    expect(b).toMatchObject({ added: 0, updated: 0, unchanged: 13 });
    expect(await t.db.interactions.count()).toBe(13);
    const order = (await t.db.interactions.toArray()).find((i) => i.summary === '月度订单 3');
    expect(order).toMatchObject({
      kind: 'order',
      amount: 1030.5,
      currency: 'CNY',
      customerId: 'hw',
      occurredAt: '2026-03-04T16:00:00.000Z',
    });
  });

  it('imports an orders sheet that names its customers and has no kind column: every row an order, customers found by name', async () => {
    const t = testContext();
    const kehu = createApi(t);
    const send = (entity: string, records: unknown[]) =>
      kehu.importRecords({ entity, records, run: 'r1' } as Parameters<typeof kehu.importRecords>[0]) as Promise<{
        added: number;
        updated: number;
        unchanged: number;
        customerIds: string[];
      }>;
    const customers = file('customers-gbk.csv');
    await importFile(
      customers,
      { entity: 'customers', format: 'csv', mapping: guessColumns('customers', (await readHead(customers)).header), ctx },
      send,
    );
    const sheet = text(
      '客户名称,日期,金额,备注\n华为技术有限公司,2026-01-05,1200,首单\n　华为技术有限公司 ,2026-02-05,800,\n未知公司,2026-02-06,5,\n',
    );
    const mapping = guessColumns('interactions', ['客户名称', '日期', '金额', '备注']);
    expect(mapping).toMatchObject({ customer_id: 0, occurred_at: 1, amount: 2 });
    expect(missingColumns('interactions', mapping)).toEqual(['kind']);
    expect(missingColumns('interactions', mapping, { kind: 'order' })).toEqual([]);
    const totals = await importFile(
      sheet,
      { entity: 'interactions', format: 'csv', mapping, constants: { kind: 'order' }, ctx },
      send,
    );
    expect(totals).toMatchObject({ added: 3, byName: 2, unknownCustomer: 1, unknownExamples: ['未知公司'] });
    const orders = await t.db.interactions.toArray();
    expect(orders.filter((o) => o.customerId === 'hw').map((o) => [o.kind, o.amount])).toEqual(
      expect.arrayContaining([
        ['order', 1200],
        ['order', 800],
      ]),
    );
    // The same sheet again: nothing doubled.
    const again = await importFile(
      sheet,
      { entity: 'interactions', format: 'csv', mapping, constants: { kind: 'order' }, ctx },
      send,
    );
    expect(again).toMatchObject({ added: 0, unchanged: 3 });
  });

  it('stops between batches when cancelled; what was sent stays', async () => {
    const lines = ['id,name'];
    for (let i = 0; i < 50; i++) lines.push(`c${i},Customer ${i}`);
    const source = text(`${lines.join('\n')}\n`, 64);
    const abort = new AbortController();
    const sent: number[] = [];
    const totals = await importFile(
      source,
      { entity: 'customers', format: 'csv', mapping: { id: 0, name: 1 }, ctx, batchSize: 10, signal: abort.signal },
      async (_e, records) => {
        sent.push(records.length);
        if (sent.length === 2) abort.abort();
        return { added: records.length, updated: 0, unchanged: 0, customerIds: [] };
      },
    );
    expect(totals.cancelled).toBe(true);
    expect(sent).toEqual([10, 10]);
    expect(totals.added).toBe(20);
  });

  it('refuses records that do not pass the shared schema at the API boundary', async () => {
    const kehu = createApi(testContext());
    await expect(
      kehu.importRecords({ entity: 'customers', records: [{ id: 'x', name: '' }] } as unknown as Parameters<
        typeof kehu.importRecords
      >[0]),
    ).rejects.toThrow(/records\.0/);
  });
});
