// Small facts about this store: the install's own id (stamped as `updatedBy` until the rep sets a name).
import type { KehuDb } from './db.ts';

export async function installId(db: KehuDb): Promise<string> {
  const row = await db.meta.get('installId');
  if (typeof row?.value === 'string') return row.value;
  const id = `rep-${crypto.randomUUID().slice(0, 8)}`;
  await db.meta.put({ key: 'installId', value: id });
  return id;
}
