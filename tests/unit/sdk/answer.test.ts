import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Submission } from '#shared/model/submission.ts';
import { checkSubmission } from '../../../sdk/src/send/check.ts';
import { RESPONSE_KINDS, SCALES, isSurveyKind } from '../../../sdk/src/kinds.ts';
import {
  build,
  check,
  countSent,
  type Draft,
  emptyDraft,
  guard,
  readSettings,
  type Settings,
  sentToday,
} from '../../../sdk/src/ui/answer.ts';
import { EXIT_REASONS, RESOLUTIONS } from '../../../sdk/src/ui/messages.ts';

const attrs = (a: Record<string, string>) => (n: string) => a[n] ?? null;
const settings = (over: Partial<Settings> = {}): Settings => ({ kind: 'nps', locale: 'en', theme: 'light', ...over });
const meta = {
  clientId: 'abcdefgh-1234',
  now: new Date('2026-11-22T10:00:00.000Z'),
  elapsedMs: 9000,
  pageUrl: 'https://shop.example/thanks',
};

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('readSettings', () => {
  it('takes attributes first, then init() config', () => {
    const s = readSettings(
      'kehu-survey',
      attrs({ kind: 'csat', endpoint: 'https://a.example', 'respondent-email': 'x@a.example' }),
      { endpoint: 'https://b.example', siteKey: 'k1', respondent: { email: 'y@b.example', name: 'Y' } },
      'en',
      'en-US',
    );
    expect(s).toMatchObject({ kind: 'csat', endpoint: 'https://a.example', siteKey: 'k1', email: 'x@a.example', name: 'Y' });
  });

  it('picks the language from the attribute, else init(), else <html lang>, else the browser', () => {
    const pick = (a: Record<string, string>, configLocale?: string, page?: string, browser?: string) =>
      readSettings('kehu-survey', attrs({ kind: 'nps', ...a }), { locale: configLocale }, page, browser).locale;
    expect(pick({ locale: 'zh-CN' }, 'en', 'en', 'en')).toBe('zh-CN');
    expect(pick({}, 'zh', 'en', 'en')).toBe('zh-CN');
    expect(pick({}, undefined, 'zh-Hans-CN', 'en')).toBe('zh-CN');
    expect(pick({}, undefined, '', 'zh-TW')).toBe('zh-CN');
    expect(pick({}, undefined, '', 'de-DE')).toBe('en');
  });

  it('accepts only the kinds of its element', () => {
    expect(readSettings('kehu-survey', attrs({ kind: 'complaint' }), {}, 'en', 'en').kind).toBeNull();
    expect(readSettings('kehu-feedback', attrs({ topic: 'nps' }), {}, 'en', 'en').kind).toBeNull();
    expect(readSettings('kehu-feedback', attrs({ topic: ' exit ' }), {}, 'en', 'en').kind).toBe('exit');
    expect(readSettings('kehu-feedback', attrs({}), {}, 'en', 'en').kind).toBeNull();
  });

  it('defaults to the light theme and ignores unknown themes', () => {
    expect(readSettings('kehu-survey', attrs({ kind: 'nps', theme: 'neon' }), {}, 'en', 'en').theme).toBe('light');
    expect(readSettings('kehu-survey', attrs({ kind: 'nps' }), { theme: 'dark' }, 'en', 'en').theme).toBe('dark');
  });
});

describe('check', () => {
  const draft = (over: Partial<Draft> = {}): Draft => ({ ...emptyDraft(settings()), ...over });

  it('asks for a score, a text, or an exit reason', () => {
    expect(check('nps', draft(), false)).toEqual({ score: ['error.score'] });
    expect(check('nps', draft({ score: 0 }), false)).toEqual({});
    expect(check('complaint', draft({ comment: '   ' }), true)).toEqual({ comment: ['error.text'] });
    expect(check('exit', draft(), true)).toEqual({ reasons: ['error.exit'] });
    expect(check('exit', draft({ reasons: ['price'] }), true)).toEqual({});
    expect(check('exit', draft({ comment: 'moving abroad' }), true)).toEqual({});
  });

  it('requires consent whenever contact details are given, and a real address', () => {
    expect(check('praise', draft({ comment: 'great', name: 'Ann' }), true)).toEqual({ consent: ['error.consent'] });
    expect(check('praise', draft({ comment: 'great', email: 'ann@', consent: true }), true)).toEqual({ email: ['error.email'] });
    expect(check('praise', draft({ comment: 'great', email: 'ann@acme.com', consent: true }), true)).toEqual({});
  });

  it('limits the length of the text', () => {
    expect(check('suggestion', draft({ comment: 'x'.repeat(5001) }), true).comment).toEqual(['error.long', { max: 5000 }]);
  });
});

