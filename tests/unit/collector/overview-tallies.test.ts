// The overview's tallies (migration 14: answers per month, customers per level now, the top 20% per
// level now) stay exact under every kind of write, on every store backend: after each step they
// equal the same figures counted from scratch here, from the records and levels themselves (the
// answers' months with the shared monthOf, not PostgreSQL's calendar). Steps: a full pass, new
// answers, an edit that moves an answer to another month, a changed score, a soft and a hard
// deletion, a catch-up that changes one level, a new policy version, another time zone, emptied
// tables.
import { beforeEach, expect, it } from 'vitest';
import { monthOf } from '#shared/metrics/months.ts';
import { Interaction } from '#shared/model/interaction.ts';
import { Response } from '#shared/model/response.ts';
import type { SyncRecord } from '#shared/model/sync.ts';
import { defaultPolicy } from '#shared/risk/index.ts';
import { Levels } from '../../../collector/console/levels.ts';
import { overview } from '../../../collector/console/overview.ts';
import { putTeamPolicy } from '../../../collector/store/policies.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { rec } from './fixtures.ts';

const NOW = new Date('2026-03-15T12:00:00.000Z');
const META = { rev: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'test' };

const order = (id: string, customerId: string, occurredAt: string): SyncRecord => ({
  entity: 'interactions',
  record: Interaction.parse({ id, customerId, kind: 'order', occurredAt, amount: 100, currency: 'EUR', ...META }),
});
const answer = (id: string, kind: string, submittedAt: string, patch: Record<string, unknown> = {}): SyncRecord => ({
  entity: 'responses',
  record: Response.parse({ id, kind, submittedAt, ...META, ...patch }),
});
/** A later version of a record: what an edit in the extension or the console writes. */
const edited = (r: SyncRecord, rev: number, patch: Record<string, unknown>): SyncRecord =>
  ({ entity: r.entity, record: { ...r.record, ...patch, rev, updatedAt: `2026-03-0${rev}T00:00:00.000Z` } }) as SyncRecord;

const jan = answer('r-jan', 'nps', '2026-01-31T20:00:00.000Z', { score: 9, customerId: 'c1' });
const exit = answer('r-exit', 'exit', '2026-02-03T10:00:00.000Z', { answers: { reasons: ['price', 'service'] } });

function fixture(): SyncRecord[] {
  return [
    rec.customer('c1', { value: 800, currency: 'EUR', owner: 'li@team.example' }),
    rec.customer('c2', { value: 100, currency: 'EUR' }),
    rec.customer('c3', { value: 50, currency: 'EUR' }),
    rec.customer('c4', { value: 30, currency: 'EUR' }),
    rec.customer('c5', { value: 20, currency: 'EUR' }),
    order('o1', 'c1', '2026-01-20T09:00:00.000Z'),
    order('o2', 'c2', '2025-11-05T09:00:00.000Z'),
    order('o3', 'c3', '2025-06-01T09:00:00.000Z'),
    answer('r1', 'csat', '2026-01-08T10:00:00.000Z', { score: 5 }),
    answer('r2', 'nps', '2026-02-11T10:00:00.000Z', { score: 3 }),
    answer('r3', 'ces', '2026-02-12T10:00:00.000Z', { score: 6 }),
    answer('r4', 'exit', '2026-01-05T10:00:00.000Z', { comment: 'moved abroad' }),
    answer('r5', 'nps', '2024-06-02T10:00:00.000Z', { score: 0 }),
  ];
}

type Tally = Record<string, number>;

