// Reassessing many customers reads each batch of neighbouring ids as one key range per store, and a
// badge asked for while a sync's reassessment is due gets a level computed on the spot, kept nowhere.
import { describe, expect, it } from 'vitest';
import { createRiskService } from '../../../extension/src/risk/service.ts';
import { customerHistory } from '../../../extension/src/store/history.ts';
import { customerBatches } from '../../../extension/src/store/batch-history.ts';
import { REASSESS_ALL, SYNC_REASSESS_KEY } from '../../../extension/src/store/meta-keys.ts';
import { saveRecords } from '../../../extension/src/store/records.ts';
import type { Case, Customer, Interaction, Response } from '../../../shared/src/model/index.ts';
import { RiskBook, assessCustomer } from '../../../shared/src/risk/index.ts';
import { NOW, testContext } from './context.ts';

const at = NOW.toISOString();
const ctxW = { now: at, by: 'x' };
const day = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const meta = { rev: 1, updatedAt: at, updatedBy: 'x', deletedAt: null };

function customer(i: number, extra: Partial<Customer> = {}): Customer {
  return {
    id: `c${String(i).padStart(3, '0')}`,
    name: `Customer ${i}`,
    domains: [`c${i}.example`],
    tier: i % 5 === 0 ? 'key' : 'general',
    tags: [],
    consent: 'unknown',
    createdAt: at,
    ...meta,
    ...extra,
  } as Customer;
}

function interaction(id: string, customerId: string, daysAgo: number, kind: string, amount?: number): Interaction {
  return {
    id,
    customerId,
    kind,
    occurredAt: day(daysAgo),
    source: 'manual',
    ...(amount !== undefined ? { amount, currency: 'CNY' } : {}),
    ...meta,
  } as Interaction;
}

/** 120 customers with orders, silences, a detractor answer and an open complaint among them; some deleted. */
async function team(ctx: ReturnType<typeof testContext>) {
  const customers = Array.from({ length: 120 }, (_, i) => customer(i, i % 17 === 3 ? { deletedAt: at } : {}));
  await saveRecords(ctx.db, 'customers', customers, ctxW);
  const interactions: Interaction[] = [];
  customers.forEach((c, i) => {
    const gap = 10 + ((i * 37) % 300); // days since the last contact: some are long silences
    for (let k = 0; k < 6; k++)
      interactions.push(interaction(`${c.id}-o${k}`, c.id, gap + k * 40, 'order', 100 + ((i * k) % 900)));
    interactions.push(interaction(`${c.id}-call`, c.id, gap, 'call'));
  });
  // Records of a customer that is not stored, and a deleted interaction: both left out.
  interactions.push(interaction('orphan', 'c050x', 5, 'order', 99_999));
  interactions.push({ ...interaction('gone', 'c010', 1, 'order', 50_000), deletedAt: at });
  await saveRecords(ctx.db, 'interactions', interactions, ctxW);
  const answers = [7, 21, 64].map(
    (i) =>
      ({
        id: `r${i}`,
        kind: 'nps',
        score: 1,
        customerId: customers[i]!.id,
        submittedAt: day(3),
        respondent: {},
        ...meta,
      }) as unknown as Response,
  );
  await saveRecords(ctx.db, 'responses', answers, ctxW);
  const complaint = {
    id: 'k1',
    customerId: customers[30]!.id,
    title: 'Late delivery',
    status: 'listen',
    severity: 'high',
    openedAt: day(2),
    ...meta,
  } as unknown as Case;
  await saveRecords(ctx.db, 'cases', [complaint], ctxW);
  return customers;
}

