import * as z from 'zod';
import { Instant, LongText, ShortText } from './common.ts';

/**
 * Roles on an alert or a case (domain.md §1, "Roles"): who executes (the assignee), who decides
 * (the decision owner, with the authority a rep lacks), the escalations between them, and what was
 * said to the customer, kept apart from the internal notes (`actions` of an alert, `steps` of a case).
 * The extension and the team console edit the same fields; they sync like every other field.
 */
export const Escalation = z.object({
  at: Instant,
  /** Who escalated (a rep's email). */
  by: ShortText,
  /** The person escalated to (an email): their extension announces it after a sync. */
  to: ShortText.trim().min(1, 'must not be empty'),
  note: LongText.default(''),
});
export type Escalation = z.infer<typeof Escalation>;

/** One thing said to the customer, word for word as far as it matters. */
export const CustomerLogEntry = z.object({
  at: Instant,
  by: ShortText.optional(),
  text: LongText.trim().min(1, 'must not be empty'),
});
export type CustomerLogEntry = z.infer<typeof CustomerLogEntry>;

export const RoleFields = {
  /** Who carries the work out (a rep's email). */
  assignee: ShortText.optional(),
  /** Who decides what exceeds the assignee's authority (an email). */
  decisionOwner: ShortText.optional(),
  escalations: z.array(Escalation).default([]),
  /** What was said to the customer, apart from the internal notes. */
  customerLog: z.array(CustomerLogEntry).default([]),
};
