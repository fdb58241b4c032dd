// Answers kept without a customer, and linking one by hand (store/answers.ts).
import { LinkAnswerRequest, NoInput } from '#shared/model/extension-api.ts';
import { linkAnswer, unmatchedAnswers } from '../../store/answers.ts';
import { defineMethod } from '../define.ts';
import { touched } from './write.ts';

export const unmatchedAnswersList = defineMethod(NoInput, async (ctx) => unmatchedAnswers(ctx.db));

export const linkAnswerTo = defineMethod(LinkAnswerRequest, async (ctx, { responseId, customerId }) => {
  const result = await linkAnswer(ctx.db, responseId, customerId, { now: ctx.now().toISOString(), by: await ctx.by() });
  await touched(ctx, [customerId]);
  return result;
});
