// The lifecycle stage suggested from a customer's history (shared/src/risk/stage.ts), for the data
// card: the rep confirms it, it is never written by itself.
import { factsFromHistory, suggestStage } from '#shared/risk/index.ts';
import { ByCustomer } from '#shared/model/extension-api.ts';
import { customerHistories } from '../../store/history.ts';
import { defineMethod } from '../define.ts';

export const stageSuggestionOf = defineMethod(ByCustomer, async (ctx, { customerId }) => {
  const history = (await customerHistories(ctx.db, [customerId])).get(customerId);
  if (!history) return null;
  return suggestStage(factsFromHistory(history as Parameters<typeof factsFromHistory>[0]), ctx.now().toISOString());
});
