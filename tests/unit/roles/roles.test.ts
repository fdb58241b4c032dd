// Roles on alerts and cases: assignee and decision owner, escalation to the person with the
// authority (who becomes the decision owner and finds it addressed to them), what was said to the
// customer kept apart from internal notes, and the export columns that carry them.
import { describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS } from '#shared/codecs/export-columns.ts';
import { Alert, Case, caseIdForComplaint } from '#shared/model/index.ts';
import { changeRoles, escalationsTo } from '#shared/roles/index.ts';

const meta = { rev: 1, updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'li@team.example', deletedAt: null };
const alert = Alert.parse({
  id: 'a1',
  customerId: 'c1',
  indicator: 'complaints',
  level: 'orange',
  raisedAt: '2026-01-01T00:00:00.000Z',
  policyVersion: 1,
  actions: [{ at: '2026-01-01T01:00:00.000Z', note: 'internal: the batch was faulty' }],
  ...meta,
});
const kase = Case.parse({ id: 'k1', customerId: 'c1', title: 'Late delivery', openedAt: '2026-01-01T00:00:00.000Z', ...meta });
const ctx = { now: '2026-01-02T09:00:00.000Z', by: 'li@team.example' };

describe('roles', () => {
  it('records made before roles existed parse with empty escalations and log', () => {
    expect(alert).toMatchObject({ escalations: [], customerLog: [] });
    expect(alert.assignee).toBeUndefined();
  });

  it('assigns an assignee and a decision owner, and clears them', () => {
    const a = changeRoles(alert, { action: 'assign', assignee: 'li@team.example', decisionOwner: 'boss@team.example' }, ctx);
    expect(a).toMatchObject({ assignee: 'li@team.example', decisionOwner: 'boss@team.example', rev: 2, updatedAt: ctx.now });
    const cleared = changeRoles(a, { action: 'assign', decisionOwner: ' ' }, ctx);
    expect(cleared.decisionOwner).toBeUndefined();
    expect(cleared.assignee).toBe('li@team.example');
  });

  it('escalation makes the person escalated to the decision owner, and lists it for them only', () => {
    const a = changeRoles(alert, { action: 'escalate', to: 'Boss@team.example', note: 'refund above my limit' }, ctx);
    expect(a.decisionOwner).toBe('Boss@team.example');
    expect(a.escalations).toEqual([{ at: ctx.now, by: ctx.by, to: 'Boss@team.example', note: 'refund above my limit' }]);
    expect(escalationsTo([a, kase], 'boss@team.example').map((e) => [e.record.id, e.key])).toEqual([['a1', `a1@${ctx.now}`]]);
    expect(escalationsTo([a], 'li@team.example')).toEqual([]);
    // A resolved alert is no longer waiting for a decision.
    expect(escalationsTo([{ ...a, status: 'resolved' }], 'boss@team.example')).toEqual([]);
  });

  it('refuses an escalation without a person, to oneself, or on a closed case', () => {
    expect(() => changeRoles(alert, { action: 'escalate', to: '  ' }, ctx)).toThrow(/who to escalate to/);
    expect(() => changeRoles(alert, { action: 'escalate', to: 'LI@team.example' }, ctx)).toThrow(/yourself/);
    expect(() => changeRoles({ ...kase, status: 'closed' }, { action: 'escalate', to: 'boss@team.example' }, ctx)).toThrow(
      /closed/,
    );
  });

  it('what was said to the customer is a log of its own, apart from the internal notes', () => {
    const a = changeRoles(alert, { action: 'say', text: 'We will replace the batch by Friday.' }, ctx);
    expect(a.customerLog).toEqual([{ at: ctx.now, by: ctx.by, text: 'We will replace the batch by Friday.' }]);
    expect(a.actions).toEqual(alert.actions);
    expect(() => changeRoles(a, { action: 'say', text: '' }, ctx)).toThrow(/empty/);
    const k = changeRoles(kase, { action: 'say', text: 'Sorry for the delay.' }, ctx);
    expect(k.customerLog).toHaveLength(1);
  });

  it('exports assignee, decision owner, escalations and what was said, for alerts and cases', () => {
    const a = changeRoles(
      changeRoles(alert, { action: 'escalate', to: 'boss@team.example', note: 'refund' }, ctx),
      { action: 'say', text: 'Replacement on Friday' },
      ctx,
    );
    const row = Object.fromEntries(EXPORT_COLUMNS.alerts.map((c) => [c.name, c.value(a)]));
    expect(row).toMatchObject({
      decision_owner: 'boss@team.example',
      escalations: `${ctx.now} li@team.example → boss@team.example: refund`,
      said_to_customer: `${ctx.now} li@team.example: Replacement on Friday`,
    });
    expect(EXPORT_COLUMNS.cases.map((c) => c.name)).toEqual(
      expect.arrayContaining(['assignee', 'decision_owner', 'escalations', 'said_to_customer']),
    );
  });

  it('a complaint answer opens the case whose id every replica derives alike', () => {
    expect(caseIdForComplaint('resp-42')).toBe('fb-resp-42');
  });
});
