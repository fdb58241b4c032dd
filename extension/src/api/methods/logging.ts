// Contact logging from webmail (see store/email-log.ts); off when the rep turns it off.
import { LogEmailsRequest } from '#shared/model/index.ts';
import { type LogOutcome, logEmail } from '../../store/email-log.ts';
import { defineMethod } from '../define.ts';

export const logEmails = defineMethod(LogEmailsRequest, async (ctx, { messages }) => {
  const settings = await ctx.settings.get();
  if (!settings.logEmails) return messages.map(() => 'off' as const);
  const now = ctx.now().toISOString();
  const by = await ctx.by();
  const outcomes: (LogOutcome | 'off')[] = [];
  const touched = new Set<string>();
  for (const m of messages) {
    const r = await logEmail(ctx.db, m, { now, by });
    outcomes.push(r.outcome);
    if (r.interaction) touched.add(r.interaction.customerId);
  }
  if (touched.size > 0) {
    await ctx.risk.recompute(touched);
    ctx.platform.changed({ customerIds: [...touched] });
  }
  return outcomes;
});
