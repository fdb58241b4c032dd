// Thousands of generated malformed bodies, headers, paths and queries: the collector answers each
// with a 4xx, never a 5xx, and stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBackends } from './backends.ts';
import { type Harness, ORIGIN, harness } from './fixtures.ts';

const VALID = {
  clientId: 'valid-client-0001',
  kind: 'nps',
  score: 7,
  comment: 'fine',
  respondent: { email: 'alice@acme.com', name: 'Alice', consent: true },
  pageUrl: 'https://shop.example/thanks',
  locale: 'en',
  elapsedMs: 5000,
  submittedAt: '2026-03-02T10:00:00.000Z',
};

const notMatching = (re: RegExp) => fc.string({ maxLength: 80 }).filter((s) => !re.test(s));
const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

/** For each field, values that make an otherwise valid submission invalid. */
const BAD_FIELD: Record<string, fc.Arbitrary<unknown>> = {
  clientId: fc.oneof(notMatching(/^[A-Za-z0-9_-]{8,64}$/), notString),
  kind: fc.oneof(
    fc.string({ maxLength: 20 }).filter((s) => !['nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'].includes(s)),
    notString,
  ),
  score: fc.oneof(
    fc.integer({ min: 11 }),
    fc.integer({ max: -1 }),
    fc.double({ min: 0.01, max: 9.99, noInteger: true }),
    fc.string(),
    fc.constant(null),
  ),
  comment: fc.oneof(
    notString.filter((v) => typeof v !== 'string'),
    fc.constant('x'.repeat(5001)),
  ),
  respondent: fc.oneof(
    fc.record({ email: notMatching(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/), consent: fc.constant(true) }),
    fc.record({ email: fc.constant('alice@acme.com'), consent: fc.constantFrom(false, undefined) }),
    fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())),
  ),
  answers: fc.oneof(
    fc.dictionary(fc.string({ minLength: 65, maxLength: 80 }), fc.string(), { minKeys: 1, maxKeys: 2 }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.object({ maxDepth: 1 }), { minKeys: 1, maxKeys: 2 }),
    fc.string(),
  ),
  pageUrl: fc.oneof(
    notString.filter((v) => typeof v !== 'string'),
    fc.constant(`https://x.example/${'a'.repeat(2048)}`),
  ),
  locale: fc.oneof(
    notString.filter((v) => typeof v !== 'string'),
    fc.string({ minLength: 36, maxLength: 50 }),
  ),
  elapsedMs: fc.oneof(
    fc.integer({ max: 999 }),
    fc.double({ noInteger: true, min: 1000.5, max: 1e6 }),
    fc.string(),
    fc.constant(null),
  ),
  submittedAt: fc.oneof(
    fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-\d\d-\d\dT/.test(s)),
    fc.constant('2026-13-45T99:00:00Z'),
    notString,
  ),
  hp: fc.string({ minLength: 1, maxLength: 50 }),
};
/** Fields where an otherwise valid text gets a NUL character, which the store cannot hold. */
const NUL = fc.constantFrom('comment', 'locale', 'pageUrl').map((field) => ({ ...VALID, [field]: `a\u0000b` }));

const mutated = fc.oneof(
  NUL,
  // one field made invalid
  fc
    .constantFrom(...Object.keys(BAD_FIELD))
    .chain((field) => (BAD_FIELD[field] as fc.Arbitrary<unknown>).map((value) => ({ ...VALID, [field]: value }))),
  // a required field left out
  fc.constantFrom('clientId', 'kind', 'submittedAt', 'elapsedMs', 'score').map((field) => {
    const copy: Record<string, unknown> = { ...VALID };
    delete copy[field];
    return copy;
  }),
);

const garbage = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }).map((v) => {
    try {
      return JSON.stringify(v) ?? 'undefined';
    } catch {
      return String(v);
    }
  }),
  fc.uint8Array({ maxLength: 300 }).map((b) => new Uint8Array(b)),
);

