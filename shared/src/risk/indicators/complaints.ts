// Complaints: open cases (weighted by severity), cases past the time promised to the customer,
// a new complaint from a key customer, cases closed with the customer still unhappy, and
// complaints that came in through feedback forms.
import type { Evidence } from '../../model/risk.ts';
import type { Severity } from '../../model/case.ts';
import { DAY_MS } from '../facts.ts';
import { type IndicatorContext, daysAgo } from '../history-as-of.ts';
import type { Signal } from './signal.ts';

/** How much one open case weighs, by severity. */
const OPEN_WEIGHT: Record<Severity, number> = { low: 0.15, medium: 0.3, high: 0.5, critical: 0.7 };
const OVERDUE_WEIGHT = 0.3;
const KEY_CUSTOMER_WEIGHT = 0.2;
const UNSATISFIED_WEIGHT = 0.3;
const FEEDBACK_WEIGHT = 0.25;

export function complaints({ view, policy, watched }: IndicatorContext): Signal | null {
  const { asOf, facts } = view;
  const feedbackFrom = asOf - policy.windows.feedbackDays * DAY_MS;
  const key = watched || facts.tier === 'key';
  let total = 0;
  let severe = false;
  const evidence: { weight: number; e: Evidence }[] = [];
  for (const c of facts.cases) {
    if (!(c.openedAt <= asOf)) continue;
    const open = Number.isNaN(c.closedAt) ? !c.closed : c.closedAt > asOf;
    if (open) {
      let w = OPEN_WEIGHT[c.severity];
      evidence.push({
        weight: w,
        e: {
          code: 'complaint.open',
          params: { title: c.title, days: Math.floor(daysAgo(view, c.openedAt)), severity: c.severity },
        },
      });
      if (c.dueAt <= asOf) {
        w += OVERDUE_WEIGHT;
        severe = true;
        evidence.push({
          weight: OVERDUE_WEIGHT + 1, // past due first: it is what needs doing now
          e: { code: 'complaint.overdue', params: { title: c.title, days: Math.max(0, Math.floor(daysAgo(view, c.dueAt))) } },
        });
      }
      if (c.severity === 'critical') severe = true;
      if (key && daysAgo(view, c.openedAt) <= policy.complaints.newDays) {
        w += KEY_CUSTOMER_WEIGHT;
        severe = true;
        evidence.push({ weight: KEY_CUSTOMER_WEIGHT + 1, e: { code: 'complaint.key_customer', params: { title: c.title } } });
      }
      total += w;
    } else if (c.closedAt > feedbackFrom && c.satisfaction <= 2) {
      total += UNSATISFIED_WEIGHT;
      evidence.push({
        weight: UNSATISFIED_WEIGHT,
        e: { code: 'complaint.unsatisfied', params: { title: c.title, score: c.satisfaction } },
      });
    }
  }
  let feedback = 0;
  for (const r of facts.responses) if (r.kind === 'complaint' && r.at <= asOf && r.at > feedbackFrom) feedback++;
  if (feedback > 0) {
    const w = Math.min(2, feedback) * FEEDBACK_WEIGHT;
    total += w;
    evidence.push({
      weight: w,
      e: { code: 'complaint.feedback', params: { count: feedback, days: policy.windows.feedbackDays } },
    });
  }
  if (total <= 0) return null;
  evidence.sort((a, b) => b.weight - a.weight);
  return { strength: Math.min(1, total), evidence: evidence.slice(0, 5).map((x) => x.e), severe };
}
