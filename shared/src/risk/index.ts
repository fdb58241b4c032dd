// The early-warning engine (客户预警): indicators, an explainable score, levels with hysteresis,
// alerts with playbooks, the alert lifecycle and review, policy versions. Pure: history and time
// are passed in. docs/RISK.md describes the indicators and the default policy.
export { type AssessContext, type CustomerHistory, assessCustomer, assessFacts, factsFromHistory, signalsFor } from './assess.ts';
export {
  type AlertContext,
  type ChangeContext,
  CONTACT_PROMPTING,
  alertsFor,
  applyCorrection,
  dismissAlert,
  recordAction,
  resolveAlert,
  reviewAlert,
  setCorrectionDone,
  setStepDone,
  startHandling,
} from './alerts.ts';
export { callBackFor, callBackId } from './call-back.ts';
export { type StageSuggestion, suggestStage } from './stage.ts';
export { plannedContactDates } from './plan.ts';
export { CREDIT_REVIEW_DAYS, CREDIT_SENSITIVITY, creditReviewDue, creditSensitivity, withCredit } from './credit.ts';
export { RiskBook, type RiskBookOptions } from './book.ts';
export { POLICY_DEFAULTS } from '../model/policy-defaults.ts';
export { type CustomerFacts, emptyFacts } from './facts.ts';
export type { Signal } from './indicators/index.ts';
export { findNegativeWords } from './lexicon.ts';
export { DUE_IN_HOURS, PLAYBOOKS, type Playbook, builtInPlaybook, playbookFor } from './playbooks.ts';
export { applyPolicyChange, defaultPolicy, policyChangePaths } from './policy.ts';
export { contributionsFrom, levelFor, sumPoints, thresholdsFor, trendFor, withRuleLevels } from './score.ts';
export { customerValue, factsValue, watchCutoff, watchedCustomerIds } from './watch.ts';
export {
  renderEvidence,
  reasonsFor,
  reasonsLine,
  INDICATOR_LABELS,
  STRATEGY_LABELS,
  ALERT_STATUS_LABELS,
} from '../i18n/evidence.ts';