describeOnBackends('overview tallies on $name', (sql) => {
  beforeEach(async () => {
    await sql.exec(
      'TRUNCATE kehu_levels, kehu_overview_months, kehu_overview_top, kehu_overview_state; DELETE FROM kehu_policies',
    );
  });

  /** The answers' tallies as kept, `month kind item` → count. */
  async function keptAnswers(): Promise<Tally> {
    const rows = await sql.query<{ month: string; kind: string; item: string; n: unknown }>(
      'SELECT month, kind, item, sum(n) AS n FROM kehu_overview_answers GROUP BY 1, 2, 3 HAVING sum(n) <> 0',
    );
    return Object.fromEntries(rows.map((r) => [`${r.month} ${r.kind} ${r.item}`, Number(r.n)]));
  }

  /** The same counted from the stored answers, their months in `timeZone` by the shared calendar. */
  async function countedAnswers(timeZone: string): Promise<Tally> {
    const rows = await sql.query<{ at: string; data: Record<string, unknown> }>(
      "SELECT at, data FROM kehu_records WHERE entity = 'responses' AND deleted_at IS NULL",
    );
    const out: Tally = {};
    const add = (k: string) => {
      out[k] = (out[k] ?? 0) + 1;
    };
    for (const { at, data } of rows) {
      const month = monthOf(Date.parse(at), timeZone);
      if (['nps', 'csat', 'ces'].includes(data.kind as string) && data.score != null) add(`${month} ${data.kind} ${data.score}`);
      if (data.kind === 'exit') {
        add(`${month} exit `);
        const reasons = (data.answers as { reasons?: string[] } | undefined)?.reasons ?? [];
        if (reasons.length === 0) add(`${month} exit_no_reason `);
        for (const r of reasons) add(`${month} exit_reason ${r}`);
      }
    }
    return out;
  }

  /** Levels now: kept, and counted from kehu_levels (all) and the top customers joined with it (top). */
  async function keptLevels(): Promise<Tally> {
    const rows = await sql.query<{ scope: string; level: string; n: unknown }>(
      'SELECT scope, level, n FROM kehu_overview_levels WHERE n <> 0',
    );
    return Object.fromEntries(rows.map((r) => [`${r.scope} ${r.level}`, Number(r.n)]));
  }
  async function countedLevels(): Promise<Tally> {
    const levels = await sql.query<{ customer_id: string; level: string }>('SELECT customer_id, level FROM kehu_levels');
    const top = await sql.query<{ customer_id: string }>('SELECT customer_id FROM kehu_overview_top');
    const of = new Map(levels.map((l) => [l.customer_id, l.level]));
    const out: Tally = {};
    for (const l of levels) out[`all ${l.level}`] = (out[`all ${l.level}`] ?? 0) + 1;
    for (const t of top) {
      const k = `top ${of.get(t.customer_id) ?? 'none'}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }

  async function exact(step: string, timeZone = 'UTC') {
    expect(await keptAnswers(), step).toEqual(await countedAnswers(timeZone));
    expect(await keptLevels(), step).toEqual(await countedLevels());
  }

  it('stay equal to a count from scratch across writes, edits, deletions, a policy change and a new zone', async () => {
    await writeRecords(sql, fixture(), NOW.toISOString());
    const levels = new Levels(sql, { now: () => NOW, timeZone: 'UTC' });
    await levels.fullPass();
    await exact('after the full pass');
    // By hand: five customers have a level row; the top 20% of five by value is c1.
    const kept = await keptLevels();
    expect(
      Object.entries(kept)
        .filter(([k]) => k.startsWith('all '))
        .reduce((s, [, n]) => s + n, 0),
    ).toBe(5);
    expect(
      Object.entries(kept)
        .filter(([k]) => k.startsWith('top '))
        .reduce((s, [, n]) => s + n, 0),
    ).toBe(1);

    await writeRecords(sql, [jan, exit], NOW.toISOString());
    await exact('new answers');
    expect(await keptAnswers()).toMatchObject({ '2026-01 nps 9': 1, '2026-02 exit_reason price': 1, '2026-02 exit ': 1 });

    // The January answer moves to February 1st with another score; the exit answer loses a reason.
    await writeRecords(sql, [edited(jan, 2, { submittedAt: '2026-02-01T08:00:00.000Z', score: 2 })], NOW.toISOString());
    await writeRecords(sql, [edited(exit, 2, { answers: { reasons: ['price'] } })], NOW.toISOString());
    await exact('edits');
    const moved = await keptAnswers();
    expect(moved['2026-01 nps 9']).toBeUndefined();
    expect(moved['2026-02 nps 2']).toBe(1);
    expect(moved['2026-02 exit_reason service']).toBeUndefined();

    // A deletion as the extension syncs it (deletedAt), and a row removed outright.
    await writeRecords(
      sql,
      [edited(fixture()[9] as SyncRecord, 2, { deletedAt: '2026-03-02T00:00:00.000Z' })],
      NOW.toISOString(),
    );
    await sql.query("DELETE FROM kehu_records WHERE entity = 'responses' AND id = 'r3'");
    await exact('deletions');
    expect((await keptAnswers())['2026-02 nps 3']).toBeUndefined();

    // One customer changes level in a catch-up: the counts follow in the same write.
    await writeRecords(
      sql,
      [answer('r-angry', 'nps', '2026-03-10T10:00:00.000Z', { score: 0, customerId: 'c1' })],
      NOW.toISOString(),
    );
    await levels.catchUp();
    await exact('a catch-up');

    // A stricter policy: everyone is assessed again, most move.
    const before = await keptLevels();
    const strict = { ...defaultPolicy(NOW.toISOString()), version: 7, thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 } };
    await sql.transaction((tx) => putTeamPolicy(tx, strict, 1, NOW.toISOString(), 'admin'));
    await levels.catchUp();
    expect(levels.policy.version).toBe(7);
    await exact('a new policy version');
    expect(await keptLevels()).not.toEqual(before);

    // Another zone: on its first full pass the answers are counted again in its months. The
    // February 1st 08:00 UTC answer is still February in Shanghai; a January 31st 20:00 UTC one is February there.
    await writeRecords(sql, [answer('r-late', 'csat', '2026-01-31T20:00:00.000Z', { score: 4 })], NOW.toISOString());
    expect((await keptAnswers())['2026-01 csat 4']).toBe(1);
    await new Levels(sql, { now: () => NOW, timeZone: 'Asia/Shanghai' }).fullPass();
    await exact('another zone', 'Asia/Shanghai');
    expect((await keptAnswers())['2026-02 csat 4']).toBe(1);
    const o = await overview(sql, { now: NOW, months: 12, timeZone: 'Asia/Shanghai' });
    expect(o.surveys.find((m) => m.month === '2026-02')?.csat.n).toBe(1);
    // New answers are counted in the new zone's months.
    await writeRecords(sql, [answer('r-late2', 'ces', '2026-02-28T17:00:00.000Z', { score: 5 })], NOW.toISOString());
    await exact('an answer in the new zone', 'Asia/Shanghai');
    expect((await keptAnswers())['2026-03 ces 5']).toBe(1);

    // Emptied tables.
    await sql.exec('TRUNCATE kehu_levels');
    await exact('levels emptied', 'Asia/Shanghai');
    expect(await keptLevels()).toEqual({ 'top none': 1 });
    await sql.exec('TRUNCATE kehu_records, kehu_overview_top');
    await exact('records emptied', 'Asia/Shanghai');
    expect(await keptAnswers()).toEqual({});
  });
});
