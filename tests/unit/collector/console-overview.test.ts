// The console's overview (collector/console/overview.ts, GET /console/api/overview) on every store
// backend, against values worked out by hand on a small fixture: the loss rate per month, the 80/20
// watch, NPS/CSAT/CES per month with their counts, open alerts per person with the overdue ones,
// exit reasons; and customers per level at each month end equal to the shared engine run as of
// that moment on the same records (what `kehu risk --as-of` computes).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { Alert } from '#shared/model/risk.ts';
import { Interaction } from '#shared/model/interaction.ts';
import { Response } from '#shared/model/response.ts';
import type { SyncRecord } from '#shared/model/sync.ts';
import { RiskBook, defaultPolicy } from '#shared/risk/index.ts';
import { Levels } from '../../../collector/console/levels.ts';
import type { Overview } from '../../../collector/console/overview.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, consoleSession, harness, rec } from './fixtures.ts';

const BASE = 'http://kehu.test';
const NOW = new Date('2026-03-15T12:00:00.000Z');
const META = { rev: 1, updatedAt: '2025-01-01T00:00:00.000Z', updatedBy: 'test' };
const dir = mkdtempSync(join(tmpdir(), 'kehu-overview-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const order = (customerId: string, occurredAt: string, amount = 100): SyncRecord => ({
  entity: 'interactions',
  record: Interaction.parse({ id: `i${++n}`, customerId, kind: 'order', occurredAt, amount, currency: 'EUR', ...META }),
});
const answer = (kind: string, submittedAt: string, patch: Record<string, unknown> = {}): SyncRecord => ({
  entity: 'responses',
  record: Response.parse({ id: `r${++n}`, kind, submittedAt, ...META, ...patch }),
});
const alert = (id: string, customerId: string, patch: Record<string, unknown>): SyncRecord => ({
  entity: 'alerts',
  record: Alert.parse({
    id,
    customerId,
    indicator: 'contact_silence',
    level: 'orange',
    raisedAt: '2026-03-01T00:00:00.000Z',
    policyVersion: 1,
    ...META,
    ...patch,
  }),
});

/**
 * Five customers, each with revenue recorded (value) so the 80/20 figures are plain sums. Activity:
 * c1 orders 2025-10-10 and 2026-01-20 (never lost); c2 orders 2025-11-05 (lost in February 2026:
 * 90 days after Nov 5 is Feb 3); c3 orders 2025-06-01 (lost in August 2025); c4 orders 2025-12-01
 * (still active at the end of February); c5 only answers a survey on 2026-02-10.
 */
function fixture(): SyncRecord[] {
  return [
    rec.customer('c1', { value: 800, currency: 'EUR', owner: 'li@team.example' }),
    rec.customer('c2', { value: 100, currency: 'EUR', owner: 'li@team.example' }),
    rec.customer('c3', { value: 50, currency: 'EUR', owner: 'zhao@team.example' }),
    rec.customer('c4', { value: 30, currency: 'EUR', owner: 'wang@team.example' }),
    rec.customer('c5', { value: 20, currency: 'EUR' }),
    order('c1', '2025-10-10T09:00:00.000Z'),
    order('c1', '2026-01-20T09:00:00.000Z'),
    order('c2', '2025-11-05T09:00:00.000Z'),
    order('c3', '2025-06-01T09:00:00.000Z'),
    order('c4', '2025-12-01T09:00:00.000Z'),
    // Surveys: January CSAT 5 and 2; February NPS 9 (c5) and 3 (anonymous), CES 6; March (this month) NPS 10;
    // an NPS 0 from 13 months ago is outside the months shown.
    answer('csat', '2026-01-08T10:00:00.000Z', { score: 5 }),
    answer('csat', '2026-01-09T10:00:00.000Z', { score: 2 }),
    answer('nps', '2026-02-10T10:00:00.000Z', { score: 9, customerId: 'c5' }),
    answer('nps', '2026-02-11T10:00:00.000Z', { score: 3 }),
    answer('ces', '2026-02-12T10:00:00.000Z', { score: 6 }),
    answer('nps', '2026-03-02T10:00:00.000Z', { score: 10 }),
    answer('nps', '2025-02-10T10:00:00.000Z', { score: 0 }),
    // Exits: price and service; price; a comment only; one from 2024 (outside).
    answer('exit', '2026-01-05T10:00:00.000Z', { answers: { reasons: ['price', 'service'] } }),
    answer('exit', '2026-02-01T10:00:00.000Z', { answers: { reasons: ['price'] } }),
    answer('exit', '2026-02-02T10:00:00.000Z', { comment: 'moved abroad' }),
    answer('exit', '2024-06-02T10:00:00.000Z', { answers: { reasons: ['competitor'] } }),
    // Alerts: open and past due (li); in handling, assigned to wang though li owns it; open without
    // an owner on zhao's customer; resolved and deleted ones do not count.
    alert('a1', 'c1', { status: 'open', owner: 'li@team.example', dueAt: '2026-03-10T00:00:00.000Z' }),
    alert('a2', 'c2', {
      status: 'handling',
      owner: 'li@team.example',
      assignee: 'wang@team.example',
      dueAt: '2026-03-20T00:00:00.000Z',
    }),
    alert('a3', 'c3', { status: 'open' }),
    alert('a4', 'c4', { status: 'resolved', owner: 'wang@team.example', dueAt: '2026-03-01T00:00:00.000Z' }),
    alert('a5', 'c4', { status: 'open', owner: 'wang@team.example', deletedAt: '2026-03-02T00:00:00.000Z' }),
  ];
}

