// POST /v1/import/{entity}.csv|.ndjson (streamed in, any encoding Kehu reads). Exports are in export.ts.
import type { Hono } from 'hono';
import { ImportFileError, ImportRowTooLargeError } from '#shared/codecs/import.ts';
import { EncodingError, decodeText } from '#shared/codecs/text.ts';
import { IMPORT_ENTITIES, type ImportEntity } from '#shared/model/interchange.ts';
import type { Sql } from '../db/sql.ts';
import { importFile } from '../store/import.ts';
import { requireScope } from './auth.ts';
import type { AppEnv } from './context.ts';
import * as declared from './routes/v1.ts';
import { HttpError, bodyChunks, fieldErrors } from './util.ts';

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

/** The largest import body: a bigger file is imported in parts (or with `kehu import` per part). */
export const MAX_IMPORT_BYTES = declared.importFile.body.maxBytes;

export function fileRoutes(app: Hono<AppEnv>, deps: { sql: Sql; now: () => Date; maxImportBytes?: number }) {
  app.post('/v1/import/:file', requireScope('write'), async (c) => {
    const { entity, format } = parseFile<ImportEntity>(c.req.param('file'), IMPORT_ENTITIES);
    const query = declared.importFile.query.safeParse({ tz: c.req.query('tz') || undefined });
    if (!query.success) throw new HttpError(400, 'invalid', 'bad tz', fieldErrors(query.error));
    const timeZone = query.data.tz;
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
