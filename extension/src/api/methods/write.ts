// What every writing method does around its store call: who writes and when, and afterwards the
// reassessment of the customers touched and the news to every tab (badges re-read their level).
import type { ApiContext } from '../context.ts';

export async function writeContext(ctx: ApiContext) {
  return { now: ctx.now().toISOString(), by: await ctx.by(), newId: ctx.newId };
}

/** After a write: reassess the customers and tell every tab (badges re-read their level). */
export async function touched(ctx: ApiContext, customerIds: readonly (string | null | undefined)[]): Promise<void> {
  const ids = [...new Set(customerIds.filter((id): id is string => !!id))];
  if (ids.length > 0) await ctx.risk.recompute(ids);
  ctx.platform.changed({ customerIds: ids });
}
