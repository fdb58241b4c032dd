// The customers export's columns, with each customer's current level and score as the collector
// computes them (kehu_levels): GET /v1/export/customers.csv|.ndjson|.xlsx, and so
// `kehu export --entity customers`. The interchange columns come first, unchanged, so the file
// still imports; `level` and `score` follow (an import ignores them).
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import type { CsvValue } from '#shared/codecs/csv.ts';
import type { LeveledCustomer } from '../store/export-scan.ts';

export const CUSTOMER_EXPORT_COLUMNS: { name: string; value: (r: LeveledCustomer) => CsvValue }[] = [
  ...(EXPORT_COLUMNS.customers as { name: string; value: (r: LeveledCustomer) => CsvValue }[]),
  { name: 'level', value: (r) => r.level },
  { name: 'score', value: (r) => r.score },
];
