// POST /v1/risk/backtest: the backtest of a policy over the team's records in the store, for tokens
// with the export scope (or admin); bad input gets a 400 naming the field.
import { beforeEach, expect, it } from 'vitest';
import { defaultPolicy } from '#shared/risk/index.ts';
import { describeOnBackends } from './backends.ts';
import { type Harness, harness } from './fixtures.ts';

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
// Ten customers ordering every 10 days; the odd ones stop on day 200.
const lines = ['customer_id,occurred_at,kind,amount,currency'];
for (let c = 0; c < 10; c++) for (let d = c; d < (c % 2 ? 200 : 366); d += 10) lines.push(`c${c},${day(d)},order,100,EUR`);

describeOnBackends('POST /v1/risk/backtest on $name', (sql) => {
  let h: Harness;
  const ask = (body: unknown, token: string) =>
    h.call('/v1/risk/backtest', { method: 'POST', body: JSON.stringify(body), token });

  beforeEach(async () => {
    h = await harness(sql);
    for (let c = 0; c < 10; c++)
      await h.call('/v1/import/customers.csv', {
        method: 'POST',
        body: `id,name\nc${c},Customer ${c}`,
        token: h.tokens.rw,
        headers: { 'content-type': 'text/csv' },
      });
    const r = await h.call('/v1/import/interactions.csv', {
      method: 'POST',
      body: lines.join('\n'),
      token: h.tokens.rw,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status).toBe(200);
  });

  it('answers the backtest report of the default policy, or of the policy sent', async () => {
    const r = await ask({ asOf: day(210), labelDays: 90 }, h.tokens.export);
    expect(r.status).toBe(200);
    const report = await r.json();
    expect(report).toMatchObject({ label_days: 90, customers: 10, lost: 5, policy_version: 1, label_complete: true });
    expect(report.auc).toBeGreaterThan(0.9);
    expect(report.levels.orange).toHaveProperty('precision');
    const quiet = { ...defaultPolicy('2025-01-01T00:00:00.000Z'), version: 4 };
    quiet.weights = { ...quiet.weights, purchase_recency: 0, contact_silence: 0 };
    const other = await (await ask({ asOf: day(210), policy: quiet }, h.tokens.admin)).json();
    expect(other).toMatchObject({ policy_version: 4, auc: 0.5 });
  });

  it('needs the export scope, and names the bad field', async () => {
    expect((await ask({ asOf: day(210) }, h.tokens.rw)).status).toBe(403);
    expect((await h.call('/v1/risk/backtest', { method: 'POST', body: '{}' })).status).toBe(401);
    const bad = await ask({ asOf: '2025-02-30', labelDays: 0 }, h.tokens.export);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'labelDays' })]));
    const impossible = await ask({ asOf: '2025-02-30' }, h.tokens.export);
    expect(impossible.status).toBe(400);
    const policy = await ask({ asOf: day(210), policy: { version: 1 } }, h.tokens.export);
    expect(policy.status).toBe(400);
  });

  it('is described in /openapi.json', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/v1/risk/backtest'] ?? {})).toEqual(['post']);
  });
});
