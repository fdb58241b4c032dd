// Input the store cannot hold never costs a 5xx or a good record: lone UTF-16 surrogates are
// refused by the shared schemas with the field named (collect 400, push per record, import per
// line), deeply nested JSON is checked without recursion, and suspect answers are kept apart
// until released. On every store backend.
import { beforeEach, describe, expect, it } from 'vitest';
import { PullResponse, PushResponse } from '#shared/model/sync.ts';
import { findString } from '#shared/model/well-formed.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, ORIGIN, T0, customer, harness, rec, submission } from './fixtures.ts';

const LONE = '\ud800';

async function pull(h: Harness) {
  const r = await h.call('/v1/changes?since=0&limit=5000', { token: h.tokens.read });
  return PullResponse.parse(await r.json()).changes;
}

describeOnBackends('untrusted input on $name', (sql) => {
  let h: Harness;

  beforeEach(async () => {
    h = await harness(sql);
  });

  describe('lone surrogates', () => {
    it('collect answers 400 naming the field, and the answers sent with it are stored', async () => {
      const bad = [
        { body: submission({ comment: `late${LONE}` }), path: 'comment' },
        {
          body: submission({ respondent: { name: `Li${LONE}`, email: 'li@acme.example', consent: true } }),
          path: 'respondent.name',
        },
        { body: submission({ answers: { [`why${LONE}`]: 'x' } }), path: 'answers.why\uFFFD' },
        { body: submission({ answers: { reasons: ['a', `\udc00b`] } }), path: 'answers.reasons.1' },
        { body: submission({ locale: `en${LONE}` }), path: 'locale' },
      ];
      const good = Array.from({ length: 20 }, () => submission());
      // Sent together, so the good ones share group commits with the refused ones.
      const answers = await Promise.all([...bad.map((b) => h.collect(b.body)), ...good.map((g) => h.collect(g))]);
      for (const [i, b] of bad.entries()) {
        const r = answers[i] as Response;
        expect(r.status).toBe(400);
        const body = (await r.json()) as { fields: { path: string; message: string }[] };
        expect(body.fields.map((f) => f.path)).toContain(b.path);
        expect(body.fields.find((f) => f.path === b.path)?.message).toMatch(/well-formed.*surrogate/);
      }
      for (const r of answers.slice(bad.length)) expect(r.status).toBe(201);
      expect(await pull(h)).toHaveLength(good.length);
    });

    it('a push stores every good record and rejects the bad ones one by one, naming index, id and field', async () => {
      const changes = [
        rec.customer('good-1'),
        { entity: 'customers', record: { ...customer('bad-1'), name: `ACME${LONE}` } },
        rec.contact('good-2', { name: 'Wang' }),
        { entity: 'contacts', record: { ...rec.contact('bad-2').record, name: 'a\u0000b' } },
        rec.customer('good-3'),
      ];
      const r = await h.call('/v1/changes', { method: 'POST', token: h.tokens.rw, body: JSON.stringify({ changes }) });
      expect(r.status).toBe(200);
      const answer = PushResponse.parse(await r.json());
      expect(answer.accepted.map((a) => a.id)).toEqual(['good-1', 'good-2', 'good-3']);
      expect(answer.rejected).toEqual([
        {
          index: 1,
          entity: 'customers',
          id: 'bad-1',
          fields: [{ path: 'record.name', message: expect.stringMatching(/surrogate/) }],
        },
        { index: 3, entity: 'contacts', id: 'bad-2', fields: [{ path: 'record.name', message: expect.stringMatching(/NUL/) }] },
      ]);
      expect((await pull(h)).map((c) => c.record.id).sort()).toEqual(['good-1', 'good-2', 'good-3']);
    });

    it('an NDJSON import rejects the line and imports the 1,499 others', async () => {
      const lines = Array.from({ length: 1500 }, (_, i) =>
        JSON.stringify({ id: `c${i}`, name: i === 699 ? `Bad${LONE}name` : `Customer ${i}`, createdAt: T0 }),
      );
      const r = await h.call('/v1/import/customers.ndjson', {
        method: 'POST',
        token: h.tokens.rw,
        body: `${lines.join('\n')}\n`,
      });
      expect(r.status).toBe(200);
      const summary = (await r.json()) as { added: number; rejectedRows: number; rejected: { line: number; error: string }[] };
      expect(summary.added).toBe(1499);
      expect(summary.rejectedRows).toBe(1);
      expect(summary.rejected[0]?.line).toBe(700);
      expect(JSON.stringify(summary.rejected[0])).toMatch(/surrogate/);
    });
  });

  describe('deep nesting', () => {
    const nested = (depth: number, leaf: unknown) => `${'['.repeat(depth)}${JSON.stringify(leaf)}${']'.repeat(depth)}`;

    it('is walked without recursion, 50,000 levels deep', () => {
      const deep = JSON.parse(nested(50_000, 'a\u0000b'));
      expect(findString(deep, (s) => s.includes('\0'))).toHaveLength(50_000);
      expect(findString(JSON.parse(nested(50_000, 'ok')), (s) => s.includes('\0'))).toBeNull();
    });

    it('collect answers 400 to a body nested 30,000 deep within 64 KB, with or without a NUL', async () => {
      for (const leaf of ['a\u0000b', 'fine']) {
        const body = `{"answers":{"x":${nested(30_000, leaf)}}}`;
        expect(body.length).toBeLessThan(64 * 1024);
        const r = await h.collect(body);
        expect(r.status).toBe(400);
      }
    });

    it('a push with a record nested 50,000 deep rejects that record and stores the rest', async () => {
      const response = {
        id: 'r-deep',
        kind: 'praise',
        comment: 'fine',
        answers: { x: '__DEEP__' },
        respondent: {},
        submittedAt: T0,
        rev: 1,
        updatedAt: T0,
        updatedBy: 'alice',
        deletedAt: null,
      };
      const changes = JSON.stringify({ changes: [rec.customer('ok'), { entity: 'responses', record: response }] });
      const body = changes.replace('"__DEEP__"', nested(50_000, 'a\u0000b'));
      const r = await h.call('/v1/changes', { method: 'POST', token: h.tokens.rw, body });
      expect(r.status).toBe(200);
      const answer = PushResponse.parse(await r.json());
      expect(answer.accepted.map((a) => a.id)).toEqual(['ok']);
      expect(answer.rejected).toMatchObject([{ index: 1, id: 'r-deep' }]);
    });
  });

  describe('suspect answers', () => {
    it('are kept apart (not in the change log), listed for export tokens, and flow like any answer once released', async () => {
      const quick = submission({ elapsedMs: 150, suspect: true, comment: 'Very quick but real' });
      const r = await h.collect(quick);
      expect(r.status).toBe(201);
      const { id } = (await r.json()) as { id: string; suspect: boolean };
      expect((await h.collect(quick)).status).toBe(200); // a replay stores nothing new
      expect(await pull(h)).toHaveLength(0); // not synced, so not counted in any level

      expect((await h.call('/v1/responses/suspect', { token: h.tokens.rw })).status).toBe(403);
      const list = await h.call('/v1/responses/suspect', { token: h.tokens.export });
      expect(list.status).toBe(200);
      const listed = (await list.json()) as { answers: { id: string; response: { comment: string } }[]; waiting: number };
      expect(listed.waiting).toBe(1);
      expect(listed.answers).toMatchObject([{ id, response: { comment: 'Very quick but real' } }]);

      expect((await h.call(`/v1/responses/${id}/release`, { method: 'POST', token: h.tokens.read })).status).toBe(403);
      expect((await h.call('/v1/responses/nope/release', { method: 'POST', token: h.tokens.export })).status).toBe(404);
      const released = await h.call(`/v1/responses/${id}/release`, { method: 'POST', token: h.tokens.export });
      expect(released.status).toBe(200);
      expect(await released.json()).toMatchObject({ id, released: true });
      const changes = await pull(h);
      expect(changes).toMatchObject([{ entity: 'responses', record: { id, comment: 'Very quick but real' } }]);
      // Released once: the list is empty, a second release answers the same record.
      expect(
        ((await (await h.call('/v1/responses/suspect', { token: h.tokens.export })).json()) as { waiting: number }).waiting,
      ).toBe(0);
      const again = await h.call(`/v1/responses/${id}/release`, { method: 'POST', token: h.tokens.admin });
      expect(await again.json()).toMatchObject({ id, released: false });
      expect(await pull(h)).toHaveLength(1);
    });

    it('a released answer is matched to its contact and customer like a collected one', async () => {
      await h.call('/v1/changes', {
        method: 'POST',
        token: h.tokens.rw,
        body: JSON.stringify({
          changes: [rec.customer('acme'), rec.contact('li', { customerId: 'acme', emails: ['li@acme.example'] })],
        }),
      });
      const r = await h.collect(
        submission({ elapsedMs: 10, suspect: true, respondent: { email: 'Li@ACME.example', consent: true } }),
      );
      const { id } = (await r.json()) as { id: string };
      await h.call(`/v1/responses/${id}/release`, { method: 'POST', token: h.tokens.export });
      const response = (await pull(h)).find((c) => c.entity === 'responses');
      expect(response?.record).toMatchObject({
        id,
        contactId: 'li',
        customerId: 'acme',
        respondent: { email: 'li@acme.example' },
      });
    });

    it('a bot answer faster than a person without the flag is still refused, and a honeypot always', async () => {
      expect((await h.collect(submission({ elapsedMs: 100 }))).status).toBe(400);
      expect((await h.collect(submission({ elapsedMs: 100, suspect: true, hp: 'spam' }))).status).toBe(400);
      const list = await h.call('/v1/responses/suspect', { token: h.tokens.export });
      expect(((await list.json()) as { waiting: number }).waiting).toBe(0);
      expect(ORIGIN).toBe('https://shop.example');
    });
  });
});
