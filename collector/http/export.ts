// GET /v1/export/{entity}.csv|.ndjson|.xlsx (bearer token with the export scope) and the same
// file for the team console at /console/api/export/{entity}.{format} (its session, export scope).
// Every file is streamed from a keyset scan of the store, filtered there (store/export-scan.ts):
// from, to, level, owner, site, deleted. Bad filters are a 400 naming the field.
import type { Context, Hono } from 'hono';
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import { type CsvValue, writeCsv } from '#shared/codecs/csv.ts';
import { writeNdjson } from '#shared/codecs/ndjson.ts';
import { EXPORT_ENTITIES, type ExportEntity } from '#shared/model/interchange.ts';
import { KEHU_API_HEADER, KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { CUSTOMER_EXPORT_COLUMNS } from '../console/customer-export.ts';
import type { Sql } from '../db/sql.ts';
import { type ExportFilter, type ExportRecord, scanExport } from '../store/export-scan.ts';
import { RECORD_TIME } from '../store/records.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { EXPORT_FORMATS, type ExportFormat, ExportQuery, exportFile } from './routes/v1.ts';
import { HttpError, fieldErrors, pathText, streamText } from './util.ts';
import { XLSX_TYPE, xlsxStream } from './xlsx.ts';

const FILE = /^([a-z]+)\.([a-z]+)$/;

/** `customers.xlsx` → its entity and format, or a 404 that says what exists. */
export function parseExportFile(file: string): { entity: ExportEntity; format: ExportFormat } {
  const m = FILE.exec(file);
  const entity = m?.[1] as ExportEntity | undefined;
  const format = m?.[2] as ExportFormat | undefined;
  if (!entity || !format || !EXPORT_ENTITIES.includes(entity) || !EXPORT_FORMATS.includes(format)) {
    throw new HttpError(
      404,
      'not_found',
      `no such file: use {entity}.csv, {entity}.ndjson or {entity}.xlsx with entity one of ${EXPORT_ENTITIES.join(', ')}`,
    );
  }
  return { entity, format };
}

/** The filter of an export from its query parameters, or a 400 naming the field at fault. */
export function parseExportFilter(params: Record<string, string[]>, entity: ExportEntity): ExportFilter {
  const input: Record<string, unknown> = {};
  const known = Object.keys(ExportQuery.shape);
  const unknown = Object.keys(params).filter((k) => !known.includes(k));
  if (unknown.length > 0)
    throw new HttpError(
      400,
      'invalid',
      'bad export filter',
      unknown.slice(0, 10).map((k) => ({ path: pathText([k]), message: `not a filter: use ${known.join(', ')}` })),
    );
  for (const [key, values] of Object.entries(params)) {
    const present = values.filter((v) => v !== '');
    if (present.length === 0) continue;
    input[key] = key === 'level' ? present.flatMap((v) => v.split(',')).map((v) => v.trim()) : present.at(-1);
  }
  const parsed = exportFile.query.safeParse(input);
  if (!parsed.success) throw new HttpError(400, 'invalid', 'bad export filter', fieldErrors(parsed.error));
  const q = parsed.data;
  if (q.site !== undefined && entity !== 'responses')
    throw new HttpError(400, 'invalid', 'bad export filter', [
      { path: 'site', message: 'applies only to responses (survey answers and feedback)' },
    ]);
  return { from: q.from, to: q.to, levels: q.level, owner: q.owner, site: q.site, deleted: q.deleted === 'true' };
}

type Columns<T> = { name: string; value: (record: T) => CsvValue }[];

function columnsOf<E extends ExportEntity>(entity: E): Columns<ExportRecord<E>> {
  return (entity === 'customers' ? CUSTOMER_EXPORT_COLUMNS : EXPORT_COLUMNS[entity]) as unknown as Columns<ExportRecord<E>>;
}

const TEXT_TYPES = { csv: 'text/csv; charset=utf-8', ndjson: 'application/x-ndjson; charset=utf-8' } as const;

/** The export a request asks for, as a streamed answer. */
export function exportResponse(c: Context<AppEnv>, deps: { sql: Sql; now: () => Date }): Response {
  const { entity, format } = parseExportFile(c.req.param('file') ?? '');
  const filter = parseExportFilter(c.req.queries(), entity);
  const records = scanExport(deps.sql, entity, filter);
  const headers = {
    'content-disposition': `attachment; filename="kehu-${entity}-${deps.now().toISOString().slice(0, 10)}.${format}"`,
    'x-kehu-time-field': RECORD_TIME[entity].field,
    'x-request-id': c.get('requestId'),
    'cache-control': 'no-store',
    [KEHU_API_HEADER]: KEHU_API_VERSION,
  };
  if (format === 'xlsx') {
    return new Response(xlsxStream(columnsOf(entity), records, { sheet: entity }), {
      status: 200,
      headers: { ...headers, 'content-type': XLSX_TYPE },
    });
  }
  const chunks = format === 'csv' ? writeCsv(columnsOf(entity), records) : writeNdjson(records);
  return streamText(chunks, { ...headers, 'content-type': TEXT_TYPES[format] });
}

/** The export API for tokens: GET /v1/export/{entity}.{csv|ndjson|xlsx}. */
export function exportRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }) {
  app.get('/v1/export/:file', requireScope('export'), (c) => exportResponse(c, deps));
}

/** The same files for the console, behind its session (the console's middleware sets the caller). */
export function consoleExportRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date }, api: string) {
  // What the export form offers: the customers' owners and the sites answers come through.
  app.get(`${api}/export/choices`, requireScope('export'), async (c) => {
    const owners = await deps.sql.query<{ owner: string }>(
      `SELECT DISTINCT data ->> 'owner' AS owner FROM kehu_records
        WHERE entity = 'customers' AND deleted_at IS NULL AND data ->> 'owner' <> '' ORDER BY 1`,
    );
    const sites = await deps.sql.query<{ name: string }>('SELECT DISTINCT name FROM kehu_site_keys ORDER BY name');
    return c.json({ owners: owners.map((o) => o.owner), sites: sites.map((s) => s.name) });
  });
  app.get(`${api}/export/:file`, requireScope('export'), (c) => exportResponse(c, deps));
}
