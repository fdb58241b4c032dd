// The kinds, scales and cross-field rules of the SDK submission (shared/src/model/submission.ts),
// written as plain code without zod: the zod schema runs these rules, and the SDK ships them as they
// are next to a checker generated from the schema, so a site's page never downloads zod.
export const SURVEY_KINDS = ['nps', 'csat', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
export const FEEDBACK_TOPICS = ['suggestion', 'complaint', 'praise', 'exit'] as const;
export type FeedbackTopic = (typeof FEEDBACK_TOPICS)[number];

/** The standard scales: NPS 0–10, CSAT 1–5, CES 1–7. */
export const SCALES: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export function isSurveyKind(kind: string): kind is SurveyKind {
  return kind === 'nps' || kind === 'csat' || kind === 'ces';
}

/** The fields the rules read, already of the right types. */
export interface RuleInput {
  kind: string;
  score?: number;
  comment?: string;
  respondent?: { email?: string; name?: string; consent?: boolean };
}

export interface RuleProblem {
  path: string[];
  message: string;
}

/**
 * What the field types alone cannot say: a survey needs a score within its scale, a free-text topic
 * (exit reasons aside) needs a comment and has no score, and contact details need consent.
 */
export function submissionRuleProblems(s: RuleInput): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (isSurveyKind(s.kind)) {
    const scale = SCALES[s.kind];
    if (s.score === undefined) problems.push({ path: ['score'], message: `required for ${s.kind}` });
    else if (s.score < scale.min || s.score > scale.max)
      problems.push({ path: ['score'], message: `must be ${scale.min}–${scale.max} for ${s.kind}` });
  } else {
    if (s.score !== undefined) problems.push({ path: ['score'], message: `not allowed for ${s.kind}` });
    const text = s.comment?.trim() ?? '';
    if (text.length === 0 && s.kind !== 'exit') problems.push({ path: ['comment'], message: `required for ${s.kind}` });
  }
  const r = s.respondent;
  if (r && (r.email || r.name) && r.consent !== true)
    problems.push({ path: ['respondent', 'consent'], message: 'must be true when contact details are given' });
  return problems;
}
