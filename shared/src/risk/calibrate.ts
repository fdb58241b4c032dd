// Calibration: fit a policy's weights and thresholds to the team's own history, keeping it
// explainable. The score stays a sum of per-indicator points (weight × the indicator's strength,
// each with its reason), and every weight stays ≥ 0, so points never fall as the evidence grows.
//
// How (docs/RISK.md, "Calibration"):
// 1. On the fitting cut (a past date with a label window after it), every customer's indicator
//    strengths are computed as the engine would have, and labelled lost or kept.
// 2. A logistic regression with non-negative coefficients is fitted to them: the chance of losing a
//    customer grows with each indicator's strength. This is tried for a few readings of the buying
//    history (purchase.priorGapDays, purchase.priorWeight, the spend level on or off); the best fit
//    on the fitting cut wins.
// 3. The coefficients become weights on one scale, so that a score near 90 means about a 90% chance
//    of loss; each level starts where the fitted chance reaches its share (blue 50%, yellow 60%,
//    orange 70%, red 85%). An indicator that fired for too few customers keeps its weight.
// 4. Both the current and the new policy are backtested on a later cut (never used for fitting):
//    the new version is for a person to review against that, and to apply or not.
import type { Policy } from '../model/policy.ts';
import { Policy as PolicySchema } from '../model/policy.ts';
import { INDICATORS, type Indicator } from '../model/risk.ts';
import { signalsFor } from './assess.ts';
import { type BacktestReport, DEFAULT_LABEL_DAYS, backtest, lossLabel, rocAuc } from './backtest.ts';
import type { RiskBook } from './book.ts';
import { DAY_MS, hasHistory } from './facts.ts';

export interface CalibrateOptions {
  /** The fitting cut: labels come from the `labelDays` after it. */
  fitAsOf: string;
  /** The later cut the result is checked on (not used for fitting). */
  checkAsOf: string;
  labelDays?: number;
  /** Time and author of the new version. */
  now: string;
  by: string;
  /** Called between steps (done, total); return false to cancel. */
  onProgress?: (done: number, total: number) => boolean | undefined;
}

/** One setting the calibration changed, with the reason a reviewer reads. */
export interface PolicyDiff {
  path: string;
  from: number;
  to: number;
  /** Why, as a code and numbers (rendered by the caller in zh-CN or en). */
  reason: { code: 'fitted' | 'kept' | 'level' | 'rhythm'; params: Record<string, number> };
}

export interface CalibrationResult {
  policy: Policy;
  changes: PolicyDiff[];
  /** AUC on the fitting cut, current and new (in-sample). */
  fit: { current: number | null; calibrated: number | null; customers: number; lost: number };
  /** Backtests on the later cut (out of sample). */
  check: { current: BacktestReport; calibrated: BacktestReport };
}

/** The share of customers lost at which each level starts, on the fitted scale. */
export const LEVEL_LOSS_SHARE = { blue: 0.5, yellow: 0.6, orange: 0.7, red: 0.85 } as const;
/** An indicator that fired for fewer customers than this on the fitting cut keeps its weight. */
export const MIN_FIRED = 20;
/** The fitted chance of loss that a score of 90 stands for. */
const SCORE_90 = 0.9;

const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Logistic regression with coefficients ≥ 0 (the intercept is free), by projected gradient descent
 * with a small ridge penalty: deterministic, a fixed number of steps, no randomness.
 */
export function fitNonNegativeLogit(
  x: readonly number[][],
  y: readonly boolean[],
  fixed: readonly boolean[],
): { b: number; w: number[] } {
  const n = x.length;
  const d = fixed.length;
  const w = new Array<number>(d).fill(0);
  const base = y.filter(Boolean).length / Math.max(1, n);
  let b = logit(Math.min(0.99, Math.max(0.01, base)));
  const ridge = 1e-3;
  const rate = 2;
  for (let step = 0; step < 600; step++) {
    const grad = new Array<number>(d).fill(0);
    let gb = 0;
    for (let i = 0; i < n; i++) {
      const row = x[i] as number[];
      let z = b;
      for (let k = 0; k < d; k++) z += (w[k] as number) * (row[k] as number);
      const e = sigmoid(z) - (y[i] ? 1 : 0);
      gb += e;
      for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) + e * (row[k] as number);
    }
    b -= (rate * gb) / n;
    for (let k = 0; k < d; k++) {
      if (fixed[k]) continue;
      const g = (grad[k] as number) / n + ridge * (w[k] as number);
      w[k] = Math.max(0, (w[k] as number) - rate * g);
    }
  }
  return { b, w };
}

