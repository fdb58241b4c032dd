// Feedback closes the loop (domain.md §3): a complaint that arrives through <kehu-feedback> for a
// known customer opens a case at step 1 (listen) for the customer's owner. The case id is derived
// from the answer's id (caseIdForComplaint), so every extension and the team console open the same
// case, and converge to one record after a sync.
import { Case, caseIdForComplaint } from '../model/case.ts';
import type { Customer } from '../model/customer.ts';
import type { Response } from '../model/response.ts';

const FALLBACK_TITLE: Record<string, string> = { en: 'Complaint from the feedback form', 'zh-CN': '来自反馈表单的投诉' };
const TITLE_MAX = 120;

/** The title of a complaint case: the comment's first line, shortened, or a plain title in the answer's language. */
export function complaintTitle(response: Pick<Response, 'comment' | 'locale'>): string {
  const line = response.comment?.trim().split(/\r?\n/)[0]?.trim() ?? '';
  if (line) return line.length > TITLE_MAX ? `${line.slice(0, TITLE_MAX - 1)}…` : line;
  return FALLBACK_TITLE[response.locale?.startsWith('zh') ? 'zh-CN' : 'en'] as string;
}

/**
 * The case a complaint answer opens, or null when the answer is not a complaint, was deleted, or
 * belongs to no customer yet (it is kept, and opens its case once it is linked).
 */
export function caseForComplaint(
  response: Response,
  customer: Pick<Customer, 'id' | 'owner'> | undefined,
  ctx: { now: string; by: string },
): Case | null {
  if (response.kind !== 'complaint') return null;
  return caseForAnswer(response, customer, ctx);
}

/**
 * The case any answer opens when someone turns it into one by hand (a detractor's NPS, an exit
 * reason, a complaint): the same case a complaint opens on its own, with the same id, so a case
 * made by hand and one made automatically are one record. `owner` overrides the customer's owner;
 * `title` the title taken from the comment. Null when the answer was deleted or has no customer yet.
 */
export function caseForAnswer(
  response: Response,
  customer: Pick<Customer, 'id' | 'owner'> | undefined,
  ctx: { now: string; by: string; owner?: string; title?: string },
): Case | null {
  if (response.deletedAt || !response.customerId) return null;
  if (customer && customer.id !== response.customerId) return null;
  const owner = ctx.owner ?? customer?.owner;
  const desired = response.answers?.resolution;
  return Case.parse({
    id: caseIdForComplaint(response.id),
    customerId: response.customerId,
    ...(response.contactId ? { contactId: response.contactId } : {}),
    title: ctx.title ?? complaintTitle(response),
    category: 'other',
    severity: 'medium',
    status: 'listen',
    openedAt: response.submittedAt,
    ...(typeof desired === 'string' && desired.trim() ? { desiredResolution: desired.trim().slice(0, 10_000) } : {}),
    ...(response.pageUrl
      ? { ref: { system: 'kehu-feedback', id: response.id, url: response.pageUrl } }
      : { ref: { system: 'kehu-feedback', id: response.id } }),
    steps: [
      { step: 'listen', at: response.submittedAt, ...(response.comment ? { note: response.comment.slice(0, 10_000) } : {}) },
    ],
    ...(owner ? { owner, assignee: owner } : {}),
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
}
