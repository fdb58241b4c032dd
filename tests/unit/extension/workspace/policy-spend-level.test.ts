// The spend level (on in the default policy since issue 16): the extension's own assessments and
// the side panel's trend must read each customer's spend against the watch cutoff, as RiskBook does
// for the collector and `kehu risk`, so they all agree.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import { RiskBook } from '../../../../shared/src/risk/index.ts';
import { NOW, testContext } from '../context.ts';

const DAY = 86_400_000;

describe('the spend level in the extension', () => {
  it('lowers a big spender’s purchase-lapse points as RiskBook does, and the 90-day trend ends at the badge', async () => {
    const t = testContext();
    const kehu = createApi(t);
    const customers = ['id,name'];
    const orders = ['customer_id,occurred_at,kind,amount,currency'];
    for (let c = 0; c < 10; c++) {
      customers.push(`s${c},Spender ${c}`);
      for (const d of [200, 120, 60])
        orders.push(`s${c},${new Date(NOW.getTime() - (d + c) * DAY).toISOString()},order,${100 * (c + 1) ** 2},EUR`);
    }
    await kehu.importText({ entity: 'customers', format: 'csv', text: customers.join('\n') });
    await kehu.importText({ entity: 'interactions', format: 'csv', text: orders.join('\n') });
    const points = (a: { contributions: { indicator: string; points: number }[] } | null | undefined) =>
      a?.contributions.find((c) => c.indicator === 'purchase_recency')?.points ?? 0;

    // The default policy reads the spend level. Saving a version reassesses everyone against a
    // fresh watch cutoff: first with the spend level off, then with the default's settings again.
    const { current } = await kehu.riskPolicy(undefined);
    expect(current.spendLevel.factor).toBeGreaterThan(0);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = current;
    const save = async (policy: typeof settings) => {
      const saved = await kehu.saveRiskPolicy({ policy });
      if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
      return saved.policy;
    };
    await save({ ...settings, spendLevel: { factor: 0, exponent: 1 } });
    const off = (await kehu.riskOf({ customerId: 's9' })).assessment;
    const policy = await save(settings);
    const on = await kehu.riskOf({ customerId: 's9' });
    // Turned on, the big spender's silence counts more slowly: fewer points.
    expect(points(on.assessment)).toBeGreaterThan(0);
    expect(points(on.assessment)).toBeLessThan(points(off));
    // The side panel's trend replays the same engine with the same spend ratio: its last point is the badge.
    expect(on.trend.at(-1)?.score).toBe(on.assessment?.score);

    // The same orders through RiskBook (the collector's and kehu risk's way) give the same points.
    const book = new RiskBook();
    for (const line of orders.slice(1)) {
      const [customerId, occurredAt, kind, amount] = line.split(',') as [string, string, 'order', string];
      book.addInteraction({ customerId, occurredAt, kind, amount: Number(amount) });
    }
    const all = [...book.assessAll(NOW.toISOString(), policy)];
    expect(points(all.find((a) => a.customerId === 's9'))).toBe(points(on.assessment));
  });
});
