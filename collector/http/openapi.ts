// GET /openapi.json: OpenAPI 3.1, generated from the shared zod schemas, so the document is
// always what the collector validates. Request bodies use each schema's input form (fields with
// defaults may be left out); answers use the output form (every such field present).
import * as z from 'zod';
import { Submission } from '#shared/model/submission.ts';
import {
  Change,
  ENTITY_SCHEMAS,
  PullResponse,
  PushBody,
  PushResponse,
  type SYNC_ENTITIES,
  SyncRecord,
} from '#shared/model/sync.ts';
import { EXPORT_ENTITIES, IMPORT_ENTITIES } from '#shared/model/interchange.ts';
import { COLLECTOR_ERROR_CODES } from '#shared/i18n/collector-errors.ts';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import { SCOPES } from '../store/credentials.ts';
import { inboxOpenApiPaths } from './console-inbox.ts';

const ENTITY_NAMES: Record<(typeof SYNC_ENTITIES)[number], string> = {
  customers: 'Customer',
  contacts: 'Contact',
  interactions: 'Interaction',
  responses: 'Response',
  cases: 'Case',
  alerts: 'Alert',
  followups: 'FollowUp',
  plans: 'Plan',
  policies: 'TeamPolicy',
};

function components(io: 'input' | 'output', schemas: [z.ZodType, string][]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of schemas) registry.add(schema, { id });
  const out = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
  const clean: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(out.schemas)) {
    const { $schema: _schema, $id: _id, ...rest } = s as Record<string, unknown>;
    clean[id] = rest;
  }
  return clean;
}

const ErrorBody = z.object({
  error: z
    .enum(COLLECTOR_ERROR_CODES)
    .meta({ description: 'a stable code; clients show its words (zh-CN, en), not the message' }),
  message: z.string().meta({ description: 'in English, for logs and people reading raw answers' }),
  fields: z
    .array(
      z.object({
        path: z.string(),
        message: z.string(),
        code: z.string().optional().meta({ description: "zod's issue code, when the message is zod's own" }),
        params: z
          .record(z.string(), z.unknown())
          .optional()
          .meta({ description: "the issue's parameters (minimum, expected, …)" }),
      }),
    )
    .optional(),
});

const ImportSummary = z.object({
  added: z.int(),
  updated: z.int(),
  unchanged: z.int(),
  rejected: z.array(z.object({ line: z.int(), field: z.string().optional(), error: z.string() })),
  /** Rows kept with a value read as its closest meaning (or "other"), the original kept. */
  warnings: z.array(z.object({ line: z.int(), field: z.string().optional(), error: z.string() })).optional(),
  rejectedRows: z.int(),
});

const SuspectPage = z.object({
  answers: z.array(
    z.object({
      id: z.string(),
      siteKey: z.string(),
      receivedAt: z.string(),
      response: z.unknown().meta({ description: 'the Response record it becomes when released' }),
    }),
  ),
  waiting: z.int().meta({ description: 'suspect answers not yet released, in all' }),
  next: z.string().nullable().meta({ description: 'the `after` of the next page; null on the last' }),
});

const Released = z.object({
  id: z.string(),
  seq: z.int().meta({ description: 'its place in the change log' }),
  released: z.boolean().meta({ description: 'false when it had been released before' }),
  response: z.unknown(),
});

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const bearer = (scope: string) => ({ security: [{ token: [scope] }] });
const AUTH_ERRORS = { 401: error('no token, or not a valid one'), 403: error('the token lacks the scope') };

