import * as z from 'zod';
import { RoleFields } from './roles.ts';
import { Id, Instant, LongText, ShortText, SyncMeta, WarningLevel, WellFormed } from './common.ts';

/**
 * Warning indicators (警情指标): each measures one warning source against the customer's own history.
 * The early-warning engine (shared/src/risk) computes one signal per indicator.
 */
export const INDICATORS = [
  'contact_silence', //   no contact for longer than the customer's own rhythm plus grace
  'purchase_recency', //  no purchase for longer than the customer's own buying rhythm
  'spend_decline', //     recent spend or volume below the customer's own baseline
  'returns_rising', //    returns and cancellations rising
  'complaints', //        open cases, cases past due, a new complaint from a key customer
  'satisfaction', //      detractor NPS, CSAT ≤ 2, hard CES, a falling trend
  'negative_feedback', // negative words in feedback text
  'payment_overdue', //   a payment past its due date
  'people_change', //     the key contact left, the account owner changed
] as const;
export const Indicator = z.enum(INDICATORS);
export type Indicator = z.infer<typeof Indicator>;

/**
 * Evidence a rep can read: a message code with its parameters, rendered in zh-CN or en by
 * shared/src/i18n (e.g. code `silence.days`, params {days: 41, usual: 9}
 * → "last contact 41 days ago; usually every 9 days").
 */
export const Evidence = z.object({
  code: ShortText,
  params: z.record(WellFormed(), z.union([WellFormed(), z.number()])).default({}),
});
export type Evidence = z.infer<typeof Evidence>;

export const Contribution = z.object({
  indicator: Indicator,
  /** Points this indicator adds to the score; contributions add up to the score. */
  points: z.number().min(0).max(100),
  evidence: z.array(Evidence).default([]),
  /** A severe signal raises an alert even when the level does not rise. */
  severe: z.boolean().default(false),
  /** A rule of the practice asks for at least this level (and an alert), whatever the points. */
  minLevel: WarningLevel.optional(),
});
export type Contribution = z.infer<typeof Contribution>;

export const Trend = z.enum(['new', 'up', 'flat', 'down']);

/** One customer's risk as of a date: score 0–100 (higher = more at risk), level, and why. */
export const Assessment = z.object({
  customerId: Id,
  asOf: Instant,
  score: z.number().min(0).max(100),
  level: WarningLevel,
  contributions: z.array(Contribution),
  trend: Trend,
  previousScore: z.number().min(0).max(100).optional(),
  previousLevel: WarningLevel.optional(),
  /** Which policy version produced this assessment. */
  policyVersion: z.int().min(1),
  /** Whether the customer is under key-account watch (居安思危: top share by value). */
  watched: z.boolean().default(false),
});
export type Assessment = z.infer<typeof Assessment>;

/** The four handling strategies (docs/DOMAIN.md §1). */
export const Strategy = z.enum(['isolate', 'suspend', 'eliminate', 'exploit']);
export type Strategy = z.infer<typeof Strategy>;

export const AlertStatus = z.enum(['open', 'handling', 'resolved', 'reviewed', 'dismissed']);
export type AlertStatus = z.infer<typeof AlertStatus>;

/** A proposed change to the risk policy, applied as a new version once a rep confirms it. */
export const PolicyChange = z.object({
  /** Dotted path into the policy, e.g. `thresholds.orange` or `weights.contact_silence`. */
  path: ShortText,
  value: z.number().finite(),
});
export type PolicyChange = z.infer<typeof PolicyChange>;

export const CorrectiveItem = z.object({
  id: Id,
  text: LongText.min(1),
  owner: ShortText.optional(),
  done: z.boolean().default(false),
  policyChange: PolicyChange.optional(),
  /** The policy version that applied `policyChange`, once applied. */
  appliedPolicyVersion: z.int().min(1).optional(),
});
export type CorrectiveItem = z.infer<typeof CorrectiveItem>;

/** The four-part review after handling (风险总结). */
export const Review = z.object({
  investigation: LongText.default(''), // 调查分析: the cause and how the measures were carried out
  evaluation: LongText.default(''), //    评价: the process, the plan, the decisions; every problem
  corrections: z.array(CorrectiveItem).default([]), // 修正: corrective items, each with an owner
  outlook: LongText.default(''), //       前瞻: what changes next time
  reviewedAt: Instant.optional(),
  reviewedBy: ShortText.optional(),
});
export type Review = z.infer<typeof Review>;

export const PlaybookStep = z.object({ text: LongText, done: z.boolean().default(false) });

export const AlertAction = z.object({ at: Instant, by: ShortText.optional(), note: LongText });

export const Alert = z.object({
  id: Id,
  customerId: Id,
  indicator: Indicator,
  level: WarningLevel,
  evidence: z.array(Evidence).default([]),
  status: AlertStatus.default('open'),
  raisedAt: Instant,
  /** The playbook (预案) the steps came from. */
  playbookId: ShortText.optional(),
  /** The strategy the rep chose when handling started. */
  strategy: Strategy.optional(),
  /** The strategy the playbook suggests. */
  suggestedStrategy: Strategy.optional(),
  steps: z.array(PlaybookStep).default([]),
  /** The limit of a rep's own authority under the plan; beyond it the decision owner decides. */
  authority: LongText.optional(),
  actions: z.array(AlertAction).default([]),
  owner: ShortText.optional(),
  dueAt: Instant.optional(),
  resolvedAt: Instant.optional(),
  dismissedReason: LongText.optional(),
  review: Review.optional(),
  policyVersion: z.int().min(1),
  ...RoleFields,
  ...SyncMeta,
});
export type Alert = z.infer<typeof Alert>;
