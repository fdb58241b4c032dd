// Histories played day by day, as the extension would assess them: every indicator reachable,
// early warning before the silence is long, and the evidence readable in both languages.
import { describe, expect, it } from 'vitest';
import { LOCALES } from '#shared/i18n/locale.ts';
import { EVIDENCE_TEMPLATES, INDICATOR_LABELS, reasonsFor, reasonsLine, renderEvidence } from '#shared/i18n/evidence.ts';
import { levelRank } from '#shared/model/common.ts';
import { INDICATORS, type Alert, type Assessment } from '#shared/model/risk.ts';
import { PLAYBOOKS, alertsFor, playbookFor } from '#shared/risk/index.ts';
import type { CustomerHistory } from '#shared/risk/index.ts';
import { NOW, POLICY, ago, assess, contact, customer, history, interaction, kase, orders, response } from './helpers.ts';

const DAY = 86_400_000;

/** Assess every day for `days` days from NOW, chaining previous assessments and alerts like a store would. */
function playDaily(h: CustomerHistory, days: number, watched = false) {
  let previous: Assessment | null = null;
  let open: Alert[] = [];
  const timeline: { day: number; a: Assessment; alerts: Alert[] }[] = [];
  let id = 0;
  for (let day = 0; day <= days; day++) {
    const asOf = new Date(Date.parse(NOW) + day * DAY).toISOString();
    const a = assess(h, { asOf, previous, watched });
    const alerts = alertsFor(previous, a, open, { now: asOf, by: 'kehu', newId: () => `a${++id}`, policy: POLICY, locale: 'en' });
    open = [...open.filter((o) => !alerts.some((x) => x.id === o.id)), ...alerts];
    timeline.push({ day, a, alerts });
    previous = a;
  }
  return timeline;
}

const firstDay = (t: ReturnType<typeof playDaily>, test: (x: ReturnType<typeof playDaily>[number]) => boolean) =>
  t.find(test)?.day ?? Number.POSITIVE_INFINITY;

describe('a regular buyer who complains and then goes quiet', () => {
  // Weekly orders for a year; the last order today; a complaint by mail and a case due in three days.
  const weekly = () => orders(52, 7, 0, 400);
  const complained = history({
    interactions: [...weekly(), interaction('email_in', 0, { summary: 'The last delivery was late and damaged' })],
    cases: [kase(0, { title: 'Late, damaged delivery', severity: 'medium', dueAt: ago(-3) })],
  });
  const quiet = history({ interactions: weekly() });

  it('is flagged before the silence is long', () => {
    const t = playDaily(complained, 35);
    const alertDay = firstDay(t, (x) => x.alerts.length > 0);
    const yellowDay = firstDay(t, (x) => levelRank(x.a.level) >= levelRank('yellow'));
    const orangeDay = firstDay(t, (x) => levelRank(x.a.level) >= levelRank('orange'));
    expect(alertDay).toBeLessThanOrEqual(4); // the case passes its promised time: severe, an alert at once
    expect(yellowDay).toBeLessThanOrEqual(14); // two missed weekly orders
    expect(orangeDay).toBeLessThanOrEqual(21);
    const first = t.find((x) => x.alerts.length > 0)?.alerts[0];
    expect(first?.indicator).toBe('complaints');
    expect(first?.steps[0]?.text).toMatch(/Call the customer now/);
    // The explanation names the complaint and the silence.
    const reasons = reasonsFor(t[21]?.a as Assessment, 'en').map((r) => r.indicator);
    expect(reasons).toEqual(expect.arrayContaining(['complaints', 'contact_silence', 'negative_feedback']));
  });

  it('much sooner than silence alone would flag them', () => {
    const withComplaint = playDaily(complained, 42);
    const silenceOnly = playDaily(quiet, 42);
    const yellow = (t: ReturnType<typeof playDaily>) => firstDay(t, (x) => levelRank(x.a.level) >= levelRank('yellow'));
    expect(yellow(withComplaint)).toBeLessThan(yellow(silenceOnly));
    // Silence alone still raises a warning within a month.
    expect(firstDay(silenceOnly, (x) => x.a.level !== 'none')).toBeLessThanOrEqual(28);
  });

  it('a key customer’s new complaint is severe at once', () => {
    const key = { ...complained, customer: customer({ tier: 'key' }) };
    const t = playDaily(key, 2, true);
    expect(t[0]?.alerts.map((a) => a.indicator)).toContain('complaints');
  });
});

