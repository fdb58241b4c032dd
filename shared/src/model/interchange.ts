// The interchange files: which entities import and export, in which formats, and what an import
// reports (counts and the rejected lines). Shared by the codecs, the extension's options page and
// API, the collector's /v1/import and /v1/export and the `kehu` command line.
import * as z from 'zod';

export const IMPORT_ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases'] as const;
export const ImportEntity = z.enum(IMPORT_ENTITIES);
export type ImportEntity = z.infer<typeof ImportEntity>;

export const EXPORT_ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases', 'alerts', 'followups'] as const;
export const ExportEntity = z.enum(EXPORT_ENTITIES);
export type ExportEntity = z.infer<typeof ExportEntity>;

export const FileFormat = z.enum(['csv', 'ndjson']);
export type FileFormat = z.infer<typeof FileFormat>;

/**
 * One rejected input row (or a warning about a kept one): the file's line, the field at fault (if
 * one is), and why, in English. `code` and `params` say the same for a client to put in its own
 * language (shared/src/i18n/import-reasons.ts; zod's issue codes for the schema's own checks).
 */
export const Rejection = z.object({
  line: z.int().min(1),
  field: z.string().optional(),
  error: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type Rejection = z.infer<typeof Rejection>;

export const ImportResult = z.object({
  added: z.int().min(0),
  updated: z.int().min(0),
  rejected: z.array(Rejection),
  /** Rows kept with a value read as its closest meaning, or as "other" (the original is kept). */
  warnings: z.array(Rejection).optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;
