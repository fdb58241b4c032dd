// The kinds and scales, as plain constants. The same values live in the shared submission schema,
// but importing anything at run time from that module pulls all of zod into the bundle, so the
// loader and the UI keep their own copy; tests/unit/sdk/kinds.test.ts checks that the two agree.
import type { FeedbackTopic, ResponseKind, SurveyKind } from '../../shared/src/model/submission.ts';

export const SURVEY_KINDS: readonly SurveyKind[] = ['nps', 'csat', 'ces'];
export const FEEDBACK_TOPICS: readonly FeedbackTopic[] = ['suggestion', 'complaint', 'praise', 'exit'];
export const RESPONSE_KINDS: readonly ResponseKind[] = [...SURVEY_KINDS, ...FEEDBACK_TOPICS];

/** NPS 0–10, CSAT 1–5, CES 1–7. */
export const SCALES: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export const isSurveyKind = (kind: string): kind is SurveyKind => (SURVEY_KINDS as readonly string[]).includes(kind);
