// Properties with arbitrary Unicode, lone surrogates included (fast-check's binary strings), over
// collect, push and import: never a 5xx, nothing accepted is lost, and the rest of a batch is
// stored. On every store backend.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Customer } from '#shared/model/customer.ts';
import { PushResponse } from '#shared/model/sync.ts';
import { isWellFormed } from '#shared/model/well-formed.ts';
import { moveCollected } from '../../../collector/store/collect.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, T0, customer, harness, submission } from './fixtures.ts';

/** Any UTF-16 text: lone surrogates, NUL, control characters, astral characters. */
const text = fc.string({ unit: 'binary', maxLength: 40 });

describeOnBackends('arbitrary Unicode on $name', { resetBetweenTests: false }, (sql) => {
  let h: Harness;
  let n = 0;

  beforeAll(async () => {
    h = await harness(sql);
  });
  afterAll(async () => {
    await h.drain();
  });

  // A collected answer is staged first and reaches the change log with the next move (store/collect.ts).
  const stored = async (entity: string, id: string) => {
    if (entity === 'responses') await moveCollected(sql);
    return (
      await sql.query<{ data: Record<string, unknown> }>('SELECT data FROM kehu_records WHERE entity = $1 AND id = $2', [
        entity,
        id,
      ])
    )[0]?.data;
  };

  it('collect: never a 5xx; an accepted answer is stored as sent', async () => {
    await fc.assert(
      fc.asyncProperty(text, text, text, async (comment, name, key) => {
        const s = submission({
          comment,
          respondent: { name, consent: true },
          answers: { [key]: comment },
          locale: name.slice(0, 30),
        });
        const r = await h.collect(s);
        expect(r.status).toBeLessThan(500);
        if (r.status === 201) {
          const { id } = (await r.json()) as { id: string };
          const record = await stored('responses', id);
          if (name) expect(record?.respondent).toMatchObject({ name });
          if (comment.trim()) expect(record?.comment).toBe(comment.trim());
        } else {
          // Refused with the reason named: a field, or the NUL the store cannot hold.
          expect(r.status).toBe(400);
          const body = (await r.json()) as { error: string; fields?: unknown[] };
          expect(body.error === 'bad_json' || (body.fields?.length ?? 0) > 0).toBe(true);
          // Well-formed text without NUL is never refused.
          expect([comment, name, key].some((t) => !isWellFormed(t) || t.includes('\0'))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('push: never a 5xx; every well-formed record of a batch is stored, each bad one is rejected by index', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 6 }), async (names) => {
        const batch = names.map((name) => ({ entity: 'customers', record: { ...customer(`u${++n}`), name: name || 'x' } }));
        const r = await h.call('/v1/changes', { method: 'POST', token: h.tokens.rw, body: JSON.stringify({ changes: batch }) });
        expect(r.status).toBe(200);
        const answer = PushResponse.parse(await r.json());
        const rejected = new Set(answer.rejected.map((x) => x.index));
        for (const [i, change] of batch.entries()) {
          // The oracle: the shared schema, and no NUL (which PostgreSQL text cannot hold).
          const valid = Customer.safeParse(change.record);
          const storable = valid.success && !change.record.name.includes('\0');
          expect(rejected.has(i)).toBe(!storable);
          if (!isWellFormed(change.record.name)) expect(storable).toBe(false);
          if (valid.success && storable) expect((await stored('customers', change.record.id))?.name).toBe(valid.data.name);
          else expect(await stored('customers', change.record.id)).toBeUndefined();
        }
      }),
      { numRuns: 100 },
    );
  });

  it('NDJSON import: never a 5xx; every line with storable text is imported, each other one rejected by line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 8 }), async (names) => {
        const ids = names.map(() => `i${++n}`);
        const body = names.map((name, i) => JSON.stringify({ id: ids[i], name: `N ${name}`, createdAt: T0 })).join('\n');
        const r = await h.call('/v1/import/customers.ndjson', { method: 'POST', token: h.tokens.rw, body });
        expect(r.status).toBe(200);
        const summary = (await r.json()) as { rejected: { line: number }[] };
        const rejectedLines = new Set(summary.rejected.map((x) => x.line));
        for (const [i, name] of names.entries()) {
          const record = await stored('customers', ids[i] as string);
          if (rejectedLines.has(i + 1)) expect(record).toBeUndefined();
          else expect(record?.name).toBe(`N ${name}`.trim());
          if (!isWellFormed(name) || name.includes('\0')) expect(rejectedLines.has(i + 1)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
