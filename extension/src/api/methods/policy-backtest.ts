// The policy editor's "how this policy would have done": the backtest of the edited policy beside
// the one in force (the team's version when synced), over the rep's own records (nothing is stored).
import { Policy } from '#shared/model/index.ts';
import { PolicyBacktestRequest } from '#shared/model/extension-api.ts';
import { currentPolicy, policyInForce } from '../../store/policy.ts';
import { backtestPolicies } from '../../store/policy-backtest.ts';
import { defineMethod } from '../define.ts';

export const backtestRiskPolicy = defineMethod(PolicyBacktestRequest, async (ctx, { policy, labelDays }) => {
  const now = ctx.now();
  const own = await currentPolicy(ctx.db, now.toISOString());
  const current = await policyInForce(ctx.db, now.toISOString());
  const parsed = Policy.safeParse({ ...current, ...policy, version: own.version + 1, createdAt: now.toISOString() });
  if (!parsed.success)
    return { ok: false as const, errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) };
  return {
    ok: true as const,
    labelDays,
    result: await backtestPolicies(ctx.db, parsed.data, current, { now, timeZone: ctx.timeZone, labelDays }),
  };
});