describe('build', () => {
  it('makes the submission of docs/INTERFACES.md', () => {
    const s = settings({ kind: 'complaint' });
    const sub = build(
      'complaint',
      {
        ...emptyDraft(s),
        comment: ' slow delivery ',
        resolution: 'refund',
        email: 'alice@acme.com',
        name: 'Alice',
        consent: true,
      },
      s,
      meta,
    );
    expect(sub).toEqual({
      clientId: meta.clientId,
      kind: 'complaint',
      comment: 'slow delivery',
      answers: { resolution: 'refund' },
      respondent: { email: 'alice@acme.com', name: 'Alice', consent: true },
      pageUrl: meta.pageUrl,
      locale: 'en',
      elapsedMs: 9000,
      submittedAt: '2026-11-22T10:00:00.000Z',
    });
    expect(checkSubmission(sub)).toEqual([]);
  });

  it('sends a survey respondent known to the site only with consent', () => {
    const s = settings({ email: 'bob@acme.com', name: 'Bob' });
    expect(build('nps', { ...emptyDraft(s), score: 3 }, s, meta).respondent).toBeUndefined();
    expect(build('nps', { ...emptyDraft(s), score: 3, consent: true }, s, meta).respondent).toEqual({
      email: 'bob@acme.com',
      name: 'Bob',
      consent: true,
    });
  });

  it('turns every draft that passes check() into a valid submission (property)', () => {
    const kind = fc.constantFrom(...RESPONSE_KINDS);
    fc.assert(
      fc.property(
        kind,
        fc.integer({ min: -2, max: 12 }),
        fc.string({ maxLength: 60 }),
        fc.constantFrom('', 'ann@acme.com', 'not-an-address', ' b@c.io '),
        fc.string({ maxLength: 10 }),
        fc.boolean(),
        fc.option(fc.constantFrom(...RESOLUTIONS), { nil: undefined }),
        fc.subarray([...EXIT_REASONS]),
        fc.constantFrom<'en' | 'zh-CN'>('en', 'zh-CN'),
        (k, score, comment, email, name, consent, resolution, reasons, locale) => {
          const inScale = isSurveyKind(k) && score >= SCALES[k].min && score <= SCALES[k].max;
          const d: Draft = { score: inScale ? score : undefined, comment, email, name, consent, resolution, reasons, hp: '' };
          const s = settings({ kind: k, locale });
          const problems = check(k, d, !isSurveyKind(k));
          const sub = build(k, d, s, meta);
          if (Object.keys(problems).length === 0) {
            expect(Submission.safeParse(sub).success).toBe(true);
            expect(checkSubmission(sub)).toEqual([]);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('checkSubmission', () => {
  it('reports problems by path, the shared cross-field rules included', () => {
    expect(checkSubmission({ clientId: 'short', kind: 'nps', submittedAt: 'yesterday' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^clientId: /),
        expect.stringMatching(/^submittedAt: /),
        'score: required for nps',
      ]),
    );
  });
});

describe('guard', () => {
  const sub = build('nps', { ...emptyDraft(settings()), score: 9 }, settings(), meta);

  it('drops a filled honeypot, and flags answers given too fast as suspect instead of dropping them', () => {
    const storage = memoryStorage();
    expect(guard({ ...sub, hp: 'http://spam' }, storage, meta.now, {})).toBe('spam');
    expect(guard({ ...sub, elapsedMs: 400 }, storage, meta.now, {})).toBe('suspect');
    expect(guard({ ...sub, elapsedMs: 400 }, storage, meta.now, { minFillMs: 0 })).toBe('ok');
    expect(guard({ ...sub, elapsedMs: 400, hp: 'x' }, storage, meta.now, {})).toBe('spam');
    expect(guard(sub, storage, meta.now, {})).toBe('ok');
  });

  it('caps answers per browser per day, and starts again the next day', () => {
    const storage = memoryStorage();
    for (let i = 0; i < 3; i++) countSent(storage, meta.now);
    expect(sentToday(storage, meta.now)).toBe(3);
    expect(guard(sub, storage, meta.now, { dailyLimit: 3 })).toBe('limit');
    expect(guard(sub, storage, new Date('2026-11-23T00:00:01.000Z'), { dailyLimit: 3 })).toBe('ok');
    storage.setItem('kehu:limit:v1', '{broken');
    expect(sentToday(storage, meta.now)).toBe(0);
  });
});
