// The policy editor's backtest method: the edited policy beside the one in force, on the rep's own
// records as of 90 days ago; a bad policy is refused by field; nothing is saved.
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import { currentPolicy } from '../../../../extension/src/store/policy.ts';
import { NOW, testContext } from '../context.ts';

const DAY = 86_400_000;

describe('backtestRiskPolicy', () => {
  it('replays the edited and the current policy over the rep’s records', async () => {
    const t = testContext();
    const kehu = createApi(t);
    const customers = ['id,name'];
    const orders = ['customer_id,occurred_at,kind,amount,currency'];
    for (let c = 0; c < 8; c++) {
      customers.push(`c${c},Customer ${c}`);
      for (let d = 400; d >= (c % 2 ? 150 : 3); d -= 10)
        orders.push(`c${c},${new Date(NOW.getTime() - (d + c) * DAY).toISOString()},order,100,EUR`);
    }
    await kehu.importText({ entity: 'customers', format: 'csv', text: customers.join('\n') });
    await kehu.importText({ entity: 'interactions', format: 'csv', text: orders.join('\n') });
    const { current } = await kehu.riskPolicy(undefined);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = current;
    const r = await kehu.backtestRiskPolicy({
      policy: { ...settings, weights: Object.fromEntries(Object.keys(settings.weights).map((k) => [k, 0])) },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.labelDays).toBe(90);
    expect(r.result.current).toMatchObject({ customers: 8, lost: 4, policy_version: 1 });
    expect(r.result.current.auc).toBe(1);
    expect(r.result.edited).toMatchObject({ customers: 8, lost: 4, policy_version: 2, auc: 0.5 });
    expect(r.result.edited.as_of).toBe(new Date(NOW.getTime() - 90 * DAY).toISOString());
    const bad = await kehu.backtestRiskPolicy({ policy: { ...settings, thresholds: { ...settings.thresholds, orange: 1 } } });
    expect(bad.ok).toBe(false);
    expect((await currentPolicy(t.db, NOW.toISOString())).version).toBe(1);
  });
});
