import * as z from 'zod';
import { RoleFields } from './roles.ts';
import { Id, Instant, LongText, ShortText, SyncMeta } from './common.ts';
import { ExternalRef } from './interaction.ts';

/**
 * The seven complaint-handling steps (docs/DOMAIN.md §3), in order. A case's `status` is the step it
 * is at, or `closed`.
 */
export const CASE_STEPS = [
  'listen', //          1. confirm the problem and listen
  'ask_resolution', //  2. ask what resolution the customer wants
  'promise_carefully', // 3. promise nothing you are unsure of
  'analyse', //         4. consult colleagues or escalate; analyse the cause
  'negotiate', //       5. negotiate a resolution, watching the reaction
  'carry_out', //       6. carry it out
  'follow_up', //       7. follow up on the result
] as const;
export const CaseStep = z.enum(CASE_STEPS);
export type CaseStep = z.infer<typeof CaseStep>;
export const CaseStatus = z.enum([...CASE_STEPS, 'closed']);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const Severity = z.enum(['low', 'medium', 'high', 'critical']);
export type Severity = z.infer<typeof Severity>;
export const CaseCategory = z.enum(['product', 'service', 'delivery', 'billing', 'staff', 'other']);

export const CaseStepEntry = z.object({
  step: CaseStatus,
  at: Instant,
  by: ShortText.optional(),
  note: LongText.optional(),
});

export const Case = z.object({
  id: Id,
  customerId: Id,
  contactId: Id.optional(),
  title: ShortText.trim().min(1, 'must not be empty'),
  category: CaseCategory.default('other'),
  severity: Severity.default('medium'),
  status: CaseStatus.default('listen'),
  openedAt: Instant,
  /** The time promised to the customer; a case past it is a warning signal. */
  dueAt: Instant.optional(),
  closedAt: Instant.optional(),
  /** What the customer asked for (step 2). */
  desiredResolution: LongText.optional(),
  cause: LongText.optional(),
  remedy: LongText.optional(),
  /** The customer's satisfaction with the outcome, 1–5, asked at close. */
  satisfaction: z.int().min(1).max(5).optional(),
  /** The mail thread or page the complaint came from. */
  ref: ExternalRef.optional(),
  steps: z.array(CaseStepEntry).default([]),
  owner: ShortText.optional(),
  ...RoleFields,
  ...SyncMeta,
});
export type Case = z.infer<typeof Case>;

/**
 * The id of the case a complaint answer opens: derived from the answer's id, so the extension and the
 * team console, each opening it on its own, converge on one record.
 */
export function caseIdForComplaint(responseId: string): string {
  return `fb-${responseId}`;
}
