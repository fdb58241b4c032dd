// Roles on alerts and cases (assignee, decision owner, escalations, what was said to the customer):
// the shared pure transition applied to the stored record and saved through the sync write path, so
// the change reaches the team like any other field.
import { type RoleChange, type WithRoles, changeRoles, escalationsTo } from '#shared/roles/index.ts';
import type { KehuDb } from './db.ts';
import { type WriteContext, fromStored, saveRecord } from './records.ts';

export type RoleEntity = 'alerts' | 'cases';

/** Apply one role change to a stored alert or case. Throws (with the reason) when it is not allowed. */
export async function changeRolesOf(
  db: KehuDb,
  entity: RoleEntity,
  id: string,
  change: RoleChange,
  ctx: WriteContext,
): Promise<WithRoles> {
  const table = entity === 'alerts' ? db.alerts : db.cases;
  return db.transaction('rw', [table, db.changes], async () => {
    const stored = await table.get(id);
    if (!stored) throw new Error(`no ${entity === 'alerts' ? 'alert' : 'case'} "${id}"`);
    const next = changeRoles(fromStored(stored) as WithRoles, change, ctx);
    return entity === 'alerts'
      ? saveRecord(db, 'alerts', next as Extract<WithRoles, { indicator: unknown }>, ctx)
      : saveRecord(db, 'cases', next as Exclude<WithRoles, { indicator: unknown }>, ctx);
  });
}

/** Active alerts and open cases whose latest escalation is addressed to `who`, newest first. */
export async function escalatedTo(db: KehuDb, who: string) {
  if (!who.trim()) return [];
  const alerts = await db.alerts.where('status').anyOf(['open', 'handling']).toArray();
  const cases = await db.cases.where('status').noneOf(['closed']).toArray();
  return escalationsTo([...alerts, ...cases], who);
}
