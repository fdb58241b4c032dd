// Properties of the whole engine over random histories: assessments are valid and explainable,
// rows dated after the moment assessed never change them, and moving a whole history in time moves
// nothing but the dates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderEvidence } from '#shared/i18n/evidence.ts';
import { LOCALES } from '#shared/i18n/locale.ts';
import { INTERACTION_KINDS } from '#shared/model/interaction.ts';
import { Assessment } from '#shared/model/risk.ts';
import { type CustomerHistory, sumPoints } from '#shared/risk/index.ts';
import { NOW, POLICY, ago, assess, contact, customer, history, interaction, kase, response } from './helpers.ts';

const days = fc.double({ min: 0, max: 700, noNaN: true });
const text = fc.constantFrom(undefined, 'slow and late', '很失望', 'great service', 'refund please');

const anInteraction = fc.record({
  kind: fc.constantFrom(...INTERACTION_KINDS),
  days,
  amount: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: undefined }),
  summary: text,
  due: fc.option(fc.integer({ min: -30, max: 120 }), { nil: undefined }),
});
const aResponse = fc.record({
  kind: fc.constantFrom('nps', 'csat', 'ces', 'complaint', 'exit', 'suggestion' as const),
  days,
  score: fc.integer({ min: 0, max: 10 }),
  comment: text,
});
const aCase = fc.record({
  days,
  severity: fc.constantFrom('low', 'medium', 'high', 'critical' as const),
  due: fc.option(fc.integer({ min: -20, max: 20 }), { nil: undefined }),
  closed: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
});
const aContact = fc.record({ key: fc.boolean(), left: fc.boolean(), leftDays: fc.option(days, { nil: undefined }) });

const histories = fc
  .record({
    interactions: fc.array(anInteraction, { maxLength: 40 }),
    responses: fc.array(aResponse, { maxLength: 6 }),
    cases: fc.array(aCase, { maxLength: 4 }),
    contacts: fc.array(aContact, { maxLength: 4 }),
    tier: fc.constantFrom('key', 'general' as const),
    cadence: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
  })
  .map((r) => build(r, 0));

type Raw = {
  interactions: {
    kind: (typeof INTERACTION_KINDS)[number];
    days: number;
    amount: number | undefined;
    summary: string | undefined;
    due: number | undefined;
  }[];
  responses: {
    kind: 'nps' | 'csat' | 'ces' | 'complaint' | 'exit' | 'suggestion';
    days: number;
    score: number;
    comment: string | undefined;
  }[];
  cases: {
    days: number;
    severity: 'low' | 'medium' | 'high' | 'critical';
    due: number | undefined;
    closed: number | undefined;
  }[];
  contacts: { key: boolean; left: boolean; leftDays: number | undefined }[];
  tier: 'key' | 'general';
  cadence: number | undefined;
};

/** A valid history from raw values, every date moved `shift` days later. */
function build(r: Raw, shift: number): CustomerHistory {
  const at = (d: number) => ago(d - shift);
  const scale = { nps: [0, 10], csat: [1, 5], ces: [1, 7] } as const;
  return history({
    customer: customer({ tier: r.tier, cadenceDays: r.cadence }),
    interactions: r.interactions.map((i) =>
      interaction(i.kind, i.days - shift, {
        amount: i.amount,
        summary: i.summary,
        ...(i.due === undefined ? {} : { dueAt: at(i.days - i.due) }),
      }),
    ),
    responses: r.responses.map((x) => {
      const range = x.kind in scale ? scale[x.kind as keyof typeof scale] : null;
      return response(x.kind, x.days - shift, {
        score: range ? Math.min(range[1], Math.max(range[0], x.score)) : undefined,
        comment: x.comment,
      });
    }),
    cases: r.cases.map((c) =>
      kase(c.days - shift, {
        severity: c.severity,
        ...(c.due === undefined ? {} : { dueAt: at(c.days - c.due) }),
        ...(c.closed === undefined ? {} : { status: 'closed' as const, closedAt: at(Math.max(0, c.days - c.closed)) }),
      }),
    ),
    contacts: r.contacts.map((c) =>
      contact({
        key: c.key,
        status: c.left ? 'left' : 'active',
        ...(c.left && c.leftDays !== undefined ? { leftAt: at(c.leftDays) } : {}),
      }),
    ),
  });
}

describe('the engine over random histories', () => {
  it('always gives a valid, explainable assessment', () => {
    fc.assert(
      fc.property(histories, fc.boolean(), (h, watched) => {
        const a = assess(h, { watched });
        expect(Assessment.parse(a)).toEqual(a);
        expect(a.score).toBe(sumPoints(a.contributions));
        expect(a.score).toBeGreaterThanOrEqual(0);
        expect(a.score).toBeLessThanOrEqual(100);
        for (const c of a.contributions) {
          expect(c.points).toBeLessThanOrEqual(POLICY.weights[c.indicator]);
          expect(c.evidence.length).toBeGreaterThan(0);
          for (const e of c.evidence) for (const l of LOCALES) expect(renderEvidence(e, l)).not.toMatch(/\{\w+\}|NaN|undefined/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never changes because of rows dated after the moment assessed', () => {
    const later = fc.record({
      interactions: fc.array(
        fc.record({ kind: fc.constantFrom(...INTERACTION_KINDS), days: fc.double({ min: 0.001, max: 60, noNaN: true }) }),
        { maxLength: 8 },
      ),
      nps: fc.array(fc.integer({ min: 0, max: 10 }), { maxLength: 3 }),
      cases: fc.nat({ max: 3 }),
      leaving: fc.boolean(),
    });
    fc.assert(
      fc.property(histories, later, (h, f) => {
        const before = assess(h);
        const withFuture: CustomerHistory = {
          ...h,
          interactions: [
            ...h.interactions,
            ...f.interactions.map((i) => interaction(i.kind, -i.days, { amount: 999, summary: 'terrible, refund' })),
          ],
          responses: [...h.responses, ...f.nps.map((score, i) => response('nps', -1 - i, { score, comment: '很失望' }))],
          cases: [...h.cases, ...Array.from({ length: f.cases }, (_, i) => kase(-1 - i, { severity: 'critical' }))],
          // A contact who is active today leaves next week.
          contacts: h.contacts.map((c, i) =>
            f.leaving && i === 0 && c.status === 'active' ? { ...c, status: 'left' as const, leftAt: ago(-5) } : c,
          ),
        };
        expect(assess(withFuture)).toEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('moving a whole history and the moment by the same whole days changes nothing but the date', () => {
    fc.assert(
      fc.property(
        fc.record({
          interactions: fc.array(anInteraction, { maxLength: 30 }),
          responses: fc.array(aResponse, { maxLength: 4 }),
          cases: fc.array(aCase, { maxLength: 3 }),
          contacts: fc.array(aContact, { maxLength: 3 }),
          tier: fc.constantFrom('key', 'general' as const),
          cadence: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }),
        }),
        fc.integer({ min: -400, max: 400 }),
        (raw, shift) => {
          const a = assess(build(raw, 0));
          const b = assess(build(raw, shift), { asOf: ago(-shift) });
          expect({
            ...b,
            asOf: NOW,
            contributions: b.contributions.map((c) => ({ ...c, evidence: c.evidence.map((e) => e.code) })),
          }).toEqual({
            ...a,
            contributions: a.contributions.map((c) => ({ ...c, evidence: c.evidence.map((e) => e.code) })),
          });
        },
      ),
      { numRuns: 150 },
    );
  });
});
