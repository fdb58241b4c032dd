// Survey and feedback answers the store could not match to a customer are kept, not discarded: a rep
// sees them and links one by hand to the customer it belongs to. A linked complaint opens its case
// (the same case id every replica derives from the answer).
import { caseForComplaint } from '#shared/feedback/complaint-case.ts';
import { type Case, type Response, caseIdForComplaint } from '#shared/model/index.ts';
import type { KehuDb } from './db.ts';
import { type WriteContext, fromStored, saveRecord } from './records.ts';

/** Answers kept without a customer, newest first (at most `limit`). */
export async function unmatchedAnswers(db: KehuDb, limit = 200): Promise<Response[]> {
  const out: Response[] = [];
  await db.responses
    .orderBy('submittedAt')
    .reverse()
    .until(() => out.length >= limit)
    .each((r) => {
      if (!r.customerId && !r.deletedAt) out.push(fromStored(r));
    });
  return out;
}

/** Link a kept answer to a customer; a complaint opens its case. Returns the answer and the case, if one was opened. */
export async function linkAnswer(
  db: KehuDb,
  responseId: string,
  customerId: string,
  ctx: WriteContext,
): Promise<{ response: Response; case: Case | null }> {
  return db.transaction('rw', [db.responses, db.customers, db.contacts, db.cases, db.changes], async () => {
    const stored = await db.responses.get(responseId);
    if (!stored || stored.deletedAt) throw new Error(`no answer "${responseId}"`);
    const customer = await db.customers.get(customerId);
    if (!customer || customer.deletedAt) throw new Error(`no customer "${customerId}"`);
    const answer = fromStored(stored);
    if (answer.customerId && answer.customerId !== customerId) throw new Error('the answer already belongs to another customer');
    // The respondent's address names a contact of this customer: link that contact too.
    const email = answer.respondent.email;
    const contact = email
      ? (await db.contacts.where('emails').equals(email).toArray()).find((c) => c.customerId === customerId)
      : undefined;
    const response = await saveRecord(
      db,
      'responses',
      { ...answer, customerId, ...(contact && !answer.contactId ? { contactId: contact.id } : {}) },
      ctx,
    );
    let opened: Case | null = null;
    if (!(await db.cases.get(caseIdForComplaint(response.id)))) {
      const kase = caseForComplaint(response, customer, ctx);
      if (kase) opened = await saveRecord(db, 'cases', kase, ctx);
    }
    return { response, case: opened };
  });
}
