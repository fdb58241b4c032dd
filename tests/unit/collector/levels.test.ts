// The collector's levels (collector/console/levels.ts) against `kehu risk`, run for real on the same
// interchange files as of the same date: the demo data and a generated set of 10,000 customers
// agree on every customer's level and score. Incremental reassessment after a collect, a push and
// an import ends where a full pass over the same store ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '#shared/codecs/csv.ts';
import type { ImportEntity } from '#shared/model/interchange.ts';
import { Levels } from '../../../collector/console/levels.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { importFile } from '../../../collector/store/import.ts';
import { buildDemoData } from '../../../scripts/demo/data.ts';
import { readInvoices } from '../../../scripts/online-retail.ts';
import { BACKENDS, openMigrated } from './backends.ts';
import { harness, submission } from './fixtures.ts';
import { generated } from './generated-set.ts';

const KEHU = fileURLToPath(new URL('../../../collector/bin/kehu.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kehu-levels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

async function* chunks(text: string) {
  yield text;
}

/** Import interchange CSV texts into the store, customers first, as `kehu import` does. */
async function importAll(sql: Sql, files: Partial<Record<ImportEntity, string>>, now: string) {
  for (const entity of ['customers', 'contacts', 'interactions', 'responses', 'cases'] as const) {
    const text = files[entity];
    if (!text) continue;
    const summary = await importFile(sql, entity, 'csv', chunks(text), { now, by: 'test', timeZone: 'UTC' }, { batchSize: 5000 });
    expect(summary.rejectedRows, `${entity}: ${JSON.stringify(summary.rejected.slice(0, 3))}`).toBe(0);
  }
}

/** `kehu risk` on the same files as of the end of `date` (UTC): level and score by customer. */
async function kehuRisk(files: Partial<Record<ImportEntity, string>>, date: string, name: string) {
  const args: string[] = [];
  for (const [entity, text] of Object.entries(files)) {
    const path = join(dir, `${name}-${entity}.csv`);
    writeFileSync(path, text);
    args.push(`--${entity}`, path);
  }
  const out = join(dir, `${name}-risk.csv`);
  const r = spawnSync(process.execPath, [KEHU, 'risk', ...args, '--as-of', date, '--tz', 'UTC', '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, LANG: 'C.UTF-8' },
    timeout: 300_000,
  });
  expect(r.status, r.stderr).toBe(0);
  const levels = new Map<string, { level: string; score: number }>();
  let header: string[] | null = null;
  for await (const row of readCsv([readFileSync(out, 'utf8')])) {
    if (!header) header = row.cells.map((h) => h.replace(/^\uFEFF/, ''));
    else levels.set(row.cells[0] as string, { level: row.cells[2] as string, score: Number(row.cells[1]) });
  }
  return levels;
}

async function collectorLevels(sql: Sql) {
  const rows = await sql.query<{ customer_id: string; level: string; score: number }>(
    'SELECT customer_id, level, score FROM kehu_levels',
  );
  return new Map(rows.map((r) => [r.customer_id, { level: r.level, score: Number(r.score) }]));
}

/** Every customer `kehu risk` assessed has the same level and score in the collector; the rest have no warning. */
function expectAgreement(
  collector: Map<string, { level: string; score: number }>,
  cli: Map<string, { level: string; score: number }>,
) {
  const differ: string[] = [];
  for (const [id, expected] of cli) {
    const got = collector.get(id);
    if (!got || got.level !== expected.level || got.score !== expected.score)
      differ.push(`${id}: collector ${JSON.stringify(got)}, kehu risk ${JSON.stringify(expected)}`);
  }
  for (const [id, got] of collector)
    if (!cli.has(id) && got.level !== 'none') differ.push(`${id}: only the collector says ${got.level}`);
  expect(differ.slice(0, 10)).toEqual([]);
}

describe.each(BACKENDS)('collector levels on $name', (backend) => {
  it('equal kehu risk for every customer of the demo data', { timeout: 600_000 }, async () => {
    const now = Date.parse('2026-06-15T10:30:00.000Z');
    const data = await buildDemoData(await readInvoices(), { now });
    const date = '2026-06-15';
    const asOf = new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY - 1);
    const sql = await openMigrated(backend);
    try {
      await importAll(sql, data.files, new Date(now).toISOString());
      const levels = new Levels(sql, { now: () => asOf, timeZone: 'UTC' });
      await levels.fullPass();
      const cli = await kehuRisk(data.files, date, `demo-${backend.name}`);
      expect(cli.size).toBeGreaterThan(500);
      expectAgreement(await collectorLevels(sql), cli);
      expect(new Set([...cli.values()].map((v) => v.level))).toEqual(new Set(['none', 'blue', 'yellow', 'orange', 'red']));
    } finally {
      await sql.close();
    }
  });

  it('equal kehu risk for every customer of a generated set of 10,000', { timeout: 900_000 }, async () => {
    const date = '2025-03-31';
    const asOf = new Date(Date.parse(`${date}T00:00:00.000Z`) + DAY - 1);
    const files = generated(10_000, asOf.getTime());
    const sql = await openMigrated(backend);
    try {
      await importAll(sql, files, asOf.toISOString());
      const levels = new Levels(sql, { now: () => asOf, timeZone: 'UTC' });
      await levels.fullPass();
      const cli = await kehuRisk(files, date, `gen-${backend.name}`);
      expect(cli.size).toBe(10_000);
      const collector = await collectorLevels(sql);
      expect(collector.size).toBe(10_000);
      expectAgreement(collector, cli);
      expect(new Set([...cli.values()].map((v) => v.level))).toEqual(new Set(['none', 'blue', 'yellow', 'orange', 'red']));
    } finally {
      await sql.close();
    }
  });

  it('reassesses only the touched customers after a collect, push and import, ending where a full pass ends', async () => {
    const sql = await openMigrated(backend);
    let clock = new Date('2026-03-10T12:00:00.000Z');
    try {
      const h = await harness(sql, { now: () => clock, timeZone: 'UTC' });
      const csv = (lines: string[]) => `${lines.join('\n')}\n`;
      const day = (n: number) => new Date(clock.getTime() - n * DAY).toISOString();
      const admin = h.tokens.admin;
      const post = (path: string, body: string, type = 'text/csv') =>
        h.call(path, { method: 'POST', token: admin, body, headers: { 'content-type': type } });
      expect(
        (
          await post(
            '/v1/import/customers.csv',
            csv(['id,name,domains,owner', 'a,Alpha,alpha.example,Alice', 'b,北京贸易,beta.example,Bob', 'c,Gamma,,Alice']),
          )
        ).status,
      ).toBe(200);
      await post('/v1/import/contacts.csv', csv(['id,customer_id,name,emails,key', 'pa,a,Ann,ann@alpha.example,true']));
      const orders = ['customer_id,occurred_at,kind,amount,currency'];
      for (let i = 1; i <= 10; i++) orders.push(`a,${day(i * 7)},order,1000,EUR`, `b,${day(i * 7)},order,1000,EUR`);
      await post('/v1/import/interactions.csv', csv(orders));
      await h.app.request('/healthz'); // nothing changed by a read
      await h.drain();
      const before = await collectorLevels(sql);
      expect(before.get('a')?.level).toBe('none');
      expect(before.get('c')).toEqual({ level: 'none', score: 0 }); // no history
      const [pinyin] = await sql.query<{ pinyin: string }>("SELECT pinyin FROM kehu_levels WHERE customer_id = 'b'");
      expect(pinyin?.pinyin).toBe('beijingmaoyi bjmy');

      // A detractor from Ann's address (no customer id given): Alpha's level rises, nobody else's row is rewritten.
      const asOfBefore = await sql.query<{ customer_id: string; as_of: string }>('SELECT customer_id, as_of FROM kehu_levels');
      clock = new Date(clock.getTime() + 60_000);
      const sent = await h.collect(
        submission({
          kind: 'nps',
          score: 0,
          comment: 'very disappointed',
          respondent: { email: 'ann@alpha.example', consent: true },
          submittedAt: clock.toISOString(),
        }),
      );
      expect(sent.status).toBe(201);
      await h.drain();
      const after = await collectorLevels(sql);
      expect(after.get('a')?.score).toBeGreaterThan(before.get('a')?.score ?? 0);
      expect(after.get('a')?.level).not.toBe('none');
      const asOfAfter = new Map(
        (await sql.query<{ customer_id: string; as_of: string }>('SELECT customer_id, as_of FROM kehu_levels')).map((r) => [
          r.customer_id,
          r.as_of,
        ]),
      );
      for (const r of asOfBefore) if (r.customer_id !== 'a') expect(asOfAfter.get(r.customer_id)).toBe(r.as_of);

      // A push deletes Gamma: its row goes.
      const pull = (await (await h.call('/v1/changes?since=0&limit=1000', { token: admin })).json()) as {
        changes: { entity: string; record: Record<string, unknown> }[];
      };
      const gamma = pull.changes.find((c) => c.entity === 'customers' && c.record.id === 'c')?.record as Record<string, unknown>;
      const pushed = await h.call('/v1/changes', {
        method: 'POST',
        token: admin,
        body: JSON.stringify({
          changes: [
            {
              entity: 'customers',
              record: {
                ...gamma,
                rev: (gamma.rev as number) + 1,
                updatedAt: clock.toISOString(),
                updatedBy: 'admin',
                deletedAt: clock.toISOString(),
              },
            },
          ],
        }),
      });
      expect(pushed.status).toBe(200);
      await h.drain();
      expect((await collectorLevels(sql)).has('c')).toBe(false);

      // Incremental ends where a full pass from scratch ends.
      const incremental = await collectorLevels(sql);
      await new Levels(sql, { now: () => clock, timeZone: 'UTC' }).fullPass();
      expect(await collectorLevels(sql)).toEqual(incremental);
    } finally {
      await sql.close();
    }
  });
});
