// The SDK's submission check (a JSON Schema generated from the shared zod schema, run by a small
// checker, plus the shared cross-field rules) must say yes and no exactly where the collector's zod
// schema does: the SDK would otherwise send answers the collector refuses, or hold back good ones.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Submission } from '#shared/model/submission.ts';
import { checkSubmission } from '../../../sdk/src/send/check.ts';
import { checkJson } from '../../../sdk/src/send/json-schema.ts';
import { SUBMISSION_SCHEMA, slim } from '../../../sdk/src/send/submission-schema.ts';

const good = {
  clientId: 'abcdefgh-1234',
  kind: 'complaint',
  comment: 'late',
  answers: { resolution: 'refund', reasons: ['price'], n: 2, ok: true },
  respondent: { email: 'ann@acme.example', name: 'Ann', consent: true },
  pageUrl: 'https://shop.example/order',
  locale: 'zh-CN',
  elapsedMs: 4000,
  submittedAt: '2026-11-22T10:00:00.000Z',
  suspect: true,
};

/** Values near the edges of every field: right and wrong types, lengths and forms. */
const anyString = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', 'abcdefgh', 'abc', 'ann@acme.example', 'a b@c.d', '2026-11-22T10:00:00.000Z', '2026-02-30T10:00:00Z'),
  fc.string({ minLength: 30, maxLength: 70 }),
  fc.constant('x'.repeat(5001)),
);
const anyValue = fc.oneof(
  anyString,
  fc.integer({ min: -3, max: 12 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }),
  fc.constant(Array.from({ length: 51 }, () => 'x')),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 3 }), fc.boolean()), { maxKeys: 2 }),
);
const field = (name: keyof typeof good) =>
  fc.oneof(fc.constant((good as Record<string, unknown>)[name]), anyValue, fc.constant(undefined));
const submission = fc.record(
  {
    clientId: field('clientId'),
    kind: fc.oneof(fc.constantFrom('nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit', 'other'), anyValue),
    score: fc.oneof(fc.constant(undefined), fc.integer({ min: -2, max: 12 }), fc.double(), anyValue),
    comment: field('comment'),
    answers: fc.oneof(
      field('answers'),
      fc.dictionary(fc.oneof(fc.string({ maxLength: 4 }), fc.constant('k'.repeat(65))), anyValue, { maxKeys: 3 }),
    ),
    respondent: fc.oneof(
      field('respondent'),
      fc.record({ email: field('clientId'), name: anyValue, consent: fc.oneof(fc.boolean(), anyValue) }, { requiredKeys: [] }),
    ),
    pageUrl: field('pageUrl'),
    locale: field('locale'),
    elapsedMs: field('elapsedMs'),
    submittedAt: field('submittedAt'),
    hp: field('comment'),
    suspect: fc.oneof(fc.boolean(), anyValue),
    extra: anyValue,
  },
  { requiredKeys: [] },
);

describe('the SDK submission check', () => {
  it('accepts a full valid submission', () => {
    expect(Submission.safeParse(good).success).toBe(true);
    expect(checkSubmission(good)).toEqual([]);
  });

  it('agrees with the shared zod schema on every value (property)', () => {
    fc.assert(
      fc.property(fc.oneof(submission, anyValue), (value) => {
        const zod = Submission.safeParse(value);
        const sdk = checkSubmission(value);
        expect(sdk.length === 0, `zod: ${JSON.stringify(zod.error?.issues)}; sdk: ${sdk.join('; ')}`).toBe(zod.success);
      }),
      { numRuns: 5000 },
    );
  });

  it('names the field of each problem as zod does', () => {
    const value = { ...good, locale: 'x'.repeat(36), respondent: { email: 'nope', consent: true } };
    const paths = (Submission.safeParse(value).error?.issues ?? []).map((i) => i.path.join('.')).sort();
    expect(
      checkSubmission(value)
        .map((p) => p.split(': ')[0])
        .sort(),
    ).toEqual(paths);
  });

  it('is generated from the shared schema, and refuses a schema it could not check', () => {
    expect(SUBMISSION_SCHEMA.properties?.suspect).toEqual({ type: 'boolean' });
    expect(SUBMISSION_SCHEMA.required).toEqual(['clientId', 'kind', 'submittedAt']);
    expect(() => slim({ type: 'object', properties: { a: { type: 'string', oneOf: [] } } })).toThrow(/"oneOf"/);
    expect(() => slim({ type: 'string', format: 'email' })).toThrow(/format "email" without a pattern/);
  });

  it('checks strings in UTF-16 code units and integers as safe integers, as zod does', () => {
    expect(checkJson({ type: 'string', maxLength: 1 }, '😀')).toHaveLength(1);
    expect(checkJson({ type: 'integer' }, 2 ** 53)).toHaveLength(1);
    expect(checkJson({ type: 'number' }, Number.NaN)).toHaveLength(1);
  });
});
