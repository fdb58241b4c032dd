// The data model: zod schemas are the single source of truth; types are inferred from them.
export * from './common.ts';
export * from './customer.ts';
export * from './contact.ts';
export * from './interaction.ts';
export * from './response.ts';
export * from './case.ts';
export * from './follow-up.ts';
export * from './risk.ts';
export * from './roles.ts';
export * from './policy.ts';
export * from './plan.ts';
export * from './team-policy.ts';
export * from './sync.ts';
export * from './interchange.ts';
export * from './extension-api.ts';
export { Submission, Respondent, RESPONSE_KINDS, SURVEY_KINDS, FEEDBACK_TOPICS, SCALES, isSurveyKind } from './submission.ts';
export type { SurveyKind, FeedbackTopic } from './submission.ts';
export * from './settings.ts';