export function openApiDocument(version: string): Record<string, unknown> {
  const entities = Object.entries(ENTITY_SCHEMAS) as [keyof typeof ENTITY_NAMES, z.ZodType][];
  const schemas = {
    ...components('output', [
      ...entities.map(([e, s]) => [s, ENTITY_NAMES[e]] as [z.ZodType, string]),
      [SyncRecord, 'SyncRecord'],
      [Change, 'Change'],
      [PullResponse, 'PullResponse'],
      [PushResponse, 'PushResponse'],
      [ErrorBody, 'Error'],
      [ImportSummary, 'ImportSummary'],
      [SuspectPage, 'SuspectPage'],
      [Released, 'Released'],
    ]),
    ...components('input', [
      ...entities.map(([e, s]) => [s, `${ENTITY_NAMES[e]}Input`] as [z.ZodType, string]),
      [SyncRecord, 'SyncRecordInput'],
      [PushBody, 'PushBody'],
      [Submission as unknown as z.ZodType, 'Submission'],
    ]),
  };
  const fileParam = (entities: readonly string[], formats: readonly string[] = ['csv', 'ndjson']) => ({
    name: 'file',
    in: 'path',
    required: true,
    description: `${formats.map((f) => `{entity}.${f}`).join(' or ')}; entity: ${entities.join(', ')}`,
    schema: { type: 'string', pattern: `^(${entities.join('|')})\\.(${formats.join('|')})$` },
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kehu collector',
      version,
      description:
        'Receives survey and feedback answers from the Kehu SDK, syncs records between reps, and exports them. ' +
        'Every answer carries the header Kehu-Api: 1.',
    },
    components: {
      schemas,
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description: `a team token (kehu keys token); scopes: ${SCOPES.join(', ')}; admin includes the others`,
        },
      },
    },
    paths: {
      '/v1/collect/{siteKey}': {
        parameters: [{ name: 'siteKey', in: 'path', required: true, schema: { type: 'string' } }],
        post: {
          summary: 'Submit an answer (from a page whose origin the site key allows)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('Submission') } } },
          responses: {
            201: json(
              { type: 'object', properties: { id: { type: 'string' }, suspect: { type: 'boolean' } }, required: ['id'] },
              'stored; with suspect: true, kept apart (see /v1/responses/suspect) until released',
            ),
            200: json(
              { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
              'this clientId was stored before: the same id',
            ),
            400: error(
              'invalid (fields named; text must be well-formed, without lone UTF-16 surrogates), or taken for automated (honeypot; answered too fast without suspect: true)',
            ),
            403: error('unknown site key, or an origin it does not allow'),
            413: error('over 64 KB'),
            415: error('not JSON'),
            429: { ...error('too many answers from this address'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
          },
        },
        options: { summary: 'CORS preflight', responses: { 204: { description: 'allowed' }, 403: error('not allowed') } },
      },
      '/v1/changes': {
        get: {
          summary: 'A page of the change log',
          ...bearer('read'),
          parameters: [
            {
              name: 'since',
              in: 'query',
              schema: { type: 'integer', minimum: 0, default: 0 },
              description: 'the `next` of the previous page',
            },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 } },
          ],
          responses: {
            200: json(ref('PullResponse'), 'changes after `since`'),
            400: error('bad since or limit'),
            ...AUTH_ERRORS,
          },
        },
        post: {
          summary:
            'Push records: idempotent by id and version; concurrent edits resolve last-writer-wins by (updatedAt, updatedBy)',
          ...bearer('write'),
          requestBody: { required: true, content: { 'application/json': { schema: ref('PushBody') } } },
          responses: {
            200: json(
              ref('PushResponse'),
              'what was accepted, what lost to a newer version, and the changes rejected one by one (by index, with their fields); the rest of the batch is stored',
            ),
            400: error('not a batch of changes'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/export/{file}': {
        get: {
          summary:
            'Export an entity, streamed: CSV for spreadsheets (UTF-8 with BOM), an Excel workbook (.xlsx) or NDJSON in the shared schema; customers carry their level and score',
          ...bearer('export'),
          parameters: [
            fileParam(EXPORT_ENTITIES, ['csv', 'ndjson', 'xlsx']),
            {
              name: 'from',
              in: 'query',
              schema: { type: 'string' },
              description: 'records whose own time (X-Kehu-Time-Field) is at or after this date or instant',
            },
            { name: 'to', in: 'query', schema: { type: 'string' }, description: 'and before this one' },
            {
              name: 'level',
              in: 'query',
              schema: { type: 'array', items: { type: 'string', enum: [...WARNING_LEVELS] } },
              style: 'form',
              explode: true,
              description: "the customer's current level (for other records, their customer's); repeat it or list with commas",
            },
            {
              name: 'owner',
              in: 'query',
              schema: { type: 'string' },
              description: "the customer's owner (for other records, their customer's)",
            },
            {
              name: 'site',
              in: 'query',
              schema: { type: 'string' },
              description: 'the name of the site key an answer came through (responses only)',
            },
            { name: 'deleted', in: 'query', schema: { type: 'boolean', default: false }, description: 'include deleted records' },
          ],
          responses: {
            200: {
              description: 'the file',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/x-ndjson': { schema: { type: 'string' } },
                'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
                  schema: { type: 'string', contentEncoding: 'binary' },
                },
              },
            },
            400: error('a bad or unknown filter, named in fields'),
            404: error('no such entity or format'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/import/{file}': {
        post: {
          summary: 'Import an interchange file (CSV or NDJSON, UTF-8 or GBK), streamed',
          ...bearer('write'),
          parameters: [
            fileParam(IMPORT_ENTITIES),
            {
              name: 'tz',
              in: 'query',
              schema: { type: 'string', default: 'UTC' },
              description: 'IANA zone for times written without one',
            },
          ],
          requestBody: {
            required: true,
            content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
          },
          responses: {
            200: json(ref('ImportSummary'), 'what was imported; rejected rows name their line and field'),
            400: error('not a file Kehu can read (the rows before the fault are imported)'),
            413: error('the body is over 256 MB, or a row is over 1,048,576 characters (its line named)'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/risk/backtest': {
        post: {
          summary:
            'How a warning policy would have done: the backtest of the default policy (or the one sent) as of a past date over the records in the store',
          ...bearer('export'),
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    asOf: { type: 'string', description: 'YYYY-MM-DD: assessed as of the end of this day' },
                    labelDays: {
                      type: 'integer',
                      default: 90,
                      description: 'days without an order or contact that count as lost',
                    },
                    timeZone: { type: 'string', default: 'UTC' },
                    policy: { type: 'object', description: 'a risk policy version (default: Kehu defaults)' },
                  },
                  required: ['asOf'],
                },
              },
            },
          },
          responses: {
            200: { description: 'the report: auc, levels (precision, recall), lead_days, alerts_per_rep_week, indicators' },
            400: error('invalid'),
            ...AUTH_ERRORS,
          },
        },
      },
      '/v1/responses/suspect': {
        get: {
          summary:
            'Suspect answers (sent faster than the minimum fill time, flagged by the SDK): kept apart, not synced, not counted until released',
          ...bearer('export'),
          parameters: [
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
            { name: 'after', in: 'query', schema: { type: 'string' }, description: 'the `next` of the previous page' },
          ],
          responses: { 200: json(ref('SuspectPage'), 'oldest first'), 400: error('bad limit or after'), ...AUTH_ERRORS },
        },
      },
      '/v1/responses/{id}/release': {
        post: {
          summary: 'Release a suspect answer: it becomes a response record and syncs to every rep like any answer',
          ...bearer('export'),
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: json(ref('Released'), 'released'), 404: error('no suspect answer with this id'), ...AUTH_ERRORS },
        },
      },
      '/v1/admin/keys': {
        get: {
          summary: 'List site keys and tokens (never a token itself)',
          ...bearer('admin'),
          responses: { 200: { description: 'the keys' }, ...AUTH_ERRORS },
        },
      },
      '/v1/admin/sites': {
        post: {
          summary: 'Create a site key',
          ...bearer('admin'),
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { name: { type: 'string' }, origins: { type: 'array', items: { type: 'string' } } },
                  required: ['name', 'origins'],
                },
              },
            },
          },
          responses: { 201: { description: 'the site key' }, 400: error('invalid'), ...AUTH_ERRORS },
        },
      },
      '/v1/admin/sites/{name}': {
        delete: {
          summary: 'Revoke a site key',
          ...bearer('admin'),
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'revoked' }, 404: error('no such key'), ...AUTH_ERRORS },
        },
      },
      '/v1/admin/sites/{name}/origins': {
        put: {
          summary: 'Replace the allowed origins of a site key (the key stays)',
          ...bearer('admin'),
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { origins: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 100 } },
                  required: ['origins'],
                },
              },
            },
          },
          responses: { 200: { description: 'the site key' }, 400: error('invalid'), 404: error('no such key'), ...AUTH_ERRORS },
        },
      },
      '/v1/admin/tokens': {
        post: {
          summary: 'Create a team token (shown once)',
          ...bearer('admin'),
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: { name: { type: 'string' }, scopes: { type: 'array', items: { enum: [...SCOPES] } } },
                  required: ['name', 'scopes'],
                },
              },
            },
          },
          responses: { 201: { description: 'the token' }, 400: error('invalid'), ...AUTH_ERRORS },
        },
      },
      '/v1/admin/tokens/{name}': {
        delete: {
          summary: 'Revoke a team token',
          ...bearer('admin'),
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { 200: { description: 'revoked' }, 404: error('no such token'), ...AUTH_ERRORS },
        },
      },
      ...inboxOpenApiPaths(),
      '/console/api/overview': {
        get: {
          summary:
            "The team console's overview: customers per level today and at each month end, the customer loss rate per month, the 80/20 watch, NPS/CSAT/CES per month with counts, open alerts per person with the past-due ones, exit reasons",
          description:
            "Needs the console session cookie (kehu_console, from POST /console/api/session with a team token). Months are calendar months in the collector's time zone; the month-end figures and the top 20% are computed by the levels' full pass (on start, daily, after a large import) and `historyAsOf` says when.",
          parameters: [
            {
              name: 'months',
              in: 'query',
              schema: { type: 'integer', minimum: 1, maximum: 12, default: 12 },
              description: 'how many month ends to show (the survey figures add the current month so far)',
            },
          ],
          responses: {
            200: { description: 'the overview (collector/console/overview.ts, interface Overview)' },
            400: error('months is not a whole number from 1 to 12'),
            401: error('no console session'),
          },
        },
      },
      '/healthz': {
        get: {
          summary: 'Whether the store answers',
          responses: { 200: { description: 'ok' }, 503: error('the store does not answer') },
        },
      },
      '/readyz': {
        get: {
          summary: 'Ready for traffic: the store answers, its migrations are done, the process is not shutting down',
          responses: { 200: { description: 'ready' }, 503: error('store_unavailable, migrating or draining') },
        },
      },
      '/livez': {
        get: { summary: 'Alive: the process answers (the store is not checked)', responses: { 200: { description: 'alive' } } },
      },
      '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
    },
  };
}
