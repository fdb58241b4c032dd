// The feedback inbox's actions on every store backend: turning an answer into a case by hand with
// an owner (the case's step then shows in the inbox row), marking a suggestion adopted, recording
// what was told to the customer, the open/adopted/told filter; the write scope, the Origin check,
// and 400s that name the field at fault. Each action is a change reps pull at their next sync.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { caseIdForComplaint } from '#shared/model/case.ts';
import { pullChanges, writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, consoleSession, T0, harness, rec } from './fixtures.ts';

const BASE = 'http://kehu.test';
const dir = mkdtempSync(join(tmpdir(), 'kehu-console-inbox-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeOnBackends('feedback inbox actions on $name', (sql) => {
  let h: Harness;
  let reader: string;
  let writer: string;
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels');
    h = await harness(sql, { consoleDir: dir, now: () => new Date(T0) });
    const answer = (id: string, patch: Record<string, unknown>) => ({
      entity: 'responses' as const,
      record: { id, kind: 'nps', respondent: {}, submittedAt: T0, rev: 1, updatedAt: T0, updatedBy: 'site:shop', ...patch },
    });
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('c1', { name: 'Acme Ltd', owner: 'alice' }),
          answer('nps2', { score: 2, comment: 'Late again', customerId: 'c1' }),
          answer('idea', { kind: 'suggestion', comment: 'Ship on Saturdays', customerId: 'c1' }),
          answer('stray', { score: 1, comment: 'who am I', respondent: { email: 'x@nowhere.example' } }),
        ] as never,
        T0,
      ),
    );
    reader = await signIn(h.tokens.read);
    writer = await signIn(h.tokens.rw);
  });
  afterEach(async () => {
    await h.drain();
  });

  const signIn = (token: string) => consoleSession(h, token, BASE);
  const post = (path: string, cookie: string, body: unknown = {}, origin = BASE) =>
    h.app.request(`${BASE}/console/api/feedback/${path}`, {
      method: 'POST',
      headers: { origin, cookie: `kehu_console=${cookie}`, 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const inbox = async (q = '') =>
    (await (
      await h.app.request(`${BASE}/console/api/feedback?${q}`, { headers: { cookie: `kehu_console=${reader}` } })
    ).json()) as {
      rows: {
        response: { id: string; adopted?: unknown; customerLog?: { text: string }[] };
        case: unknown;
        customerOwner: string | null;
      }[];
      total: number;
    };

  it('turns an answer into a case by hand with an owner; the inbox row shows its step; reps pull it', async () => {
    const before0 = await inbox();
    expect(before0.rows.every((r) => r.case === null)).toBe(true);
    // The customer's owner is offered as the case's owner.
    expect(before0.rows.find((r) => r.response.id === 'nps2')?.customerOwner).toBe('alice');
    expect(before0.rows.find((r) => r.response.id === 'stray')?.customerOwner).toBeNull();
    const before = (await pullChanges(sql, 0, 100)).next;
    const made = await post('nps2/case', writer, { owner: 'bob@team.example', title: 'Late deliveries' });
    expect(made.status).toBe(201);
    expect(await made.json()).toMatchObject({
      id: caseIdForComplaint('nps2'),
      customerId: 'c1',
      status: 'listen',
      owner: 'bob@team.example',
      assignee: 'bob@team.example',
      title: 'Late deliveries',
      updatedBy: 'rep',
      ref: { system: 'kehu-feedback', id: 'nps2' },
    });
    const row = (await inbox()).rows.find((r) => r.response.id === 'nps2');
    expect(row?.case).toEqual({ id: 'fb-nps2', status: 'listen', owner: 'bob@team.example' });
    const changes = await pullChanges(sql, before, 100);
    expect(changes.changes.map((c) => [c.entity, c.record.id])).toEqual([['cases', 'fb-nps2']]);
    // The open case counts in the customer's level.
    await h.drain();
    const [level] = await sql.query<{ assessment: { contributions: { indicator: string }[] } }>(
      "SELECT assessment FROM kehu_levels WHERE customer_id = 'c1'",
    );
    expect(level?.assessment.contributions.map((c) => c.indicator)).toContain('complaints');

    // Not twice; not for an answer without a customer; not for one that is not there.
    const again = await post('nps2/case', writer, { owner: 'bob@team.example', title: 'Late deliveries' });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['case']);
    const stray = await post('stray/case', writer, { owner: 'bob', title: 'x' });
    expect(stray.status).toBe(400);
    expect(((await stray.json()) as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['customerId']);
    expect((await post('missing/case', writer, { owner: 'bob', title: 'x' })).status).toBe(404);
  });

  it('answers 400 naming the field for a bad body, 403 without the write scope or from another Origin', async () => {
    const bad = await post('idea/case', writer, { owner: '  ', title: 'x'.repeat(201) });
    expect(bad.status).toBe(400);
    const fields = ((await bad.json()) as { fields: { path: string; message: string }[] }).fields;
    expect(fields.map((f) => f.path).sort()).toEqual(['owner', 'title']);
    expect(fields.find((f) => f.path === 'owner')?.message).toBe('name the case’s owner');
    const noText = await post('idea/told', writer, { text: '' });
    expect(noText.status).toBe(400);
    expect(((await noText.json()) as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['text']);
    expect((await post('idea/told', writer, 'not json')).status).toBe(400);
    for (const action of ['case', 'adopt', 'told']) {
      const body = { owner: 'bob', title: 'x', text: 'thanks' };
      expect((await post(`idea/${action}`, reader, body)).status, `${action} by a reader`).toBe(403);
      expect((await post(`idea/${action}`, writer, body, 'https://evil.example')).status, `${action} cross-site`).toBe(403);
      expect((await post(`idea/${action}`, '', body)).status, `${action} signed out`).toBe(401);
    }
    // Nothing changed.
    const idea = (await inbox()).rows.find((r) => r.response.id === 'idea');
    expect(idea?.response.adopted).toBeUndefined();
    expect(idea?.case).toBeNull();
  });

  it('marks a suggestion adopted and records what was told to the customer; filters open, adopted, told', async () => {
    expect((await inbox('state=open')).total).toBe(3);
    const notSuggestion = await post('nps2/adopt', writer);
    expect(notSuggestion.status).toBe(400);
    expect(((await notSuggestion.json()) as { fields: { path: string }[] }).fields.map((f) => f.path)).toEqual(['kind']);

    const before = (await pullChanges(sql, 0, 100)).next;
    const adopted = await post('idea/adopt', writer);
    expect(adopted.status).toBe(200);
    expect(await adopted.json()).toMatchObject({ id: 'idea', rev: 2, adopted: { at: T0, by: 'rep' }, updatedBy: 'rep' });
    expect((await inbox('state=adopted')).rows.map((r) => r.response.id)).toEqual(['idea']);
    expect((await inbox('state=told')).total).toBe(0);

    const told = await post('idea/told', writer, { text: 'We deliver on Saturdays from next month. Thank you!' });
    expect(told.status).toBe(200);
    expect(await told.json()).toMatchObject({
      rev: 3,
      customerLog: [{ at: T0, by: 'rep', text: 'We deliver on Saturdays from next month. Thank you!' }],
    });
    const second = await post('nps2/told', writer, { text: 'Sorry: we changed carriers.' });
    expect(second.status).toBe(200);
    expect((await inbox('state=told')).rows.map((r) => r.response.id).sort()).toEqual(['idea', 'nps2']);
    expect((await inbox('state=open')).rows.map((r) => r.response.id)).toEqual(['stray']);
    expect(
      (await h.app.request(`${BASE}/console/api/feedback?state=closed`, { headers: { cookie: `kehu_console=${reader}` } }))
        .status,
    ).toBe(400);

    // Every step is a version of the answer that reps pull; the answer's words are unchanged.
    const changes = await pullChanges(sql, before, 100);
    expect(changes.changes.map((c) => [c.entity, c.record.id])).toEqual([
      ['responses', 'idea'],
      ['responses', 'nps2'],
    ]);
    const idea = changes.changes.find((c) => c.record.id === 'idea')?.record as { comment: string; adopted: unknown };
    expect(idea).toMatchObject({ comment: 'Ship on Saturdays', adopted: { at: T0, by: 'rep' } });
    // Adopting again keeps the first adoption and writes nothing.
    expect(await (await post('idea/adopt', writer)).json()).toMatchObject({ rev: 3 });
  });

  it('describes the three actions in /openapi.json', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } } }>;
      components: { schemas: Record<string, { required?: string[] }> };
    };
    for (const action of ['case', 'adopt', 'told'])
      expect(doc.paths[`/console/api/feedback/{id}/${action}`]?.post, action).toBeDefined();
    const body = doc.paths['/console/api/feedback/{id}/case']?.post?.requestBody?.content['application/json']?.schema.$ref;
    expect(doc.components.schemas[body?.split('/').at(-1) ?? '']?.required).toEqual(['owner', 'title']);
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      expect(doc.components.schemas[m[1] as string], m[1]).toBeDefined();
  });
});
