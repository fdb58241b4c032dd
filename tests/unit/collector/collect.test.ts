// Every valid submission becomes a valid Response record (the collector builds them without
// re-parsing, so this property is what keeps stored answers within the shared schema).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '#shared/identity/email.ts';
import { Response } from '#shared/model/response.ts';
import { Submission } from '#shared/model/submission.ts';
import { pageWithoutQuery, toResponse } from '../../../collector/store/collect.ts';

const submission = fc
  .record(
    {
      clientId: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/),
      kind: fc.constantFrom('nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'),
      score: fc.integer({ min: 0, max: 10 }),
      comment: fc.string({ maxLength: 5000 }),
      answers: fc.dictionary(
        fc.string({ maxLength: 64 }),
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
          fc.array(fc.string({ maxLength: 200 }), { maxLength: 50 }),
        ),
        { maxKeys: 5 },
      ),
      respondent: fc.record(
        { email: fc.emailAddress(), name: fc.string({ maxLength: 200 }), consent: fc.constant(true) },
        { requiredKeys: ['consent'] },
      ),
      pageUrl: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 2048 })),
      locale: fc.string({ maxLength: 35 }),
      elapsedMs: fc.nat(),
      submittedAt: fc
        .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString()),
    },
    { requiredKeys: ['clientId', 'kind', 'submittedAt'] },
  )
  .map((s) => Submission.safeParse(s))
  .filter((r) => r.success)
  .map((r) => r.data as Submission);

describe('toResponse', () => {
  it('turns every valid submission into a record the Response schema accepts', () => {
    fc.assert(
      fc.property(submission, (s) => {
        const email = s.respondent?.email ? normaliseEmail(s.respondent.email) : null;
        if (s.respondent?.email && !email) return; // the route answers 400 for these
        const record = toResponse(
          { site: { key: 'ks_test', name: 'shop' }, submission: s, email: email ?? undefined },
          'id-1',
          '2026-01-01T00:00:00.000Z',
        );
        const parsed = Response.safeParse(record);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        expect(parsed.data).toEqual(record);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps only origin and path of the page', () => {
    expect(pageWithoutQuery('https://shop.example/a/b?email=x@y.z#frag')).toBe('https://shop.example/a/b');
    expect(pageWithoutQuery('javascript:alert(1)')).toBeUndefined();
    expect(pageWithoutQuery('not a url')).toBeUndefined();
  });
});
