// The team console's alerts and reviews on every store backend: open alerts by owner and level,
// assign, reassign and escalate with the shared roles model (written as new versions that sync to
// reps), corrective items of reviews; the write scope, the Origin check and 400s for bad input.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Alert } from '#shared/model/risk.ts';
import { pullChanges, writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, consoleSession, T0, harness, rec } from './fixtures.ts';

const BASE = 'http://kehu.test';

function alert(id: string, patch: Partial<Alert> = {}): Alert {
  return Alert.parse({
    id,
    customerId: 'acme',
    indicator: 'satisfaction',
    level: 'orange',
    evidence: [{ code: 'nps.detractor', params: { score: 2 } }],
    raisedAt: T0,
    owner: 'li@team.example',
    policyVersion: 1,
    rev: 1,
    updatedAt: T0,
    updatedBy: 'li@team.example',
    ...patch,
  });
}

describeOnBackends('console alerts and reviews on $name', (sql) => {
  let h: Harness;
  const clock = new Date('2026-03-05T09:00:00.000Z');
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels');
    h = await harness(sql, { now: () => clock });
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('acme', { name: 'ACME Trading', owner: 'li@team.example' }),
          rec.customer('globex', { name: 'Globex', owner: 'wang@team.example' }),
          { entity: 'alerts', record: alert('a-red', { level: 'red', dueAt: '2026-03-02T00:00:00.000Z' }) },
          { entity: 'alerts', record: alert('a-orange') },
          { entity: 'alerts', record: alert('a-wang', { customerId: 'globex', owner: 'wang@team.example', level: 'yellow' }) },
          { entity: 'alerts', record: alert('a-done', { status: 'resolved' }) },
          {
            entity: 'alerts',
            record: alert('a-reviewed', {
              status: 'reviewed',
              review: {
                investigation: 'late delivery',
                evaluation: '',
                outlook: '',
                reviewedAt: '2026-03-03T00:00:00.000Z',
                corrections: [
                  { id: 'c1', text: 'Check the courier every week', owner: 'li@team.example', done: false },
                  { id: 'c2', text: 'Call the buyer', done: true },
                ],
              },
            }),
          },
        ],
        T0,
      ),
    );
  });
  afterEach(async () => {
    await h.drain();
  });

  const signIn = (token: string) => consoleSession(h, token, BASE);
  const get = (path: string, cookie: string) =>
    h.app.request(`${BASE}${path}`, { headers: { cookie: `kehu_console=${cookie}` } });
  const post = (path: string, cookie: string, body: unknown, origin = BASE) =>
    h.app.request(`${BASE}${path}`, {
      method: 'POST',
      headers: { origin, cookie: `kehu_console=${cookie}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('lists open alerts most severe first, filtered by owner and level, with counts by owner and level', async () => {
    const cookie = await signIn(h.tokens.read);
    const all = await (await get('/console/api/alerts', cookie)).json();
    expect(all.total).toBe(3);
    expect(all.rows.map((r: { alert: Alert }) => r.alert.id)).toEqual(['a-red', 'a-orange', 'a-wang']);
    expect(all.rows[0]).toMatchObject({ customerName: 'ACME Trading', alert: { evidence: [{ code: 'nps.detractor' }] } });
    expect(all.groups).toEqual([
      { owner: 'li@team.example', level: 'orange', count: 1, overdue: 0 },
      { owner: 'li@team.example', level: 'red', count: 1, overdue: 1 },
      { owner: 'wang@team.example', level: 'yellow', count: 1, overdue: 0 },
    ]);
    expect(all.people).toEqual(['li@team.example', 'wang@team.example']);
    const wang = await (await get('/console/api/alerts?owner=wang%40team.example', cookie)).json();
    expect(wang.rows.map((r: { alert: Alert }) => r.alert.id)).toEqual(['a-wang']);
    const red = await (await get('/console/api/alerts?level=red', cookie)).json();
    expect(red.rows.map((r: { alert: Alert }) => r.alert.id)).toEqual(['a-red']);
    const bad = await get('/console/api/alerts?level=purple', cookie);
    expect(bad.status).toBe(400);
    expect((await bad.json()).fields[0].path).toBe('level');
    expect((await get('/console/api/alerts', '')).status).toBe(401);
  });

  it('assigns, reassigns and escalates as new versions in the change log, by the shared roles model', async () => {
    const cookie = await signIn(h.tokens.rw);
    const assigned = await post('/console/api/alerts/a-red/roles', cookie, { action: 'assign', assignee: 'zhao@team.example' });
    expect(assigned.status).toBe(200);
    expect(await assigned.json()).toMatchObject({ assignee: 'zhao@team.example', rev: 2, updatedBy: 'rep' });
    const reassigned = await post('/console/api/alerts/a-red/roles', cookie, { action: 'assign', assignee: 'wang@team.example' });
    expect(await reassigned.json()).toMatchObject({ assignee: 'wang@team.example', rev: 3 });
    const escalated = await post('/console/api/alerts/a-red/roles', cookie, {
      action: 'escalate',
      to: 'boss@team.example',
      note: 'Refund above the rep’s limit',
    });
    expect(escalated.status).toBe(200);
    const body = await escalated.json();
    expect(body).toMatchObject({
      decisionOwner: 'boss@team.example',
      escalations: [{ by: 'rep', to: 'boss@team.example', note: 'Refund above the rep’s limit' }],
      rev: 4,
    });
    // Reps pull the newest version (it is what their extension announces to the person escalated to).
    const pulled = await pullChanges(sql, 0, 100);
    const last = pulled.changes.at(-1);
    expect(last).toMatchObject({ entity: 'alerts', record: { id: 'a-red', decisionOwner: 'boss@team.example', rev: 4 } });
    // Unassigning clears the field.
    const cleared = await (await post('/console/api/alerts/a-red/roles', cookie, { action: 'assign', assignee: '' })).json();
    expect(cleared).not.toHaveProperty('assignee');
  });

  it('refuses changes without the write scope, from another Origin, with a bad body, or to a closed or missing alert', async () => {
    const reader = await signIn(h.tokens.read);
    expect((await post('/console/api/alerts/a-red/roles', reader, { action: 'assign', assignee: 'x' })).status).toBe(403);
    const writer = await signIn(h.tokens.rw);
    expect(
      (await post('/console/api/alerts/a-red/roles', writer, { action: 'assign', assignee: 'x' }, 'https://evil.example')).status,
    ).toBe(403);
    const noTo = await post('/console/api/alerts/a-red/roles', writer, { action: 'escalate', to: ' ' });
    expect(noTo.status).toBe(400);
    expect((await noTo.json()).fields).toEqual([expect.objectContaining({ path: 'to', message: 'say who to escalate to' })]);
    const badAction = await post('/console/api/alerts/a-red/roles', writer, { action: 'delete' });
    expect(badAction.status).toBe(400);
    expect((await post('/console/api/alerts/a-red/roles', writer, '{not json')).status).toBe(400);
    expect((await post('/console/api/alerts/nope/roles', writer, { action: 'assign', assignee: 'x' })).status).toBe(404);
    const closed = await post('/console/api/alerts/a-reviewed/roles', writer, { action: 'escalate', to: 'boss@team.example' });
    expect(closed.status).toBe(409);
    expect((await closed.json()).message).toBe('cannot escalate a closed record');
    const self = await post('/console/api/alerts/a-red/roles', writer, { action: 'escalate', to: 'REP' });
    expect(self.status).toBe(409);
    // Nothing was written by the refused changes.
    const [row] = await sql.query<{ rev: number }>(`SELECT rev FROM kehu_records WHERE entity = 'alerts' AND id = 'a-red'`);
    expect(Number(row?.rev)).toBe(1);
  });

  it('lists the corrective items of reviews and changes their owner and state with the write scope', async () => {
    const reader = await signIn(h.tokens.read);
    const reviews = await (await get('/console/api/reviews', reader)).json();
    expect(reviews.total).toBe(1);
    expect(reviews.rows[0]).toMatchObject({
      customerName: 'ACME Trading',
      alert: {
        id: 'a-reviewed',
        review: {
          corrections: [
            { id: 'c1', done: false },
            { id: 'c2', done: true },
          ],
        },
      },
    });
    expect((await post('/console/api/alerts/a-reviewed/corrections/c1', reader, { done: true })).status).toBe(403);

    const writer = await signIn(h.tokens.rw);
    const done = await post('/console/api/alerts/a-reviewed/corrections/c1', writer, { done: true, owner: 'wang@team.example' });
    expect(done.status).toBe(200);
    expect((await done.json()).review.corrections).toEqual([
      expect.objectContaining({ id: 'c1', done: true, owner: 'wang@team.example' }),
      expect.objectContaining({ id: 'c2', done: true }),
    ]);
    const open = await (await get('/console/api/reviews?open=yes', reader)).json();
    expect(open.total).toBe(0);
    expect((await post('/console/api/alerts/a-reviewed/corrections/c1', writer, {})).status).toBe(400);
    expect((await post('/console/api/alerts/a-reviewed/corrections/c1', writer, { done: 'yes' })).status).toBe(400);
    expect((await post('/console/api/alerts/a-reviewed/corrections/zz', writer, { done: true })).status).toBe(409);
    expect((await post('/console/api/alerts/a-red/corrections/c1', writer, { done: true })).status).toBe(409);
  });
});
