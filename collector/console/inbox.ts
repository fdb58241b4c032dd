// What a team lead does with an answer in the console's inbox, beyond linking it:
// * turn it into a case (the seven complaint-handling steps) with an owner, by hand: the same case,
//   with the same id, that the shared caseForAnswer gives and that a complaint from a known customer
//   opens on its own, so the two never make two records;
// * close the loop (domain.md §3): mark a suggestion adopted, and record what was told to the
//   customer about their answer.
// Each writes a new version of a synced record through the same path as a rep's push, so it reaches
// every rep at their next sync, and the customer is reassessed afterwards.
import * as z from 'zod';
import { caseForAnswer } from '#shared/feedback/complaint-case.ts';
import { type Case, caseIdForComplaint } from '#shared/model/case.ts';
import { ShortText } from '#shared/model/common.ts';
import { Response } from '#shared/model/response.ts';
import { CustomerLogEntry } from '#shared/model/roles.ts';
import { nextVersion } from '#shared/sync/version.ts';
import type { Queryable, Sql } from '../db/sql.ts';
import { loadRecords, writeRecords } from '../store/records.ts';

export const CaseBody = z.object({
  /** Who owns the case (a rep's email or name, as customers' owners are written). */
  owner: ShortText.trim().min(1, 'name the case’s owner'),
  title: ShortText.trim().min(1, 'give the case a title'),
});
export type CaseBody = z.infer<typeof CaseBody>;

export const ToldBody = z.object({ text: CustomerLogEntry.shape.text });
export type ToldBody = z.infer<typeof ToldBody>;

/** Why an action on an answer cannot be done: `status` 404 (nothing there) or 400 (naming `field`). */
export class InboxActionError extends Error {
  override name = 'InboxActionError';
  readonly status: 400 | 404;
  readonly field: string | undefined;
  constructor(status: 400 | 404, message: string, field?: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}

async function loadAnswer(tx: Queryable, id: string): Promise<Response> {
  const found = await loadRecords(tx, [{ entity: 'responses', id }]);
  const stored = found.get(`responses\u0000${id}`)?.record as Response | undefined;
  if (!stored || stored.deletedAt) throw new InboxActionError(404, 'no such answer');
  return stored;
}

/** Open the answer's case by hand with an owner. The answer must belong to a customer and have no case yet. */
export async function openCase(sql: Sql, responseId: string, body: CaseBody, now: string, by: string): Promise<Case> {
  return sql.transaction(async (tx) => {
    const answer = await loadAnswer(tx, responseId);
    if (!answer.customerId) throw new InboxActionError(400, 'link the answer to a customer before opening a case', 'customerId');
    const id = caseIdForComplaint(answer.id);
    const existing = await loadRecords(tx, [
      { entity: 'cases', id },
      { entity: 'customers', id: answer.customerId },
    ]);
    if (existing.get(`cases\u0000${id}`)) throw new InboxActionError(400, 'this answer already has a case', 'case');
    const customer = existing.get(`customers\u0000${answer.customerId}`)?.record;
    if (!customer || customer.deletedAt) throw new InboxActionError(404, 'the answer’s customer no longer exists');
    const made = caseForAnswer(answer, undefined, { now, by, owner: body.owner, title: body.title });
    if (!made) throw new InboxActionError(404, 'no such answer');
    await writeRecords(tx, [{ entity: 'cases', record: made }], now);
    return made;
  });
}

/** Mark a suggestion adopted (closing the loop). Marking it again keeps the first adoption. */
export async function adoptSuggestion(sql: Sql, responseId: string, now: string, by: string): Promise<Response> {
  return sql.transaction(async (tx) => {
    const answer = await loadAnswer(tx, responseId);
    if (answer.kind !== 'suggestion') throw new InboxActionError(400, 'only a suggestion can be adopted', 'kind');
    if (answer.adopted) return answer;
    const next = Response.parse({ ...answer, adopted: { at: now, by }, ...nextVersion(answer, now, by) });
    await writeRecords(tx, [{ entity: 'responses', record: next }], now);
    return next;
  });
}

/** Record what was told to the customer about their answer. */
export async function recordTold(sql: Sql, responseId: string, body: ToldBody, now: string, by: string): Promise<Response> {
  return sql.transaction(async (tx) => {
    const answer = await loadAnswer(tx, responseId);
    const log = answer.customerLog ?? [];
    if (log.length >= 100) throw new InboxActionError(400, 'this answer holds 100 entries already', 'text');
    const next = Response.parse({
      ...answer,
      customerLog: [...log, { at: now, by, text: body.text }],
      ...nextVersion(answer, now, by),
    });
    await writeRecords(tx, [{ entity: 'responses', record: next }], now);
    return next;
  });
}
