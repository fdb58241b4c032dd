// From signals to a score, a level and a trend.
//
// * Each indicator adds weight × strength points (strength 0–1, weight from the policy).
// * The total is capped at 100: when the points add up to more, every contribution is scaled by
//   the same factor, so the score still is exactly the sum of its contributions and each keeps its
//   share. Points are whole numbers, rounded by largest remainder, so the sum is exact in any
//   language and a rep can add them up: "purchase recency 41 + complaints 27 = 68".
// * Levels start at the policy thresholds (lower by the watch sensitivity for watched customers). A
//   level rises as soon as the score reaches its threshold, and drops only when the score falls
//   below the threshold minus the hysteresis, so a customer on a threshold does not flap.
import { WARNING_LEVELS, type WarningLevel, levelRank } from '../model/common.ts';
import type { Policy } from '../model/policy.ts';
import type { Contribution, Indicator } from '../model/risk.ts';
import type { Signal } from './indicators/signal.ts';

export function contributionsFrom(signals: readonly (readonly [Indicator, Signal])[], policy: Policy): Contribution[] {
  // Plain loops over at most nine signals: a batch runs this for every customer every time.
  const n = signals.length;
  const scaled: number[] = new Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const [indicator, s] = signals[i] as readonly [Indicator, Signal];
    scaled[i] = policy.weights[indicator] * Math.min(1, Math.max(0, s.strength));
    total += scaled[i] as number;
  }
  // Largest-remainder rounding to a whole total: 100 when capped, else the rounded total.
  const target = Math.min(100, Math.round(total));
  const scale = total > 0 ? target / total : 0;
  const whole: number[] = new Array(n);
  let left = target;
  for (let i = 0; i < n; i++) {
    scaled[i] = (scaled[i] as number) * scale;
    whole[i] = Math.floor(scaled[i] as number);
    left -= whole[i] as number;
  }
  // The points still missing go one each to the largest remainders (the earlier signal on a tie).
  const bumped: boolean[] = new Array(n).fill(false);
  for (; left > 0; left--) {
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (bumped[i]) continue;
      const r = (scaled[i] as number) - (whole[i] as number);
      if (best === -1 || r > (scaled[best] as number) - (whole[best] as number)) best = i;
    }
    if (best === -1) break;
    bumped[best] = true;
    whole[best] = (whole[best] as number) + 1;
  }
  const out: Contribution[] = [];
  for (let i = 0; i < n; i++) {
    const points = whole[i] as number;
    if (points <= 0) continue;
    const [indicator, s] = signals[i] as readonly [Indicator, Signal];
    const c: Contribution = { indicator, points, evidence: s.evidence, severe: s.severe === true };
    if (s.minLevel) c.minLevel = s.minLevel;
    out.push(c);
  }
  // Stable sort: equal points keep the indicators' order.
  return out.sort((a, b) => b.points - a.points);
}

/** The score: the sum of the contributions' points (whole numbers, so the sum is exact). */
export function sumPoints(contributions: readonly { points: number }[]): number {
  return contributions.reduce((a, c) => a + c.points, 0);
}

/** Level thresholds for a customer: the policy's, lowered by the sensitivity when watched. */
export function thresholdsFor(policy: Policy, watched: boolean): Record<Exclude<WarningLevel, 'none'>, number> {
  const f = watched ? policy.watch.sensitivity : 1;
  const t = policy.thresholds;
  return { blue: t.blue / f, yellow: t.yellow / f, orange: t.orange / f, red: t.red / f };
}

/** The level for a score, given the previous level (hysteresis). */
export function levelFor(
  score: number,
  thresholds: Record<Exclude<WarningLevel, 'none'>, number>,
  previous: WarningLevel | null | undefined,
  hysteresis: number,
): WarningLevel {
  let level: WarningLevel = 'none';
  for (const l of WARNING_LEVELS) if (l !== 'none' && score >= thresholds[l]) level = l;
  if (!previous || levelRank(level) >= levelRank(previous)) return level;
  // Falling: stay at the highest level (not above the previous one) whose band, widened by the
  // hysteresis, still holds the score.
  for (let r = levelRank(previous); r > levelRank(level); r--) {
    const l = WARNING_LEVELS[r] as Exclude<WarningLevel, 'none'>;
    if (score >= thresholds[l] - hysteresis) return l;
  }
  return level;
}

/** The level asked for by rules of the practice (a contribution's `minLevel`), if higher than `level`. */
export function withRuleLevels(
  level: WarningLevel,
  contributions: readonly { minLevel?: WarningLevel | undefined }[],
): WarningLevel {
  let out = level;
  for (const c of contributions) if (c.minLevel && levelRank(c.minLevel) > levelRank(out)) out = c.minLevel;
  return out;
}

export function trendFor(score: number, previousScore: number | undefined, delta: number): 'new' | 'up' | 'flat' | 'down' {
  if (previousScore === undefined) return 'new';
  const d = score - previousScore;
  return d >= delta ? 'up' : d <= -delta ? 'down' : 'flat';
}
