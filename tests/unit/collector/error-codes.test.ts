// Collector error bodies carry a stable code the clients translate, and zod's own field messages
// carry their issue code and parameters, said in zh-CN with zod's zh-CN locale; Kehu's own field
// messages are passed on as written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fieldErrors } from '../../../collector/http/util.ts';
import {
  COLLECTOR_ERROR_CODES,
  COLLECTOR_ERROR_TEXT,
  collectorErrorText,
  fieldProblemText,
} from '#shared/i18n/collector-errors.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, harness } from './fixtures.ts';

describe('field errors', () => {
  const Schema = z.object({
    name: z.string().min(3),
    count: z.number().int().max(10),
    kind: z.enum(['nps', 'csat']),
    token: z.string().min(1, 'enter a team token'),
  });

  it("keep zod's code and parameters where zod wrote the message, and Kehu's own words as they are", () => {
    const result = Schema.safeParse({ name: 'ab', count: 'seven', kind: 'ces', token: '' });
    expect(result.success).toBe(false);
    const fields = fieldErrors(result.error!);
    expect(fields).toEqual([
      {
        path: 'name',
        message: 'Too small: expected string to have >=3 characters',
        code: 'too_small',
        params: expect.objectContaining({ origin: 'string', minimum: 3 }),
      },
      {
        path: 'count',
        message: 'Invalid input: expected number, received string',
        code: 'invalid_type',
        params: { expected: 'number', received: 'string' },
      },
      {
        path: 'kind',
        message: 'Invalid option: expected one of "nps"|"csat"',
        code: 'invalid_value',
        params: { values: ['nps', 'csat'] },
      },
      { path: 'token', message: 'enter a team token' },
    ]);
    expect(fields.map((f) => fieldProblemText('zh-CN', f))).toEqual([
      '数值过小：期望 string >=3 字符',
      '无效输入：期望 数字，实际接收 string',
      '无效选项：期望以下之一 "nps"|"csat"',
      'enter a team token',
    ]);
    expect(fields.map((f) => fieldProblemText('en', f))).toEqual(fields.map((f) => f.message));
  });

  it('has words in both languages for every code', () => {
    for (const code of COLLECTOR_ERROR_CODES) {
      expect(COLLECTOR_ERROR_TEXT.en[code], code).toBeTruthy();
      expect(COLLECTOR_ERROR_TEXT['zh-CN'][code], code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describeOnBackends('error bodies on $name', { only: 'PGlite', resetBetweenTests: false }, (sql) => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(sql);
  }, 300_000);
  afterAll(async () => {
    await h.drain();
  });

  it('a bad query: code "invalid" and the field, said in the reader’s language', async () => {
    const r = await h.app.request('http://kehu.test/v1/changes?since=-4&limit=x', {
      headers: { authorization: `Bearer ${h.tokens.read}` },
    });
    expect(r.status).toBe(400);
    const body = await r.json();
    expect(body).toMatchObject({
      error: 'invalid',
      fields: expect.arrayContaining([expect.objectContaining({ path: 'since' })]),
    });
    expect(collectorErrorText('en', body, '')).toMatch(/^bad since or limit: since: /);
    expect(collectorErrorText('zh-CN', body, '')).toMatch(/^部分字段无效。 since: [^A-Za-z]*[\u4e00-\u9fff]/);
  });

  it('no token: code "unauthorized", in both languages; an unknown code falls back to the message', async () => {
    const body = await (await h.app.request('http://kehu.test/v1/changes')).json();
    expect(body.error).toBe('unauthorized');
    expect(collectorErrorText('zh-CN', body, '')).toBe(`未登录，或令牌错误、已被撤销。（${body.message}）`);
    expect(collectorErrorText('en', body, '')).toBe(body.message);
    // A message that names what is wrong, with no fields: kept beside the code's words.
    const origin = { error: 'invalid', message: 'origin "ftp://x" must be an origin like https://shop.example' };
    expect(collectorErrorText('zh-CN', origin, '')).toBe(
      '部分字段无效。（origin "ftp://x" must be an origin like https://shop.example）',
    );
    expect(collectorErrorText('en', origin, '')).toBe(origin.message);
    expect(collectorErrorText('en', { error: 'from_a_newer_collector', message: 'as sent' }, 'fallback')).toBe('as sent');
    expect(collectorErrorText('en', null, 'Bad Gateway')).toBe('Bad Gateway');
  });
});
