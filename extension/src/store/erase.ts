// "Erase all": every customer record in this browser, in one transaction. The risk policy and the
// install's id (in `meta`) are settings, not customer data, and stay. Records already synced to a
// team's collector are not touched there: erasing is local.
import type { KehuDb } from './db.ts';

export const ERASED_TABLES = [
  'customers',
  'contacts',
  'interactions',
  'responses',
  'cases',
  'alerts',
  'followups',
  'assessments',
  'changes',
  'quarantine',
] as const;

export async function eraseAll(db: KehuDb): Promise<Record<string, number>> {
  const tables = ERASED_TABLES.map((name) => db.table(name));
  return db.transaction('rw', tables, async () => {
    const counts: Record<string, number> = {};
    for (const t of tables) {
      counts[t.name] = await t.count();
      await t.clear();
    }
    return counts;
  });
}
