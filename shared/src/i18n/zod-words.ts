// A zod issue as a code and parameters a client can say in its own language (zod's own locales),
// when the issue's message is zod's default one: a schema's own words ("enter a team token") have
// no code to translate from, so they travel as written.
import * as z from 'zod';

const enError = z.locales.en().localeError;

/** zod names the received type from the input; a stand-in input of each type for re-wording. */
export const SAMPLE_INPUT: Record<string, unknown> = { string: '', number: 0, boolean: false, object: {}, array: [], null: null };

export function zodIssueWords(issue: z.core.$ZodIssue): { code?: string; params?: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(issue)) {
    if (['code', 'path', 'message', 'input', 'inst', 'issues', 'errors'].includes(k)) continue;
    const plain = (x: unknown) => x === null || ['string', 'number', 'boolean'].includes(typeof x);
    if (plain(v) || (Array.isArray(v) && v.every(plain))) params[k] = v;
  }
  // Error bodies do not carry the input: the received type is taken from the message.
  const received = issue.code === 'invalid_type' ? /received (\w+)$/.exec(issue.message)?.[1] : undefined;
  if (received) params.received = received;
  const said = enError({ ...params, code: issue.code, input: received ? SAMPLE_INPUT[received] : undefined } as never);
  const standard = typeof said === 'string' ? said : said?.message;
  return standard === issue.message ? { code: issue.code, params } : {};
}
