// Contact logging from webmail (see store/email-log.ts); off when the rep turns it off.
import { EmailAddress, Instant } from '#shared/model/index.ts';
import * as z from 'zod';
import { type LogOutcome, logEmail } from '../../store/email-log.ts';
import { defineMethod } from '../define.ts';

export const SeenEmail = z.object({
  source: z.enum(['gmail', 'outlook']),
  messageId: z.string().trim().min(1).max(500),
  threadId: z.string().trim().min(1).max(500).optional(),
  from: EmailAddress,
  to: z.array(z.string().max(320)).max(200).default([]),
  subject: z.string().max(2000).default(''),
  sentAt: Instant.optional(),
  url: z.string().max(4096),
});

export const logEmails = defineMethod(z.object({ messages: z.array(SeenEmail).max(200) }), async (ctx, { messages }) => {
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
