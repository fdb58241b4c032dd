// Export and import over the API, on every backend: Excel-friendly CSV and NDJSON, streamed,
// filtered by time; imports that update, keep what a row leaves empty, and name bad lines.
import { beforeEach, expect, it } from 'vitest';
import { readCsv } from '#shared/codecs/csv.ts';
import { pullChanges } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, harness } from './fixtures.ts';

const CUSTOMERS_CSV = [
  'id,name,domains,tier,owner,tags,notes',
  'acme,ACME Ltd,acme.com;mail.acme.co.uk,重点,wei,vip;north,"Prefers calls, not email"',
  'globex,Globex,globex.com,general,li,,=HYPERLINK("http://evil")',
  'bad,,gmail.com,general,,,',
].join('\n');

async function csvRows(r: Response) {
  const rows: string[][] = [];
  for await (const row of readCsv([await r.text()])) rows.push(row.cells);
  return rows;
}

describeOnBackends('export and import on $name', (sql) => {
  let h: Harness;
  const importFile = (file: string, body: string | Uint8Array, query = '') =>
    h.call(`/v1/import/${file}${query}`, {
      method: 'POST',
      body: body as BodyInit,
      token: h.tokens.rw,
      headers: { 'content-type': 'text/csv' },
    });

  beforeEach(async () => {
    h = await harness(sql);
  });

  it('imports a customers CSV, naming each rejected line and field, and exports it back for Excel', async () => {
    const r = await importFile('customers.csv', CUSTOMERS_CSV);
    expect(r.status).toBe(200);
    const summary = (await r.json()) as {
      added: number;
      rejected: { line: number; field?: string; error: string }[];
      rejectedRows: number;
    };
    expect(summary.added).toBe(2);
    expect(summary.rejectedRows).toBe(1);
    expect(summary.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 4, field: 'name' }),
        expect.objectContaining({ line: 4, field: 'domains', error: expect.stringContaining('free-mail') }),
      ]),
    );
    const exported = await h.call('/v1/export/customers.csv', { token: h.tokens.export });
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename="kehu-customers-\d{4}-\d\d-\d\d\.csv"/);
    const bytes = new Uint8Array(await exported.clone().arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel reads UTF-8
    const text = await exported.clone().text();
    expect(text).toContain('\r\n');
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`); // formula guarded
    const rows = await csvRows(exported);
    expect(rows[0]?.slice(0, 10)).toEqual([
      'id',
      'name',
      'domains',
      'industry',
      'tier',
      'stage',
      'owner',
      'cadence_days',
      'tags',
      'notes',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], r[8]])).toEqual([
      ['acme', 'ACME Ltd', 'acme.com;acme.co.uk', 'key', 'vip;north'],
      ['globex', 'Globex', 'globex.com', 'general', ''],
    ]);
  });

  it('importing the same file again changes nothing; an edited row updates, keeping what it leaves empty', async () => {
    await importFile('customers.csv', CUSTOMERS_CSV);
    const before = (await pullChanges(sql, 0, 100)).next;
    const again = (await (await importFile('customers.csv', CUSTOMERS_CSV)).json()) as {
      added: number;
      updated: number;
      unchanged: number;
    };
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect((await pullChanges(sql, before, 100)).changes).toHaveLength(0);

    const edit = (await (await importFile('customers.csv', 'id,name,owner\nacme,ACME Group,\n')).json()) as { updated: number };
    expect(edit.updated).toBe(1);
    const [change] = (await pullChanges(sql, before, 100)).changes;
    expect(change?.record).toMatchObject({
      id: 'acme',
      name: 'ACME Group',
      owner: 'wei',
      notes: 'Prefers calls, not email',
      rev: 2,
    });
  });

  it('imports interactions with times in the given zone, from GBK text, and filters exports by the records’ own time', async () => {
    const csv =
      'customer_id,occurred_at,kind,amount,currency,summary\nacme,2026-03-15,call,,,回访\nacme,2026-04-02,payment,120.5,CNY,\n';
    // A line written by Excel on a Chinese Windows: GBK bytes for 订单 (order) and 首单 (first order).
    const ascii = (t: string) => [...t].map((ch) => ch.charCodeAt(0));
    const gbk = new Uint8Array([
      ...ascii('customer_id,occurred_at,kind,amount,currency,summary\nacme,2026-03-01 09:00,'),
      ...[0xb6, 0xa9, 0xb5, 0xa5],
      ...ascii(',120.50,CNY,'),
      ...[0xca, 0xd7, 0xb5, 0xa5],
      ...ascii('\n'),
    ]);
    const fromExcel = (await (await importFile('interactions.csv', gbk, '?tz=Asia/Shanghai')).json()) as { added: number };
    expect(fromExcel.added).toBe(1);
    const r = await importFile('interactions.csv', csv, '?tz=Asia/Shanghai');
    expect(((await r.json()) as { added: number }).added).toBe(2);
    const march = await h.call('/v1/export/interactions.ndjson?from=2026-03-01&to=2026-04-01', { token: h.tokens.export });
    expect(march.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(march.headers.get('x-kehu-time-field')).toBe('occurredAt');
    expect(march.headers.get('kehu-api')).toBe('1');
    expect(march.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const lines = (await march.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { occurredAt: string; kind: string; amount?: number });
    expect(lines.map((l) => [l.occurredAt, l.kind, l.amount])).toEqual([
      ['2026-03-01T01:00:00.000Z', 'order', 120.5],
      ['2026-03-14T16:00:00.000Z', 'call', undefined],
    ]);
    expect((lines[0] as { summary?: string }).summary).toBe('首单');
    expect((await h.call('/v1/export/interactions.csv?from=yesterday', { token: h.tokens.export })).status).toBe(400);
    expect((await h.call('/v1/export/secrets.csv', { token: h.tokens.export })).status).toBe(404);
    expect((await importFile('interactions.csv', csv, '?tz=Mars/Base')).status).toBe(400);
  });

  it('refuses a file it cannot read as a whole, saying why', async () => {
    const noHeader = await importFile('interactions.csv', 'acme,2026-03-01,order\n');
    expect(noHeader.status).toBe(400);
    expect(((await noHeader.json()) as { message: string }).message).toMatch(/lacks the column/);
    const binary = await importFile('customers.csv', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0x81, 0xff]));
    expect(binary.status).toBe(400);
    expect((await pullChanges(sql, 0, 10)).changes).toHaveLength(0);
  });

  it('streams a large export page by page', async () => {
    const rows = ['id,name'];
    for (let i = 0; i < 5000; i++) rows.push(`c${String(i).padStart(5, '0')},Customer ${i}`);
    expect(((await (await importFile('customers.csv', rows.join('\n'))).json()) as { added: number }).added).toBe(5000);
    const r = await h.call('/v1/export/customers.ndjson', { token: h.tokens.export });
    const reader = (r.body as ReadableStream<Uint8Array>).getReader();
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    expect(text.trim().split('\n')).toHaveLength(5000);
  });
});
