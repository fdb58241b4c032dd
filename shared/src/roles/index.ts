// Roles on alerts and cases (domain.md §1, "Roles"): who executes (assignee), who decides
// (decision owner), escalation from one to the other, and the log of what was said to the customer,
// kept apart from internal notes. Pure transitions, like the alert lifecycle: a record in, the
// updated record out (rev + 1), or an Error saying why. The extension and the team console apply
// the same functions, so a record edited in either means the same thing.
import { Case } from '../model/case.ts';
import { Alert } from '../model/risk.ts';

export interface RoleContext {
  now: string;
  /** Who makes the change (a rep's email or name). */
  by: string;
}

export type WithRoles = Alert | Case;

/** One change of roles: assign, escalate, or log what was said to the customer. */
export type RoleChange =
  | { action: 'assign'; assignee?: string | undefined; decisionOwner?: string | undefined }
  | { action: 'escalate'; to: string; note?: string | undefined }
  | { action: 'say'; text: string };

function closed(r: WithRoles): boolean {
  if (r.deletedAt) return true;
  return 'indicator' in r ? r.status === 'reviewed' : r.status === 'closed';
}

function clean(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Apply one role change to an alert or a case. */
export function changeRoles<T extends WithRoles>(record: T, change: RoleChange, ctx: RoleContext): T {
  if (record.deletedAt) throw new Error('cannot change a deleted record');
  let patch: Partial<WithRoles>;
  switch (change.action) {
    case 'assign': {
      patch = {};
      if ('assignee' in change) patch.assignee = clean(change.assignee);
      if ('decisionOwner' in change) patch.decisionOwner = clean(change.decisionOwner);
      break;
    }
    case 'escalate': {
      if (closed(record)) throw new Error('cannot escalate a closed record');
      const to = clean(change.to);
      if (!to) throw new Error('say who to escalate to');
      if (to.toLowerCase() === ctx.by.toLowerCase()) throw new Error('cannot escalate to yourself');
      // The person escalated to decides from now on.
      patch = {
        decisionOwner: to,
        escalations: [...record.escalations, { at: ctx.now, by: ctx.by, to, note: change.note?.trim() ?? '' }],
      };
      break;
    }
    case 'say': {
      const text = change.text.trim();
      if (!text) throw new Error('what was said must not be empty');
      patch = { customerLog: [...record.customerLog, { at: ctx.now, by: ctx.by, text }] };
      break;
    }
  }
  const next = { ...record, ...patch, rev: record.rev + 1, updatedAt: ctx.now, updatedBy: ctx.by };
  // Optional fields set to undefined are dropped, so they sync as absent.
  for (const k of ['assignee', 'decisionOwner'] as const) if (next[k] === undefined) delete next[k];
  return ('indicator' in record ? Alert.parse(next) : Case.parse(next)) as T;
}

/** Whether `who` (a rep's email or name) is the person meant by `to`: the same address or name, any case. */
export function samePerson(to: string | undefined, who: string): boolean {
  return !!to && !!who.trim() && to.trim().toLowerCase() === who.trim().toLowerCase();
}

/**
 * The escalations addressed to `who` on active records, newest first, each with a key
 * (`<record id>@<time>`) so an announcement is made once.
 */
export function escalationsTo(
  records: readonly WithRoles[],
  who: string,
): { record: WithRoles; key: string; at: string; by: string; note: string }[] {
  const out: { record: WithRoles; key: string; at: string; by: string; note: string }[] = [];
  for (const r of records) {
    if (closed(r)) continue;
    if ('indicator' in r && r.status === 'resolved') continue;
    const last = r.escalations[r.escalations.length - 1];
    if (!last || !samePerson(last.to, who)) continue;
    out.push({ record: r, key: `${r.id}@${last.at}`, at: last.at, by: last.by, note: last.note });
  }
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
