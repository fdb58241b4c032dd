// The practice in the extension (issue: early warning as the practice teaches it), through the API
// router over fake-indexeddb with a fixed clock: the three-day rule's call-back, roles and
// escalation notices, answers kept and linked by hand, invoices due and paid, level lists.
import { describe, expect, it } from 'vitest';
import type { Alert } from '#shared/model/index.ts';
import { changeRoles } from '#shared/roles/index.ts';
import { createApi } from '../../../../extension/src/api/router.ts';
import { announceEscalations } from '../../../../extension/src/escalation-notices.ts';
import { NOW, testContext } from '../context.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example,Retail,general,stable,wang@team.example,7,,
keyco,Key Co,keyco.example,Retail,key,stable,wang@team.example,7,,
quiet,Quiet Ltd,quiet.example,,no-need,,wang@team.example,7,,`;

const iso = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

async function seeded() {
  const t = testContext();
  const kehu = createApi(t);
  await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
  return { t, kehu };
}

/** Weekly calls, the last `silent` days ago. */
function weekly(customerId: string, silent: number): string {
  const rows = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let i = 0; i < 10; i++) rows.push(`${customerId},${iso(-(silent + i * 7))},call,,,weekly call,`);
  return rows.join('\n');
}

describe('the three-day rule in the extension', () => {
  it('a weekly customer silent past cycle + 3 days: a yellow alert for the owner and a call-back; key: orange; no-need: nothing', async () => {
    const { t, kehu } = await seeded();
    for (const id of ['acme', 'keyco', 'quiet'])
      await kehu.importText({ entity: 'interactions', format: 'csv', text: weekly(id, 11) });
    await t.risk.recompute(['acme', 'keyco', 'quiet']);
    const alerts = await t.db.alerts.toArray();
    const byCustomer = Object.fromEntries(alerts.map((a) => [a.customerId, a]));
    expect(byCustomer.acme).toMatchObject({ indicator: 'contact_silence', level: 'yellow', assignee: 'wang@team.example' });
    expect(byCustomer.keyco).toMatchObject({ indicator: 'contact_silence', level: 'orange' });
    expect(byCustomer.quiet).toBeUndefined();
    const followUps = await kehu.followUpsFor({ customerId: 'acme' });
    expect(followUps).toEqual([
      expect.objectContaining({
        id: `${byCustomer.acme!.id}.callback`,
        channel: 'phone',
        assignee: 'wang@team.example',
        done: false,
      }),
    ]);
    // Reassessing again raises nothing new.
    await t.risk.recompute(['acme']);
    expect(await t.db.followups.count()).toBe(2);
  });
});

describe('roles', () => {
  it('escalation, what was said; an escalation is announced once to the person escalated to, and listed for them', async () => {
    const { t, kehu } = await seeded();
    await kehu.importText({ entity: 'interactions', format: 'csv', text: weekly('acme', 11) });
    await t.risk.recompute(['acme']);
    const [alert] = await t.db.alerts.toArray();
    // Through the API: the rep escalates to the boss and records what was said to the customer.
    const mine = await kehu.changeRolesFor({
      entity: 'alerts',
      id: alert!.id,
      change: { action: 'escalate', to: 'boss@team.example' },
    });
    expect(mine).toMatchObject({ decisionOwner: 'boss@team.example', escalations: [{ by: 'tester', to: 'boss@team.example' }] });
    const said = await kehu.changeRolesFor({
      entity: 'alerts',
      id: alert!.id,
      change: { action: 'say', text: 'We call you back today.' },
    });
    expect(said.customerLog).toEqual([{ at: NOW.toISOString(), by: 'tester', text: 'We call you back today.' }]);
    expect(await kehu.escalatedToMe({})).toEqual([]);
    // Then a colleague (as after a sync) escalates it on to this rep ("tester").
    await t.db.alerts.put(
      changeRoles(
        said as Alert,
        { action: 'escalate', to: 'tester', note: 'above my limit' },
        { now: NOW.toISOString(), by: 'boss@team.example' },
      ),
    );
    const notices: { id: string; title: string; message: string }[] = [];
    const notify = async (n: { id: string; title: string; message: string }) => {
      notices.push(n);
    };
    expect(await announceEscalations(t, notify, 'en')).toHaveLength(1);
    expect(notices[0]).toMatchObject({ id: `kehu:acme:${alert!.id}`, title: 'Escalated to you: ACME Trading' });
    expect(notices[0]?.message).toContain('above my limit');
    expect(await announceEscalations(t, notify, 'en')).toEqual([]);
    expect(await kehu.escalatedToMe({})).toEqual([expect.objectContaining({ id: alert!.id, customerName: 'ACME Trading' })]);
  });
});

describe('answers kept and linked by hand', () => {
  it('an answer nobody can match is kept; linked, a complaint opens its case for the owner', async () => {
    const { kehu } = await seeded();
    const text = `id,kind,score,comment,respondent_email,customer_id,submitted_at
