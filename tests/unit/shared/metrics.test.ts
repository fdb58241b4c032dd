import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ces, csat, isNegativeAnswer, nps } from '#shared/metrics/survey.ts';

describe('NPS', () => {
  it('is % promoters minus % detractors over answers only', () => {
    // 2 promoters (9, 10), 1 passive (8), 1 detractor (6)
    expect(nps([9, 10, 8, 6])).toEqual({ n: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
  });
  it('gives no data, not 0, without answers', () => {
    expect(nps([]).score).toBeNull();
    expect(nps([11, -1, 3.5, Number.NaN]).score).toBeNull();
  });
});

describe('CSAT and CES', () => {
  it('CSAT is the share of 4 and 5', () => {
    expect(csat([5, 4, 3, 1]).score).toBe(50);
    expect(csat([]).score).toBeNull();
  });
  it('CES gives the mean and the share of 5–7', () => {
    expect(ces([7, 5, 3, 1])).toEqual({ n: 4, mean: 4, easyShare: 50 });
    expect(ces([]).mean).toBeNull();
  });
  it('flags negative single answers', () => {
    expect(isNegativeAnswer('nps', 6)).toBe(true);
    expect(isNegativeAnswer('nps', 7)).toBe(false);
    expect(isNegativeAnswer('csat', 2)).toBe(true);
    expect(isNegativeAnswer('ces', 3)).toBe(true);
    expect(isNegativeAnswer('ces', 4)).toBe(false);
  });
});

describe('metrics stay in range for any answers (property)', () => {
  const answers = fc.array(fc.oneof(fc.integer({ min: -5, max: 15 }), fc.double()), { maxLength: 200 });
  it('NPS within −100…100 and counts add up', () => {
    fc.assert(
      fc.property(answers, (xs) => {
        const r = nps(xs);
        if (r.n === 0) return r.score === null;
        return r.score !== null && r.score >= -100 && r.score <= 100 && r.promoters + r.passives + r.detractors === r.n;
      }),
    );
  });
  it('CSAT and CES shares within 0…100, CES mean within 1…7', () => {
    fc.assert(
      fc.property(answers, (xs) => {
        const c = csat(xs);
        const e = ces(xs);
        const csatOk = c.n === 0 ? c.score === null : c.score !== null && c.score >= 0 && c.score <= 100;
        const cesOk =
          e.n === 0
            ? e.mean === null && e.easyShare === null
            : e.mean !== null && e.mean >= 1 && e.mean <= 7 && e.easyShare !== null && e.easyShare >= 0 && e.easyShare <= 100;
        return csatOk && cesOk;
      }),
    );
  });
});
