// A calibrated policy imported into the extension can turn the spend level on: the extension's own
// assessments must then read each customer's spend against the watch cutoff, as RiskBook does for
// the collector and `kehu risk`, so the three agree.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import { RiskBook } from '../../../../shared/src/risk/index.ts';
import { NOW, testContext } from '../context.ts';

const DAY = 86_400_000;

describe('the spend level in the extension', () => {
  it('lowers a big spender’s purchase-lapse points once a policy turns it on, as RiskBook does', async () => {
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
    const before = (await kehu.riskOf({ customerId: 's9' })).assessment;
    const { current } = await kehu.riskPolicy(undefined);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = current;
    const saved = await kehu.saveRiskPolicy({ policy: { ...settings, spendLevel: { factor: 4, exponent: 0.5 } } });
    if (!saved.ok) throw new Error(JSON.stringify(saved.errors));
    const after = (await kehu.riskOf({ customerId: 's9' })).assessment;
    const points = (a: { contributions: { indicator: string; points: number }[] } | null | undefined) =>
      a?.contributions.find((c) => c.indicator === 'purchase_recency')?.points ?? 0;
    expect(points(before)).toBeGreaterThan(0);
    expect(points(after)).toBeLessThan(points(before));

    // The same orders through RiskBook (the collector's and kehu risk's way) give the same points.
    const book = new RiskBook();
    for (const line of orders.slice(1)) {
      const [customerId, occurredAt, kind, amount] = line.split(',') as [string, string, 'order', string];
      book.addInteraction({ customerId, occurredAt, kind, amount: Number(amount) });
    }
    const all = [...book.assessAll(NOW.toISOString(), saved.policy)];
    expect(points(all.find((a) => a.customerId === 's9'))).toBe(points(after));
  });
});
