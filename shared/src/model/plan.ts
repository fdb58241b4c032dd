import * as z from 'zod';
import { Id, Instant, LongText, ShortText, SyncMeta } from './common.ts';
import { Indicator, Strategy } from './risk.ts';

/** The levels an alert can have, and so a plan can be written for. */
export const PlanLevel = z.enum(['blue', 'yellow', 'orange', 'red']);
export type PlanLevel = z.infer<typeof PlanLevel>;

/** A team plan's id: one plan per indicator and level, the same id on every rep's computer. */
export const planId = (indicator: Indicator, level: PlanLevel): string => `${indicator}.${level}`;

/**
 * A plan (预案) the team wrote for one indicator and level, replacing Kehu's built-in playbook there
 * for every rep once synced. Versioned: each edit is the next `version` (the collector keeps earlier
 * ones in its history); removing it (a tombstone) brings the built-in playbook back. Written in the
 * team's own words, one language.
 */
export const Plan = z
  .object({
    id: Id,
    indicator: Indicator,
    level: PlanLevel,
    title: ShortText.trim().min(1, 'must not be empty'),
    /** The strategy the plan suggests; the rep still chooses when handling starts. */
    strategy: Strategy,
    /** Hours from raising the alert to its due time. */
    dueInHours: z
      .int()
      .min(1)
      .max(24 * 90),
    steps: z.array(LongText.trim().min(1, 'must not be empty')).min(1, 'needs at least one step').max(30),
    /** What a rep may do on their own authority; beyond it the decision owner decides. */
    authority: LongText.default(''),
    /** 1 for the first team version, one more for each edit. */
    version: z.int().min(1),
    note: LongText.optional(),
    createdAt: Instant,
    ...SyncMeta,
  })
  .refine((p) => p.id === planId(p.indicator, p.level), {
    path: ['id'],
    message: 'must be "<indicator>.<level>" of the plan',
  });
export type Plan = z.infer<typeof Plan>;
