// The kinds and scales the loader and the UI use, from the shared rules of the submission: plain
// code without zod, so importing them keeps zod out of every bundle. tests/unit/sdk/kinds.test.ts
// checks that they agree with the shared schema.
import { FEEDBACK_TOPICS, SURVEY_KINDS } from '../../shared/src/model/submission-rules.ts';
import type { ResponseKind } from '../../shared/src/model/submission.ts';

export { FEEDBACK_TOPICS, isSurveyKind, SCALES, SURVEY_KINDS } from '../../shared/src/model/submission-rules.ts';
export const RESPONSE_KINDS: readonly ResponseKind[] = [...SURVEY_KINDS, ...FEEDBACK_TOPICS];
