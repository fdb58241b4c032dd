import * as z from 'zod';
import { Currency, DomainName, Id, Instant, LongText, ShortText, SyncMeta } from './common.ts';
import { KeyCustomerFields } from './key-customer.ts';

/**
 * Key-customer classification (docs/DOMAIN.md §2): key, general (unclear but promising), potential (a
 * strong prospect), no-need; and unclassified, for a customer nobody has screened yet (an unknown
 * sender added from the mailbox), which the rep is asked to classify.
 */
export const CustomerTier = z.enum(['key', 'general', 'potential', 'no-need', 'unclassified']);
export type CustomerTier = z.infer<typeof CustomerTier>;

/** Relationship lifecycle: exploration 考察期, formation 形成期, stable 稳定期, decline 衰退期. */
export const LifecycleStage = z.enum(['exploring', 'forming', 'stable', 'declining']);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

/** Whether the customer agreed to have personal data kept and to be contacted. */
export const Consent = z.enum(['unknown', 'granted', 'withdrawn']);

/** Credit grade A–D; B means "catch problems early" (防微杜渐). */
export const CreditGrade = z.enum(['A', 'B', 'C', 'D']);

export const Customer = z.object({
  id: Id,
  name: ShortText.trim().min(1, 'must not be empty'),
  /** Registrable domains (acme.co.uk), never free-mail domains: they identify the customer's senders. */
  domains: z.array(DomainName).max(50).default([]),
  industry: ShortText.optional(),
  tier: CustomerTier.default('general'),
  stage: LifecycleStage.optional(),
  owner: ShortText.optional(),
  /** When the current owner took the account over; an owner change is a warning signal. */
  ownerSince: Instant.optional(),
  /** Who owned the account before `owner`. */
  previousOwner: ShortText.optional(),
  /** Revenue over the last 12 months, in `currency`. */
  value: z.number().finite().optional(),
  currency: Currency.optional(),
  /** The usual number of days between contacts; when absent the customer's own rhythm is used. */
  cadenceDays: z.int().min(1).max(3650).optional(),
  tags: z.array(ShortText.min(1)).max(100).default([]),
  consent: Consent.default('unknown'),
  credit: CreditGrade.optional(),
  notes: LongText.optional(),
  ...KeyCustomerFields,
  createdAt: Instant,
  ...SyncMeta,
});
export type Customer = z.infer<typeof Customer>;