describe('every indicator is reachable and explained', () => {
  const everything = history({
    customer: customer({ credit: 'C', owner: 'Zhao', previousOwner: 'Qian', ownerSince: ago(30) }),
    contacts: [contact({ name: 'Wang Fang', key: true, status: 'left', leftAt: ago(20) }), contact()],
    interactions: [
      ...Array.from({ length: 30 }, (_, i) => interaction('order', 60 + i * 12, { amount: 1000 })),
      interaction('order', 45, { amount: 150 }),
      interaction('return', 40, { amount: 900 }),
      interaction('order', 50, { amount: 800, dueAt: ago(35) }),
      interaction('email_in', 44, { summary: '发货太慢，很失望' }),
    ],
    responses: [response('nps', 30, { score: 3 }), response('complaint', 25, { comment: 'Wrong items again' })],
    cases: [kase(15, { severity: 'high', dueAt: ago(5) })],
  });
  const a = assess(everything);

  it('fires all nine indicators from one history', () => {
    expect(a.contributions.map((c) => c.indicator).sort()).toEqual([...INDICATORS].sort());
    expect(a.score).toBe(100);
    expect(a.level).toBe('red');
  });

  it('renders every piece of evidence in zh-CN and en, with no placeholder left', () => {
    for (const locale of LOCALES) {
      for (const c of a.contributions) {
        for (const e of c.evidence) {
          const text = renderEvidence(e, locale);
          expect(text).not.toMatch(/[{}]/);
          expect(text.length).toBeGreaterThan(5);
        }
      }
    }
    const line = reasonsLine(a, 'zh-CN', 9);
    expect(line).toContain('购买间隔');
    expect(line).toContain('关键联系人 Wang Fang 已离职');
  });

  it('has a template for every code in both languages, and a label for every indicator', () => {
    expect(Object.keys(EVIDENCE_TEMPLATES.en).sort()).toEqual(Object.keys(EVIDENCE_TEMPLATES['zh-CN']).sort());
    for (const i of INDICATORS) for (const l of LOCALES) expect(INDICATOR_LABELS[l][i]).toBeTruthy();
    expect(renderEvidence({ code: 'purchase.recency', params: { days: 41, usual: 9, orders: 12 } }, 'en')).toBe(
      'last order 41 days ago; usually every 9 days (12 orders so far)',
    );
    expect(renderEvidence({ code: 'silence.rhythm', params: { days: 41, usual: 9 } }, 'zh-CN')).toBe(
      '上次联系在 41 天前；通常每 9 天联系一次',
    );
    expect(renderEvidence({ code: 'from.a.newer.engine', params: {} }, 'en')).toBe('signal from.a.newer.engine');
  });
});

describe('playbooks', () => {
  it('ship for every indicator and level, in zh-CN and en, sooner for higher levels', () => {
    for (const indicator of INDICATORS) {
      let lastDue = Number.POSITIVE_INFINITY;
      for (const level of ['blue', 'yellow', 'orange', 'red'] as const) {
        const en = playbookFor(indicator, level, 'en');
        const zh = playbookFor(indicator, level, 'zh-CN');
        expect(en.steps.length).toBeGreaterThanOrEqual(3);
        expect(zh.steps).toHaveLength(en.steps.length);
        expect(zh.steps.every((s) => /[\u4e00-\u9fff]/.test(s))).toBe(true);
        expect(en.steps.every((s) => !/[\u4e00-\u9fff]/.test(s))).toBe(true);
        expect(['isolate', 'suspend', 'eliminate', 'exploit']).toContain(en.strategy);
        expect(en.dueInHours).toBeLessThanOrEqual(lastDue);
        lastDue = en.dueInHours;
        expect(en.id).toBe(`${indicator}.${level}`);
      }
    }
    expect(Object.keys(PLAYBOOKS).sort()).toEqual([...INDICATORS].sort());
  });
});
