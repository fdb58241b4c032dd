// Complaint cases walked through the seven steps of docs/DOMAIN.md §3. The step log records each step
// the case reached and when (`at`), with the rep's note on the work done in it; a step is done when
// the next one is reached. Closing asks for the customer's satisfaction with the outcome.
import { CASE_STEPS, Case, type CaseStep, type Severity } from '#shared/model/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb } from './db.ts';
import { type Saved, fieldErrorsOf as fieldErrors, problem } from './edit.ts';
import { type WriteContext, fromStored, saveRecord } from './records.ts';

export interface NewCase {
  customerId: string;
  contactId?: string | undefined;
  title: string;
  category?: Case['category'] | undefined;
  severity?: Severity | undefined;
  dueAt?: string | undefined;
  /** What the customer said, recorded as the note of step 1 (listen). */
  description?: string | undefined;
  desiredResolution?: string | undefined;
  /** The mail thread or page the complaint came from. */
  ref?: Case['ref'] | undefined;
}

export async function openCase(db: KehuDb, input: NewCase, ctx: WriteContext & { newId: () => string }): Promise<Saved<Case>> {
  const customer = await db.customers.get(input.customerId);
  if (!customer || customer.deletedAt) return { ok: false, errors: [problem('customerId', 'gone', 'no such customer')] };
  const parsed = Case.safeParse({
    id: ctx.newId(),
    customerId: input.customerId,
    contactId: input.contactId || undefined,
    title: input.title,
    category: input.category,
    severity: input.severity,
    status: 'listen',
    openedAt: ctx.now,
    dueAt: input.dueAt || undefined,
    desiredResolution: input.desiredResolution?.trim() || undefined,
    ref: input.ref,
    steps: [{ step: 'listen', at: ctx.now, by: ctx.by, note: input.description?.trim() || undefined }],
    owner: ctx.by,
    rev: 1,
    updatedAt: ctx.now,
    updatedBy: ctx.by,
    deletedAt: null,
  });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  if (parsed.data.dueAt && parsed.data.dueAt < ctx.now) {
    return { ok: false, errors: [problem('dueAt', 'in_past', 'must be in the future')] };
  }
  return { ok: true, record: await saveRecord(db, 'cases', parsed.data, ctx) };
}

/** The step after `step`, or null after the last one (then the case can only be closed). */
export function nextStep(step: CaseStep): CaseStep | null {
  const i = CASE_STEPS.indexOf(step);
  return CASE_STEPS[i + 1] ?? null;
}

export interface CaseChange {
  /** The rep's note on the current step's work. */
  note?: string | undefined;
  title?: string | undefined;
  category?: Case['category'] | undefined;
  severity?: Severity | undefined;
  /** ISO instant, or '' to remove the due time. */
  dueAt?: string | undefined;
  desiredResolution?: string | undefined;
  cause?: string | undefined;
  remedy?: string | undefined;
}

export type CaseAction = { action: 'update' } | { action: 'advance' } | { action: 'close'; satisfaction?: number | undefined };

/**
 * Change a case: edit its fields and the current step's note (`update`), finish the current step
 * and move to the next (`advance`), or close it (`close`, with the customer's satisfaction 1–5).
 */
export async function changeCase(
  db: KehuDb,
  id: string,
  change: CaseChange,
  action: CaseAction,
  ctx: WriteContext,
): Promise<Saved<Case>> {
  return db.transaction('rw', [db.cases, db.changes], async () => {
    const stored = await db.cases.get(id);
    if (!stored || stored.deletedAt) return { ok: false as const, errors: [problem('id', 'gone', 'no such case')] };
    const current = fromStored(stored);
    if (current.status === 'closed')
      return { ok: false as const, errors: [problem('status', 'case_closed', 'the case is closed')] };
    const next: Record<string, unknown> = { ...current, steps: current.steps.map((s) => ({ ...s })) };
    for (const key of ['title', 'category', 'severity', 'desiredResolution', 'cause', 'remedy'] as const) {
      const v = change[key];
      if (v === undefined) continue;
      if (typeof v === 'string' && v.trim() === '' && key !== 'title') delete next[key];
      else next[key] = typeof v === 'string' ? v.trim() : v;
    }
    if (change.dueAt !== undefined) {
      if (change.dueAt === '') delete next.dueAt;
      else next.dueAt = change.dueAt;
    }
    const steps = next.steps as Case['steps'];
    if (change.note !== undefined) {
      const note = change.note.trim();
      let entry = steps.findLast((s) => s.step === current.status);
      if (!entry) {
        entry = { step: current.status, at: current.openedAt, by: ctx.by };
        steps.push(entry);
      }
      if (note) entry.note = note;
      else delete entry.note;
    }
    if (action.action === 'advance') {
      const step = nextStep(current.status as CaseStep);
      if (!step) return { ok: false as const, errors: [problem('status', 'last_step', 'this is the last step: close the case')] };
      next.status = step;
      steps.push({ step, at: ctx.now, by: ctx.by });
    } else if (action.action === 'close') {
      if (action.satisfaction !== undefined) next.satisfaction = action.satisfaction;
      next.status = 'closed';
      next.closedAt = ctx.now;
      steps.push({ step: 'closed', at: ctx.now, by: ctx.by });
    }
    const parsed = Case.safeParse(next);
    if (!parsed.success) return { ok: false as const, errors: fieldErrors(parsed.error) };
    return { ok: true as const, record: await saveRecord(db, 'cases', parsed.data, ctx) };
  });
}

/** A customer's cases: open ones first (soonest due first), then closed ones, newest first. */
export async function casesOf(db: KehuDb, customerId: string): Promise<Case[]> {
  const all = (
    await db.cases.where('[customerId+openedAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).toArray()
  )
    .filter((c) => !c.deletedAt)
    .map(fromStored);
  const open = all.filter((c) => c.status !== 'closed');
  const closed = all.filter((c) => c.status === 'closed');
  open.sort((a, b) => (a.dueAt ?? '\uffff').localeCompare(b.dueAt ?? '\uffff') || b.openedAt.localeCompare(a.openedAt));
  closed.sort((a, b) => (b.closedAt ?? b.openedAt).localeCompare(a.closedAt ?? a.openedAt));
  return [...open, ...closed];
}