describeOnBackends('console overview on $name', (sql) => {
  let h: Harness;
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels, kehu_overview_months, kehu_overview_top, kehu_overview_state');
    h = await harness(sql, { consoleDir: dir, now: () => NOW, timeZone: 'UTC' });
  });

  const signedIn = () => consoleSession(h, h.tokens.read, BASE);
  const get = (path: string, cookie: string) =>
    h.app.request(`${BASE}${path}`, { headers: { cookie: `kehu_console=${cookie}` } });

  async function loaded(): Promise<Overview> {
    await writeRecords(sql, fixture(), NOW.toISOString());
    await new Levels(sql, { now: () => NOW, timeZone: 'UTC' }).fullPass();
    const r = await get('/console/api/overview', await signedIn());
    expect(r.status).toBe(200);
    return (await r.json()) as Overview;
  }

  it('gives the loss rate per month, lost ÷ active at the start', async () => {
    const o = await loaded();
    expect(o.months.map((m) => m.month)).toEqual([
      '2025-03', '2025-04', '2025-05', '2025-06', '2025-07', '2025-08',
      '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02',
    ]); // biome-ignore format: one row per half year
    const loss = Object.fromEntries(o.months.map((m) => [m.month, m.loss]));
    expect(loss['2025-06']).toEqual({ atStart: 0, lost: 0, rate: null });
    expect(loss['2025-07']).toEqual({ atStart: 1, lost: 0, rate: 0 }); // c3
    expect(loss['2025-08']).toEqual({ atStart: 1, lost: 1, rate: 100 }); // c3 lost
    expect(loss['2025-11']).toEqual({ atStart: 1, lost: 0, rate: 0 }); // c1
    expect(loss['2025-12']).toEqual({ atStart: 2, lost: 0, rate: 0 }); // c1, c2
    expect(loss['2026-01']).toEqual({ atStart: 3, lost: 0, rate: 0 }); // c1, c2, c4
    expect(loss['2026-02']).toEqual({ atStart: 3, lost: 1, rate: (1 / 3) * 100 }); // c2 lost
    expect(o.historyAsOf).toBe(NOW.toISOString());
    expect(o.timeZone).toBe('UTC');
  });

  it('counts customers per level at every month end as the engine finds them as of that moment', async () => {
    const o = await loaded();
    // Customers with history by the month's end: none before June, c3 from June, c1 from October …
    const total = (m: { levels: Record<string, number> }) => Object.values(m.levels).reduce((a, b) => a + b, 0);
    expect(o.months.map(total)).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 3, 4, 4, 5]);
    // … and at each level exactly what the shared engine says as of the month's last millisecond.
    const book = new RiskBook({ timeZone: 'UTC' });
    for (const r of fixture()) {
      if (r.entity === 'customers') book.addCustomer(r.record as never);
      if (r.entity === 'interactions') book.addInteraction(r.record as never);
      if (r.entity === 'responses') book.addResponse(r.record as never);
    }
    const policy = defaultPolicy(NOW.toISOString());
    for (const m of o.months) {
      const expected = { none: 0, blue: 0, yellow: 0, orange: 0, red: 0 };
      for (const a of book.assessAll(m.end, policy)) expected[a.level]++;
      expect(m.levels, m.month).toEqual(expected);
    }
    // Today: every customer by the level kept in kehu_levels.
    expect(total({ levels: o.today })).toBe(5);
    const rows = await sql.query<{ level: string }>('SELECT level FROM kehu_levels');
    for (const level of ['none', 'blue', 'yellow', 'orange', 'red'] as const)
      expect(o.today[level]).toBe(rows.filter((r) => r.level === level).length);
  });

  it('gives the revenue share of the top 20% and how many of them are at yellow or worse now', async () => {
    const o = await loaded();
    // Five customers with revenue 800, 100, 50, 30, 20: the top 20% is c1, with 800 of 1,000.
    expect(o.top).toMatchObject({ withRevenue: 5, count: 1, revenue: 1000, topRevenue: 800, share: 80 });
    const [c1] = await sql.query<{ level: string }>("SELECT level FROM kehu_levels WHERE customer_id = 'c1'");
    expect(o.top.levels[c1?.level as 'none']).toBe(1);
    expect(o.top.atWarning).toBe(['yellow', 'orange', 'red'].includes(c1?.level as string) ? 1 : 0);
    // c1 goes red (a level written by a later pass): the count follows at once.
    await sql.query("UPDATE kehu_levels SET level = 'red' WHERE customer_id = 'c1'");
    const again = (await (await get('/console/api/overview', await signedIn())).json()) as Overview;
    expect(again.top).toMatchObject({ atWarning: 1, levels: { red: 1 } });
  });

  it('gives NPS, CSAT and CES per month with the number of answers, this month included', async () => {
    const o = await loaded();
    expect(o.surveys).toHaveLength(13);
    const s = Object.fromEntries(o.surveys.map((m) => [m.month, m]));
    expect(s['2026-01']?.csat).toEqual({ n: 2, satisfied: 1, score: 50 });
    expect(s['2026-01']?.nps).toMatchObject({ n: 0, score: null });
    expect(s['2026-02']?.nps).toEqual({ n: 2, promoters: 1, passives: 0, detractors: 1, score: 0 });
    expect(s['2026-02']?.ces).toEqual({ n: 1, mean: 6, easyShare: 100 });
    expect(s['2026-03']?.nps).toMatchObject({ n: 1, score: 100 });
    expect(o.surveys.reduce((a, m) => a + m.nps.n, 0)).toBe(3); // the one of 13 months ago is not shown
    // Answers are read live: one imported after the full pass counts in its (closed) month at once.
    await writeRecords(sql, [answer('nps', '2026-02-20T10:00:00.000Z', { score: 10 })], NOW.toISOString());
    const again = (await (await get('/console/api/overview', await signedIn())).json()) as Overview;
    expect(again.surveys.find((m) => m.month === '2026-02')?.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 });
  });

  it('gives open alerts per person with the past-due ones, and the exit reasons tallied', async () => {
    const o = await loaded();
    expect(o.alerts).toEqual([
      { owner: 'li@team.example', open: 1, overdue: 1 },
      { owner: 'wang@team.example', open: 1, overdue: 0 },
      { owner: 'zhao@team.example', open: 1, overdue: 0 },
    ]);
    expect(o.exits).toEqual({
      answers: 3,
      reasons: [
        { reason: 'price', count: 2 },
        { reason: 'service', count: 1 },
        { reason: null, count: 1 },
      ],
    });
  });

  it('shows fewer months on request, refuses a bad one with a 400 naming the field, and needs a session', async () => {
    await loaded();
    const cookie = await signedIn();
    const three = (await (await get('/console/api/overview?months=3', cookie)).json()) as Overview;
    expect(three.months.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(three.surveys.map((m) => m.month)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    for (const bad of ['0', '13', 'x', '2.5']) {
      const r = await get(`/console/api/overview?months=${bad}`, cookie);
      expect(r.status, bad).toBe(400);
      expect(JSON.stringify(await r.json())).toContain('months');
    }
    expect((await h.app.request(`${BASE}/console/api/overview`)).status).toBe(401);
    const doc = (await (await h.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths['/console/api/overview']).toBeDefined();
  });

  it('answers before the first full pass: no history yet, the live figures still there', async () => {
    await writeRecords(sql, fixture(), NOW.toISOString());
    const r = await get('/console/api/overview', await signedIn());
    expect(r.status).toBe(200);
    const o = (await r.json()) as Overview;
    expect(o).toMatchObject({ historyAsOf: null, months: [], top: { count: 0, share: null } });
    expect(o.alerts).toHaveLength(3);
  });
});
