import * as z from 'zod';
import { Id } from './common.ts';
import { Contact } from './contact.ts';
import { Customer } from './customer.ts';
import { Case } from './case.ts';
import { FollowUp } from './follow-up.ts';
import { Interaction } from './interaction.ts';
import { Plan } from './plan.ts';
import { Response } from './response.ts';
import { Alert } from './risk.ts';
import { TeamPolicy } from './team-policy.ts';

/**
 * The record kinds that sync between reps through the collector. `policies` holds one record, the
 * team's policy in force: the collector writes it, reps only pull it.
 */
export const SYNC_ENTITIES = [
  'customers',
  'contacts',
  'interactions',
  'responses',
  'cases',
  'alerts',
  'followups',
  'plans',
  'policies',
] as const;
export const SyncEntity = z.enum(SYNC_ENTITIES);
export type SyncEntity = z.infer<typeof SyncEntity>;

export const ENTITY_SCHEMAS = {
  customers: Customer,
  contacts: Contact,
  interactions: Interaction,
  responses: Response,
  cases: Case,
  alerts: Alert,
  followups: FollowUp,
  plans: Plan,
  policies: TeamPolicy,
} as const;
export type EntityRecord<E extends SyncEntity> = z.infer<(typeof ENTITY_SCHEMAS)[E]>;

/** One record of one entity, as it travels in a push or a pull. */
export const SyncRecord = z.discriminatedUnion('entity', [
  z.object({ entity: z.literal('customers'), record: Customer }),
  z.object({ entity: z.literal('contacts'), record: Contact }),
  z.object({ entity: z.literal('interactions'), record: Interaction }),
  z.object({ entity: z.literal('responses'), record: Response }),
  z.object({ entity: z.literal('cases'), record: Case }),
  z.object({ entity: z.literal('alerts'), record: Alert }),
  z.object({ entity: z.literal('followups'), record: FollowUp }),
  z.object({ entity: z.literal('plans'), record: Plan }),
  z.object({ entity: z.literal('policies'), record: TeamPolicy }),
]);
export type SyncRecord = z.infer<typeof SyncRecord>;

/** A change as the collector's log holds it: a record and its place in the global sequence. */
export const Change = z.intersection(SyncRecord, z.object({ seq: z.int().min(1) }));
export type Change = z.infer<typeof Change>;

/** GET /v1/changes?since=SEQ&limit=N */
export const PullQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const PullResponse = z.object({
  changes: z.array(Change),
  /** The `since` to ask with next. */
  next: z.int().min(0),
  /** Whether more changes wait past `next`. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const MAX_PUSH_BATCH = 1000;

/** POST /v1/changes */
export const PushBody = z.object({ changes: z.array(SyncRecord).min(1).max(MAX_PUSH_BATCH) });
export type PushBody = z.infer<typeof PushBody>;

/**
 * POST /v1/changes as the collector reads it: the batch's shape first, then each change on its
 * own against SyncRecord, so one bad record is rejected alone and the rest are stored.
 */
export const PushEnvelope = z.object({ changes: z.array(z.unknown()).min(1).max(MAX_PUSH_BATCH) });

/** A field at fault and why, as the collector's errors name them. */
export const FieldError = z.object({ path: z.string(), message: z.string() });

/** A pushed change the collector did not store, and why. The rest of its batch was stored. */
export const PushRejection = z.object({
  /** The change's place in the pushed batch (0-based). */
  index: z.int().min(0),
  /** The change's entity and record id, when they could be read. */
  entity: SyncEntity.optional(),
  id: Id.optional(),
  fields: z.array(FieldError),
});
export type PushRejection = z.infer<typeof PushRejection>;

export const PushResponse = z.object({
  accepted: z.array(z.object({ entity: SyncEntity, id: Id, rev: z.int(), seq: z.int() })),
  /**
   * Concurrent edits resolved last-writer-wins by (updatedAt, updatedBy). `kept` is the winning
   * version now in the log; the pushed version lost and is kept in the record's history.
   */
  conflicts: z.array(z.object({ entity: SyncEntity, id: Id, kept: z.unknown() })),
  /** Changes refused one by one (a field that cannot be stored); absent from older collectors. */
  rejected: z.array(PushRejection).default([]),
});
export type PushResponse = z.infer<typeof PushResponse>;