interface Sample {
  x: number[][];
  y: boolean[];
  fired: number[];
  firedLost: number[];
}

/** Every customer's indicator strengths as of a cut, and whether they were lost after it. */
function sample(book: RiskBook, policy: Policy, asOf: number, labelMs: number): Sample {
  const iso = new Date(asOf).toISOString();
  const out: Sample = { x: [], y: [], fired: INDICATORS.map(() => 0), firedLost: INDICATORS.map(() => 0) };
  const ids = [...book.customers.keys()].sort();
  for (const id of ids) {
    const f = book.customers.get(id);
    if (!f || !hasHistory(f, asOf)) continue;
    const watched = book.isWatched(f, asOf, policy);
    const row = INDICATORS.map(() => 0);
    for (const [indicator, s] of signalsFor(f, {
      asOf: iso,
      policy,
      watched,
      valueRatio: book.valueRatio(f, asOf, policy),
      timeZone: book.timeZone,
    }))
      row[INDICATORS.indexOf(indicator)] = Math.min(1, Math.max(0, s.strength));
    const lost = lossLabel(f, asOf, labelMs).lost;
    row.forEach((v, k) => {
      if (v <= 0) return;
      out.fired[k] = (out.fired[k] as number) + 1;
      if (lost) out.firedLost[k] = (out.firedLost[k] as number) + 1;
    });
    out.x.push(row);
    out.y.push(lost);
  }
  return out;
}