r-9,complaint,,The lid was broken,someone@unknown.example,,${iso(-1)}`;
    await kehu.importText({ entity: 'responses', format: 'csv', text });
    const kept = await kehu.unmatchedAnswersList({});
    expect(kept.map((r) => r.id)).toEqual(['r-9']);
    const linked = await kehu.linkAnswerTo({ responseId: 'r-9', customerId: 'acme' });
    expect(linked.response.customerId).toBe('acme');
    expect(linked.case).toMatchObject({
      id: 'fb-r-9',
      status: 'listen',
      owner: 'wang@team.example',
      title: 'The lid was broken',
    });
    expect(await kehu.unmatchedAnswersList({})).toEqual([]);
    expect((await kehu.casesFor({ customerId: 'acme' })).cases.map((c) => c.id)).toEqual(['fb-r-9']);
  });
});

describe('invoices due and paid', () => {
  it('an invoice past due warns of an overdue payment; marked paid, the warning goes', async () => {
    const { kehu } = await seeded();
    const invoice = await kehu.recordInvoiceFor({
      customerId: 'acme',
      occurredAt: iso(-70),
      dueAt: iso(-40),
      amount: 2400,
      currency: 'eur',
      summary: 'INV-7',
    });
    expect(invoice).toMatchObject({ kind: 'order', amount: 2400, currency: 'EUR', dueAt: iso(-40) });
    const overdue = await kehu.riskOf({ customerId: 'acme' });
    expect(overdue.assessment?.contributions.map((c) => c.indicator)).toContain('payment_overdue');
    expect((await kehu.invoicesFor({ customerId: 'acme' })).map((i) => i.summary)).toEqual(['INV-7']);
    await kehu.setInvoicePaidOf({ id: invoice.id, paidAt: iso(-1) });
    const paid = await kehu.riskOf({ customerId: 'acme' });
    expect(paid.assessment?.contributions.map((c) => c.indicator) ?? []).not.toContain('payment_overdue');
    await expect(kehu.recordInvoiceFor({ customerId: 'acme', occurredAt: iso(-1), dueAt: iso(-5), amount: 1 })).rejects.toThrow(
      /due date/,
    );
  });
});

describe('level lists', () => {
  it('each level’s count opens the customers at that level, riskiest first', async () => {
    const { t, kehu } = await seeded();
    const base = { asOf: NOW.toISOString(), contributions: [], trend: 'new' as const, policyVersion: 1, watched: false };
    await t.db.assessments.bulkPut([
      { ...base, customerId: 'acme', score: 35, level: 'yellow' },
      { ...base, customerId: 'keyco', score: 38, level: 'yellow' },
      { ...base, customerId: 'quiet', score: 80, level: 'red' },
    ]);
    expect((await kehu.customersAt({ level: 'yellow' })).map((c) => c.name)).toEqual(['Key Co', 'ACME Trading']);
  });
});

describe('lifecycle stage', () => {
  it('is suggested from the history and set only when the rep confirms it', async () => {
    const { kehu } = await seeded();
    const rows = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
    for (let i = 0; i < 40; i++) rows.push(`acme,${iso(-(10 + i * 30))},order,100,EUR,,`);
    await kehu.importText({ entity: 'interactions', format: 'csv', text: rows.join('\n') });
    await kehu.saveCustomerDraft({ id: 'acme', stage: 'exploring' });
    expect(await kehu.stageSuggestionOf({ customerId: 'acme' })).toMatchObject({ stage: 'stable', reason: 'steady' });
    expect((await kehu.customerCard({ customerId: 'acme' }))?.customer.stage).toBe('exploring');
  });
});

describe('key customers, four steps', () => {
  it('the steps are kept on the customer, and the long-term plan’s follow-ups follow the cadence, once', async () => {
    const { kehu } = await seeded();
    const saved = await kehu.saveCustomerDraft({
      id: 'keyco',
      needs: 'Seasonal stock for spring',
      requirements: 'Delivery within 48 hours',
      workload: 'Peak in March; tender closes 2026-02-01',
      contactAnalysis: 'Ms Li, buyer, worried about price',
      longTermVolume: 'About 400 units a quarter',
      planWho: 'li@team.example',
      planWhen: 'Every week, Monday morning',
      planHow: 'Call Ms Li, then visit monthly',
    });
    expect(saved.ok && saved.record).toMatchObject({ needs: 'Seasonal stock for spring', planWho: 'li@team.example' });
    const planned = await kehu.planContactsFor({ customerId: 'keyco', count: 3, purpose: 'Scheduled contact' });
    expect(planned.map((f) => f.dueAt)).toEqual([iso(0), iso(7), iso(14)]);
    expect(planned[0]).toMatchObject({ assignee: 'li@team.example', purpose: 'Call Ms Li, then visit monthly' });
    expect(await kehu.planContactsFor({ customerId: 'keyco', count: 3, purpose: 'Scheduled contact' })).toEqual([]);
    await expect(kehu.planContactsFor({ customerId: 'acme', count: 1, purpose: 'x' })).resolves.toHaveLength(1);
  });
});
