// The key-customer work (the four steps on the customer record) leaves Kehu in the customers export,
// CSV and NDJSON, and comes back unchanged when that file is imported again.
import { describe, expect, it } from 'vitest';
import { guessColumns } from '#shared/codecs/column-guess.ts';
import { writeCsv } from '#shared/codecs/csv.ts';
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import { readImport } from '#shared/codecs/import.ts';
import { writeNdjson } from '#shared/codecs/ndjson.ts';
import { Customer } from '#shared/model/customer.ts';
import { KEY_CUSTOMER_COLUMNS, KEY_CUSTOMER_FIELD_COLUMNS } from '#shared/model/key-customer.ts';

const ctx = { now: '2026-11-25T00:00:00.000Z', by: 'test', timeZone: 'UTC' };

const keyWork = {
  needs: 'Machine tools need spare parts within 48 hours',
  requirements: 'Invoices in CNY; delivery to the Suzhou plant',
  workload: 'Year-end audit in December, orders peak in March',
  contactAnalysis: 'Ms Wang, purchasing: careful, unhappy since the late batch in May',
  longTermVolume: '2023 ¥1.2M, 2024 ¥1.5M, 2025 ¥1.1M',
  planWho: 'Lin (owner), with the plant manager',
  planWhen: 'Every 2 weeks; a visit each quarter',
  planHow: 'Call first, then visit with the spare-parts list, "quoted", =not a formula',
};

const customer = Customer.parse({
  id: 'c1',
  name: '苏州精工',
  domains: ['jinggong.example'],
  tier: 'key',
  ...keyWork,
  createdAt: ctx.now,
  rev: 3,
  updatedAt: ctx.now,
  updatedBy: 'lin',
  deletedAt: null,
});

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

async function reimport(format: 'csv' | 'ndjson', file: string) {
  const items = [];
  for await (const item of readImport('customers', format, [file], ctx)) items.push(item);
  return items;
}

describe('key-customer fields in the customers export', () => {
  it('are columns of the CSV, named as import reads them', async () => {
    const csv = await text(writeCsv(EXPORT_COLUMNS.customers, [customer]));
    const header = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]!
      .split(',');
    for (const column of KEY_CUSTOMER_COLUMNS) expect(header).toContain(column);
    // The options page guesses every one of them from the exported header.
    const mapping = guessColumns('customers', header);
    for (const column of KEY_CUSTOMER_COLUMNS) expect(header[mapping[column]!]).toBe(column);
  });

  it('come back unchanged from a CSV export', async () => {
    const csv = await text(writeCsv(EXPORT_COLUMNS.customers, [customer]));
    const [item] = await reimport('csv', csv);
    expect(item).toMatchObject({ ok: true, record: { id: 'c1', tier: 'key', ...keyWork } });
  });

  it('come back unchanged from an NDJSON export', async () => {
    const ndjson = await text(writeNdjson([customer]));
    const [item] = await reimport('ndjson', ndjson);
    expect(item).toMatchObject({ ok: true, record: keyWork });
  });

  it('are left out when the cells are empty, and a too-long one names its column', async () => {
    const header = ['id', 'name', ...KEY_CUSTOMER_COLUMNS].join(',');
    const [empty] = await reimport('csv', `${header}\nc2,Empty${','.repeat(KEY_CUSTOMER_COLUMNS.length)}\n`);
    expect(empty!.ok).toBe(true);
    if (empty!.ok)
      for (const field of Object.keys(KEY_CUSTOMER_FIELD_COLUMNS))
        expect((empty!.record as Record<string, unknown>)[field]).toBeUndefined();
    const [long] = await reimport('csv', `id,name,plan_who\nc3,Long,${'x'.repeat(5000)}\n`);
    expect(long).toMatchObject({ ok: false, rejections: [{ line: 2, field: 'plan_who' }] });
  });
});
