// A customer's history as the side panel shows it: the timeline, the warning panel (assessment,
// 90-day trend, alerts) and one stored record behind a timeline row.
import { ByCustomer, RecordRequest } from '#shared/model/index.ts';
import { alertsOf } from '../../store/alert-handling.ts';
import { policyInForce } from '../../store/policy.ts';
import { liveRecord } from '../../store/records.ts';
import { riskTrend } from '../../store/risk-replay.ts';
import { customerTimeline } from '../../store/timeline-events.ts';
import { defineMethod } from '../define.ts';

/** The whole history, newest first (the panel virtualises the list). */
export const timelineOf = defineMethod(ByCustomer, async (ctx, { customerId }) => customerTimeline(ctx.db, customerId));

/** The warning panel: assessment, its 90-day trend, the policy in force, and the alerts. */
export const riskOf = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const now = ctx.now();
  const [assessment, policy, alerts] = await Promise.all([
    ctx.risk.assessment(customerId),
    policyInForce(ctx.db, now.toISOString()),
    alertsOf(ctx.db, customerId),
  ]);
  const trend = await riskTrend(ctx.db, customerId, {
    now,
    policy,
    watched: assessment?.watched ?? false,
    timeZone: ctx.timeZone,
  });
  return { assessment, trend, policyVersion: policy.version, alerts };
});

/** One stored record, for a detail view that follows a timeline row. */
export const recordOf = defineMethod(RecordRequest, async (ctx, { entity, id }) => {
  const r = await liveRecord(ctx.db, entity, id);
  return r ? (r as Record<string, unknown>) : null;
});
