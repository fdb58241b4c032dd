// The customers at one warning level, riskiest first, for the popup's level counts.
import type { WarningLevel } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';

export async function customersAtLevel(
  db: KehuDb,
  level: WarningLevel,
  limit = 100,
): Promise<{ customerId: string; name: string; score: number }[]> {
  const rows = await db.assessments.where('level').equals(level).toArray();
  rows.sort((a, b) => b.score - a.score);
  const out: { customerId: string; name: string; score: number }[] = [];
  const customers = await db.customers.bulkGet(rows.slice(0, limit * 2).map((a) => a.customerId));
  rows.slice(0, limit * 2).forEach((a, i) => {
    const c = customers[i];
    if (c && !c.deletedAt && out.length < limit) out.push({ customerId: a.customerId, name: c.name, score: a.score });
  });
  return out;
}
