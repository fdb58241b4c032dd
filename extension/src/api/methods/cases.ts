// Complaint cases (客户投诉) of one customer: the list with the recent mail threads a case can be
// opened from, opening one, and each step of handling it.
import { type Case, ByCustomer, ChangeCaseRequest, OpenCaseRequest } from '#shared/model/index.ts';
import { casesOf, changeCase, openCase } from '../../store/cases.ts';
import { mailRef, recentMailThreads } from '../../store/history.ts';
import { defineMethod } from '../define.ts';
import { touched, writeContext } from './write.ts';

export const casesFor = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const cases = await casesOf(ctx.db, customerId);
  // Recent mail threads of this customer: a complaint can be opened from one, subject and link prefilled.
  const threads = await recentMailThreads(ctx.db, customerId, 20);
  return { cases, threads };
});

export const openCaseFor = defineMethod(OpenCaseRequest, async (ctx, input) => {
  const { fromInteractionId, ...rest } = input;
  const ref: Case['ref'] = fromInteractionId ? await mailRef(ctx.db, fromInteractionId, input.customerId) : undefined;
  const result = await openCase(ctx.db, { ...rest, ref }, await writeContext(ctx));
  if (result.ok) await touched(ctx, [input.customerId]);
  return result;
});

export const changeCaseOf = defineMethod(ChangeCaseRequest, async (ctx, { id, change, action }) => {
  const result = await changeCase(ctx.db, id, change, action, await writeContext(ctx));
  if (result.ok) await touched(ctx, [result.record.customerId]);
  return result;
});
