// Satisfaction: a detractor NPS answer (0–6), CSAT ≤ 2, a hard-effort CES answer (≤ 3 on the
// 1–7 "it was easy" scale), an exit-survey answer, and a falling trend across the customer's answers.
import { isNegativeAnswer } from '../../metrics/survey.ts';
import type { Evidence } from '../../model/risk.ts';
import { SCALES, isSurveyKind } from '../../model/submission.ts';
import { DAY_MS } from '../facts.ts';
import { type IndicatorContext, isoDate } from '../history-as-of.ts';
import { type Signal, anyOf } from './signal.ts';

/** How bad one negative answer is, 0–1, from its place on the scale. */
function badness(kind: 'nps' | 'csat' | 'ces', score: number): number {
  if (kind === 'nps') return 0.5 + (6 - score) / 12; // 6 → 0.5, 0 → 1
  if (kind === 'csat') return score <= 1 ? 0.9 : 0.6;
  return 0.4 + (3 - score) * 0.2; // 3 → 0.4, 1 → 0.8
}

/** An answer's place on its scale, 0 (worst) to 1 (best). */
function normalised(kind: 'nps' | 'csat' | 'ces', score: number): number {
  const s = SCALES[kind];
  return (score - s.min) / (s.max - s.min);
}

/** A falling trend: the latest answer this far below the mean of the earlier ones (0–1 scale). */
const TREND_DROP = 0.25;

export function satisfaction({ view, policy }: IndicatorContext): Signal | null {
  const { asOf, facts } = view;
  if (facts.responses.length === 0) return null; // most customers never answered a survey
  const from = asOf - policy.windows.feedbackDays * DAY_MS;
  const recentFrom = asOf - policy.windows.recentDays * DAY_MS;
  const answers = facts.responses.filter((r) => r.at <= asOf).sort((a, b) => a.at - b.at);
  const parts: number[] = [];
  const evidence: Evidence[] = [];
  let severe = false;
  for (const r of answers) {
    if (r.at <= from) continue;
    // Answers older than the recent window count half: they describe an older situation.
    const age = r.at > recentFrom ? 1 : 0.5;
    if (r.kind === 'exit') {
      parts.push(age);
      severe = true;
      evidence.push({ code: 'satisfaction.exit', params: { date: isoDate(r.at) } });
      continue;
    }
    if (!isSurveyKind(r.kind) || Number.isNaN(r.score) || !isNegativeAnswer(r.kind, r.score)) continue;
    parts.push(badness(r.kind, r.score) * age);
    if ((r.kind === 'nps' && r.score <= 3) || (r.kind === 'csat' && r.score <= 1)) severe = true;
    evidence.push({ code: `satisfaction.${r.kind}`, params: { score: r.score, date: isoDate(r.at) } });
  }
  // Falling trend over all scored answers so far, the latest inside the feedback window.
  const scored = answers.filter((r) => isSurveyKind(r.kind) && !Number.isNaN(r.score));
  const latest = scored[scored.length - 1];
  if (scored.length >= 3 && latest && latest.at > from && isSurveyKind(latest.kind)) {
    const earlier = scored.slice(0, -1).map((r) => normalised(r.kind as 'nps' | 'csat' | 'ces', r.score));
    const before = earlier.reduce((a, b) => a + b, 0) / earlier.length;
    const now = normalised(latest.kind, latest.score);
    if (before - now >= TREND_DROP) {
      parts.push(Math.min(1, 0.3 + (before - now)));
      evidence.push({
        code: 'satisfaction.falling',
        params: { from: Math.round(before * 100), to: Math.round(now * 100), count: scored.length },
      });
    }
  }
  if (parts.length === 0) return null;
  return { strength: anyOf(parts), evidence: evidence.reverse().slice(0, 5), severe };
}
