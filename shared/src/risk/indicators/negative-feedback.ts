// Negative feedback text: words from the zh-CN/en lexicon (lexicon.ts) in what the customer wrote —
// survey and feedback comments, and the summaries of their mail, calls and visits — within the
// feedback window. The matched words are the evidence.
import { DAY_MS } from '../facts.ts';
import { type IndicatorContext, isoDate } from '../history-as-of.ts';
import { type Signal, anyOf } from './signal.ts';

export function negativeFeedback({ view, policy }: IndicatorContext): Signal | null {
  const { asOf, facts } = view;
  if (facts.responses.length === 0 && facts.texts.length === 0) return null;
  const from = asOf - policy.windows.feedbackDays * DAY_MS;
  const recentFrom = asOf - policy.windows.recentDays * DAY_MS;
  const texts = [...facts.responses, ...facts.texts].filter((t) => t.words.length > 0 && t.at <= asOf && t.at > from);
  if (texts.length === 0) return null;
  texts.sort((a, b) => b.at - a.at);
  const words: string[] = [];
  const parts = texts.map((t) => {
    for (const w of t.words) if (!words.includes(w)) words.push(w);
    // One text: 0.4, more for more distinct words; older texts count half.
    return Math.min(1, 0.4 + 0.15 * (t.words.length - 1)) * (t.at > recentFrom ? 1 : 0.5);
  });
  return {
    strength: anyOf(parts),
    evidence: [
      {
        code: 'feedback.negative',
        params: { words: words.slice(0, 6).join(', '), count: texts.length, date: isoDate((texts[0] as { at: number }).at) },
      },
    ],
  };
}
