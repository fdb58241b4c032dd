// The side panel's and popup's methods through the API router, over fake-indexeddb with a fixed clock.
import { Alert } from '#shared/model/index.ts';
import { describe, expect, it } from 'vitest';
import { createApi } from '../../../../extension/src/api/router.ts';
import { checkReminders, customerOfNotice, type Notice } from '../../../../extension/src/reminders.ts';
import { currentPolicy, policyVersions } from '../../../../extension/src/store/policy.ts';
import { foldText, matchScore, pinyinForms, pinyinScore } from '../../../../extension/src/store/search.ts';
import { checkCollector, collectorBase } from '../../../../extension/src/ui/options/collector-test.ts';
import { NOW, testContext } from '../context.ts';

const CUSTOMERS = `id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes
acme,ACME Trading,acme.example,Retail,key,stable,rep,7,wholesale,
sh,上海贸易有限公司,shmy.example,贸易,general,,王伟,,华东,
mu,Müller GmbH,mueller.example,,potential,,,,,`;
const CONTACTS = `id,customer_id,name,emails,phones,title,role,status,notes
c-wei,acme,Wei Wang,wei@acme.example,+86 21 5555 1234,Buyer,decision maker,active,
c-li,sh,李娜,li.na@shmy.example,,经理,,active,`;

async function seeded() {
  const t = testContext();
  const kehu = createApi(t);
  await kehu.importText({ entity: 'customers', format: 'csv', text: CUSTOMERS });
  await kehu.importText({ entity: 'contacts', format: 'csv', text: CONTACTS });
  return { t, kehu };
}

const iso = (days: number) => new Date(NOW.getTime() + days * 86_400_000).toISOString();

function redAlert(id: string, customerId: string, level: 'red' | 'orange' = 'red') {
  return Alert.parse({
    id,
    customerId,
    indicator: 'complaints',
    level,
    evidence: [{ code: 'complaint.overdue', params: { title: 'Late', days: 3 } }],
    status: 'open',
    raisedAt: NOW.toISOString(),
    playbookId: 'complaints.red',
    suggestedStrategy: 'eliminate',
    steps: [{ text: 'Call the customer today' }, { text: 'Agree a remedy' }],
    policyVersion: 1,
    rev: 1,
    updatedAt: NOW.toISOString(),
    updatedBy: 'kehu',
  });
}

describe('data card', () => {
  it('edits a customer; every problem is reported by field with a code; an owner change is remembered', async () => {
    const { t, kehu } = await seeded();
    const bad = await kehu.saveCustomerDraft({ id: 'acme', name: '', domains: ['gmail.com', 'not a domain'], currency: 'euro' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.errors.map((e) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['domains', 'free_mail'],
        ['domains', 'not_domain'],
        ['name', 'required'],
        ['currency', 'invalid_format'],
      ]),
    );
    expect(await t.db.customers.get('acme')).toMatchObject({ name: 'ACME Trading', rev: 1 });

    const good = await kehu.saveCustomerDraft({
      id: 'acme',
      domains: ['https://www.acme.example/about', 'acme.cn'],
      owner: 'Lin',
      value: 120000,
      currency: 'EUR',
      industry: '',
      tags: ['wholesale', ' east ', 'wholesale'],
    });
    expect(good.ok).toBe(true);
    expect(await t.db.customers.get('acme')).toMatchObject({
      domains: ['acme.example', 'acme.cn'],
      owner: 'Lin',
      previousOwner: 'rep',
      ownerSince: NOW.toISOString(),
      value: 120000,
      tags: ['wholesale', 'east'],
      rev: 2,
    });
    expect((await t.db.customers.get('acme'))?.industry).toBeUndefined();
    expect(t.changes.at(-1)).toEqual({ customerIds: ['acme'] });
    const refused = await kehu.saveCustomerDraft({ id: 'acme', rev: 99 });
    expect(refused.ok === false && refused.errors[0]).toMatchObject({ field: 'rev', code: 'not_editable' });
  });

  it('adds and edits contacts: one address belongs to one person; leaving is dated', async () => {
    const { t, kehu } = await seeded();
    const dup = await kehu.saveContactDraft({ customerId: 'acme', draft: { name: 'Other', emails: ['WEI@acme.example'] } });
    expect(dup.ok === false && dup.errors[0]).toMatchObject({ field: 'emails', code: 'email_taken' });
    const added = await kehu.saveContactDraft({
      customerId: 'acme',
      draft: { name: 'Ops', emails: ['ops@acme.example'], key: true },
    });
    expect(added.ok && added.record).toMatchObject({
      customerId: 'acme',
      emails: ['ops@acme.example'],
      key: true,
      status: 'active',
    });
    const left = await kehu.saveContactDraft({ draft: { id: 'c-wei', status: 'left', preferredChannel: 'phone' } });
    expect(left.ok && left.record).toMatchObject({
      status: 'left',
      leftAt: NOW.toISOString(),
      preferredChannel: 'phone',
      customerId: 'acme',
    });
    const card = await kehu.customerCard({ customerId: 'acme' });
    expect(card?.contacts.map((c) => c.name)).toEqual(['Ops', 'Wei Wang']);
    await kehu.removeContact({ id: 'c-wei' });
    expect((await kehu.customerCard({ customerId: 'acme' }))?.contacts.map((c) => c.name)).toEqual(['Ops']);
    expect((await t.db.contacts.get('c-wei'))?.deletedAt).toBe(NOW.toISOString());
  });

  it('creates a customer by hand', async () => {
    const { kehu } = await seeded();
    const r = await kehu.saveCustomerDraft({ name: '新客户', domains: ['new.example'], tier: 'potential' });
    expect(r.ok && r.record).toMatchObject({ name: '新客户', domains: ['new.example'], tier: 'potential', rev: 1 });
  });
});

