// Reassessing many customers (a first sync's pull touches every one) takes its turn in the risk
// queue batch by batch, so a badge that needs one customer's level meanwhile waits for one batch,
// not for the whole run.
import { describe, expect, it } from 'vitest';
import { RISK_BATCH } from '../../../extension/src/risk/service.ts';
import { saveRecords } from '../../../extension/src/store/records.ts';
import type { Customer } from '../../../shared/src/model/index.ts';
import { NOW, testContext } from './context.ts';

describe('the risk queue during a large reassessment', () => {
  it("answers one customer's level between the batches of a recompute of everyone", async () => {
    const ctx = testContext();
    const at = NOW.toISOString();
    const customers = Array.from({ length: RISK_BATCH * 4 }, (_, i) => ({
      id: `c${i}`,
      name: `Customer ${i}`,
      domains: [`c${i}.example`],
      tier: 'general',
      tags: [],
      consent: 'unknown',
      createdAt: at,
      rev: 1,
      updatedAt: at,
      updatedBy: 'x',
      deletedAt: null,
    })) as Customer[];
    await saveRecords(ctx.db, 'customers', customers, { now: at, by: 'x' });

    const order: string[] = [];
    const everyone = ctx.risk.recompute(customers.map((c) => c.id)).then(() => order.push('everyone'));
    const last = customers.at(-1)!.id; // in the last batch of the big run
    const one = ctx.risk.assessment(last).then((a) => {
      order.push('one');
      return a;
    });
    expect((await one)?.customerId).toBe(last);
    await everyone;
    expect(order).toEqual(['one', 'everyone']);
    expect(await ctx.db.assessments.count()).toBe(customers.length);
  });
});
