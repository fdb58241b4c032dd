// Assess one customer: run every indicator over their history as of a moment, turn the signals
// into contributions, a score, a level (with hysteresis against the previous assessment) and a trend.
import type { Case } from '../model/case.ts';
import type { Contact } from '../model/contact.ts';
import type { Customer } from '../model/customer.ts';
import type { Interaction } from '../model/interaction.ts';
import type { Policy } from '../model/policy.ts';
import type { Response } from '../model/response.ts';
import { type Assessment, INDICATORS, type Indicator } from '../model/risk.ts';
import { type CustomerFacts, addCase, addContact, addInteraction, addResponse, emptyFacts, setCustomer } from './facts.ts';
import { withCredit } from './credit.ts';
import { INDICATOR_FUNCTIONS, type Signal } from './indicators/index.ts';
import { contributionsFrom, levelFor, sumPoints, thresholdsFor, trendFor, withRuleLevels } from './score.ts';
import { makeView } from './history-as-of.ts';

/** Everything Kehu knows about one customer. Records dated after the moment assessed are ignored. */
export interface CustomerHistory {
  customer: Customer;
  contacts: Contact[];
  interactions: Interaction[];
  responses: Response[];
  cases: Case[];
}

export interface AssessContext {
  /** The moment assessed, an ISO instant. */
  asOf: string;
  policy: Policy;
  /** The customer's previous assessment, for hysteresis and trend. */
  previous?: Assessment | null;
  /** Under key-account watch (top share by value, see watchedCustomerIds). */
  watched: boolean;
  /** IANA zone whose calendar days count as one contact day (default UTC). */
  timeZone?: string;
  /** The customer's value ÷ the watch cutoff of their book (RiskBook gives it); absent: spend level not read. */
  valueRatio?: number | undefined;
}

export function factsFromHistory(history: CustomerHistory): CustomerFacts {
  const f = emptyFacts(history.customer.id);
  setCustomer(f, history.customer);
  for (const c of history.contacts) addContact(f, c);
  for (const i of history.interactions) addInteraction(f, i);
  for (const r of history.responses) addResponse(f, r);
  for (const c of history.cases) addCase(f, c);
  return f;
}

export function assessCustomer(history: CustomerHistory, ctx: AssessContext): Assessment {
  return assessFacts(factsFromHistory(history), ctx);
}

// A batch assesses everyone at one moment: the instant is parsed and formatted once, not per customer.
let lastInstant = { text: '', ms: Number.NaN, iso: '' };
function instant(text: string): { ms: number; iso: string } {
  if (lastInstant.text !== text) {
    const ms = Date.parse(text);
    lastInstant = { text, ms, iso: Number.isFinite(ms) ? new Date(ms).toISOString() : '' };
  }
  return lastInstant;
}

/** The raw signals of every indicator (those that fire), for tests and explanations. */
export function signalsFor(facts: CustomerFacts, ctx: AssessContext): [Indicator, Signal][] {
  const asOf = instant(ctx.asOf).ms;
  if (!Number.isFinite(asOf)) throw new Error(`asOf "${ctx.asOf}" is not an ISO instant`);
  const view = makeView(facts, asOf, ctx.timeZone ?? 'UTC');
  const out: [Indicator, Signal][] = [];
  const indicatorContext = { view, policy: ctx.policy, watched: ctx.watched, valueRatio: ctx.valueRatio };
  for (const indicator of INDICATORS) {
    const signal = INDICATOR_FUNCTIONS[indicator](indicatorContext);
    if (signal && signal.strength > 0) out.push([indicator, signal]);
  }
  return out;
}

export function assessFacts(facts: CustomerFacts, ctx: AssessContext): Assessment {
  const { policy, previous, watched } = ctx;
  const contributions = contributionsFrom(signalsFor(facts, ctx), policy);
  const score = sumPoints(contributions);
  const prev = previous && previous.customerId === facts.id ? previous : null;
  // A rule of the practice (the three-day rule) can ask for a level the points have not reached.
  // Credit grade B (防微杜渐) lowers the thresholds too (credit.ts).
  const thresholds = withCredit(thresholdsFor(policy, watched), facts.credit);
  const level = withRuleLevels(levelFor(score, thresholds, prev?.level, policy.hysteresis), contributions);
  return {
    customerId: facts.id,
    asOf: instant(ctx.asOf).iso,
    score,
    level,
    contributions,
    trend: trendFor(score, prev?.score, policy.trendDelta),
    ...(prev ? { previousScore: prev.score, previousLevel: prev.level } : {}),
    policyVersion: policy.version,
    watched,
  };
}
