// GET /openapi.json: OpenAPI 3.1, generated from the route declarations (routes/), whose zod
// schemas are the ones the handlers validate with, so the document is always what the collector
// checks. Request bodies and parameters use each schema's input form (fields with defaults may be
// left out); answers use the output form (every such field present). Every named schema is a
// component: the shared entities and sync shapes by their names, a route's own body and answer
// after the route (CreateSiteBody, CollectAnswer).
import * as z from 'zod';
import { Submission } from '#shared/model/submission.ts';
import { Change, ENTITY_SCHEMAS, PullResponse, PushBody, PushResponse, type SyncEntity, SyncRecord } from '#shared/model/sync.ts';
import type { CollectorErrorCode } from '#shared/i18n/collector-errors.ts';
import { SCOPES } from '../store/credentials.ts';
import type { Answer, Route } from './routes/declare.ts';
import { ErrorBody } from './routes/errors.ts';
import { ROUTES } from './routes/index.ts';

type Json = Record<string, unknown>;
type Schema = z.core.$ZodType;

const ENTITY_NAMES: Record<SyncEntity, string> = {
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

/** `/v1/admin/sites/:name` → `/v1/admin/sites/{name}`; a final `*` is the parameter `rest`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, '{$1}').replace(/\/\*$/, '/{rest}');
}

function pathParamNames(honoPath: string): string[] {
  const names = [...honoPath.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
  return honoPath.endsWith('/*') ? [...names, 'rest'] : names;
}

/** One schema's JSON Schema, on its own (parameters are inlined). */
function inline(schema: Schema, io: 'input' | 'output'): Json {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/**
 * In answers zod closes every object (additionalProperties: false), which would make an
 * intersection unsatisfiable: Change is SyncRecord and {seq}, and a closed SyncRecord refuses seq.
 * Only objects declared strict stay closed, as in requests.
 */
function openObjects(ctx: { zodSchema: Schema; jsonSchema: Json }) {
  const def = ctx.zodSchema._zod.def as { type: string; catchall?: unknown };
  if (def.type === 'object' && !def.catchall) delete ctx.jsonSchema.additionalProperties;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** The components of one form (input or output): each schema given a name once. */
class Components {
  readonly registry = z.registry<{ id: string }>();
  readonly #names = new Map<Schema, string>();
  readonly io: 'input' | 'output';
  /** The names given in either form (one document holds both). */
  readonly taken: Set<string>;
  constructor(io: 'input' | 'output', taken: Set<string>) {
    this.io = io;
    this.taken = taken;
  }
  /** The schema's name, naming it `wanted` (or wanted2, …) the first time it is seen. */
  name(schema: Schema, wanted: string): string {
    const known = this.#names.get(schema);
    if (known) return known;
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) id = `${wanted}${n}`;
    this.taken.add(id);
    this.#names.set(schema, id);
    this.registry.add(schema, { id });
    return id;
  }
  schemas(): Record<string, Json> {
    const out = z.toJSONSchema(this.registry, {
      io: this.io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}`,
      ...(this.io === 'output' ? { override: openObjects } : {}),
    });
    const clean: Record<string, Json> = {};
    for (const [id, s] of Object.entries(out.schemas)) {
      const { $schema: _schema, $id: _id, ...rest } = s as Json;
      clean[id] = rest;
    }
    return clean;
  }
}

/** The error answers every route of its kind can give, besides its own. */
function commonErrors(r: Route): Record<number, Answer> {
  const errors: Record<number, Answer> = {};
  const add = (status: number, description: string, ...codes: CollectorErrorCode[]) => {
    errors[status] = merge(errors[status], { description, codes });
  };
  const auth = r.auth;
  if (auth.kind === 'site-key') {
    add(403, 'unknown site key, or an origin it does not allow', 'unknown_site_key', 'origin_not_allowed');
    add(429, 'too many answers from this address', 'rate_limited');
  } else if (auth.kind === 'token') {
    add(401, 'no token, or not a valid one', 'unauthorized');
    add(403, `the token lacks the ${auth.scope} scope`, 'forbidden');
  } else if (auth.kind === 'session') {
    add(401, 'not signed in to the console', 'unauthorized');
    if (auth.scope) add(403, `the session’s token lacks the ${auth.scope} scope`, 'forbidden');
  }
  if (r.path.startsWith('/console/api/') && r.method !== 'get') add(403, 'the Origin is not this collector’s own', 'bad_origin');
  if (r.body && 'json' in r.body) {
    add(400, 'the body is not JSON, or could not be read', 'bad_json', 'bad_body');
    add(415, 'not JSON', 'unsupported_type');
  }
  if (r.body) add(413, `over ${r.body.maxBytes} bytes`, 'too_large');
  add(500, 'the collector failed; its log has the request id', 'internal');
  return errors;
}

function merge(a: Answer | undefined, b: Answer): Answer {
  if (!a) return b;
  const codes = [...new Set([...(a.codes ?? []), ...(b.codes ?? [])])];
  return { ...b, ...a, description: `${a.description}; ${b.description}`, ...(codes.length > 0 ? { codes } : {}) };
}

function answerObject(r: Route, answer: Answer, out: Components): Json {
  const headers =
    answer.codes?.includes('rate_limited') === true
      ? { ...answer.headers, 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } }
      : answer.headers;
  let content: Json | undefined = answer.content;
  if (answer.json)
    content = { 'application/json': { schema: ref(out.name(answer.json, answer.name ?? `${pascal(r.id)}Answer`)) } };
  else if (answer.codes) {
    const schema = { allOf: [ref('Error'), { type: 'object', properties: { error: { enum: answer.codes } } }] };
    content = { 'application/json': { schema } };
  }
  return { description: answer.description, ...(headers ? { headers } : {}), ...(content ? { content } : {}) };
}

function parameters(r: Route): Json[] {
  const names = pathParamNames(r.path);
  const declared = Object.keys(r.params?.shape ?? {});
  const stray = declared.filter((k) => !names.includes(k));
  if (stray.length > 0) throw new Error(`route ${r.id}: parameters ${stray.join(', ')} are not in its path ${r.path}`);
  const param = (name: string, where: 'path' | 'query', field: Schema | undefined, required: boolean): Json => {
    const { description, ...schema } = field ? inline(field, 'input') : { type: 'string' };
    return {
      name,
      in: where,
      required,
      ...(description ? { description } : {}),
      schema,
      ...(schema.type === 'array' ? { style: 'form', explode: true } : {}),
    };
  };
  return [
    ...names.map((name) => param(name, 'path', r.params?.shape[name] as Schema | undefined, true)),
    ...Object.entries(r.query?.shape ?? {}).map(([name, field]) =>
      // Required unless zod's input form may leave it out (optional, or with a default).
      param(name, 'query', field as Schema, (field as Schema)._zod.optin === undefined),
    ),
  ];
}

function operation(r: Route, input: Components, output: Components): Json {
  const answers: Record<number, Answer> = { ...r.answers };
  for (const [status, common] of Object.entries(commonErrors(r)))
    answers[Number(status)] = merge(answers[Number(status)], common);
  const responses = Object.fromEntries(
    Object.entries(answers)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, answer]) => [status, answerObject(r, answer, output)]),
  );
  const params = parameters(r);
  const body = r.body;
  const requestBody = !body
    ? undefined
    : 'json' in body
      ? {
          required: true,
          content: { 'application/json': { schema: ref(input.name(body.shown ?? body.json, `${pascal(r.id)}Body`)) } },
        }
      : { required: true, content: body.content };
  const auth = r.auth;
  const security =
    auth.kind === 'token'
      ? [{ token: [auth.scope] }]
      : auth.kind === 'session'
        ? [{ session: auth.scope ? [auth.scope] : [] }]
        : undefined;
  return {
    operationId: r.id,
    summary: r.summary,
    ...(r.description ? { description: r.description } : {}),
    ...(security ? { security } : {}),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

export function openApiDocument(version: string, routes: readonly Route[] = ROUTES): Json {
  const taken = new Set<string>();
  const output = new Components('output', taken);
  const input = new Components('input', taken);
  // The shared schemas keep their own names.
  for (const [entity, schema] of Object.entries(ENTITY_SCHEMAS) as [SyncEntity, Schema][]) {
    output.name(schema, ENTITY_NAMES[entity]);
    input.name(schema, `${ENTITY_NAMES[entity]}Input`);
  }
  output.name(SyncRecord, 'SyncRecord');
  output.name(Change, 'Change');
  output.name(PullResponse, 'PullResponse');
  output.name(PushResponse, 'PushResponse');
  output.name(ErrorBody, 'Error');
  input.name(SyncRecord, 'SyncRecordInput');
  input.name(PushBody, 'PushBody');
  input.name(Submission, 'Submission');

  const paths: Record<string, Json> = {};
  for (const r of routes) {
    const path = openApiPath(r.path);
    const item = (paths[path] ??= {});
    if (item[r.method]) throw new Error(`two declarations of ${r.method.toUpperCase()} ${r.path}`);
    item[r.method] = operation(r, input, output);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kehu collector',
      version,
      description:
        'Receives survey and feedback answers from the Kehu SDK, syncs records between reps, exports them, and serves the team console. ' +
        'Every answer carries the headers Kehu-Api: 1 and X-Request-Id; every error is {error, message, fields?} with a stable code.',
    },
    components: {
      schemas: { ...output.schemas(), ...input.schemas() },
      securitySchemes: {
        token: {
          type: 'http',
          scheme: 'bearer',
          description: `a team token (kehu keys token); scopes: ${SCOPES.join(', ')}; admin includes the others`,
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'kehu_console',
          description:
            'the team console’s session, from POST /console/api/session with a team token; its scopes are the token’s. A change must carry this collector’s own Origin.',
        },
      },
    },
    paths,
  };
}
