// Spreadsheets often name the customer rather than give its id ("客户名称: 华为技术有限公司"). When
// an imported contact, interaction, answer or case refers to a customer id Kehu does not have, the
// reference is tried as a customer name (compared folded: case, width and accents ignored); a name
// shared by several customers is not guessed. What stays unknown is counted, so the rep is told.
import type { ImportEntity } from '#shared/model/interchange.ts';
import type { KehuDb } from './db.ts';
import { foldText } from './search.ts';

export interface RefOutcome {
  /** Records whose customer reference was a name, now the customer's id. */
  byName: number;
  /** Records that name no customer Kehu knows (kept as they are: the customers may come later). */
  unknown: number;
  /** A few of the unknown references, to show. */
  unknownExamples: string[];
}

/** name → id (null when several customers share the name), per import run: built once, not per batch. */
const nameIndexes = new Map<string, Map<string, string | null>>();

async function nameIndex(db: KehuDb, run: string): Promise<Map<string, string | null>> {
  const cached = nameIndexes.get(run);
  if (cached) return cached;
  const index = new Map<string, string | null>();
  await db.customers.each((c) => {
    if (c.deletedAt) return;
    const key = foldText(c.name);
    index.set(key, index.has(key) && index.get(key) !== c.id ? null : c.id);
  });
  nameIndexes.set(run, index);
  while (nameIndexes.size > 2) nameIndexes.delete(nameIndexes.keys().next().value as string);
  return index;
}

export async function resolveCustomerRefs(
  db: KehuDb,
  entity: ImportEntity,
  records: { customerId?: string | null | undefined }[],
  run: string,
): Promise<RefOutcome> {
  const outcome: RefOutcome = { byName: 0, unknown: 0, unknownExamples: [] };
  if (entity === 'customers') return outcome;
  const refs = [...new Set(records.map((r) => r.customerId).filter((id): id is string => !!id))];
  if (refs.length === 0) return outcome;
  const found = await db.customers.bulkGet(refs);
  const missing = new Set(refs.filter((_, i) => !found[i] || found[i]!.deletedAt));
  if (missing.size === 0) return outcome;
  const names = await nameIndex(db, run);
  for (const r of records) {
    if (!r.customerId || !missing.has(r.customerId)) continue;
    const id = names.get(foldText(r.customerId));
    if (id) {
      r.customerId = id;
      outcome.byName++;
    } else {
      outcome.unknown++;
      if (outcome.unknownExamples.length < 5 && !outcome.unknownExamples.includes(r.customerId))
        outcome.unknownExamples.push(r.customerId);
    }
  }
  return outcome;
}
