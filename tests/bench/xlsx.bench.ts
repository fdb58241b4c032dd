// metrics: xlsx.export_100k_ms xlsx.csv_100k_ms xlsx.heap_peak_mb xlsx.file_100k_mb
// The collector's streamed .xlsx export (collector/http/xlsx.ts over store/export-scan.ts): 100,000
// customers with Chinese names and levels in an in-memory PGlite store, exported as the
// `GET /v1/export/customers.xlsx` route does and read to the end as a client would.
// * xlsx.export_100k_ms — from the first row read to the last byte received.
// * xlsx.csv_100k_ms — the same rows from the same scan exported as CSV (the route's `writeCsv`), in
//   the same run: the floor the .xlsx writer is compared with.
// * xlsx.heap_peak_mb — the highest live JavaScript heap above the heap before the export (collected
//   before each sample): the workbook is never whole in memory, so this stays small as files grow.
// * xlsx.file_100k_mb — the size of the file.
import { migrate } from '../../collector/db/migrations.ts';
import { openPgliteMemory } from '../../collector/db/pglite.ts';
import { writeCsv } from '#shared/codecs/csv.ts';
import { CUSTOMER_EXPORT_COLUMNS } from '../../collector/console/customer-export.ts';
import { xlsxStream } from '../../collector/http/xlsx.ts';
import { scanExport } from '../../collector/store/export-scan.ts';
import { report, round } from './lib.ts';

const N = 100_000;
const T0 = '2026-01-01T00:00:00.000Z';
const LEVELS = ['none', 'blue', 'yellow', 'orange', 'red'];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

const sql = await openPgliteMemory();
await migrate(sql, T0);
for (let start = 0; start < N; start += 10_000) {
  const rows = [];
  for (let i = start; i < Math.min(N, start + 10_000); i++) {
    const id = `c${String(i).padStart(6, '0')}`;
    const data = {
      id,
      name: `上海第${i}贸易有限公司`,
      domains: [`shop${i}.example`],
      tier: 'general',
      owner: i % 3 === 0 ? '林晓' : 'Sam Taylor',
      tags: ['华东'],
      notes: i % 100 === 0 ? '=SUM(A1:A2) 备注' : '',
      createdAt: T0,
      rev: 1,
      updatedAt: T0,
      updatedBy: 'bench',
      deletedAt: null,
    };
    rows.push({ entity: 'customers', id, seq: i + 1, rev: 1, updated_at: T0, updated_by: 'bench', at: T0, data });
  }
  await sql.query(
    `INSERT INTO kehu_records (entity, id, seq, rev, updated_at, updated_by, deleted_at, at, data)
     SELECT entity, id, seq, rev, updated_at, updated_by, NULL, at, data
       FROM jsonb_to_recordset($1::jsonb) AS x(entity text, id text, seq bigint, rev integer, updated_at text, updated_by text, at text, data jsonb)`,
    [JSON.stringify(rows)],
  );
  await sql.query(
    `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version)
     SELECT x.id, x.level, x.score, $2, 1 FROM jsonb_to_recordset($1::jsonb) AS x(id text, level text, score integer)`,
    [JSON.stringify(rows.map((r, k) => ({ id: r.id, level: LEVELS[k % 5], score: (k * 7) % 101 }))), T0],
  );
}

gc();
const base = process.memoryUsage().heapUsed;
let peak = 0;
const sampler = setInterval(() => {
  gc();
  peak = Math.max(peak, process.memoryUsage().heapUsed - base);
}, 100);
const started = performance.now();
const reader = xlsxStream(CUSTOMER_EXPORT_COLUMNS, scanExport(sql, 'customers'), { sheet: 'customers' }).getReader();
let bytes = 0;
for (;;) {
  const { value, done } = await reader.read();
  if (done) break;
  bytes += value.byteLength;
}
const ms = performance.now() - started;
clearInterval(sampler);

const csvStarted = performance.now();
let csvChars = 0;
for await (const chunk of writeCsv(CUSTOMER_EXPORT_COLUMNS, scanExport(sql, 'customers'))) csvChars += chunk.length;
const csvMs = performance.now() - csvStarted;
await sql.close();
if (csvChars === 0) throw new Error('the CSV export wrote nothing');

report({
  'xlsx.export_100k_ms': { value: Math.round(ms), unit: 'ms' },
  'xlsx.csv_100k_ms': { value: Math.round(csvMs), unit: 'ms' },
  'xlsx.heap_peak_mb': { value: round(peak / 2 ** 20, 1), unit: 'MB', target: 64 },
  'xlsx.file_100k_mb': { value: round(bytes / 2 ** 20, 1), unit: 'MB' },
});
