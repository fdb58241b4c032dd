// GET /v1/export/{entity}.csv|.ndjson (streamed, filterable by time) and
// POST /v1/import/{entity}.csv|.ndjson (streamed in, any encoding Kehu reads).
import type { Hono } from 'hono';
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import { ImportFileError, ImportRowTooLargeError } from '#shared/codecs/import.ts';
import { writeCsv } from '#shared/codecs/csv.ts';
import { writeNdjson } from '#shared/codecs/ndjson.ts';
import { EncodingError, decodeText } from '#shared/codecs/text.ts';
import { parseDateTime } from '#shared/codecs/time.ts';
import { KEHU_API_HEADER, KEHU_API_VERSION } from '#shared/sync/http-transport.ts';
import { EXPORT_ENTITIES, type ExportEntity, IMPORT_ENTITIES, type ImportEntity } from '#shared/model/interchange.ts';
import type { EntityRecord } from '#shared/model/sync.ts';
import type { Sql } from '../db/sql.ts';
import { importFile } from '../store/import.ts';
import { RECORD_TIME, scanRecords } from '../store/records.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import { HttpError, bodyChunks, streamText } from './util.ts';

const FILE = /^([a-z]+)\.(csv|ndjson)$/;

function parseFile<E extends string>(file: string, entities: readonly E[]): { entity: E; format: 'csv' | 'ndjson' } {
  const m = FILE.exec(file);
  const entity = m?.[1] as E | undefined;
  if (!m || !entity || !entities.includes(entity)) {
    throw new HttpError(
      404,
      'not_found',
      `no such file: use {entity}.csv or {entity}.ndjson with entity one of ${entities.join(', ')}`,
    );
  }
  return { entity, format: m[2] as 'csv' | 'ndjson' };
}

function instantParam(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const t = parseDateTime(value, 'UTC');
  if (!t)
    throw new HttpError(400, 'invalid', `bad ${name}`, [
      { path: name, message: 'must be a date (YYYY-MM-DD) or an ISO date-time' },
    ]);
  return t;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The largest import body: a bigger file is imported in parts (or with `kehu import` per part). */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

export function fileRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date; maxImportBytes?: number }) {
  app.get('/v1/export/:file', requireScope('export'), async (c) => {
    const { entity, format } = parseFile<ExportEntity>(c.req.param('file'), EXPORT_ENTITIES);
    const from = instantParam('from', c.req.query('from'));
    const to = instantParam('to', c.req.query('to'));
    const records = scanRecords(deps.sql, entity, { from, to, deleted: c.req.query('deleted') === 'true' });
    const chunks =
      format === 'csv'
        ? writeCsv(
            EXPORT_COLUMNS[entity] as { name: string; value: (r: EntityRecord<ExportEntity>) => string | number | undefined }[],
            records,
          )
        : writeNdjson(records);
    const stamp = deps.now().toISOString().slice(0, 10);
    return streamText(chunks, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'content-disposition': `attachment; filename="kehu-${entity}-${stamp}.${format}"`,
      'x-kehu-time-field': RECORD_TIME[entity].field,
      'x-request-id': c.get('requestId'),
      [KEHU_API_HEADER]: KEHU_API_VERSION,
    });
  });

  app.post('/v1/import/:file', requireScope('write'), async (c) => {
    const { entity, format } = parseFile<ImportEntity>(c.req.param('file'), IMPORT_ENTITIES);
    const timeZone = c.req.query('tz') || 'UTC';
    if (!validTimeZone(timeZone))
      throw new HttpError(400, 'invalid', 'bad tz', [{ path: 'tz', message: 'must be an IANA time zone like Asia/Shanghai' }]);
    const ctx = { now: deps.now().toISOString(), by: c.get('caller').name, timeZone };
    let stored = 0;
    try {
      const body = bodyChunks(c.req.raw, deps.maxImportBytes ?? MAX_IMPORT_BYTES);
      const summary = await importFile(deps.sql, entity, format, decodeText(body), ctx, {
        onProgress: (s) => {
          stored = s.added + s.updated + s.unchanged;
        },
      });
      return c.json(summary);
    } catch (e) {
      const before = stored > 0 ? ` (the ${stored} rows before it were imported)` : ' (nothing was imported)';
      if (e instanceof ImportRowTooLargeError) throw new HttpError(413, 'row_too_large', `${e.message}${before}`);
      if (e instanceof ImportFileError || e instanceof EncodingError)
        throw new HttpError(400, 'bad_file', `${e.message}${before}`);
      if (e instanceof HttpError && e.status === 413) throw new HttpError(413, e.code, `${e.message}${before}`);
      throw e;
    }
  });
}
