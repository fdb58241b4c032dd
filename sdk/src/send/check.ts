// The check of every answer against the shared submission schema, before it is sent: the JSON
// Schema generated from the shared zod schema at build time (./submission-schema.ts), then the shared
// cross-field rules (scales, required comment, consent). The collector checks again with zod itself:
// it is the authority; this spares the respondent a round trip for an answer it would refuse.
import { submissionRuleProblems } from '../../../shared/src/model/submission-rules.ts';
import type { Submission } from '../../../shared/src/model/submission.ts';
import { checkJson } from './json-schema.ts';
import { SUBMISSION_SCHEMA } from './submission-schema.ts';

/** Problems as `path: message`; empty when the submission is valid. */
export function checkSubmission(value: unknown): string[] {
  const problems = checkJson(SUBMISSION_SCHEMA, value);
  // Like zod, the rules run when every field has the right type (a wrong length or form still lets them run).
  if (!problems.some((p) => p.fatal)) problems.push(...submissionRuleProblems(value as Submission));
  return problems.map((p) => `${p.path.join('.') || 'submission'}: ${p.message}`);
}
