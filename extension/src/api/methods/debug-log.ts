// The local debug log (store/debug-log.ts): the options page lists, copies and clears it; pages
// and content scripts add the problems they worked around (base/problems.ts).
import { NoInput, ReportProblemRequest } from '#shared/model/index.ts';
import { dbDebugLog } from '../../store/debug-log.ts';
import { defineMethod } from '../define.ts';

export const debugLogEntries = defineMethod(NoInput, async (ctx) => dbDebugLog(ctx.db).list());

export const clearDebugLog = defineMethod(NoInput, async (ctx) => {
  await dbDebugLog(ctx.db).clear();
  return { cleared: true as const };
});

export const reportProblemFromPage = defineMethod(ReportProblemRequest, async (ctx, { area, message }) => {
  await dbDebugLog(ctx.db).record({ at: ctx.now().toISOString(), source: 'page', area, message });
  return { recorded: true as const };
});
