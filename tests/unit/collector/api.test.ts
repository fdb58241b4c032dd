// The collector's HTTP API, on every store backend: collect (keys, origins, CORS, limits, bot
// checks, idempotency, identity), auth and scopes, health, OpenAPI, and the request log.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '#shared/model/sync.ts';
import { SCHEMA_VERSION } from '../../../collector/db/migrations.ts';
import type { Sql } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';
import { writeRecords } from '../../../collector/store/records.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, ORIGIN, T0, harness, rec, submission } from './fixtures.ts';

async function responses(h: Harness) {
  const r = await h.call('/v1/changes?since=0&limit=5000', { token: h.tokens.read });
  return PullResponse.parse(await r.json()).changes.filter((c) => c.entity === 'responses');
}

describeOnBackends('collector API on $name', (sql) => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness(sql);
  });
  afterEach(async () => {
    await h.drain();
  });

  describe('POST /v1/collect/{siteKey}', () => {
    it('stores an answer as a Response and a change, and answers 201 {id} after the commit', async () => {
      const s = submission({ kind: 'nps', score: 2, comment: 'slow delivery' });
      const r = await h.collect(s);
      expect(r.status).toBe(201);
      const { id } = (await r.json()) as { id: string };
      expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const [change] = await responses(h);
      expect(change?.record).toMatchObject({
        id,
        kind: 'nps',
        score: 2,
        comment: 'slow delivery',
        clientId: s.clientId,
        siteKey: h.siteKey,
      });
      expect(change?.record.updatedBy).toBe('site:shop');
    });

    it('is idempotent by clientId: a replay answers 200 with the same id and stores nothing new', async () => {
      const s = submission();
      const first = (await (await h.collect(s)).json()) as { id: string };
      const again = await h.collect(s);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      // Replays racing inside one group commit resolve the same way.
      const twin = submission();
      const [a, b] = await Promise.all([h.collect(twin), h.collect(twin)]);
      const ids = [(await a.json()) as { id: string }, (await b.json()) as { id: string }].map((x) => x.id);
      expect(ids[0]).toBe(ids[1]);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      expect(await responses(h)).toHaveLength(2);
    });

    it('resolves the respondent to an existing contact and customer', async () => {
      await sql.transaction((tx) =>
        writeRecords(
          tx,
          [
            rec.customer('acme', { domains: ['acme.com'] }),
            rec.contact('alice', { customerId: 'acme', emails: ['alice@acme.com'] }),
            rec.customer('globex', { domains: ['globex.co.uk'] }),
          ],
          T0,
        ),
      );
      const known = submission({ respondent: { email: 'Alice@ACME.com', consent: true } });
      const byDomain = submission({ respondent: { email: 'bob@mail.globex.co.uk', consent: true } });
      const freeMail = submission({ respondent: { email: 'someone@gmail.com', consent: true } });
      for (const s of [known, byDomain, freeMail]) expect((await h.collect(s)).status).toBe(201);
      const byClient = new Map((await responses(h)).map((c) => [c.record.clientId, c.record]));
      expect(byClient.get(known.clientId)).toMatchObject({
        contactId: 'alice',
        customerId: 'acme',
        respondent: { email: 'alice@acme.com' },
      });
      expect(byClient.get(byDomain.clientId)).toMatchObject({ customerId: 'globex' });
      expect(byClient.get(byDomain.clientId)?.contactId).toBeUndefined();
      expect(byClient.get(freeMail.clientId)?.customerId).toBeUndefined();
    });

    it('keeps the page without its query string or fragment', async () => {
      await h.collect(submission({ pageUrl: 'https://shop.example/thanks?email=alice@acme.com#x' }));
      expect((await responses(h))[0]?.record.pageUrl).toBe('https://shop.example/thanks');
    });

    it('answers 400 with field errors for a body that does not match the schema', async () => {
      const r = await h.collect({ ...submission(), kind: 'nps', score: 11 });
      expect(r.status).toBe(400);
      const body = (await r.json()) as { error: string; fields: { path: string; message: string }[] };
      expect(body.error).toBe('invalid');
      expect(body.fields).toContainEqual({ path: 'score', message: 'must be 0–10 for nps' });
      expect((await h.collect('{not json')).status).toBe(400);
      expect(await responses(h)).toHaveLength(0);
    });

    it('rejects bots: a filled honeypot, an answer faster than a person, a missing elapsedMs', async () => {
      for (const s of [
        submission({ hp: 'http://spam' }),
        submission({ elapsedMs: 200 }),
        { ...submission(), elapsedMs: undefined },
      ]) {
        const r = await h.collect(s);
        expect(r.status).toBe(400);
        expect(((await r.json()) as { error: string }).error).toBe('rejected');
      }
      expect(await responses(h)).toHaveLength(0);
    });

    it('answers 403 to an unknown key, a revoked key, a missing or foreign origin', async () => {
      const s = submission();
      const unknown = await h.app.request('/v1/collect/ks_nope', {
        method: 'POST',
        headers: { origin: ORIGIN },
        body: JSON.stringify(s),
      });
      expect(unknown.status).toBe(403);
      expect((await h.collect(s, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await h.collect(s, { origin: 'https://evilshop.example' })).status).toBe(403);
      const noOrigin = await h.app.request(`/v1/collect/${h.siteKey}`, { method: 'POST', body: JSON.stringify(s) });
      expect(noOrigin.status).toBe(403);
      expect(noOrigin.headers.get('access-control-allow-origin')).toBeNull();
      // Subdomains when the key allows https://*.shop.example
      expect((await h.collect(submission(), { origin: 'https://de.shop.example' })).status).toBe(201);
      const revoked = await h.call('/v1/admin/sites/shop', { method: 'DELETE', token: h.tokens.admin });
      expect(revoked.status).toBe(200);
      expect((await h.collect(submission())).status).toBe(403);
    });

    it('answers a CORS preflight for allowed origins only', async () => {
      const ok = await h.app.request(`/v1/collect/${h.siteKey}`, {
        method: 'OPTIONS',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
      expect(ok.headers.get('access-control-allow-headers')).toContain('content-type');
      const no = await h.app.request(`/v1/collect/${h.siteKey}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example' },
      });
      expect(no.status).toBe(403);
      expect(no.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('answers 413 over 64 KB, declared or not', async () => {
      const big = JSON.stringify({ ...submission(), comment: 'x'.repeat(70 * 1024) });
      expect((await h.collect(big)).status).toBe(413);
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(4096)));
          c.close();
        },
      });
      const chunked = await h.app.request(`/v1/collect/${h.siteKey}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      expect(chunked.status).toBe(413);
      expect(await responses(h)).toHaveLength(0);
    });

    it('answers 429 with Retry-After past the rate limit, per site key and client address', async () => {
      // A second app on the same store, with a small budget: 3, then one a minute (so that no token
      // refills while a busy machine runs the requests).
      const { app } = createApp({ sql, log: () => {}, keyCacheMs: 0, collect: { rateLimit: { perMinute: 1, burst: 3 } } });
      const send = (ip: string) =>
        app.request(
          `/v1/collect/${h.siteKey}`,
          { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify(submission()) },
          { incoming: { socket: { remoteAddress: ip } } },
        );
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send('203.0.113.7')).status);
      expect(statuses).toEqual([201, 201, 201, 429]);
      const limitedAnswer = await send('203.0.113.7');
      expect(limitedAnswer.status).toBe(429);
      expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await send('198.51.100.1')).status).toBe(201); // another address has its own budget
    });

    it('accepts text/plain bodies (sendBeacon) and refuses other content types', async () => {
      expect((await h.collect(submission(), { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(201);
      expect((await h.collect(submission(), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    });
  });

  describe('auth and scopes', () => {
    it('needs a bearer token on every other /v1 route (401), with the right scope (403)', async () => {
      for (const path of ['/v1/changes', '/v1/export/customers.csv', '/v1/admin/keys']) {
        const r = await h.call(path);
        expect(r.status, path).toBe(401);
        expect(r.headers.get('www-authenticate')).toContain('Bearer');
        expect((await h.call(path, { token: 'kt_wrong' })).status, path).toBe(401);
      }
      expect((await h.call('/v1/changes', { token: h.tokens.export })).status).toBe(403);
      expect((await h.call('/v1/changes', { token: h.tokens.read })).status).toBe(200);
      expect((await h.call('/v1/changes', { method: 'POST', body: '{}', token: h.tokens.read })).status).toBe(403);
      expect((await h.call('/v1/export/customers.csv', { token: h.tokens.rw })).status).toBe(403);
      expect((await h.call('/v1/export/customers.csv', { token: h.tokens.export })).status).toBe(200);
      expect((await h.call('/v1/admin/keys', { token: h.tokens.rw })).status).toBe(403);
      // admin includes every scope
      expect((await h.call('/v1/changes', { token: h.tokens.admin })).status).toBe(200);
    });

    it('stops accepting a token once it is revoked', async () => {
      expect((await h.call('/v1/changes', { token: h.tokens.read })).status).toBe(200);
      expect((await h.call('/v1/admin/tokens/reader', { method: 'DELETE', token: h.tokens.admin })).status).toBe(200);
      expect((await h.call('/v1/changes', { token: h.tokens.read })).status).toBe(401);
      expect((await h.call('/v1/admin/tokens/reader', { method: 'DELETE', token: h.tokens.admin })).status).toBe(404);
    });

    it('creates keys and tokens over the admin API; tokens are shown once and stored as hashes', async () => {
      const created = await h.call('/v1/admin/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'bot', scopes: ['read'] }),
        token: h.tokens.admin,
      });
      expect(created.status).toBe(201);
      const { token } = (await created.json()) as { token: string };
      expect(token).toMatch(/^kt_/);
      expect((await h.call('/v1/changes', { token })).status).toBe(200);
      const stored = await sql.query<{ hash: string }>('SELECT hash FROM kehu_tokens WHERE name = $1', ['bot']);
      expect(stored[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(await sql.query('SELECT * FROM kehu_tokens'))).not.toContain(token);
      const list = await (await h.call('/v1/admin/keys', { token: h.tokens.admin })).text();
      expect(list).not.toContain(token);
      const badScope = await h.call('/v1/admin/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'x', scopes: ['root'] }),
        token: h.tokens.admin,
      });
      expect(badScope.status).toBe(400);
      const badOrigin = await h.call('/v1/admin/sites', {
        method: 'POST',
        body: JSON.stringify({ name: 'x', origins: ['shop.example/path'] }),
        token: h.tokens.admin,
      });
      expect(badOrigin.status).toBe(400);
      const dup = await h.call('/v1/admin/sites', {
        method: 'POST',
        body: JSON.stringify({ name: 'shop', origins: [ORIGIN] }),
        token: h.tokens.admin,
      });
      expect(dup.status).toBe(400);
    });

    it('allows any origin with a token (tokens are not ambient credentials) and answers preflights', async () => {
      const pre = await h.app.request('/v1/changes', {
        method: 'OPTIONS',
        headers: { origin: 'chrome-extension://abc', 'access-control-request-headers': 'authorization' },
      });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
      const r = await h.call('/v1/changes', { token: h.tokens.read, headers: { origin: 'chrome-extension://abc' } });
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it('GET /healthz answers 200 when the store answers, 503 when it does not', async () => {
    const r = await h.app.request('/healthz');
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ ok: true, store: sql.kind, schema: SCHEMA_VERSION, api: '1' });
    expect(r.headers.get('kehu-api')).toBe('1');
    const broken = { ...sql, query: async () => Promise.reject(new Error('down')) } as Sql;
    expect((await createApp({ sql: broken, log: () => {} }).app.request('/healthz')).status).toBe(503);
  });

  it('GET /openapi.json describes every route with the shared schemas', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/v1/collect/{siteKey}',
      '/v1/changes',
      '/v1/export/{file}',
      '/v1/import/{file}',
      '/v1/responses/suspect',
      '/v1/responses/{id}/release',
      '/healthz',
      '/openapi.json',
    ]) {
      expect(doc.paths[p], p).toBeDefined();
    }
    expect(Object.keys(doc.paths['/v1/changes'] ?? {})).toEqual(expect.arrayContaining(['get', 'post']));
    const s = doc.components.schemas;
    expect(Object.keys(s.Submission?.properties ?? {})).toEqual(
      expect.arrayContaining(['clientId', 'kind', 'score', 'elapsedMs', 'hp', 'suspect']),
    );
    expect(Object.keys(s.Customer?.properties ?? {})).toEqual(
      expect.arrayContaining(['id', 'name', 'domains', 'rev', 'updatedAt']),
    );
    expect(Object.keys(s.PushResponse?.properties ?? {})).toContain('rejected');
    for (const name of ['PullResponse', 'PushBody', 'PushResponse', 'Change', 'Response', 'Error', 'SuspectPage', 'Released'])
      expect(s[name], name).toBeDefined();
    // Every reference resolves.
    const text = JSON.stringify(doc);
    for (const m of text.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) expect(s[m[1] as string], m[1]).toBeDefined();
  });

  it('logs one JSON line per request, with the route pattern and no token, key, address or body', async () => {
    h.logs.length = 0;
    const s = submission({ respondent: { email: 'alice@acme.com', name: 'Alice', consent: true }, comment: 'secret words' });
    await h.collect(s);
    await h.call('/v1/changes?since=0', { token: h.tokens.read });
    await h.call('/nowhere');
    expect(h.logs).toHaveLength(3);
    const [collect, pull, missing] = h.logs;
    expect(collect).toMatchObject({ method: 'POST', route: '/v1/collect/:siteKey', status: 201 });
    expect(pull).toMatchObject({ method: 'GET', route: '/v1/changes', status: 200 });
    expect(missing).toMatchObject({ route: null, status: 404 });
    for (const line of h.logs) {
      expect(typeof line.req).toBe('string');
      expect(typeof line.ms).toBe('number');
      const text = JSON.stringify(line);
      for (const secret of [h.siteKey, h.tokens.read, 'alice', 'Alice', 'secret words', s.clientId, 'since'])
        expect(text).not.toContain(secret);
    }
  });
});
