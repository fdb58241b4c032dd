// Exports on every store backend: the .xlsx file (read back with ExcelJS's reader) beside CSV and
// NDJSON, the filters every export takes (level, owner, from/to, site), a 400 naming the field for
// a bad one, the formula guard in both spreadsheet formats, and the console's route behind its
// session and the export scope.
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCsv } from '#shared/codecs/csv.ts';
import { Interaction } from '#shared/model/interaction.ts';
import { Response as Answer } from '#shared/model/response.ts';
import type { SyncRecord } from '#shared/model/sync.ts';
import { XLSX_TYPE, xlsxStream } from '../../../collector/http/xlsx.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, consoleSession, T0, harness, rec } from './fixtures.ts';

/** The first sheet's rows as plain values (row 1 is the header). */
async function sheetRows(body: ArrayBuffer, sheet = 1): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const ws = workbook.worksheets[sheet - 1];
  if (!ws) throw new Error(`no sheet ${sheet}`);
  const rows: unknown[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** Rows as objects by the header's names. */
function byHeader(rows: unknown[][]): Record<string, unknown>[] {
  const [header = [], ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

const interaction = (id: string, customerId: string, occurredAt: string): SyncRecord => ({
  entity: 'interactions',
  record: Interaction.parse({
    id,
    customerId,
    occurredAt,
    kind: 'order',
    amount: 100,
    rev: 1,
    updatedAt: T0,
    updatedBy: 'alice',
  }),
});
const answer = (id: string, patch: Record<string, unknown>): SyncRecord => ({
  entity: 'responses',
  record: Answer.parse({
    id,
    kind: 'nps',
    score: 2,
    respondent: {},
    submittedAt: T0,
    rev: 1,
    updatedAt: T0,
    updatedBy: 'site:shop',
    ...patch,
  }),
});

describeOnBackends('exports on $name', (sql) => {
  let h: Harness;
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels');
    h = await harness(sql);
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('c1', { name: '上海贸易有限公司', owner: '王伟', createdAt: '2026-01-10T00:00:00.000Z' }),
          rec.customer('c2', {
            name: 'Globex',
            owner: 'li',
            notes: '=HYPERLINK("http://evil","点我")',
            createdAt: '2026-02-10T00:00:00.000Z',
          }),
          rec.customer('c3', { name: '-Minus Corp', owner: 'li', createdAt: '2026-03-10T00:00:00.000Z' }),
          rec.contact('p1', { customerId: 'c1', name: '张三' }),
          rec.contact('p2', { customerId: 'c2', name: 'Ann' }),
          interaction('i1', 'c1', '2026-02-01T00:00:00.000Z'),
          interaction('i2', 'c2', '2026-02-02T00:00:00.000Z'),
          answer('a1', { customerId: 'c1', siteKey: h.siteKey, comment: '发货太慢' }),
          answer('a2', { customerId: 'c2' }),
        ],
        T0,
      ),
    );
    await sql.query(
      `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version)
       VALUES ('c1', 'red', 83, $1, 1), ('c2', 'orange', 61, $1, 1), ('c3', 'none', 0, $1, 1)
       ON CONFLICT (customer_id) DO UPDATE SET level = excluded.level, score = excluded.score`,
      [T0],
    );
  });
  afterEach(async () => {
    await h.drain();
  });

  const xlsx = async (path: string) => {
    const r = await h.call(path, { token: h.tokens.export });
    expect(r.status, await r.clone().text()).toBe(200);
    return r;
  };

  it('exports customers as a real .xlsx: header, Chinese names intact, level and score as numbers', async () => {
    const r = await xlsx('/v1/export/customers.xlsx');
    expect(r.headers.get('content-type')).toBe(XLSX_TYPE);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="kehu-customers-\d{4}-\d\d-\d\d\.xlsx"/);
    const bytes = new Uint8Array(await r.clone().arrayBuffer());
    expect(String.fromCharCode(...bytes.slice(0, 2))).toBe('PK'); // a zip, as every .xlsx is
    const rows = await sheetRows(await r.arrayBuffer());
    expect(rows[0]?.slice(0, 3)).toEqual(['id', 'name', 'domains']);
    expect(rows[0]?.slice(-2)).toEqual(['level', 'score']);
    const customers = byHeader(rows);
    expect(customers.map((c) => [c.id, c.name, c.owner, c.level, c.score])).toEqual([
      ['c1', '上海贸易有限公司', '王伟', 'red', 83],
      ['c2', 'Globex', 'li', 'orange', 61],
      ['c3', '-Minus Corp', 'li', 'none', 0],
    ]);
  });

  it('keeps text that looks like a formula as text in the .xlsx (never a formula, Text format), and guarded in CSV', async () => {
    const r = await xlsx('/v1/export/customers.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await r.arrayBuffer());
    const ws = workbook.worksheets[0] as ExcelJS.Worksheet;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const notes = ws.getRow(3).getCell(header.indexOf('notes') + 1);
    expect(notes.type).toBe(ExcelJS.ValueType.String);
    expect(notes.value).toBe('=HYPERLINK("http://evil","点我")');
    expect(notes.formula).toBeUndefined();
    expect(notes.numFmt).toBe('@');
    const name = ws.getRow(4).getCell(header.indexOf('name') + 1);
    expect([name.type, name.value, name.numFmt]).toEqual([ExcelJS.ValueType.String, '-Minus Corp', '@']);
    // No cell of the sheet is a formula.
    ws.eachRow((row) => {
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    });

    const csv = await (await h.call('/v1/export/customers.csv?owner=li', { token: h.tokens.export })).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""点我"")"`);
    expect(csv).toContain("'-Minus Corp");
  });

  it('filters every export by level, owner, dates and site, in every format', async () => {
    const ids = async (path: string) => byHeader(await sheetRows(await (await xlsx(path)).arrayBuffer())).map((r) => r.id);
    expect(await ids('/v1/export/customers.xlsx?level=red')).toEqual(['c1']);
    expect(await ids('/v1/export/customers.xlsx?level=red,orange')).toEqual(['c1', 'c2']);
    expect(await ids('/v1/export/customers.xlsx?level=red&level=none')).toEqual(['c1', 'c3']);
    expect(await ids(`/v1/export/customers.xlsx?owner=${encodeURIComponent('王伟')}`)).toEqual(['c1']);
    // Dates: the record's own time (createdAt for customers), from inclusive, to exclusive.
    expect(await ids('/v1/export/customers.xlsx?from=2026-02-01&to=2026-03-10')).toEqual(['c2']);
    // Other entities follow their customer's level and owner.
    expect(await ids('/v1/export/contacts.xlsx?owner=li')).toEqual(['p2']);
    expect(await ids('/v1/export/interactions.xlsx?level=red')).toEqual(['i1']);
    expect(await ids('/v1/export/interactions.xlsx?to=2026-02-02')).toEqual(['i1']);
    // Site: the answers that came through the shop's key.
    expect(await ids('/v1/export/responses.xlsx?site=shop')).toEqual(['a1']);
    expect(await ids('/v1/export/responses.xlsx?site=elsewhere')).toEqual([]);

    const nd = await (await h.call('/v1/export/customers.ndjson?level=orange', { token: h.tokens.export })).text();
    expect(
      nd
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['c2']);
    const csvRows: string[][] = [];
    const csv = await (await h.call('/v1/export/responses.csv?site=shop', { token: h.tokens.export })).text();
    for await (const row of readCsv([csv])) csvRows.push(row.cells);
    expect(csvRows.map((r) => r[0])).toEqual(['id', 'a1']);
    expect(csvRows[1]).toContain('发货太慢');
  });

  it('answers 400 naming the field for a bad filter, and 404 for an unknown format', async () => {
    const fields = async (path: string) => {
      const r = await h.call(path, { token: h.tokens.export });
      expect(r.status).toBe(400);
      return ((await r.json()) as { fields: { path: string; message: string }[] }).fields;
    };
    expect(await fields('/v1/export/customers.xlsx?level=purple')).toEqual([
      { path: 'level.0', message: expect.stringContaining('red') },
    ]);
    expect(await fields('/v1/export/customers.csv?from=yesterday')).toEqual([
      { path: 'from', message: expect.stringContaining('YYYY-MM-DD') },
    ]);
    expect(await fields('/v1/export/customers.csv?from=2026-03-01&to=2026-02-01')).toEqual([
      { path: 'to', message: 'must be after from' },
    ]);
    expect(await fields('/v1/export/customers.ndjson?site=shop')).toEqual([
      { path: 'site', message: expect.stringContaining('responses') },
    ]);
    expect(await fields('/v1/export/customers.xlsx?levle=red')).toEqual([{ path: 'levle', message: expect.any(String) }]);
    expect(await fields('/v1/export/customers.xlsx?deleted=yes')).toEqual([
      { path: 'deleted', message: 'must be true or false' },
    ]);
    expect((await h.call('/v1/export/customers.xls', { token: h.tokens.export })).status).toBe(404);
    expect((await h.call('/v1/export/customers.xlsx', { token: h.tokens.read })).status).toBe(403);
  });

  it('serves the same files to the console behind its session, only with the export scope', async () => {
    const session = (token: string) => consoleSession(h, token);
    const get = (path: string, cookie: string) =>
      h.app.request(`http://kehu.test${path}`, { headers: { cookie: `kehu_console=${cookie}` } });
    const exporter = await session(h.tokens.export);
    const r = await get('/console/api/export/customers.xlsx?level=red', exporter);
    expect(r.status).toBe(200);
    expect(byHeader(await sheetRows(await r.arrayBuffer())).map((c) => c.name)).toEqual(['上海贸易有限公司']);
    expect((await get('/console/api/export/customers.xlsx?level=purple', exporter)).status).toBe(400);
    const reader = await session(h.tokens.read);
    expect((await get('/console/api/export/customers.xlsx', reader)).status).toBe(403);
    expect((await get('/console/api/export/customers.xlsx', '')).status).toBe(401);
  });
});

