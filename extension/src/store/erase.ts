// "Erase all": every customer record in this browser, in one transaction. The risk policy and the
// install's id (in `meta`) are settings, not customer data, and stay. Records already synced to a
// team's collector are not touched there: erasing is local (and the next sync pulls them again).
import { DEBUG_LOG_KEY } from './debug-log.ts';
import { SYNC_CURSOR_KEY, SYNC_REASSESS_KEY } from './meta-keys.ts';
import type { KehuDb } from './db.ts';

export const ERASED_TABLES = [
  'customers',
  'contacts',
  'interactions',
  'responses',
  'cases',
  'alerts',
  'followups',
  'plans',
  'policies',
  'assessments',
  'changes',
  'quarantine',
] as const;

export async function eraseAll(db: KehuDb): Promise<Record<string, number>> {
  const tables = ERASED_TABLES.map((name) => db.table(name));
  return db.transaction('rw', [...tables, db.meta], async () => {
    const counts: Record<string, number> = {};
    for (const t of tables) {
      counts[t.name] = await t.count();
      await t.clear();
    }
    // With a team collector, the next sync starts over: the store fills with the team's records again
    // rather than holding only what changed after the erase.
    await db.meta.bulkDelete([SYNC_CURSOR_KEY, SYNC_REASSESS_KEY, DEBUG_LOG_KEY]);
    return counts;
  });
}
