// The /v1 routes but admin: collect (the SDK), sync (the extension), files, the risk backtest and
// suspect answers. Handlers: ../collect.ts, ../sync.ts, ../export.ts, ../files.ts, ../risk.ts,
// ../suspect.ts.
import * as z from 'zod';
import { parseDateTime } from '#shared/codecs/time.ts';
import { Id, Instant as UtcInstant, WARNING_LEVELS } from '#shared/model/common.ts';
import { EXPORT_ENTITIES, IMPORT_ENTITIES, Rejection } from '#shared/model/interchange.ts';
import { Policy } from '#shared/model/policy.ts';
import { Response } from '#shared/model/response.ts';
import { Submission } from '#shared/model/submission.ts';
import { PullQuery, PullResponse, PushBody, PushEnvelope, PushResponse } from '#shared/model/sync.ts';
import { DEFAULT_LABEL_DAYS } from '#shared/risk/backtest.ts';
import { error, route } from './declare.ts';

/** Whether `tz` is a time zone this runtime knows (IANA names like Asia/Shanghai). */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

// ---- collect ----

const SiteKeyParam = z.object({
  siteKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .meta({ description: 'the site key (public; limited to its origins)' }),
});

const Collected = z.object({
  id: z.string().meta({ description: 'the response id, the same for every replay of the clientId' }),
  suspect: z.literal(true).optional().meta({ description: 'kept apart until released (/v1/responses/suspect)' }),
});

export const collect = route({
  id: 'collect',
  method: 'post',
  path: '/v1/collect/:siteKey',
  summary: 'Submit an answer (from a page whose origin the site key allows)',
  auth: { kind: 'site-key' },
  params: SiteKeyParam,
  body: { json: Submission, maxBytes: 64 * 1024 },
  answers: {
    201: { description: 'stored; with suspect: true, kept apart (see /v1/responses/suspect) until released', json: Collected },
    200: { description: 'this clientId was stored before: the same id', json: Collected },
    400: error(
      'invalid (fields named; text must be well-formed, without lone UTF-16 surrogates), or taken for automated (honeypot; answered too fast without suspect: true)',
      'invalid',
      'rejected',
    ),
  },
});

export const collectPreflight = route({
  id: 'collectPreflight',
  method: 'options',
  path: '/v1/collect/:siteKey',
  summary: 'CORS preflight of collect: allowed for the origins of the site key',
  auth: { kind: 'site-key' },
  params: SiteKeyParam,
  answers: { 204: { description: 'allowed (Access-Control-Allow-Origin names the origin)' } },
});

// ---- sync ----

export const pullChanges = route({
  id: 'pullChanges',
  method: 'get',
  path: '/v1/changes',
  summary: 'A page of the change log',
  auth: { kind: 'token', scope: 'read' },
  query: PullQuery,
  answers: {
    200: { description: 'changes after `since`; ask again with `next` while `more`', json: PullResponse },
    400: error('bad since or limit', 'invalid'),
  },
});

export const pushChanges = route({
  id: 'pushChanges',
  method: 'post',
  path: '/v1/changes',
  summary: 'Push records: idempotent by id and version; concurrent edits resolve last-writer-wins by (updatedAt, updatedBy)',
  description:
    'The batch is checked first (changes: 1 to 1000 items), then each change on its own: a bad one is listed in `rejected` with its fields, the others are stored.',
  auth: { kind: 'token', scope: 'write' },
  body: { json: PushEnvelope, shown: PushBody, maxBytes: 32 * 1024 * 1024 },
  answers: {
    200: {
      description:
        'what was accepted, what lost to a newer version, and the changes rejected one by one (by index, with their fields); the rest of the batch is stored',
      json: PushResponse,
    },
    400: error('not a batch of changes', 'invalid'),
  },
});

// ---- files ----

export const EXPORT_FORMATS = ['csv', 'ndjson', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const fileParam = (entities: readonly string[], formats: readonly string[]) =>
  z.object({
    file: z
      .string()
      .regex(new RegExp(`^(${entities.join('|')})\\.(${formats.join('|')})$`))
      .meta({ description: `${formats.map((f) => `{entity}.${f}`).join(' or ')}; entity: ${entities.join(', ')}` }),
  });

const DATE_MESSAGE = 'must be a date (YYYY-MM-DD) or an ISO date-time';
const DateOrInstant = z
  .string()
  .max(40, DATE_MESSAGE)
  .refine((v) => parseDateTime(v, 'UTC') !== null, DATE_MESSAGE)
  .transform((v) => parseDateTime(v, 'UTC') as string);

/** The query of an export. Levels may repeat (level=red&level=orange) or be listed with commas. */
export const ExportQuery = z
  .strictObject({
    from: DateOrInstant.optional().meta({
      description: 'records whose own time (X-Kehu-Time-Field) is at or after this date or instant',
    }),
    to: DateOrInstant.optional().meta({ description: 'and before this one' }),
    level: z
      .array(z.enum(WARNING_LEVELS, { error: `must be one of ${WARNING_LEVELS.join(', ')}` }))
      .max(WARNING_LEVELS.length)
      .optional()
      .meta({ description: "the customer's current level (for other records, their customer's); repeat it or list with commas" }),
    owner: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .optional()
      .meta({ description: "the customer's owner (for other records, their customer's)" }),
    site: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200)
      .optional()
      .meta({ description: 'the name of the site key an answer came through (responses only)' }),
    deleted: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .optional()
      .meta({ description: 'include deleted records' }),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { path: ['to'], message: 'must be after from' });

/** What an export answers: the file, streamed, in the format its name asks for. */
export const exportAnswers = {
  200: {
    description: 'the file',
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/x-ndjson': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', contentEncoding: 'binary' },
      },
    },
    headers: {
      'Content-Disposition': { schema: { type: 'string' } },
      'X-Kehu-Time-Field': { description: 'the record field `from` and `to` filter on', schema: { type: 'string' } },
    },
  },
  400: error('a bad or unknown filter, named in fields', 'invalid'),
  404: error('no such entity or format', 'not_found'),
};