describe('search', () => {
  it('finds Chinese names inside, Latin names from a word start, accents folded, addresses and phones', async () => {
    const { kehu } = await seeded();
    const names = async (q: string) => (await kehu.search({ query: q })).map((h) => h.contactName || h.customerName);
    expect(await names('贸易')).toEqual(['上海贸易有限公司']);
    expect(await names('李')).toEqual(['李娜']);
    expect(await names('muller')).toEqual(['Müller GmbH']);
    expect((await names('ＡＣＭＥ'))[0]).toBe('ACME Trading');
    expect(await names('wang')).toEqual(['Wei Wang']);
    expect(await names('shmy')).toEqual(['上海贸易有限公司', '李娜']);
    expect(await names('5555 1234')).toEqual(['Wei Wang']);
    const hit = (await kehu.search({ query: 'wei@acme' }))[0];
    expect(hit).toMatchObject({
      customerId: 'acme',
      customerName: 'ACME Trading',
      contactId: 'c-wei',
      matched: 'email',
      level: 'none',
    });
    expect(await names('zz-nothing')).toEqual([]);
    // The index follows edits and deletions.
    await kehu.saveCustomerDraft({ id: 'mu', name: 'Schmidt AG' });
    expect(await names('schmidt')).toEqual(['Schmidt AG']);
    expect(await names('muller')).toEqual([]);
    await kehu.removeCustomer({ id: 'mu' });
    expect(await names('schmidt')).toEqual([]);
  });

  it('finds Chinese names by their pinyin: syllables from the start or a syllable start, or initials', async () => {
    const { kehu } = await seeded();
    const names = async (q: string) => (await kehu.search({ query: q })).map((h) => h.contactName || h.customerName);
    expect(await names('shanghai')).toEqual(['上海贸易有限公司']);
    expect(await names('Shanghai Maoyi')).toEqual(['上海贸易有限公司']);
    expect(await names('maoyi')).toEqual(['上海贸易有限公司']);
    expect(await names('lina')).toEqual(['李娜']);
    expect(await names('ln')).toEqual(['李娜']);
    expect(await names('ai')).toEqual([]); // inside the syllable "hai", not at a start
    const hit = (await kehu.search({ query: 'lina' }))[0];
    expect(hit).toMatchObject({ contactId: 'c-li', customerName: '上海贸易有限公司', matched: 'contact' });
    // A name that matches as written ranks above one that matches by pinyin.
    await kehu.saveCustomerDraft({ name: 'Lina Fashion', domains: ['lina.example'] });
    expect((await names('lina'))[0]).toBe('Lina Fashion');
  });

  it('reads polyphones by context and scores pinyin below the name itself', () => {
    expect(pinyinForms('重庆长城银行')).toEqual({
      syllables: 'chongqingchangchengyinhang',
      starts: [0, 5, 9, 14, 19, 22],
      initials: 'cqccyh',
    });
    expect(pinyinForms('ACME 绿地')?.syllables).toBe('lvdi'); // ü as v, Latin left to the name itself
    expect(pinyinForms('ACME Trading')).toBeNull();
    const forms = pinyinForms('华为技术有限公司')!;
    expect(pinyinScore(forms, 'hw')).toBe(60);
    expect(pinyinScore(forms, 'huawei')).toBe(60);
    expect(pinyinScore(forms, 'jishu')).toBe(40);
    expect(pinyinScore(forms, 'uawei')).toBe(0);
    expect(pinyinScore(forms, 'hwjsyxgs')).toBe(80);
    expect(pinyinScore(forms, 'huawei')).toBeLessThan(matchScore('Huawei Technologies', 'huawei'));
  });

  it('ranks exact over prefix over inside', () => {
    expect(foldText('  Müller  GmbH ')).toBe('muller gmbh');
    expect(matchScore('acme', 'acme')).toBeGreaterThan(matchScore('acme trading', 'acme'));
    expect(matchScore('acme trading', 'acme')).toBeGreaterThan(matchScore('big acme', 'acme'));
    expect(matchScore('macme', 'ac')).toBe(0);
  });
});

