// People: the key contact left, other contacts left, nobody active left on the customer's side,
// the account owner on our side changed. Records and relationships walk out with people.
import type { Evidence } from '../../model/risk.ts';
import { type IndicatorContext, daysAgo, isoDate } from '../history-as-of.ts';
import { type Signal, anyOf } from './signal.ts';

export function peopleChange({ view, policy }: IndicatorContext): Signal | null {
  const { asOf, facts } = view;
  const windowDays = policy.people.windowDays;
  // A change inside the window counts fully, an older one at half, one of unknown date at 3/4.
  const recency = (t: number) => (Number.isNaN(t) ? 0.75 : daysAgo(view, t) <= windowDays ? 1 : 0.5);
  // A departure dated after the moment assessed has not happened yet.
  const leftBy = (c: { left: boolean; leftAt: number }) => c.left && !(c.leftAt > asOf);
  const contacts = facts.contacts;
  const anyKey = contacts.some((c) => c.key);
  const activeKey = contacts.some((c) => c.key && !leftBy(c));
  const active = contacts.some((c) => !leftBy(c));
  const parts: number[] = [];
  const evidence: Evidence[] = [];
  let severe = false;
  for (const c of contacts) {
    if (!leftBy(c)) continue;
    const date = Number.isNaN(c.leftAt) ? '' : isoDate(c.leftAt);
    if (c.key) {
      parts.push((activeKey ? 0.4 : 0.7) * recency(c.leftAt));
      if (!activeKey && recency(c.leftAt) === 1) severe = true;
      evidence.push({ code: 'people.key_contact_left', params: { name: c.name, date } });
    } else {
      // With no contact marked key, any departure may have been the one who mattered.
      parts.push((anyKey ? 0.15 : 0.35) * recency(c.leftAt));
      evidence.push({ code: 'people.contact_left', params: { name: c.name, date } });
    }
  }
  if (contacts.length > 0 && !active) {
    parts.push(0.8);
    severe = true;
    evidence.unshift({ code: 'people.no_active_contact', params: {} });
  }
  if (facts.previousOwner && facts.owner !== facts.previousOwner && facts.ownerSince <= asOf) {
    parts.push(0.5 * recency(facts.ownerSince));
    evidence.push({
      code: 'people.owner_changed',
      params: { from: facts.previousOwner, to: facts.owner ?? '', date: isoDate(facts.ownerSince) },
    });
  }
  if (parts.length === 0) return null;
  return { strength: anyOf(parts), evidence: evidence.slice(0, 5), severe };
}