describeOnBackends('bad input on $name', { resetBetweenTests: false }, (sql) => {
  let h: Harness;
  const statuses = new Map<number, number>();
  const expect4xx = (r: Response, what: string) => {
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    if (r.status < 400 || r.status >= 500) throw new Error(`${what}: HTTP ${r.status}`);
  };

  beforeAll(async () => {
    h = await harness(sql, { keyCacheMs: 60_000 });
  });
  afterAll(async () => {
    await h.drain();
    const stored = await sql.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM kehu_records)::int + (SELECT count(*) FROM kehu_history)::int AS n',
    );
    // Every kind of refusal was exercised.
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 401, 403, 413, 415]));
    expect(stored[0]?.n).toBe(0);
  });

  it('collect: garbage bodies of any kind → 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(garbage, fc.constantFrom('application/json', 'text/plain', ''), async (body, type) => {
        const r = await h.collect(body as string, type ? { 'content-type': type } : {});
        expect4xx(r, 'garbage');
      }),
      { numRuns: 1500 },
    );
  });

  it('collect: valid submissions with one field broken or missing → 400 naming it', async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async (body) => {
        const r = await h.collect(body);
        expect4xx(r, JSON.stringify(body).slice(0, 200));
        expect(r.status).toBe(400);
        const answer = (await r.json()) as { error: string; fields?: unknown[] };
        if (answer.error !== 'bad_json') expect(answer.fields?.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });

  it('collect: bad headers, keys and sizes → 403, 413, 415', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({ kind: fc.constant('origin'), value: fc.oneof(fc.webUrl(), fc.string({ maxLength: 60 })) }),
          fc.record({
            kind: fc.constant('type'),
            value: fc.string({ maxLength: 40 }).filter((t) => !/^\s*(application\/json|text\/plain)?\s*(;.*)?$/i.test(t)),
          }),
          fc.record({ kind: fc.constant('key'), value: fc.string({ minLength: 1, maxLength: 120 }) }),
          fc.record({ kind: fc.constant('size'), value: fc.integer({ min: 64 * 1024 + 1, max: 200 * 1024 }).map(String) }),
        ),
        async ({ kind, value }) => {
          const body = JSON.stringify({ ...VALID, clientId: 'never-stored-1' });
          let r: Response;
          if (kind === 'origin') {
            if (value === ORIGIN || /^https:\/\/[a-z0-9.-]*\.shop\.example$/i.test(value)) return;
            r = await h.collect(body, { origin: value });
          } else if (kind === 'type') {
            r = await h.collect(body, { 'content-type': value });
          } else if (kind === 'key') {
            r = await h.app.request(`/v1/collect/${encodeURIComponent(value)}`, {
              method: 'POST',
              headers: { origin: ORIGIN },
              body,
            });
          } else {
            r = await h.collect(JSON.stringify({ ...VALID, comment: 'x'.repeat(Number(value)) }));
          }
          expect4xx(r, `${kind} ${value}`);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('sync: malformed pushes, queries and tokens → 4xx, or each bad record rejected on its own', async () => {
    const badRecord = fc.oneof(
      fc.record({ entity: fc.string({ maxLength: 12 }), record: fc.object({ maxDepth: 1 }) }),
      fc.record({ entity: fc.constant('customers'), record: fc.record({ id: fc.string(), name: fc.integer() }) }),
      fc.record({
        entity: fc.constant('customers'),
        record: fc.record({
          id: fc.constant('c1'),
          name: fc.constant('C'),
          rev: fc.integer({ max: 0 }),
          updatedAt: fc.string(),
          updatedBy: fc.constant('x'),
          createdAt: fc.constant('2026-01-01T00:00:00.000Z'),
        }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.record({
            kind: fc.constant('push'),
            body: fc.oneof(
              garbage,
              fc.record({ changes: fc.array(badRecord, { maxLength: 3 }) }).map((b) => JSON.stringify(b)),
            ),
          }),
          fc.record({ kind: fc.constant('query'), body: fc.string({ maxLength: 40 }) }),
          fc.record({ kind: fc.constant('token'), body: fc.string({ maxLength: 300 }) }),
        ),
        async ({ kind, body }) => {
          let r: Response;
          if (kind === 'push') {
            r = await h.call('/v1/changes', { method: 'POST', body: body as string, token: h.tokens.rw });
            if (r.status === 200) {
              // A well-formed batch of bad records: each one rejected on its own, none stored.
              const answer = (await r.json()) as { accepted: unknown[]; rejected: { fields: unknown[] }[] };
              const sent = (JSON.parse(body as string) as { changes: unknown[] }).changes;
              expect(answer.accepted).toEqual([]);
              expect(answer.rejected).toHaveLength(sent.length);
              for (const rejection of answer.rejected) expect(rejection.fields.length).toBeGreaterThan(0);
              return;
            }
          } else if (kind === 'query') {
            const q = body as string;
            const valid = /^\d+$/.test(q) && Number(q) <= Number.MAX_SAFE_INTEGER;
            r = await h.call(`/v1/changes?since=${encodeURIComponent(q)}&limit=0`, { token: h.tokens.read });
            if (valid) expect(r.status).toBe(400); // limit=0 is out of range whatever since is
          } else {
            r = await h.app.request('/v1/changes', {
              headers: { authorization: `Bearer ${(body as string).replace(/[\r\n]/g, '')}` },
            });
          }
          expect4xx(r, `${kind} ${String(body).slice(0, 100)}`);
        },
      ),
      { numRuns: 1500 },
    );
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500)).toBe(true);
  });
});
