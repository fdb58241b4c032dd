// Complaints, satisfaction answers and negative feedback text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNegativeWords } from '#shared/risk/index.ts';
import { ago, customer, history, interaction, kase, response, signal } from './helpers.ts';

describe('complaints', () => {
  it('an open case counts by its severity, with the case as evidence', () => {
    const low = signal(history({ cases: [kase(5, { severity: 'low' })] }), 'complaints');
    const high = signal(history({ cases: [kase(5, { severity: 'high' })] }), 'complaints');
    expect(high?.strength).toBeGreaterThan(low?.strength as number);
    expect(high?.evidence).toEqual([{ code: 'complaint.open', params: { title: 'Late delivery', days: 5, severity: 'high' } }]);
    expect(high?.severe).toBe(false);
  });

  it('a case past the time promised to the customer is severe', () => {
    const s = signal(history({ cases: [kase(10, { dueAt: ago(4) })] }), 'complaints');
    expect(s?.severe).toBe(true);
    expect(s?.evidence[0]).toEqual({ code: 'complaint.overdue', params: { title: 'Late delivery', days: 4 } });
  });

  it("a new complaint from a key customer is severe; an old one's news has passed", () => {
    const key = customer({ tier: 'key' });
    expect(signal(history({ customer: key, cases: [kase(2)] }), 'complaints')?.severe).toBe(true);
    expect(signal(history({ customer: key, cases: [kase(60)] }), 'complaints')?.severe).toBe(false);
    // Watched (top share by value) counts as key.
    expect(signal(history({ cases: [kase(2)] }), 'complaints', { watched: true })?.severe).toBe(true);
    expect(signal(history({ cases: [kase(2)] }), 'complaints')?.severe).toBe(false);
  });

  it('a closed case no longer counts, unless the customer was left unhappy', () => {
    expect(signal(history({ cases: [kase(30, { status: 'closed', closedAt: ago(10) })] }), 'complaints')).toBeUndefined();
    const unhappy = signal(
      history({ cases: [kase(30, { status: 'closed', closedAt: ago(10), satisfaction: 1 })] }),
      'complaints',
    );
    expect(unhappy?.evidence[0]?.code).toBe('complaint.unsatisfied');
  });

  it('is judged as of the moment assessed: closed later means open then; opened later means not yet', () => {
    const laterClosed = kase(30, { status: 'closed', closedAt: ago(-5) });
    expect(signal(history({ cases: [laterClosed] }), 'complaints')?.evidence[0]?.code).toBe('complaint.open');
    expect(signal(history({ cases: [kase(-3)] }), 'complaints')).toBeUndefined();
  });

  it('complaints through feedback forms count too', () => {
    const s = signal(history({ responses: [response('complaint', 3, { comment: 'The box arrived open' })] }), 'complaints');
    expect(s?.evidence).toContainEqual({ code: 'complaint.feedback', params: { count: 1, days: 180 } });
  });

  it('stays within 0–1 however many cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('low', 'medium', 'high', 'critical' as const), { minLength: 1, maxLength: 20 }),
        (severities) => {
          const s = signal(history({ cases: severities.map((severity) => kase(3, { severity, dueAt: ago(1) })) }), 'complaints');
          expect(s?.strength).toBeGreaterThan(0);
          expect(s?.strength).toBeLessThanOrEqual(1);
          expect(s?.evidence.length).toBeLessThanOrEqual(5);
        },
      ),
    );
  });
});

