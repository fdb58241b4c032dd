// The team console's server side on every store backend: sign-in with a team token exchanged for
// a session cookie, sign-out, expiry and revocation, the Origin check on changes, tokens kept out
// of logs, the built files at /console/, and the customer worklist's filters and pages.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest';
import { pullChanges, writeRecords } from '../../../collector/store/records.ts';
import { revokeKey } from '../../../collector/store/credentials.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, T0, harness, rec, submission } from './fixtures.ts';
import { caseIdForComplaint } from '#shared/model/case.ts';

const BASE = 'http://kehu.test';
const dir = mkdtempSync(join(tmpdir(), 'kehu-console-'));
writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
writeFileSync(join(dir, 'console.js'), 'export {};');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeOnBackends('team console on $name', (sql) => {
  let h: Harness;
  let clock = new Date(T0);
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels');
    clock = new Date(T0);
    h = await harness(sql, { consoleDir: dir, now: () => clock });
  });
  afterEach(async () => {
    await h.drain();
  });

  const signIn = (token: string, base = BASE, origin = base) =>
    h.app.request(`${base}/console/api/session`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
  const cookieOf = (r: Response) => /kehu_console=([^;]*)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? '';
  const get = (path: string, cookie: string) =>
    h.app.request(`${BASE}${path}`, { headers: { cookie: `kehu_console=${cookie}` } });

  it('exchanges a team token for an HttpOnly, SameSite=Strict session cookie, and knows who signed in', async () => {
    const r = await signIn(h.tokens.export);
    expect(r.status).toBe(201);
    expect(await r.json()).toMatchObject({ name: 'exporter', scopes: ['export'] });
    const cookie = r.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kehu_console=kc_[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/console');
    expect(cookie).not.toContain('Secure');
    const me = await get('/console/api/session', cookieOf(r));
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'exporter', scopes: ['export'] });
    // Over https the cookie is Secure.
    const secure = await signIn(h.tokens.read, 'https://kehu.test');
    expect(secure.headers.get('set-cookie')).toContain('Secure');
  });

  it('refuses a wrong token, and never logs a token', async () => {
    const r = await signIn('kt_wrong');
    expect(r.status).toBe(401);
    expect(r.headers.get('set-cookie')).toBeNull();
    await signIn(h.tokens.admin);
    const logged = JSON.stringify(h.logs);
    expect(logged).not.toContain('kt_wrong');
    expect(logged).not.toContain(h.tokens.admin);
    expect(logged).not.toContain('kc_');
  });

  it('answers 401 without a session, after sign-out, after expiry and once the token is revoked', async () => {
    expect((await get('/console/api/customers', '')).status).toBe(401);
    expect((await get('/console/api/customers', 'kc_made_up')).status).toBe(401);

    const first = cookieOf(await signIn(h.tokens.read));
    expect((await get('/console/api/customers', first)).status).toBe(200);
    const out = await h.app.request(`${BASE}/console/api/session`, {
      method: 'DELETE',
      headers: { origin: BASE, cookie: `kehu_console=${first}` },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await get('/console/api/customers', first)).status).toBe(401);

    const second = cookieOf(await signIn(h.tokens.read));
    clock = new Date(Date.parse(T0) + 12 * 3600_000 + 1000);
    expect((await get('/console/api/customers', second)).status).toBe(401);

    clock = new Date(T0);
    const third = cookieOf(await signIn(h.tokens.rw));
    expect((await get('/console/api/customers', third)).status).toBe(200);
    await revokeKey(sql, 'token', 'rep', T0);
    expect((await get('/console/api/customers', third)).status).toBe(401);
  });

  it('accepts a change only with this collector’s own Origin', async () => {
    expect((await signIn(h.tokens.read, BASE, 'https://evil.example')).status).toBe(403);
    const noOrigin = await h.app.request(`${BASE}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: h.tokens.read }),
    });
    expect(noOrigin.status).toBe(403);
    const cookie = cookieOf(await signIn(h.tokens.read));
    const out = await h.app.request(`${BASE}/console/api/session`, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example', cookie: `kehu_console=${cookie}` },
    });
    expect(out.status).toBe(403);
    expect((await get('/console/api/session', cookie)).status).toBe(200);
  });

  it('serves the console page for every view path, with a strict CSP, and nothing outside its folder', async () => {
    const page = await h.app.request(`${BASE}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await (await h.app.request(`${BASE}/console/customers`)).text()).toContain('<title>console</title>');
    expect((await h.app.request(`${BASE}/console/console.js`)).headers.get('content-type')).toContain('javascript');
    expect((await h.app.request(`${BASE}/console`)).status).toBe(308);
    expect((await h.app.request(`${BASE}/console/..%2F..%2Fpackage.json`)).status).toBe(404);
    expect((await h.app.request(`${BASE}/console/missing.js`)).status).toBe(404);
  });

  it('pages the customer worklist on the server, filtered and sorted', async () => {
    const items = [
      rec.customer('c1', { name: '上海贸易', owner: 'alice', tier: 'key', stage: 'stable', tags: ['east'], value: 900 }),
      rec.customer('c2', {
        name: 'Acme Ltd',
        owner: 'bob',
        tier: 'general',
        tags: ['north'],
        value: 100,
        domains: ['acme.example'],
      }),
      rec.customer('c3', { name: 'Beta GmbH', owner: 'alice', tier: 'potential', value: 500 }),
    ];
    await sql.transaction((tx) => writeRecords(tx, items, T0));
    await sql.query(
      `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version) VALUES ('c2', 'red', 80, $1, 1), ('c3', 'yellow', 30, $1, 1)`,
      [T0],
    );
    const cookie = cookieOf(await signIn(h.tokens.read));
    const list = async (q: string) => {
      const r = await get(`/console/api/customers?${q}`, cookie);
      expect(r.status).toBe(200);
      return (await r.json()) as { rows: { id: string; level: string; score: number }[]; total: number; next: string | null };
    };
    expect((await list('')).rows.map((r) => [r.id, r.level, r.score])).toEqual([
      ['c2', 'red', 80],
      ['c3', 'yellow', 30],
      ['c1', 'none', 0],
    ]);
    expect((await list('owner=alice&sort=value')).rows.map((r) => r.id)).toEqual(['c1', 'c3']);
    expect((await list('level=red&level=yellow')).total).toBe(2);
    expect((await list('tier=key')).rows.map((r) => r.id)).toEqual(['c1']);
    expect((await list('stage=stable')).rows.map((r) => r.id)).toEqual(['c1']);
    expect((await list('tag=north')).rows.map((r) => r.id)).toEqual(['c2']);
    expect((await list('q=acme.example')).rows.map((r) => r.id)).toEqual(['c2']);
    expect((await list('q=贸易')).rows.map((r) => r.id)).toEqual(['c1']);
    // The next page: the rows after the first page's last one (its `next` cursor).
    const firstTwo = await list('size=2');
    const paged = await list(`size=2&after=${firstTwo.next}`);
    expect(paged).toMatchObject({ total: 3, start: 2, next: null });
    expect(paged.rows.map((r) => r.id)).toEqual(['c1']);
    // A cursor the worklist did not make, or made for another order, is named as the bad field.
    for (const q of [
      'after=bm9wZQ',
      `sort=name&dir=asc&after=${firstTwo.next}`,
      `after=${firstTwo.next}&before=${firstTwo.next}`,
    ]) {
      const refused = await get(`/console/api/customers?${q}`, cookie);
      expect(refused.status).toBe(400);
      expect((await refused.json()) as unknown).toMatchObject({ fields: [{ path: q.includes('before') ? 'before' : 'after' }] });
    }
    const bad = await get('/console/api/customers?level=purple', cookie);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ fields: [{ path: 'level.0' }] });
    const detail = await get('/console/api/customers/c2', cookie);
    expect(await detail.json()).toMatchObject({
      customer: { id: 'c2', name: 'Acme Ltd' },
      level: 'red',
      score: 80,
      canWrite: false,
    });
    expect((await get('/console/api/customers/nobody', cookie)).status).toBe(404);
    const writer = cookieOf(await signIn(h.tokens.rw));
    expect(await (await get('/console/api/customers/c1', writer)).json()).toMatchObject({ canWrite: true, contacts: [] });
    const filters = await (await get('/console/api/customers/filters', cookie)).json();
    expect(filters).toEqual({ owners: ['alice', 'bob'], tags: ['east', 'north'] });
  });

  it('exports customers with their level and score, in CSV and NDJSON, after the interchange columns', async () => {
    await sql.transaction((tx) => writeRecords(tx, [rec.customer('c1', { name: '上海贸易' }), rec.customer('c2')], T0));
    await sql.query(
      `INSERT INTO kehu_levels (customer_id, level, score, as_of, policy_version) VALUES ('c2', 'orange', 61, $1, 1)`,
      [T0],
    );
    const csv = await h.call('/v1/export/customers.csv', { token: h.tokens.export });
    expect(csv.status).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,name,domains,.*,level,score$/);
    expect(lines[1]).toMatch(/^c1,上海贸易,.*,none,0$/);
    expect(lines[2]).toMatch(/^c2,Customer c2,.*,orange,61$/);
    const nd = await h.call('/v1/export/customers.ndjson', { token: h.tokens.export });
    const records = (await nd.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records.map((r) => [r.id, r.level, r.score])).toEqual([
      ['c1', 'none', 0],
      ['c2', 'orange', 61],
    ]);
    expect((await h.call('/v1/export/customers.csv', { token: h.tokens.read })).status).toBe(403);
    // Other entities still come from the export route.
    expect((await h.call('/v1/export/contacts.csv', { token: h.tokens.export })).status).toBe(200);
  });

  it('lists every answer in the feedback inbox, and links an unmatched one to a customer (write scope, own Origin)', async () => {
    const answer = (id: string, patch: Record<string, unknown>) => ({
      entity: 'responses' as const,
      record: { id, kind: 'nps', respondent: {}, submittedAt: T0, rev: 1, updatedAt: T0, updatedBy: 'site:shop', ...patch },
    });
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('c1', { name: 'Acme Ltd' }),
          answer('r1', { score: 9, customerId: 'c1', siteKey: h.siteKey }),
          answer('r2', { score: 2, comment: 'too slow', respondent: { email: 'nobody@unknown.example' }, siteKey: h.siteKey }),
          answer('r3', { kind: 'complaint', comment: 'broken', submittedAt: '2026-02-01T00:00:00.000Z' }),
        ] as never,
        T0,
      ),
    );
    const reader = cookieOf(await signIn(h.tokens.read));
    const inbox = async (q: string, cookie = reader) =>
      (await (await get(`/console/api/feedback?${q}`, cookie)).json()) as {
        rows: { response: { id: string }; customerName: string | null; site: string | null }[];
        total: number;
        sites: string[];
      };
    const all = await inbox('');
    expect(all.rows.map((r) => [r.response.id, r.customerName, r.site])).toEqual([
      ['r1', 'Acme Ltd', 'shop'],
      ['r2', null, 'shop'],
      ['r3', null, null],
    ]);
    expect(all.sites).toEqual(['shop']);
    expect((await inbox('matched=no')).total).toBe(2);
    expect((await inbox('kind=complaint')).rows.map((r) => r.response.id)).toEqual(['r3']);
    expect((await inbox('maxScore=5')).rows.map((r) => r.response.id)).toEqual(['r2']);
    expect((await inbox('to=2026-02-15')).rows.map((r) => r.response.id)).toEqual(['r3']);
    expect((await inbox('site=shop&matched=no')).rows.map((r) => r.response.id)).toEqual(['r2']);
    expect((await get('/console/api/feedback?minScore=11', reader)).status).toBe(400);

    const link = (cookie: string, origin = BASE, body: unknown = { customerId: 'c1' }) =>
      h.app.request(`${BASE}/console/api/feedback/r2/link`, {
        method: 'POST',
        headers: { origin, cookie: `kehu_console=${cookie}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await link(reader)).status).toBe(403);
    const writer = cookieOf(await signIn(h.tokens.rw));
    expect((await link(writer, 'https://evil.example')).status).toBe(403);
    expect((await link(writer, BASE, { customerId: 'nobody' })).status).toBe(404);
    const before = (await pullChanges(sql, 0, 100)).next;
    const linked = await link(writer);
    expect(linked.status).toBe(200);
    expect(await linked.json()).toMatchObject({ id: 'r2', customerId: 'c1', rev: 2, updatedBy: 'rep' });
    expect((await inbox('matched=no')).rows.map((r) => r.response.id)).toEqual(['r3']);
    // The link is a change reps pull, and the customer's level counts the answer.
    const changes = await pullChanges(sql, before, 100);
    expect(changes.changes.map((c) => [c.entity, c.record.id])).toEqual([['responses', 'r2']]);
    const [level] = await sql.query<{ assessment: { contributions: { indicator: string }[] } }>(
      "SELECT assessment FROM kehu_levels WHERE customer_id = 'c1'",
    );
    expect(level?.assessment.contributions.map((c) => c.indicator)).toContain('satisfaction');
  });

  it('turns a complaint from a known customer into a case at step 1 with the id fb-{responseId}, once', async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('c1', { name: 'Acme Ltd', owner: 'alice' }),
          rec.contact('p1', { customerId: 'c1', emails: ['ann@acme.example'] }),
        ],
        T0,
      ),
    );
    const sent = await h.collect(
      submission({
        kind: 'complaint',
        score: undefined,
        comment: 'The parts arrived broken\nSecond line',
        respondent: { email: 'ann@acme.example', consent: true },
      }),
    );
    expect(sent.status).toBe(201);
    const { id } = (await sent.json()) as { id: string };
    // A complaint from nobody known stays an answer.
    await h.collect(
      submission({
        kind: 'complaint',
        score: undefined,
        comment: 'who am I',
        respondent: { email: 'x@nowhere.example', consent: true },
      }),
    );
    await h.drain();
    const cases = await sql.query<{ id: string; data: Record<string, unknown> }>(
      "SELECT id, data FROM kehu_records WHERE entity = 'cases'",
    );
    expect(cases.map((c) => c.id)).toEqual([caseIdForComplaint(id)]);
    expect(caseIdForComplaint(id)).toBe(`fb-${id}`);
    expect(cases[0]?.data).toMatchObject({
      customerId: 'c1',
      status: 'listen',
      owner: 'alice',
      title: 'The parts arrived broken',
    });
    // Another write does not make it twice.
    await h.collect(submission({ kind: 'nps', score: 8 }));
    await h.drain();
    expect(await sql.query("SELECT id FROM kehu_records WHERE entity = 'cases'")).toHaveLength(1);
  });
});