describe('reassessing many customers', () => {
  it('cuts ids into batches in key order and reads a batch as one span only when its neighbours are mostly itself', () => {
    const all = Array.from({ length: 1000 }, (_, i) => `c${String(i).padStart(4, '0')}`);
    const everyone = customerBatches([...all].reverse(), all, 250);
    expect(everyone.map((b) => [b.ids[0], b.ids.length, b.span])).toEqual([
      ['c0000', 250, true],
      ['c0250', 250, true],
      ['c0500', 250, true],
      ['c0750', 250, true],
    ]);
    // Every tenth customer: a batch's span holds ten times its size, so it is read customer by customer.
    const scattered = customerBatches(
      all.filter((_, i) => i % 10 === 0),
      all,
      50,
    );
    expect(scattered.every((b) => !b.span)).toBe(true);
    expect(scattered.flatMap((b) => b.ids)).toHaveLength(100);
  });

  it('gives every customer the assessment their own history gives, whether read by span or by customer', async () => {
    const ctx = testContext();
    const customers = await team(ctx);
    const ids = customers.map((c) => c.id);
    await ctx.risk.recompute(ids);
    const cutoff = (await ctx.db.meta.get('watchCutoff'))?.value as { value: number } | undefined;
    const policy = (await import('../../../extension/src/store/policy.ts')).currentPolicy;
    const p = await policy(ctx.db, at);
    let levels = 0;
    for (const c of customers) {
      const stored = await ctx.db.assessments.get(c.id);
      if (c.deletedAt) {
        expect(stored).toBeUndefined();
        continue;
      }
      const history = (await customerHistory(ctx.db, c.id))!;
      const value = history.interactions
        .filter((i) => i.kind === 'order' && Date.parse(i.occurredAt) > NOW.getTime() - 365 * 86_400_000)
        .reduce((s, i) => s + (i.amount ?? 0), 0);
      const watchValue = cutoff?.value ?? Number.POSITIVE_INFINITY;
      const expected = assessCustomer(history, {
        asOf: at,
        policy: p,
        previous: null,
        watched: c.tier === 'key' || value >= watchValue,
        timeZone: 'UTC',
        valueRatio: Number.isFinite(watchValue) && watchValue > 0 ? value / watchValue : 0,
      });
      expect(stored).toEqual(expected);
      if (expected.level !== 'none') levels++;
    }
    expect(levels).toBeGreaterThan(10); // the team has warnings to compare, not only quiet customers
    // The collector and kehu risk assess with RiskBook: the same levels and scores from the same records.
    const book = new RiskBook({ timeZone: 'UTC' });
    const live = <T extends { deletedAt?: string | null }>(rows: T[]) => rows.filter((r) => !r.deletedAt);
    for (const c of live(await ctx.db.customers.toArray())) book.addCustomer(c);
    // Every live interaction, as the collector's full pass reads them: those of a deleted customer
    // and of one never synced (c050x) count in the watch cutoff on both sides.
    for (const i of live(await ctx.db.interactions.toArray())) book.addInteraction(i);
    for (const r of live(await ctx.db.responses.toArray())) book.addResponse(r);
    for (const k of live(await ctx.db.cases.toArray())) book.addCase(k);
    const fromBook = new Map([...book.assessAll(at, p)].map((a) => [a.customerId, a]));
    // (The book also assesses records whose customer is deleted; the extension keeps no level for those.)
    const kept = customers.filter((c) => !c.deletedAt && fromBook.has(c.id));
    expect(kept.length).toBe(await ctx.db.assessments.count());
    for (const a of await ctx.db.assessments.toArray()) {
      expect([a.customerId, a.level, a.score]).toEqual([
        a.customerId,
        fromBook.get(a.customerId)?.level,
        fromBook.get(a.customerId)?.score,
      ]);
    }
    // The second pass at the same moment records the first as the previous one; a third finds
    // nothing changed: no assessment rewritten, no new alert.
    await ctx.risk.recompute(ids);
    const outbox = await ctx.db.changes.count();
    const rewritten: string[] = [];
    ctx.db.assessments.hook('updating', (_, key) => void rewritten.push(String(key)));
    await ctx.risk.recompute(ids);
    expect(rewritten).toEqual([]);
    expect(await ctx.db.changes.count()).toBe(outbox);
  });

  it("answers a badge during a sync's pending reassessment without keeping anything, then the reassessment keeps its own", async () => {
    const ctx = testContext();
    const customers = await team(ctx);
    const quiet = customers.find((c) => !c.deletedAt)!;
    await ctx.db.meta.put({ key: SYNC_REASSESS_KEY, value: REASSESS_ALL });
    const outbox = await ctx.db.changes.count();
    const badge = await ctx.risk.assessments([quiet.id]);
    expect(badge.get(quiet.id)?.customerId).toBe(quiet.id);
    expect(await ctx.risk.assessment(quiet.id)).toEqual(badge.get(quiet.id));
    // Nothing kept: no assessment, no alert, no watch cutoff from half a team.
    expect(await ctx.db.assessments.count()).toBe(0);
    expect(await ctx.db.alerts.count()).toBe(0);
    expect(await ctx.db.changes.count()).toBe(outbox);
    expect(await ctx.db.meta.get('watchCutoff')).toBeUndefined();
    // While a sync runs (told by the sync service, no meta row needed), provisional too.
    await ctx.db.meta.delete(SYNC_REASSESS_KEY);
    let syncing = true;
    const risk = createRiskService(ctx.db, { now: () => NOW, newId: () => 'n', by: async () => 'x', syncing: () => syncing });
    expect((await risk.assessments([quiet.id])).get(quiet.id)).toEqual(badge.get(quiet.id));
    expect(await ctx.db.assessments.count()).toBe(0);
    syncing = false;
    // Not waiting for a sync: a missing assessment is computed and kept, as before.
    await ctx.risk.assessments([quiet.id]);
    expect(await ctx.db.assessments.get(quiet.id)).toBeDefined();
  });
});