describe('satisfaction', () => {
  it('a detractor NPS answer fires; a passive or promoter does not', () => {
    const s = signal(history({ responses: [response('nps', 3, { score: 5 })] }), 'satisfaction');
    expect(s?.evidence).toEqual([{ code: 'satisfaction.nps', params: { score: 5, date: ago(3).slice(0, 10) } }]);
    expect(signal(history({ responses: [response('nps', 3, { score: 7 })] }), 'satisfaction')).toBeUndefined();
    expect(signal(history({ responses: [response('nps', 3, { score: 10 })] }), 'satisfaction')).toBeUndefined();
  });

  it('CSAT ≤ 2 fires, CSAT 3 does not; a hard-effort CES fires', () => {
    expect(signal(history({ responses: [response('csat', 3, { score: 2 })] }), 'satisfaction')?.evidence[0]?.code).toBe(
      'satisfaction.csat',
    );
    expect(signal(history({ responses: [response('csat', 3, { score: 3 })] }), 'satisfaction')).toBeUndefined();
    expect(signal(history({ responses: [response('ces', 3, { score: 2 })] }), 'satisfaction')?.evidence[0]?.code).toBe(
      'satisfaction.ces',
    );
    expect(signal(history({ responses: [response('ces', 3, { score: 6 })] }), 'satisfaction')).toBeUndefined();
  });

  it('the worse the answer the stronger; the very worst are severe', () => {
    const nps = (score: number) => signal(history({ responses: [response('nps', 3, { score })] }), 'satisfaction');
    expect(nps(0)?.strength).toBeGreaterThan(nps(6)?.strength as number);
    expect(nps(2)?.severe).toBe(true);
    expect(nps(6)?.severe).toBe(false);
  });

  it('a falling trend across answers fires even before any answer is negative', () => {
    const answers = [response('csat', 200, { score: 5 }), response('csat', 100, { score: 5 }), response('csat', 5, { score: 3 })];
    const s = signal(history({ responses: answers }), 'satisfaction');
    expect(s?.evidence).toContainEqual({ code: 'satisfaction.falling', params: { from: 100, to: 50, count: 3 } });
  });

  it('an exit-survey answer is severe', () => {
    expect(signal(history({ responses: [response('exit', 3)] }), 'satisfaction')?.severe).toBe(true);
  });

  it('answers outside the feedback window or after the moment assessed do not count', () => {
    expect(signal(history({ responses: [response('nps', 400, { score: 0 })] }), 'satisfaction')).toBeUndefined();
    expect(signal(history({ responses: [response('nps', -1, { score: 0 })] }), 'satisfaction')).toBeUndefined();
  });

  it('older answers count less than recent ones', () => {
    const old = signal(history({ responses: [response('nps', 150, { score: 3 })] }), 'satisfaction');
    const recent = signal(history({ responses: [response('nps', 10, { score: 3 })] }), 'satisfaction');
    expect(recent?.strength).toBeGreaterThan(old?.strength as number);
  });
});

describe('negative feedback text', () => {
  it('finds negative words in English and Chinese, skipping negated ones', () => {
    expect(findNegativeWords('Delivery was slow and I want a refund.')).toEqual(['slow', 'refund']);
    expect(findNegativeWords('Really disappointed, never again')).toEqual(['never again', 'disappointed']);
    expect(findNegativeWords('Not bad at all, the badge looks great')).toEqual([]);
    expect(findNegativeWords('not disappointed')).toEqual([]);
    expect(findNegativeWords('服务态度差，很失望，要退款')).toEqual(['失望', '退款', '态度差']);
    expect(findNegativeWords('不满意这次的发货')).toEqual(['不满']);
    expect(findNegativeWords('质量不错，发货很快')).toEqual([]);
    expect(findNegativeWords('')).toEqual([]);
  });

  it('fires on what the customer wrote and shows the words', () => {
    const h = history({
      responses: [response('suggestion', 5, { comment: 'Support ignored my emails, terrible' })],
      interactions: [interaction('email_in', 2, { summary: '发货太慢了' })],
    });
    const s = signal(h, 'negative_feedback');
    expect(s?.evidence).toEqual([
      { code: 'feedback.negative', params: { words: '太慢, ignored, terrible', count: 2, date: ago(2).slice(0, 10) } },
    ]);
  });

  it('does not read our own outgoing mail', () => {
    expect(
      signal(history({ interactions: [interaction('email_out', 2, { summary: 'Sorry for the delay' })] }), 'negative_feedback'),
    ).toBeUndefined();
  });

  it('more negative texts are stronger, up to 1', () => {
    const one = signal(history({ responses: [response('praise', 3, { comment: 'late again' })] }), 'negative_feedback');
    const three = signal(
      history({ responses: [1, 2, 3].map((d) => response('suggestion', d, { comment: 'late and broken, awful' })) }),
      'negative_feedback',
    );
    expect(three?.strength).toBeGreaterThan(one?.strength as number);
    expect(three?.strength).toBeLessThanOrEqual(1);
  });
});