function logLikelihood(s: Sample, fit: { b: number; w: number[] }): number {
  let ll = 0;
  s.x.forEach((row, i) => {
    const p = sigmoid(row.reduce((a, v, k) => a + v * (fit.w[k] as number), fit.b));
    ll += Math.log(Math.max(1e-12, s.y[i] ? p : 1 - p));
  });
  return ll;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Fit the policy to the book's history (see the top of this file). The book must hold the history
 * up to the check cut's label window; nothing after `checkAsOf + labelDays` is read.
 */
export function calibrate(book: RiskBook, current: Policy, options: CalibrateOptions): CalibrationResult {
  const labelDays = options.labelDays ?? DEFAULT_LABEL_DAYS;
  const labelMs = labelDays * DAY_MS;
  const fitAt = Date.parse(options.fitAsOf);
  const checkAt = Date.parse(options.checkAsOf);
  if (!Number.isFinite(fitAt) || !Number.isFinite(checkAt)) throw new Error('fitAsOf and checkAsOf must be ISO instants');
  if (!(checkAt > fitAt)) throw new Error('the check cut must come after the fitting cut');

  // Readings of the buying rhythm tried: the current one and a few around it.
  const gaps = [...new Set([current.purchase.priorGapDays, 90, 180, 365])].sort((a, b) => a - b);
  const priorWeights = [...new Set([current.purchase.priorWeight, 1, 2, 4])].sort((a, b) => a - b);
  // The spend level (indicators/spend-level.ts): off, or on at factor 4 (exponent 0.5).
  const spendFactors = [...new Set([current.spendLevel.factor, 0, 4])].sort((a, b) => a - b);
  const total = gaps.length * priorWeights.length * spendFactors.length + 2;
  let done = 0;
  const tick = () => {
    done++;
    if (options.onProgress?.(done, total) === false) throw new Error('calibration cancelled');
  };

  let best: { policy: Policy; sample: Sample; fit: { b: number; w: number[] }; ll: number } | null = null;
  for (const priorGapDays of gaps) {
    for (const priorWeight of priorWeights) {
      for (const spendFactor of spendFactors) {
        const candidate: Policy = {
          ...current,
          purchase: { ...current.purchase, priorGapDays, priorWeight },
          spendLevel: {
            factor: spendFactor,
            exponent: spendFactor === current.spendLevel.factor ? current.spendLevel.exponent : 0.5,
          },
        };
        const s = sample(book, candidate, fitAt, labelMs);
        const fixed = INDICATORS.map((_, k) => (s.fired[k] as number) < MIN_FIRED);
        // An indicator with too little history to learn from is left out of the fit and keeps its weight.
        const x = s.x.map((row) => row.map((v, k) => (fixed[k] ? 0 : v)));
        const fit = fitNonNegativeLogit(x, s.y, fixed);
        const ll = logLikelihood({ ...s, x }, fit);
        if (!best || ll > best.ll) best = { policy: candidate, sample: s, fit, ll };
        tick();
      }
    }
  }
  if (!best || best.sample.y.length === 0) throw new Error('no customer has history before the fitting cut');
  const { sample: s, fit } = best;

  // One scale: a score of 90 stands for a 90% fitted chance of loss, unless that would put a weight
  // above 100; then the largest fitted weight is 100 (and the levels move with the scale).
  const span = logit(SCORE_90) - fit.b;
  const largest = Math.max(0, ...fit.w.filter((_, i) => (s.fired[i] as number) >= MIN_FIRED));
  const k = Math.min(90 / Math.max(0.1, span), largest > 0 ? 100 / largest : Number.POSITIVE_INFINITY);
  const weights = { ...current.weights };
  const changes: PolicyDiff[] = [];
  INDICATORS.forEach((indicator: Indicator, i) => {
    const fired = s.fired[i] as number;
    if (fired < MIN_FIRED) return; // kept: too little history to learn from
    const to = Math.min(100, Math.round((fit.w[i] as number) * k));
    weights[indicator] = to;
  });
  const thresholds = { ...current.thresholds };
  let floor = 0;
  for (const level of ['blue', 'yellow', 'orange', 'red'] as const) {
    const at = Math.round(k * (logit(LEVEL_LOSS_SHARE[level]) - fit.b));
    thresholds[level] = Math.min(96 + ['blue', 'yellow', 'orange', 'red'].indexOf(level), Math.max(floor + 1, at));
    floor = thresholds[level];
  }
  const next = PolicySchema.parse({
    ...best.policy,
    weights,
    thresholds,
    version: current.version + 1,
    createdAt: options.now,
    createdBy: options.by,
    note: `Calibrated on ${s.y.length} customers as of ${options.fitAsOf.slice(0, 10)} (${labelDays}-day label); checked as of ${options.checkAsOf.slice(0, 10)}`,
  });

  for (const indicator of INDICATORS) {
    const i = INDICATORS.indexOf(indicator);
    const from = current.weights[indicator];
    const to = next.weights[indicator];
    const fired = s.fired[i] as number;
    if (from === to && fired >= MIN_FIRED) continue;
    if (fired < MIN_FIRED) {
      if (fired > 0 || from !== to)
        changes.push({ path: `weights.${indicator}`, from, to, reason: { code: 'kept', params: { fired, min: MIN_FIRED } } });
      continue;
    }
    changes.push({
      path: `weights.${indicator}`,
      from,
      to,
      reason: {
        code: 'fitted',
        params: {
          fired,
          lostPct: Math.round(((s.firedLost[i] as number) / fired) * 100),
          coefficient: round1(fit.w[i] as number),
        },
      },
    });
  }
  for (const level of ['blue', 'yellow', 'orange', 'red'] as const) {
    const from = current.thresholds[level];
    const to = next.thresholds[level];
    if (from !== to)
      changes.push({
        path: `thresholds.${level}`,
        from,
        to,
        reason: { code: 'level', params: { lostPct: LEVEL_LOSS_SHARE[level] * 100 } },
      });
  }
  for (const key of ['priorGapDays', 'priorWeight'] as const) {
    const from = current.purchase[key];
    const to = next.purchase[key];
    if (from !== to) changes.push({ path: `purchase.${key}`, from, to, reason: { code: 'rhythm', params: {} } });
  }
  for (const key of ['factor', 'exponent'] as const) {
    const from = current.spendLevel[key];
    const to = next.spendLevel[key];
    if (from !== to) changes.push({ path: `spendLevel.${key}`, from, to, reason: { code: 'rhythm', params: {} } });
  }

  const score = (p: Policy) => {
    const sx = sample(book, p, fitAt, labelMs);
    return rocAuc(
      sx.x.map((row) =>
        Math.min(
          100,
          row.reduce((a, v, k2) => a + v * p.weights[INDICATORS[k2] as Indicator], 0),
        ),
      ),
      sx.y,
    );
  };
  const fitReport = { current: score(current), calibrated: score(next), customers: s.y.length, lost: s.y.filter(Boolean).length };
  const checkCurrent = backtest(book, current, { asOf: options.checkAsOf, labelDays });
  tick();
  const checkCalibrated = backtest(book, next, { asOf: options.checkAsOf, labelDays });
  tick();
  return { policy: next, changes, fit: fitReport, check: { current: checkCurrent, calibrated: checkCalibrated } };
}