describe('cases', () => {
  it('opens a complaint from a logged mail thread and walks the seven steps to closed', async () => {
    const { t, kehu } = await seeded();
    await kehu.logEmails({
      messages: [
        {
          source: 'gmail',
          messageId: 'm1',
          threadId: 't1',
          from: 'wei@acme.example',
          to: [],
          subject: 'Order delayed again',
          sentAt: iso(-1),
          url: 'https://mail.google.com/mail/u/0/#inbox/t1',
        },
      ],
    });
    const { threads } = await kehu.casesFor({ customerId: 'acme' });
    expect(threads).toEqual([
      expect.objectContaining({ subject: 'Order delayed again', url: 'https://mail.google.com/mail/u/0/#inbox/t1' }),
    ]);
    const opened = await kehu.openCaseFor({
      customerId: 'acme',
      title: threads[0]!.subject,
      severity: 'high',
      category: 'delivery',
      dueAt: iso(2),
      description: 'Third delay this quarter',
      fromInteractionId: threads[0]!.id,
    });
    if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
    const id = opened.record.id;
    expect(opened.record).toMatchObject({
      status: 'listen',
      ref: { system: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/t1' },
      steps: [{ step: 'listen', at: NOW.toISOString(), note: 'Third delay this quarter' }],
    });
    const walk = ['ask_resolution', 'promise_carefully', 'analyse', 'negotiate', 'carry_out', 'follow_up'];
    // The note given when a step is done is that step's note; step 1 keeps what the customer said.
    for (const [i, step] of walk.entries()) {
      const r = await kehu.changeCaseOf({
        id,
        change: { ...(i > 0 ? { note: `note ${i + 1}` } : {}), ...(i === 3 ? { cause: 'carrier strike' } : {}) },
        action: { action: 'advance' },
      });
      expect(r.ok && r.record.status).toBe(step);
    }
    const last = await kehu.changeCaseOf({ id, change: {}, action: { action: 'advance' } });
    expect(last.ok === false && last.errors[0]?.code).toBe('last_step');
    const closed = await kehu.changeCaseOf({
      id,
      change: { note: 'customer confirmed' },
      action: { action: 'close', satisfaction: 4 },
    });
    expect(closed.ok && closed.record).toMatchObject({
      status: 'closed',
      closedAt: NOW.toISOString(),
      satisfaction: 4,
      cause: 'carrier strike',
    });
    const steps = closed.ok ? closed.record.steps : [];
    expect(steps.map((s) => s.step)).toEqual(['listen', ...walk, 'closed']);
    expect(steps.map((s) => s.note)).toEqual([
      'Third delay this quarter',
      'note 2',
      'note 3',
      'note 4',
      'note 5',
      'note 6',
      'customer confirmed',
      undefined,
    ]);
    const again = await kehu.changeCaseOf({ id, change: {}, action: { action: 'update' } });
    expect(again.ok === false && again.errors[0]?.code).toBe('case_closed');
    expect((await t.db.cases.get(id))?.rev).toBe(8);
  });

  it('refuses a due time in the past and an unknown customer', async () => {
    const { kehu } = await seeded();
    const past = await kehu.openCaseFor({ customerId: 'acme', title: 'x', dueAt: iso(-1) });
    expect(past.ok === false && past.errors[0]).toMatchObject({ field: 'dueAt', code: 'in_past' });
    const gone = await kehu.openCaseFor({ customerId: 'nobody', title: 'x' });
    expect(gone.ok === false && gone.errors[0]?.code).toBe('gone');
  });
});

describe('alerts', () => {
  it('handles an alert, reviews it, and applies a corrective policy change as a new version once confirmed', async () => {
    const { t, kehu } = await seeded();
    await t.db.alerts.put(redAlert('a1', 'acme'));
    await expect(kehu.changeAlertOf({ id: 'a1', change: { action: 'resolve' } })).rejects.toThrow(/only one that is handling/);
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'start', strategy: 'eliminate' } });
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'step', index: 0, done: true } });
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'record', note: 'Called Wei; apologised; new date agreed' } });
    const resolved = await kehu.changeAlertOf({ id: 'a1', change: { action: 'resolve' } });
    expect(resolved).toMatchObject({ status: 'resolved', strategy: 'eliminate', owner: 'tester', resolvedAt: NOW.toISOString() });
    expect(resolved.steps[0]?.done).toBe(true);
    expect(resolved.actions.map((a) => a.note)).toEqual(['Called Wei; apologised; new date agreed']);

    const before = await currentPolicy(t.db, NOW.toISOString());
    const reviewed = await kehu.changeAlertOf({
      id: 'a1',
      change: {
        action: 'review',
        review: {
          investigation: 'Carrier delays, nobody owned the follow-up',
          evaluation: 'We reacted after the customer complained twice',
          outlook: 'Escalate delivery complaints the same day',
          corrections: [
            { id: 'k1', text: 'Name a delivery owner', owner: 'Lin', done: false },
            {
              id: 'k2',
              text: 'Raise complaints earlier',
              owner: 'Lin',
              done: false,
              policyChange: { path: 'weights.complaints', value: 55 },
            },
          ],
        },
      },
    });
    expect(reviewed.status).toBe('reviewed');
    // Reviewing proposes; nothing changes until the rep confirms.
    expect((await currentPolicy(t.db, NOW.toISOString())).version).toBe(before.version);
    await kehu.changeAlertOf({ id: 'a1', change: { action: 'correction', itemId: 'k1', done: true } });
    const applied = await kehu.applyCorrectiveItemOf({ alertId: 'a1', itemId: 'k2' });
    expect(applied.policy).toMatchObject({ version: before.version + 1, weights: { complaints: 55 }, createdBy: 'tester' });
    expect(applied.alert.review?.corrections.map((c) => [c.id, c.done, c.appliedPolicyVersion])).toEqual([
      ['k1', true, undefined],
      ['k2', true, before.version + 1],
    ]);
    expect((await currentPolicy(t.db, NOW.toISOString())).weights.complaints).toBe(55);
    expect((await policyVersions(t.db, NOW.toISOString())).map((p) => p.version)).toEqual([1, 2]);
    await expect(kehu.applyCorrectiveItemOf({ alertId: 'a1', itemId: 'k2' })).rejects.toThrow(/was applied as policy version 2/);
    expect(t.changes.at(-1)).toEqual({ all: true });
  });

  it('dismisses with a reason only', async () => {
    const { t, kehu } = await seeded();
    await t.db.alerts.put(redAlert('a2', 'acme'));
    await expect(kehu.changeAlertOf({ id: 'a2', change: { action: 'dismiss', reason: '  ' } })).rejects.toThrow(/reason/);
    expect(await kehu.changeAlertOf({ id: 'a2', change: { action: 'dismiss', reason: 'Known: strike' } })).toMatchObject({
      status: 'dismissed',
      dismissedReason: 'Known: strike',
    });
  });
});

