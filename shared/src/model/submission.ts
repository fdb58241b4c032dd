// The SDK submission: what <kehu-survey> and <kehu-feedback> send and the collector accepts.
// Written with zod/mini because the SDK bundles it and every kilobyte there counts
// (zod/mini is tree-shakable; classic zod drags in its whole method chain).
import * as z from 'zod/mini';
import {
  FEEDBACK_TOPICS,
  type FeedbackTopic,
  isSurveyKind,
  SCALES,
  SURVEY_KINDS,
  type SurveyKind,
  submissionRuleProblems,
} from './submission-rules.ts';
import { ILL_FORMED_MESSAGE, isWellFormed } from './well-formed.ts';

export const RESPONSE_KINDS = ['nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'] as const;
export const ResponseKind = z.enum(RESPONSE_KINDS);
export type ResponseKind = z.infer<typeof ResponseKind>;

export { FEEDBACK_TOPICS, type FeedbackTopic, isSurveyKind, SCALES, SURVEY_KINDS, type SurveyKind };

/** Text of at most `max` characters, well-formed (no lone UTF-16 surrogate: see well-formed.ts). */
const text = (max: number) => z.string().check(z.maxLength(max), z.refine(isWellFormed, ILL_FORMED_MESSAGE));

const email = z
  .string()
  .check(
    z.maxLength(254),
    z.refine(isWellFormed, ILL_FORMED_MESSAGE),
    z.regex(/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/, 'must be an email address'),
  );

export const Respondent = z.object({
  email: z.optional(email),
  name: z.optional(text(200)),
  /** Must be true whenever contact details are given (the widget asks with a checkbox). */
  consent: z.optional(z.boolean()),
});

const AnswerValue = z.union([text(2000), z.number(), z.boolean(), z.array(text(200)).check(z.maxLength(50))]);

export const Submission = z
  .object({
    /** Made once per answer by the SDK: the idempotency key. */
    clientId: z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8–64 letters, digits, - or _')),
    kind: ResponseKind,
    score: z.optional(z.int()),
    comment: z.optional(text(5000)),
    /** Kind-specific extra answers: a complaint's wished resolution, exit reasons. */
    answers: z.optional(z.record(text(64), AnswerValue)),
    respondent: z.optional(Respondent),
    pageUrl: z.optional(text(2048)),
    locale: z.optional(text(35)),
    /** Time the respondent took, for the collector's minimum-time check. */
    elapsedMs: z.optional(z.int().check(z.minimum(0))),
    submittedAt: z.iso.datetime(),
    /** Honeypot: a field people never see. Anything in it marks a bot. */
    hp: z.optional(text(1000)),
    /**
     * Sent within the minimum fill time: kept apart by the collector (not synced, not counted)
     * until the team releases it.
     */
    suspect: z.optional(z.boolean()),
  })
  .check(
    z.superRefine((s, ctx) => {
      for (const p of submissionRuleProblems(s)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
    }),
  );
export type Submission = z.infer<typeof Submission>;
