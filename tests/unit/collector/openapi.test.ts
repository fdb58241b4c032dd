// GET /openapi.json is generated from the route declarations (collector/http/routes/): it lists
// exactly the routes the app serves, and its JSON Schemas, checked by an independent validator
// (ajv), take the bodies the clients really send and describe the answers the collector really gives.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../../collector/http/app.ts';
import { openApiPath } from '../../../collector/http/openapi.ts';
import { type Draft, type Settings, build } from '../../../sdk/src/ui/answer.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, ORIGIN, harness, rec } from './fixtures.ts';

type Json = Record<string, unknown>;
interface Doc {
  paths: Record<string, Record<string, Json>>;
  components: Json;
}

/** The routes an app serves (its handlers, not middleware) that the document does not list, and the reverse. */
function mismatches(app: { routes: { method: string; path: string }[] }, doc: Doc) {
  const served = new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${openApiPath(r.path)}`));
  const listed = new Set(
    Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)),
  );
  return {
    undocumented: [...served].filter((r) => !listed.has(r)).sort(),
    unserved: [...listed].filter((r) => !served.has(r)).sort(),
  };
}

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });

/** The problems ajv finds with `value` against `schema` (whose $refs point into the document's components). */
function problems(doc: Doc, schema: unknown, value: unknown): string[] {
  const validate = ajv.compile({ ...(schema as Json), components: doc.components });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

function operation(doc: Doc, path: string, method: string) {
  const op = doc.paths[path]?.[method] as
    | { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Json }> }
    | undefined;
  if (!op) throw new Error(`${method} ${path} is not in the document`);
  return op;
}
const requestSchema = (doc: Doc, path: string, method: string) =>
  operation(doc, path, method).requestBody?.content['application/json']?.schema;
const answerSchema = (doc: Doc, path: string, method: string, status: number) =>
  (operation(doc, path, method).responses[status]?.content?.['application/json'] as { schema: unknown } | undefined)?.schema;

/** What the SDK's widget sends for what a respondent entered (sdk/src/ui/answer.ts). */
function sdkSubmission(kind: 'nps' | 'complaint' | 'exit', draft: Partial<Draft>, n: number) {
  const settings: Settings = { kind, locale: 'zh-CN', theme: 'light' };
  const filled: Draft = { comment: '', email: '', name: '', consent: false, reasons: [], hp: '', ...draft };
  return build(kind, filled, settings, {
    clientId: `openapi-${process.pid}-${n}`,
    now: new Date('2026-03-02T10:00:00.000Z'),
    elapsedMs: 5321.7,
    pageUrl: 'https://shop.example/thanks',
  });
}

describeOnBackends('the OpenAPI document on $name', { only: 'PGlite', resetBetweenTests: false }, (sql) => {
  let h: Harness;
  let doc: Doc;
  beforeAll(async () => {
    h = await harness(sql);
    doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
  }, 300_000);
  afterAll(async () => {
    await h.drain();
  });

  it('lists every route the app serves, and no route it does not serve', () => {
    expect(mismatches(h.app, doc)).toEqual({ undocumented: [], unserved: [] });
    // The check itself sees a route added without a declaration.
    const { app } = createApp({ sql, log: () => {} });
    app.get('/v1/undeclared/:id', (c) => c.json({}));
    expect(mismatches(app, doc).undocumented).toEqual(['GET /v1/undeclared/{id}']);
  });

  it('names an operation, the scopes and the error codes of every route', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item) as [string, { operationId?: string; responses: Json }][]) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('500');
      }
    }
    const pull = operation(doc, '/v1/changes', 'get') as unknown as {
      security: unknown;
      parameters: { name: string; required: boolean }[];
      responses: Record<string, Json>;
    };
    expect(pull.security).toEqual([{ token: ['read'] }]);
    // Query parameters with a default may be left out; path parameters may not.
    expect(pull.parameters.map((p) => [p.name, p.required])).toEqual([
      ['since', false],
      ['limit', false],
    ]);
    const release = operation(doc, '/v1/responses/{id}/release', 'post') as unknown as { parameters: { required: boolean }[] };
    expect(release.parameters.map((p) => p.required)).toEqual([true]);
    expect(JSON.stringify(pull.responses[401])).toContain('"unauthorized"');
    expect(JSON.stringify(operation(doc, '/console/api/alerts/{id}/roles', 'post').responses[403])).toContain('"bad_origin"');
    expect(JSON.stringify(operation(doc, '/v1/collect/{siteKey}', 'post').responses[429])).toContain('Retry-After');
  });

  it('takes the submissions the SDK sends, and the collector takes them too, answering as described', async () => {
    const schema = requestSchema(doc, '/v1/collect/{siteKey}', 'post');
    const sent = [
      sdkSubmission('nps', { score: 3, comment: '发货太慢', email: 'li@acme.cn', name: '李雷', consent: true }, 1),
      sdkSubmission('complaint', { comment: 'broken on arrival', resolution: 'refund' }, 2),
      sdkSubmission('exit', { reasons: ['price', 'service'] }, 3),
    ];
    for (const submission of sent) {
      expect(problems(doc, schema, submission), submission.kind).toEqual([]);
      const r = await h.collect(submission);
      expect(r.status).toBe(201);
      expect(problems(doc, answerSchema(doc, '/v1/collect/{siteKey}', 'post', 201), await r.json())).toEqual([]);
    }
    // What the schema refuses, the collector refuses with a code the document lists for it.
    const { clientId: _, ...noClient } = sent[0] as Json;
    expect(problems(doc, schema, noClient)).not.toEqual([]);
    const refused = await h.collect(noClient);
    expect(refused.status).toBe(400);
    expect(problems(doc, answerSchema(doc, '/v1/collect/{siteKey}', 'post', 400), await refused.json())).toEqual([]);
    const wrongSite = await h.app.request('/v1/collect/nope', {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify(sent[0]),
    });
    expect(wrongSite.status).toBe(403);
    expect(problems(doc, answerSchema(doc, '/v1/collect/{siteKey}', 'post', 403), await wrongSite.json())).toEqual([]);
    // An answer's error code the document does not list for the status fails the check.
    expect(
      problems(doc, answerSchema(doc, '/v1/collect/{siteKey}', 'post', 403), { error: 'conflict', message: 'x' }),
    ).not.toEqual([]);
  });

  it('takes a push as the extension sends it and describes the pull and push answers', async () => {
    const body = { changes: [rec.customer('oa-1', { name: '华东贸易' }), rec.contact('oa-2', { customerId: 'oa-1' })] };
    expect(problems(doc, requestSchema(doc, '/v1/changes', 'post'), body)).toEqual([]);
    const pushed = await h.call('/v1/changes', { method: 'POST', token: h.tokens.rw, body: JSON.stringify(body) });
    expect(pushed.status).toBe(200);
    expect(problems(doc, answerSchema(doc, '/v1/changes', 'post', 200), await pushed.json())).toEqual([]);
    const pulled = await h.call('/v1/changes?since=0', { token: h.tokens.read });
    const page = (await pulled.json()) as { changes: unknown[] };
    expect(page.changes.length).toBeGreaterThan(0);
    expect(problems(doc, answerSchema(doc, '/v1/changes', 'get', 200), page)).toEqual([]);
    const anonymous = await h.call('/v1/changes?since=0');
    expect(problems(doc, answerSchema(doc, '/v1/changes', 'get', 401), await anonymous.json())).toEqual([]);
    expect(problems(doc, requestSchema(doc, '/v1/changes', 'post'), { changes: [{ entity: 'customers' }] })).not.toEqual([]);
  });

  it('takes the admin bodies kehu keys sends and describes the keys it answers with', async () => {
    const site = { name: 'docs-shop', origins: ['https://docs.example'] };
    expect(problems(doc, requestSchema(doc, '/v1/admin/sites', 'post'), site)).toEqual([]);
    const created = await h.call('/v1/admin/sites', { method: 'POST', token: h.tokens.admin, body: JSON.stringify(site) });
    expect(created.status).toBe(201);
    expect(problems(doc, answerSchema(doc, '/v1/admin/sites', 'post', 201), await created.json())).toEqual([]);
    const token = { name: 'docs-bot', scopes: ['read', 'export'] };
    expect(problems(doc, requestSchema(doc, '/v1/admin/tokens', 'post'), token)).toEqual([]);
    const made = await h.call('/v1/admin/tokens', { method: 'POST', token: h.tokens.admin, body: JSON.stringify(token) });
    expect(problems(doc, answerSchema(doc, '/v1/admin/tokens', 'post', 201), await made.json())).toEqual([]);
    const keys = await h.call('/v1/admin/keys', { token: h.tokens.admin });
    expect(problems(doc, answerSchema(doc, '/v1/admin/keys', 'get', 200), await keys.json())).toEqual([]);
    const revoked = await h.call('/v1/admin/tokens/docs-bot', { method: 'DELETE', token: h.tokens.admin });
    expect(problems(doc, answerSchema(doc, '/v1/admin/tokens/{name}', 'delete', 200), await revoked.json())).toEqual([]);
    expect(problems(doc, requestSchema(doc, '/v1/admin/sites', 'post'), { name: 'no origins' })).not.toEqual([]);
  });

  it('takes a backtest request and describes health', async () => {
    expect(problems(doc, requestSchema(doc, '/v1/risk/backtest', 'post'), { asOf: '2026-03-01', labelDays: 60 })).toEqual([]);
    expect(problems(doc, requestSchema(doc, '/v1/risk/backtest', 'post'), { labelDays: 60 })).not.toEqual([]);
    const health = await h.app.request('/healthz');
    expect(problems(doc, answerSchema(doc, '/healthz', 'get', 200), await health.json())).toEqual([]);
    const live = await h.app.request('/livez');
    expect(problems(doc, answerSchema(doc, '/livez', 'get', 200), await live.json())).toEqual([]);
  });
});
