// The team console's Settings on every store backend: only sessions with the admin scope; site
// keys (create, change origins, revoke, and the collect endpoint follows at once), team tokens
// (created once, listed without the secret, revoked), the policy version in force; the Origin
// check and 400s that name the bad field.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/risk/index.ts';
import { Levels } from '../../../collector/console/levels.ts';
import { putTeamPolicy } from '../../../collector/store/policies.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, consoleSession, T0, harness, rec, submission } from './fixtures.ts';

const BASE = 'http://kehu.test';

describeOnBackends('console settings on $name', (sql) => {
  let h: Harness;
  beforeEach(async () => {
    await sql.exec('TRUNCATE kehu_sessions, kehu_levels, kehu_policies');
    // Keys cached for a minute: a change in Settings must still apply at once.
    h = await harness(sql, { now: () => new Date(T0), keyCacheMs: 60_000 });
  });
  afterEach(async () => {
    await h.drain();
  });

  const signIn = (token: string) => consoleSession(h, token, BASE);
  const call = (method: string, path: string, cookie: string, body?: unknown, origin = BASE) =>
    h.app.request(`${BASE}/console/api/settings${path}`, {
      method,
      headers: { origin, cookie: `kehu_console=${cookie}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });

  it('is for the admin scope only', async () => {
    for (const scope of ['rw', 'read', 'export'] as const) {
      const cookie = await signIn(h.tokens[scope]);
      const r = await call('GET', '', cookie);
      expect(r.status).toBe(403);
      expect((await r.json()).message).toBe('the token lacks the "admin" scope');
      expect((await call('POST', '/tokens', cookie, { name: 'x', scopes: ['admin'] })).status).toBe(403);
    }
    expect((await call('GET', '', '')).status).toBe(401);
  });

  it('lists live site keys and tokens (never a token’s secret) and the policy version in force', async () => {
    const cookie = await signIn(h.tokens.admin);
    const r = await call('GET', '', cookie);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.sites).toEqual([
      expect.objectContaining({ name: 'shop', key: h.siteKey, origins: ['https://shop.example', 'https://*.shop.example'] }),
    ]);
    expect(body.tokens.map((t: { name: string }) => t.name).sort()).toEqual(['admin', 'exporter', 'reader', 'rep', 'writer']);
    expect(JSON.stringify(body)).not.toContain('kt_');
    expect(body.scopes).toEqual(['read', 'write', 'export', 'admin']);
    expect(body.policy).toMatchObject({ version: 1, createdBy: 'kehu' });
  });

  it('creates a site key, changes its origins (collect follows at once) and revokes it', async () => {
    const cookie = await signIn(h.tokens.admin);
    const created = await call('POST', '/sites', cookie, { name: 'blog', origins: ['https://blog.example/'] });
    expect(created.status).toBe(201);
    const site = await created.json();
    expect(site).toMatchObject({ name: 'blog', origins: ['https://blog.example'], key: expect.stringMatching(/^ks_/) });
    const collect = (origin: string) =>
      h.app.request(`/v1/collect/${site.key}`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify(submission()),
      });
    expect((await collect('https://blog.example')).status).toBe(201);
    expect((await collect('https://news.example')).status).toBe(403);

    const moved = await call('PUT', '/sites/blog/origins', cookie, { origins: ['https://news.example', 'https://news.example'] });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ key: site.key, origins: ['https://news.example'] });
    expect((await collect('https://news.example')).status).toBe(201);
    const moved403 = await collect('https://blog.example');
    expect(moved403.status).toBe(403);
    expect((await moved403.json()).error).toBe('origin_not_allowed');

    const bad = await call('PUT', '/sites/blog/origins', cookie, { origins: ['ftp://x'] });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/^origin "ftp:\/\/x" must be an origin like/);
    expect((await call('PUT', '/sites/blog/origins', cookie, { origins: [] })).status).toBe(400);
    expect((await call('PUT', '/sites/nope/origins', cookie, { origins: ['https://a.example'] })).status).toBe(404);
    const dup = await call('POST', '/sites', cookie, { name: 'blog', origins: ['https://blog.example'] });
    expect(dup.status).toBe(400);
    expect((await dup.json()).message).toContain('a site key named "blog" exists');

    expect((await call('DELETE', '/sites/blog', cookie)).status).toBe(200);
    const revoked = await collect('https://news.example');
    expect(revoked.status).toBe(403);
    expect((await revoked.json()).error).toBe('unknown_site_key');
    expect((await call('DELETE', '/sites/blog', cookie)).status).toBe(404);
    const after = await (await call('GET', '', cookie)).json();
    expect(after.sites.map((s: { name: string }) => s.name)).toEqual(['shop']);
  });

  it('creates a token shown once, which then works, and revokes it', async () => {
    const cookie = await signIn(h.tokens.admin);
    const created = await call('POST', '/tokens', cookie, { name: 'zhao', scopes: ['read', 'write'] });
    expect(created.status).toBe(201);
    const { token, ...info } = await created.json();
    expect(token).toMatch(/^kt_/);
    expect(info).toMatchObject({ name: 'zhao', scopes: ['read', 'write'] });
    expect((await h.call('/v1/changes?since=0', { token })).status).toBe(200);
    const listed = await (await call('GET', '', cookie)).json();
    expect(listed.tokens.find((t: { name: string }) => t.name === 'zhao')).toEqual(expect.not.objectContaining({ token }));
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(JSON.stringify(h.logs)).not.toContain(token);

    const badScope = await call('POST', '/tokens', cookie, { name: 'x', scopes: ['root'] });
    expect(badScope.status).toBe(400);
    expect((await badScope.json()).message).toBe('unknown scope "root": use read, write, export, admin');
    const noName = await call('POST', '/tokens', cookie, { name: ' ', scopes: ['read'] });
    expect(noName.status).toBe(400);
    const noScopes = await call('POST', '/tokens', cookie, { name: 'y', scopes: [] });
    expect(noScopes.status).toBe(400);
    expect((await noScopes.json()).fields[0].path).toBe('scopes');

    expect((await call('DELETE', '/tokens/zhao', cookie)).status).toBe(200);
    expect((await h.call('/v1/changes?since=0', { token })).status).toBe(401);
  });

  it('accepts changes only with this collector’s own Origin', async () => {
    const cookie = await signIn(h.tokens.admin);
    expect((await call('POST', '/tokens', cookie, { name: 'x', scopes: ['read'] }, 'https://evil.example')).status).toBe(403);
    expect((await call('DELETE', '/sites/shop', cookie, undefined, 'https://evil.example')).status).toBe(403);
    expect((await call('PUT', '/sites/shop/origins', cookie, { origins: ['https://evil.example'] }, 'null')).status).toBe(403);
    const still = await (await call('GET', '', cookie)).json();
    expect(still.sites[0].origins).toEqual(['https://shop.example', 'https://*.shop.example']);
  });

  it('changes a site key’s origins over the admin HTTP API too', async () => {
    const r = await h.call('/v1/admin/sites/shop/origins', {
      method: 'PUT',
      token: h.tokens.admin,
      body: JSON.stringify({ origins: ['https://shop.example'] }),
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ name: 'shop', origins: ['https://shop.example'] });
    const denied = await h.call('/v1/admin/sites/shop/origins', {
      method: 'PUT',
      token: h.tokens.rw,
      body: JSON.stringify({ origins: ['https://shop.example'] }),
    });
    expect(denied.status).toBe(403);
  });

  it('puts a stricter team policy in force: every customer is assessed again with it and the version shows', async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [
          rec.customer('a', { name: 'Alpha', owner: 'li' }),
          rec.contact('ann', { customerId: 'a', emails: ['ann@alpha.example'] }),
          rec.customer('b', { name: 'Beta' }),
        ],
        T0,
      ),
    );
    const sent = await h.collect(
      submission({ kind: 'nps', score: 3, respondent: { email: 'ann@alpha.example', consent: true }, submittedAt: T0 }),
    );
    expect(sent.status).toBe(201);
    await h.drain();
    const levelOf = async (id: string) =>
      (
        await sql.query<{ level: string; score: number; policy_version: number }>(
          'SELECT level, score, policy_version FROM kehu_levels WHERE customer_id = $1',
          [id],
        )
      )[0];
    const before = await levelOf('a');
    expect(before).toMatchObject({ policy_version: 1 });
    expect(before?.score).toBeGreaterThan(0);
    expect(before?.level).not.toBe('red');

    const cookie = await signIn(h.tokens.admin);
    const strict = { ...defaultPolicy(T0), version: 2, createdBy: 'lead', thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 } };
    const put = await call('PUT', '/policy', cookie, strict);
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ version: 2, inForce: 2 });
    const after = await levelOf('a');
    expect(after).toMatchObject({ level: 'red', policy_version: 2 });
    expect(await levelOf('b')).toMatchObject({ policy_version: 2 });
    expect((await (await call('GET', '', cookie)).json()).policy).toMatchObject({ version: 2, createdBy: 'lead' });

    // Versions only rise; a bad policy is refused by field; only admins, only from the console's own Origin.
    const again = await call('PUT', '/policy', cookie, strict);
    expect(again.status).toBe(409);
    expect((await again.json()).message).toBe('version 2 is in force: a new policy needs a higher version than 2');
    const bad = await call('PUT', '/policy', cookie, {
      ...strict,
      version: 3,
      thresholds: { blue: 9, yellow: 2, orange: 3, red: 4 },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe('bad policy: thresholds: must rise: blue < yellow < orange < red');
    expect((await call('PUT', '/policy', cookie, '{nope')).status).toBe(400);
    expect((await call('PUT', '/policy', cookie, { ...strict, version: 3 }, 'https://evil.example')).status).toBe(403);
    expect((await call('PUT', '/policy', await signIn(h.tokens.rw), { ...strict, version: 3 })).status).toBe(403);
    expect((await levelOf('a'))?.policy_version).toBe(2);
  });

  it('levels follow a policy version put in force by another process at their next catch-up', async () => {
    await sql.transaction((tx) =>
      writeRecords(
        tx,
        [rec.customer('a', { name: 'Alpha' }), rec.contact('ann', { customerId: 'a', emails: ['ann@alpha.example'] })],
        T0,
      ),
    );
    expect(
      (
        await h.collect(
          submission({ kind: 'nps', score: 3, respondent: { email: 'ann@alpha.example', consent: true }, submittedAt: T0 }),
        )
      ).status,
    ).toBe(201);
    await h.drain();
    const levels = new Levels(sql, { now: () => new Date(T0), timeZone: 'UTC' });
    await levels.fullPass();
    expect(levels.policy.version).toBe(1);
    const strict = { ...defaultPolicy(T0), version: 5, thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 } };
    await sql.transaction((tx) => putTeamPolicy(tx, strict, 1, T0, 'other'));
    await levels.catchUp();
    expect(levels.policy.version).toBe(5);
    const [row] = await sql.query<{ level: string; policy_version: number }>(
      "SELECT level, policy_version FROM kehu_levels WHERE customer_id = 'a'",
    );
    expect(row).toMatchObject({ level: 'red', policy_version: 5 });
  });
});