describe('the streamed .xlsx writer', () => {
  const columns = [
    { name: 'n', value: (r: { n: number; text: string }) => r.n },
    { name: 'text', value: (r: { n: number; text: string }) => r.text },
  ];

  it('continues on a second sheet, with the header again, past the rows a sheet holds', async () => {
    async function* records() {
      for (let n = 1; n <= 5; n++) yield { n, text: `行 ${n}` };
    }
    const body = await new Response(xlsxStream(columns, records(), { sheet: 'rows', sheetRows: 3 })).arrayBuffer();
    expect(await sheetRows(body, 1)).toEqual([
      ['n', 'text'],
      [1, '行 1'],
      [2, '行 2'],
    ]);
    expect(await sheetRows(body, 2)).toEqual([
      ['n', 'text'],
      [3, '行 3'],
      [4, '行 4'],
    ]);
    expect(await sheetRows(body, 3)).toEqual([
      ['n', 'text'],
      [5, '行 5'],
    ]);
  });

  it('drops characters XML cannot hold and cuts a cell at Excel’s 32,767 characters', async () => {
    async function* records() {
      yield { n: 1, text: 'a\u0000b\u0007c\uD800d' };
      yield { n: 2, text: '长'.repeat(40_000) };
    }
    const rows = await sheetRows(await new Response(xlsxStream(columns, records(), { sheet: 's' })).arrayBuffer());
    expect(rows[1]).toEqual([1, 'abcd']);
    const long = String(rows[2]?.[1]);
    expect(long.length).toBe(32_767);
    expect(long.endsWith('…')).toBe(true);
  });

  it('stops reading records when the reader cancels', async () => {
    let read = 0;
    let closed = false;
    async function* records() {
      try {
        for (let n = 1; n <= 1_000_000; n++) {
          read++;
          yield { n, text: `row ${n} ${'x'.repeat(200)}` };
        }
      } finally {
        closed = true;
      }
    }
    const reader = xlsxStream(columns, records(), { sheet: 's', batch: 100 }).getReader();
    await reader.read();
    await reader.cancel();
    await expect.poll(() => closed, { timeout: 30_000 }).toBe(true);
    expect(read).toBeLessThan(1_000_000);
  });
});
