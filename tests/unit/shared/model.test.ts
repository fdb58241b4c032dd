import { describe, expect, it } from 'vitest';
import { Customer } from '#shared/model/customer.ts';
import { networkJsonSchemas } from '#shared/model/json-schema.ts';
import { Submission } from '#shared/model/submission.ts';
import { PushBody } from '#shared/model/sync.ts';

const base = { clientId: '0d6c3a4e-1111', submittedAt: '2026-11-22T10:00:00.000Z' };

describe('Submission', () => {
  it('accepts the documented example', () => {
    const ok = Submission.safeParse({
      ...base,
      kind: 'nps',
      score: 4,
      comment: 'slow delivery',
      answers: { resolution: 'refund' },
      respondent: { email: 'alice@acme.com', name: 'Alice', consent: true },
      pageUrl: 'https://shop.example/thanks',
      locale: 'en',
      elapsedMs: 9000,
    });
    expect(ok.success).toBe(true);
  });
  it('checks the score against the kind’s scale', () => {
    expect(Submission.safeParse({ ...base, kind: 'nps', score: 11 }).success).toBe(false);
    expect(Submission.safeParse({ ...base, kind: 'csat', score: 0 }).success).toBe(false);
    expect(Submission.safeParse({ ...base, kind: 'ces', score: 7 }).success).toBe(true);
    expect(Submission.safeParse({ ...base, kind: 'ces' }).success).toBe(false);
    expect(Submission.safeParse({ ...base, kind: 'suggestion', comment: 'x', score: 3 }).success).toBe(false);
  });
  it('needs text for free-text kinds and consent whenever contact details are given', () => {
    expect(Submission.safeParse({ ...base, kind: 'complaint' }).success).toBe(false);
    const r = Submission.safeParse({ ...base, kind: 'praise', comment: 'great', respondent: { email: 'a@b.co' } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['respondent', 'consent']);
  });
});

describe('records', () => {
  it('fill defaults and require sync metadata', () => {
    const c = Customer.parse({
      id: 'c1',
      name: 'Acme',
      createdAt: base.submittedAt,
      rev: 1,
      updatedAt: base.submittedAt,
      updatedBy: 'x',
    });
    expect(c).toMatchObject({ tier: 'general', domains: [], tags: [], deletedAt: null, consent: 'unknown' });
    expect(Customer.safeParse({ id: 'c1', name: 'Acme' }).success).toBe(false);
  });
  it('refuses a time that is not UTC ISO', () => {
    expect(
      Customer.safeParse({ id: 'c1', name: 'A', createdAt: '2026-01-01', rev: 1, updatedAt: base.submittedAt, updatedBy: 'x' })
        .success,
    ).toBe(false);
  });
  it('sync push bodies are tagged by entity and capped in size', () => {
    expect(PushBody.safeParse({ changes: [] }).success).toBe(false);
    expect(PushBody.safeParse({ changes: [{ entity: 'nope', record: {} }] }).success).toBe(false);
  });
});

describe('JSON Schema for network bodies', () => {
  it('is generated for the submission and the sync bodies', () => {
    const s = networkJsonSchemas() as Record<string, { type?: string; properties?: Record<string, unknown> }>;
    expect(Object.keys(s)).toEqual(['Submission', 'SyncRecord', 'Change', 'PushBody', 'PushResponse', 'PullResponse']);
    expect(s.Submission?.type).toBe('object');
    expect(Object.keys(s.Submission?.properties ?? {})).toContain('clientId');
    expect(JSON.stringify(s.PushBody)).toContain('customers');
  });
});