export const exportFile = route({
  id: 'exportFile',
  method: 'get',
  path: '/v1/export/:file',
  summary:
    'Export an entity, streamed: CSV for spreadsheets (UTF-8 with BOM), an Excel workbook (.xlsx) or NDJSON in the shared schema; customers carry their level and score',
  auth: { kind: 'token', scope: 'export' },
  params: fileParam(EXPORT_ENTITIES, EXPORT_FORMATS),
  query: ExportQuery,
  answers: exportAnswers,
});

const ImportSummary = z.object({
  added: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  rejected: z.array(Rejection),
  /** Rows kept with a value read as its closest meaning (or "other"), the original kept. */
  warnings: z.array(Rejection).optional(),
  rejectedRows: z.int(),
});

export const importFile = route({
  id: 'importFile',
  method: 'post',
  path: '/v1/import/:file',
  summary: 'Import an interchange file (CSV or NDJSON, UTF-8 or GBK), streamed',
  auth: { kind: 'token', scope: 'write' },
  params: fileParam(IMPORT_ENTITIES, ['csv', 'ndjson']),
  query: z.object({
    tz: z
      .string()
      .max(100)
      .refine(validTimeZone, 'must be an IANA time zone like Asia/Shanghai')
      .default('UTC')
      .meta({ description: 'IANA zone for times written without one' }),
  }),
  body: {
    content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
    maxBytes: 256 * 1024 * 1024,
  },
  answers: {
    200: {
      description: 'what was imported; rejected rows name their line and field',
      json: ImportSummary,
      name: 'ImportSummary',
    },
    400: error('not a file Kehu can read (the rows before the fault are imported), or a bad tz', 'bad_file', 'invalid'),
    404: error('no such entity or format', 'not_found'),
    413: error('the body is over 256 MB, or a row is over 1,048,576 characters (its line named)', 'too_large', 'row_too_large'),
  },
});

// ---- the risk backtest ----

export const BacktestRequest = z.object({
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-01')
    .meta({ description: 'YYYY-MM-DD: assessed as of the end of this day' }),
  labelDays: z
    .int()
    .min(1)
    .max(3650)
    .default(DEFAULT_LABEL_DAYS)
    .meta({ description: 'days without an order or contact that count as lost' }),
  timeZone: z.string().max(100).refine(validTimeZone, 'must be an IANA time zone like Asia/Shanghai').default('UTC'),
  policy: Policy.optional().meta({ description: 'a risk policy version (default: Kehu defaults)' }),
});

export const riskBacktest = route({
  id: 'riskBacktest',
  method: 'post',
  path: '/v1/risk/backtest',
  summary:
    'How a warning policy would have done: the backtest of the default policy (or the one sent) as of a past date over the records in the store',
  auth: { kind: 'token', scope: 'export' },
  body: { json: BacktestRequest, maxBytes: 256 * 1024 },
  answers: {
    200: {
      description:
        'the report (shared/src/risk/backtest.ts, BacktestReport): auc, levels (precision, recall), lead_days, alerts_per_rep_week, indicators; the JSON of kehu risk --backtest --json',
    },
    400: error('invalid (a field named)', 'invalid'),
  },
});

// ---- suspect answers ----

/** `after` is the `next` of the page before: the last answer's receivedAt and id, joined by "|". */
export const SuspectQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  after: z
    .string()
    .max(300)
    .transform((s, ctx) => {
      const [receivedAt, id] = s.split('|');
      const at = UtcInstant.safeParse(receivedAt);
      const key = Id.safeParse(id);
      if (!at.success || !key.success) {
        ctx.addIssue({ code: 'custom', message: 'must be the next value of the page before' });
        return z.NEVER;
      }
      return { receivedAt: at.data, id: key.data };
    })
    .optional()
    .meta({ description: 'the `next` of the previous page' }),
});

const SuspectPage = z.object({
  answers: z.array(z.object({ id: z.string(), siteKey: z.string(), receivedAt: z.string(), response: Response })),
  waiting: z.int().meta({ description: 'suspect answers not yet released, in all' }),
  next: z.string().nullable().meta({ description: 'the `after` of the next page; null on the last' }),
});

export const listSuspect = route({
  id: 'listSuspect',
  method: 'get',
  path: '/v1/responses/suspect',
  summary:
    'Suspect answers (sent faster than the minimum fill time, flagged by the SDK): kept apart, not synced, not counted until released',
  auth: { kind: 'token', scope: 'export' },
  query: SuspectQuery,
  answers: {
    200: { description: 'oldest first', json: SuspectPage, name: 'SuspectPage' },
    400: error('bad limit or after', 'invalid'),
  },
});

const Released = z.object({
  id: z.string(),
  seq: z.int().meta({ description: 'its place in the change log' }),
  released: z.boolean().meta({ description: 'false when it had been released before' }),
  response: Response,
});

export const releaseSuspect = route({
  id: 'releaseSuspect',
  method: 'post',
  path: '/v1/responses/:id/release',
  summary: 'Release a suspect answer: it becomes a response record and syncs to every rep like any answer',
  auth: { kind: 'token', scope: 'export' },
  params: z.object({ id: Id }),
  answers: {
    200: { description: 'released', json: Released, name: 'Released' },
    404: error('no suspect answer with this id', 'not_found'),
  },
});
