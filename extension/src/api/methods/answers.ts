// Answers kept without a customer, and linking one by hand (store/answers.ts).
import { Id } from '#shared/model/common.ts';
import * as z from 'zod';
import { linkAnswer, unmatchedAnswers } from '../../store/answers.ts';
import { defineMethod } from '../define.ts';
import { touched } from './write.ts';

export const unmatchedAnswersList = defineMethod(z.undefined().or(z.object({}).strict()), async (ctx) =>
  unmatchedAnswers(ctx.db),
);

export const linkAnswerTo = defineMethod(
  z.object({ responseId: Id, customerId: Id }),
  async (ctx, { responseId, customerId }) => {
    const result = await linkAnswer(ctx.db, responseId, customerId, { now: ctx.now().toISOString(), by: await ctx.by() });
    await touched(ctx, [customerId]);
    return result;
  },
);
