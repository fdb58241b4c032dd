// Payloads between the extension's content scripts and pages and its background service worker.
// Every message is validated against these schemas on arrival; the background's API object
// (globalThis.kehu) serves the same functions.
import * as z from 'zod';
import { WellFormed } from './common.ts';
import { Contact } from './contact.ts';
import { Customer } from './customer.ts';
import { Assessment } from './risk.ts';

export const IMPORT_ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases'] as const;
export const ImportEntity = z.enum(IMPORT_ENTITIES);
export type ImportEntity = z.infer<typeof ImportEntity>;

export const EXPORT_ENTITIES = ['customers', 'contacts', 'interactions', 'responses', 'cases', 'alerts', 'followups'] as const;
export const ExportEntity = z.enum(EXPORT_ENTITIES);
export type ExportEntity = z.infer<typeof ExportEntity>;

export const FileFormat = z.enum(['csv', 'ndjson']);
export type FileFormat = z.infer<typeof FileFormat>;

/** One rejected input row: the file's line, the field at fault (if one is), and why. */
export const Rejection = z.object({
  line: z.int().min(1),
  field: z.string().optional(),
  error: z.string(),
});
export type Rejection = z.infer<typeof Rejection>;

export const ImportTextRequest = z.object({
  entity: ImportEntity,
  format: FileFormat,
  text: WellFormed(),
});
export const ImportResult = z.object({
  added: z.int().min(0),
  updated: z.int().min(0),
  rejected: z.array(Rejection),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ExportTextRequest = z.object({ entity: ExportEntity, format: FileFormat });

export const LookupRequest = z.object({ email: WellFormed().max(320) });
export const LookupResult = z
  .object({
    customer: Customer.nullable(),
    contact: Contact.nullable(),
    assessment: Assessment.nullable(),
  })
  .nullable();
export type LookupResult = z.infer<typeof LookupResult>;
