// Handling an alert (风险处理) and reviewing it afterwards (风险总结): each change is one of the
// early-warning engine's pure transitions (shared/src/risk/alerts.ts), applied to the stored alert
// and saved in one transaction. A corrective item that proposes a policy change becomes a new
// policy version only through `applyCorrectiveItem`, which the rep confirms first.
import type { Alert, Policy, Review, Strategy } from '#shared/model/index.ts';
import {
  applyCorrection,
  dismissAlert,
  recordAction,
  resolveAlert,
  reviewAlert,
  setCorrectionDone,
  setStepDone,
  startHandling,
} from '#shared/risk/index.ts';
import { Dexie } from 'dexie';
import type { KehuDb } from './db.ts';
import { currentPolicy, savePolicy } from './policy.ts';
import { type WriteContext, fromStored, saveRecord } from './records.ts';

export type AlertChange =
  | { action: 'start'; strategy: Strategy }
  | { action: 'record'; note: string }
  | { action: 'step'; index: number; done: boolean }
  | { action: 'resolve' }
  | { action: 'dismiss'; reason: string }
  | { action: 'review'; review: Review }
  | { action: 'correction'; itemId: string; done: boolean };

/** Apply one change to a stored alert. Throws (with the engine's reason) when it is not allowed. */
export async function changeAlert(db: KehuDb, id: string, change: AlertChange, ctx: WriteContext): Promise<Alert> {
  return db.transaction('rw', [db.alerts, db.changes], async () => {
    const stored = await db.alerts.get(id);
    if (!stored) throw new Error(`no alert "${id}"`);
    const alert = fromStored(stored);
    const next = transition(alert, change, ctx);
    return saveRecord(db, 'alerts', next, ctx);
  });
}

function transition(alert: Alert, change: AlertChange, ctx: WriteContext): Alert {
  const c = { now: ctx.now, by: ctx.by };
  switch (change.action) {
    case 'start':
      return startHandling(alert, change.strategy, c);
    case 'record':
      return recordAction(alert, change.note, c);
    case 'step':
      return setStepDone(alert, change.index, change.done, c);
    case 'resolve':
      return resolveAlert(alert, c);
    case 'dismiss':
      return dismissAlert(alert, change.reason, c);
    case 'review':
      return reviewAlert(alert, change.review, c);
    case 'correction':
      return setCorrectionDone(alert, change.itemId, change.done, c);
  }
}

/**
 * Apply a reviewed alert's corrective item that proposes a policy change: a new policy version,
 * stored, and the item marked done with that version. Both in one transaction.
 */
export async function applyCorrectiveItem(
  db: KehuDb,
  alertId: string,
  itemId: string,
  ctx: WriteContext,
): Promise<{ alert: Alert; policy: Policy }> {
  return db.transaction('rw', [db.alerts, db.changes, db.meta, db.quarantine], async () => {
    const stored = await db.alerts.get(alertId);
    if (!stored) throw new Error(`no alert "${alertId}"`);
    const policy = await currentPolicy(db, ctx.now);
    const result = applyCorrection(fromStored(stored), itemId, policy, { now: ctx.now, by: ctx.by });
    const saved = await savePolicy(db, result.policy, ctx.now);
    const alert = await saveRecord(db, 'alerts', result.alert, ctx);
    return { alert, policy: saved };
  });
}

/** A customer's alerts: open and being handled first (newest first), then the rest, newest first. */
export async function alertsOf(db: KehuDb, customerId: string): Promise<Alert[]> {
  const all = (
    await db.alerts.where('[customerId+raisedAt]').between([customerId, Dexie.minKey], [customerId, Dexie.maxKey]).toArray()
  )
    .filter((a) => !a.deletedAt)
    .map(fromStored)
    .reverse();
  const active = all.filter((a) => a.status === 'open' || a.status === 'handling');
  return [...active, ...all.filter((a) => a.status !== 'open' && a.status !== 'handling')];
}
