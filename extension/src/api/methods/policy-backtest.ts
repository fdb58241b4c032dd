// The policy editor's "how this policy would have done": the backtest of the edited policy beside
// the one in force, over the rep's own records (nothing is stored).
import { Policy } from '#shared/model/index.ts';
import { PolicyBacktestRequest } from '#shared/model/extension-api.ts';
import { currentPolicy } from '../../store/policy.ts';
import { backtestPolicies } from '../../store/policy-backtest.ts';
import { defineMethod } from '../define.ts';

export const backtestRiskPolicy = defineMethod(PolicyBacktestRequest, async (ctx, { policy, labelDays }) => {
  const now = ctx.now();
  const current = await currentPolicy(ctx.db, now.toISOString());
  const parsed = Policy.safeParse({ ...current, ...policy, version: current.version + 1, createdAt: now.toISOString() });
  if (!parsed.success)
    return { ok: false as const, errors: parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) };
  return {
    ok: true as const,
    labelDays,
    result: await backtestPolicies(ctx.db, parsed.data, current, { now, timeZone: ctx.timeZone, labelDays }),
  };
});