describe('risk policy', () => {
  it('saves an edited policy as a new version after checking it as a whole; previews the effect', async () => {
    const { t, kehu } = await seeded();
    const { current } = await kehu.riskPolicy(undefined);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = current;
    const bad = await kehu.saveRiskPolicy({ policy: { ...settings, thresholds: { ...settings.thresholds, orange: 10 } } });
    expect(bad.ok === false && bad.errors[0]).toMatchObject({
      field: 'thresholds',
      message: expect.stringContaining('must rise'),
    });
    const preview = await kehu.previewRiskPolicy({
      policy: { ...settings, thresholds: { blue: 1, yellow: 2, orange: 3, red: 4 } },
    });
    expect(preview.ok).toBe(true);
    const saved = await kehu.saveRiskPolicy({ policy: { ...settings, graceDays: 5 }, note: 'seasonal buyers' });
    expect(saved.ok && saved.policy).toMatchObject({ version: 2, graceDays: 5, note: 'seasonal buyers' });
    expect((await t.db.meta.get('policy'))?.value).toMatchObject({ version: 2 });
    const info = await kehu.riskPolicy(undefined);
    expect(info.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(info.paths).toContain('thresholds.orange');
  });

  it('counts the customers whose level a candidate policy would change', async () => {
    const { t, kehu } = await seeded();
    const lines = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
    for (let w = 60; w >= 20; w--) lines.push(`acme,${iso(-w * 7).slice(0, 10)},order,1000,EUR,weekly,`);
    for (let w = 30; w >= 0; w--) lines.push(`sh,${iso(-w * 7 - 1).slice(0, 10)},order,500,CNY,weekly,`);
    await kehu.importText({ entity: 'interactions', format: 'csv', text: lines.join('\n') });
    const { current } = await kehu.riskPolicy(undefined);
    const { version: _v, createdAt: _c, createdBy: _b, note: _n, ...settings } = current;
    const same = await kehu.previewRiskPolicy({ policy: settings });
    expect(same.ok && same.preview).toMatchObject({ changed: 0, assessed: 2 });
    const harsh = await kehu.previewRiskPolicy({
      policy: { ...settings, thresholds: { blue: 0.1, yellow: 0.2, orange: 0.3, red: 0.4 } },
    });
    if (!harsh.ok) throw new Error('preview failed');
    expect(harsh.preview.after.red).toBeGreaterThan(harsh.preview.before.red);
    expect(harsh.preview.up).toBe(harsh.preview.changed);
    expect(await t.db.meta.get('policy')).toMatchObject({ value: { version: 1 } });
  });

  it('replays the last 90 days for the trend chart', async () => {
    const { kehu } = await seeded();
    const lines = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
    for (let w = 60; w >= 14; w--) lines.push(`acme,${iso(-w * 7).slice(0, 10)},order,1000,EUR,weekly,`);
    await kehu.importText({ entity: 'interactions', format: 'csv', text: lines.join('\n') });
    const risk = await kehu.riskOf({ customerId: 'acme' });
    expect(risk.trend).toHaveLength(13);
    expect(risk.trend[0]!.at).toBe(iso(-90));
    expect(risk.trend.at(-1)!.at).toBe(NOW.toISOString());
    // Silent since 14 weeks: the score only grows over the window.
    const scores = risk.trend.map((p) => p.score);
    expect(scores.at(-1)!).toBeGreaterThan(scores[0]!);
    expect(risk.policyVersion).toBe(1);
  });
});

describe('follow-ups, quick log, reminders and agenda', () => {
  it('plans, reminds once when due, and marks done', async () => {
    const { t, kehu } = await seeded();
    const soon = await kehu.planFollowUpFor({
      customerId: 'acme',
      dueAt: iso(-0.01),
      channel: 'phone',
      purpose: 'Call back about the delay',
    });
    const later = await kehu.planFollowUpFor({ customerId: 'sh', dueAt: iso(3), channel: 'visit', purpose: '季度拜访' });
    expect(soon.ok && later.ok).toBe(true);
    const notices: Notice[] = [];
    const notify = async (n: Notice) => void notices.push(n);
    expect(await checkReminders(t, notify, 'en')).toMatchObject({ followUps: [soon.ok ? soon.record.id : ''] });
    expect(notices).toEqual([
      expect.objectContaining({ title: 'Follow up with ACME Trading', message: 'Phone · Call back about the delay' }),
    ]);
    expect(customerOfNotice(notices[0]!.id)).toBe('acme');
    expect(await checkReminders(t, notify, 'en')).toMatchObject({ followUps: [], alerts: [] });
    expect(notices).toHaveLength(1);
    const list = await kehu.followUpsFor({ customerId: 'acme' });
    expect(list[0]).toMatchObject({ notifiedAt: NOW.toISOString(), done: false });
    await kehu.setFollowUpDoneOf({ id: list[0]!.id, done: true });
    expect((await kehu.followUpsFor({ customerId: 'acme' }))[0]).toMatchObject({ done: true, doneAt: NOW.toISOString() });
  });

  it('announces a new red alert once, and an escalation to red; many at once become one summary', async () => {
    const { t } = await seeded();
    const notices: Notice[] = [];
    const notify = async (n: Notice) => void notices.push(n);
    await t.db.alerts.bulkPut([redAlert('r1', 'acme'), redAlert('o1', 'sh', 'orange')]);
    expect((await checkReminders(t, notify, 'zh-CN')).alerts).toEqual(['r1']);
    expect(notices[0]).toMatchObject({ title: '红色预警：ACME Trading', message: '投诉' });
    expect((await checkReminders(t, notify, 'zh-CN')).alerts).toEqual([]);
    await t.db.alerts.put({ ...redAlert('o1', 'sh'), rev: 2 });
    expect((await checkReminders(t, notify, 'en')).alerts).toEqual(['o1']);
    await t.db.alerts.bulkPut([redAlert('x1', 'acme'), redAlert('x2', 'acme'), redAlert('x3', 'sh'), redAlert('x4', 'mu')]);
    notices.length = 0;
    expect((await checkReminders(t, notify, 'en')).alerts).toHaveLength(4);
    expect(notices).toEqual([expect.objectContaining({ title: '4 new red alerts' })]);
    expect(customerOfNotice(notices[0]!.id)).toBeNull();
  });

  it('logs a call or an order with its amount', async () => {
    const { t, kehu } = await seeded();
    const noAmount = await kehu.quickLog({ customerId: 'acme', kind: 'order', occurredAt: iso(-1) });
    expect(noAmount.ok === false && noAmount.errors[0]?.code).toBe('amount_required');
    const future = await kehu.quickLog({ customerId: 'acme', kind: 'call', occurredAt: iso(1) });
    expect(future.ok === false && future.errors[0]?.code).toBe('in_future');
    const order = await kehu.quickLog({
      customerId: 'acme',
      kind: 'order',
      occurredAt: iso(-1),
      amount: 2500,
      currency: 'eur',
      summary: 'Spring order',
    });
    expect(order.ok && order.record).toMatchObject({ kind: 'order', amount: 2500, currency: 'EUR', source: 'manual' });
    expect(t.changes.at(-1)).toEqual({ customerIds: ['acme'] });
  });

  it('lists the day: due follow-ups, alerts to work on (open or being handled), cases past due, customers per level', async () => {
    const { t, kehu } = await seeded();
    await kehu.planFollowUpFor({ customerId: 'acme', dueAt: iso(0.2), channel: 'email', purpose: 'Send the offer' });
    await kehu.planFollowUpFor({ customerId: 'acme', dueAt: iso(5), channel: 'email', purpose: 'Next week' });
    await t.db.alerts.bulkPut([
      redAlert('r1', 'acme'),
      redAlert('o1', 'sh', 'orange'),
      { ...redAlert('h1', 'mu'), status: 'handling' },
    ]);
    const late = await kehu.openCaseFor({ customerId: 'sh', title: '发票错误', dueAt: iso(1) });
    if (!late.ok) throw new Error('case');
    await t.db.cases.update(late.record.id, { dueAt: iso(-1) });
    const base = { asOf: NOW.toISOString(), contributions: [], trend: 'new' as const, policyVersion: 1, watched: false };
    await t.db.assessments.bulkPut([
      { ...base, customerId: 'acme', score: 80, level: 'red' },
      { ...base, customerId: 'sh', score: 50, level: 'orange' },
    ]);
    const day = await kehu.agendaToday({ endOfDay: iso(0.5) });
    expect(day.followUps.map((f) => [f.customerName, f.purpose])).toEqual([['ACME Trading', 'Send the offer']]);
    // Riskiest first; an alert being handled is still work to do.
    expect(day.alerts.map((a) => [a.id, a.customerName])).toEqual([
      ['h1', 'Müller GmbH'],
      ['r1', 'ACME Trading'],
      ['o1', '上海贸易有限公司'],
    ]);
    expect(day.overdueCases.map((c) => c.title)).toEqual(['发票错误']);
    expect(day.levels).toEqual({ none: 1, blue: 0, yellow: 0, orange: 1, red: 1 });
    expect(day.customers).toBe(3);
  });
});

describe('timeline', () => {
  it('lists every kind of event, newest first, with what a row shows', async () => {
    const { t, kehu } = await seeded();
    await kehu.importText({
      entity: 'interactions',
      format: 'csv',
      text: `customer_id,occurred_at,kind,amount,currency,summary,ref\nacme,2026-11-01,order,99.5,EUR,small order,\nacme,2026-10-01,call,,,checked in,`,
    });
    await kehu.importText({
      entity: 'responses',
      format: 'csv',
      text: 'id,kind,score,comment,respondent_email,customer_id,submitted_at\nr1,nps,3,slow,,acme,2026-11-10',
    });
    await kehu.openCaseFor({ customerId: 'acme', title: 'Late' });
    await t.db.alerts.put(redAlert('a1', 'acme'));
    await kehu.planFollowUpFor({ customerId: 'acme', dueAt: iso(2), channel: 'phone', purpose: 'Call' });
    const { events, truncated } = await kehu.timelineOf({ customerId: 'acme' });
    expect(truncated).toBe(0);
    // (The engine raises its own alerts on this history too, with the three-day rule's call-back;
    // the alert and follow-up stored here are among them.)
    const own = (e: { kind: string; id: string }) => (e.kind !== 'alert' || e.id === 'a1') && !e.id.endsWith('.callback');
    expect(events.filter(own).map((e) => e.kind)).toEqual(['followup', 'alert', 'case', 'survey', 'order', 'call']);
    expect(events.find((e) => e.kind === 'order')).toMatchObject({ amount: 99.5, currency: 'EUR', title: 'small order' });
    expect(events.find((e) => e.kind === 'survey')).toMatchObject({ type: 'nps', score: 3 });
  });
});

describe('erase all', () => {
  it('needs the confirmation word and erases every customer record, keeping the policy', async () => {
    const { t, kehu } = await seeded();
    await currentPolicy(t.db, NOW.toISOString());
    await expect(kehu.eraseEverything({ confirm: 'yes' } as never)).rejects.toThrow(/confirm/);
    const counts = await kehu.eraseEverything({ confirm: 'ERASE' });
    expect(counts).toMatchObject({ customers: 3, contacts: 2 });
    expect(await t.db.customers.count()).toBe(0);
    expect(await t.db.changes.count()).toBe(0);
    expect(await t.db.meta.get('policy')).toBeTruthy();
  });
});

describe('collector connection test', () => {
  const respond = (routes: Record<string, () => Response | Promise<Response>>) =>
    (async (url: string | URL | Request) => {
      const u = new URL(String(url));
      const handler = routes[u.pathname];
      if (!handler) return new Response('not found', { status: 404 });
      return handler();
    }) as typeof fetch;
  // The collector names its API version on every answer (Kehu-Api), as the sync transport checks.
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'kehu-api': '1' } });

  it('names each failure: address, unreachable, bad token, incompatible; and says when it works', async () => {
    expect(collectorBase('ftp://x')).toBeNull();
    expect(collectorBase(' https://kehu.example.com/ ')).toBe('https://kehu.example.com');
    expect(await checkCollector('not a url', 't')).toEqual({ ok: false, problem: 'address' });
    const down = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await checkCollector('https://kehu.example.com', 't', down)).toMatchObject({ ok: false, problem: 'unreachable' });
    const healthy = { '/healthz': () => new Response('ok') };
    expect(
      await checkCollector(
        'https://kehu.example.com',
        'bad',
        respond({ ...healthy, '/v1/changes': () => json({ error: 'no' }, 401) }),
      ),
    ).toMatchObject({ ok: false, problem: 'bad_token', status: 401 });
    expect(await checkCollector('https://kehu.example.com', 't', respond(healthy))).toMatchObject({
      ok: false,
      problem: 'incompatible',
      status: 404,
    });
    expect(
      await checkCollector('https://kehu.example.com', 't', respond({ ...healthy, '/v1/changes': () => json({ items: [] }) })),
    ).toMatchObject({ ok: false, problem: 'incompatible' });
    expect(
      await checkCollector('https://kehu.example.com', 't', respond({ '/healthz': () => new Response('down', { status: 503 }) })),
    ).toMatchObject({ ok: false, problem: 'unhealthy', status: 503 });
    let auth = '';
    const ok = await checkCollector('https://kehu.example.com/', ' secret ', (async (
      url: string | URL | Request,
      init?: RequestInit,
    ) => {
      if (String(url).endsWith('/healthz')) return new Response('ok');
      auth = (init?.headers as Record<string, string> | undefined)?.authorization ?? '';
      return json({ changes: [], next: 0, more: false });
    }) as typeof fetch);
    expect(ok).toEqual({ ok: true, changes: 0, more: false });
    expect(auth).toBe('Bearer secret');
  });
});
