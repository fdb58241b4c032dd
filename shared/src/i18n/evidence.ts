// Early-warning evidence as text a rep can read, in zh-CN and en: indicator names, strategies,
// alert statuses, and every evidence code the engine (shared/src/risk) produces.
import type { Assessment, AlertStatus, Evidence, Indicator, Strategy } from '../model/risk.ts';
import { type Locale, format } from './locale.ts';
import { type PluralForms, pluralForm } from './plural.ts';

export const INDICATOR_LABELS: Record<Locale, Record<Indicator, string>> = {
  en: {
    contact_silence: 'Contact silence',
    purchase_recency: 'Purchase recency',
    spend_decline: 'Spend decline',
    returns_rising: 'Returns rising',
    complaints: 'Complaints',
    satisfaction: 'Satisfaction',
    negative_feedback: 'Negative feedback',
    payment_overdue: 'Payment overdue',
    people_change: 'People change',
  },
  'zh-CN': {
    contact_silence: '联系中断',
    purchase_recency: '购买间隔',
    spend_decline: '采购量下降',
    returns_rising: '退货增多',
    complaints: '投诉',
    satisfaction: '满意度',
    negative_feedback: '负面反馈',
    payment_overdue: '付款逾期',
    people_change: '人员变动',
  },
};

export const STRATEGY_LABELS: Record<Locale, Record<Strategy, string>> = {
  en: { isolate: 'Isolate', suspend: 'Suspend', eliminate: 'Eliminate', exploit: 'Exploit' },
  'zh-CN': { isolate: '隔离', suspend: '中止', eliminate: '消除', exploit: '利用' },
};

/** What each strategy means for a rep (domain guide §1). */
export const STRATEGY_HINTS: Record<Locale, Record<Strategy, string>> = {
  en: {
    isolate: 'confine the problem to the smallest range: one owner, only the people affected, nothing spread further',
    suspend: 'the company stops the harmful thing itself, even at a loss: stop selling or shipping, recall',
    eliminate: 'remove the negative effect: find the cause, put it right, make good',
    exploit: 'in a crisis, honest conduct that turns it round: the facts told, the fault owned, more made good than asked',
  },
  'zh-CN': {
    isolate: '把问题控制在最小范围：一人负责，只涉及相关的人，不再扩散',
    suspend: '企业主动停止造成损害的事，即使蒙受损失：停售、停发、召回',
    eliminate: '消除负面影响：查明原因，予以纠正和补救',
    exploit: '危机中以诚实的行为扭转局面（变预警为生机）：如实说明、承担责任、超出要求地补救',
  },
};

export const ALERT_STATUS_LABELS: Record<Locale, Record<AlertStatus, string>> = {
  en: { open: 'Open', handling: 'Handling', resolved: 'Resolved', reviewed: 'Reviewed', dismissed: 'Dismissed' },
  'zh-CN': { open: '待处理', handling: '处理中', resolved: '已解决', reviewed: '已总结', dismissed: '已撤销' },
};

const SEVERITY: Record<Locale, Record<string, string>> = {
  en: { low: 'low', medium: 'medium', high: 'high', critical: 'critical' },
  'zh-CN': { low: '低', medium: '中', high: '高', critical: '严重' },
};

type Code =
  | 'silence.rhythm'
  | 'silence.cadence'
  | 'purchase.recency'
  | 'purchase.first_order'
  | 'purchase.season'
  | 'decline.spend'
  | 'decline.orders'
  | 'returns.share'
  | 'complaint.open'
  | 'complaint.overdue'
  | 'complaint.key_customer'
  | 'complaint.unsatisfied'
  | 'complaint.feedback'
  | 'satisfaction.nps'
  | 'satisfaction.csat'
  | 'satisfaction.ces'
  | 'satisfaction.exit'
  | 'satisfaction.falling'
  | 'feedback.negative'
  | 'payment.overdue'
  | 'payment.overdue_count'
  | 'payment.credit'
  | 'people.key_contact_left'
  | 'people.contact_left'
  | 'people.no_active_contact'
  | 'people.owner_changed';

/**
 * Every evidence code the engine produces, as a template with `{param}` placeholders. A template
 * that counts something gives its plural forms, chosen by the evidence's `count` param.
 */
export const EVIDENCE_TEMPLATES: Record<Locale, Record<Code, string | PluralForms>> = {
  en: {
    'silence.rhythm': 'last contact {days} days ago; usually every {usual} days',
    'silence.cadence': 'last contact {days} days ago; agreed cadence every {usual} days',
    'purchase.recency': 'last order {days} days ago; usually every {usual} days ({orders} orders so far)',
    'purchase.first_order': 'only one order so far, {days} days ago; no repeat order yet',
    'purchase.season': 'ordered in the same weeks last year ({date}): expected back by {due}, so the silence counts less',
    'decline.spend': 'spend in the last {window} days {recent}, {pct}% below the usual {usual}',
    'decline.orders': '{recent} orders in the last {window} days, {pct}% below the usual {usual}',
    'returns.share': {
      one: 'returns are {share}% of orders in the last {window} days ({count} return); usually {usual}%',
      other: 'returns are {share}% of orders in the last {window} days ({count} returns); usually {usual}%',
    },
    'complaint.open': 'open case “{title}” ({severity}), opened {days} days ago',
    'complaint.overdue': 'case “{title}” is {days} days past the time promised to the customer',
    'complaint.key_customer': 'new complaint from a key customer: “{title}”',
    'complaint.unsatisfied': 'case “{title}” closed with the customer unhappy ({score}/5)',
    'complaint.feedback': {
      one: '{count} complaint through feedback in the last {days} days',
      other: '{count} complaints through feedback in the last {days} days',
    },
    'satisfaction.nps': 'NPS answer {score}/10 on {date} (detractor)',
    'satisfaction.csat': 'satisfaction {score}/5 on {date}',
    'satisfaction.ces': 'effort score {score}/7 on {date}: hard to deal with us',
    'satisfaction.exit': 'exit survey answered on {date}',
    'satisfaction.falling': 'satisfaction falling across {count} answers: from {from}% to {to}%',
    'feedback.negative': {
      one: 'negative words in feedback: {words} ({count} text, latest {date})',
      other: 'negative words in feedback: {words} ({count} texts, latest {date})',
    },
    'payment.overdue': {
      one: '{count} payment overdue, by {days} days ({amount})',
      other: '{count} payments overdue, the oldest by {days} days ({amount} in total)',
    },
    'payment.overdue_count': {
      one: '{count} payment overdue, by {days} days',
      other: '{count} payments overdue, the oldest by {days} days',
    },
    'payment.credit': 'credit grade {grade}',
    'people.key_contact_left': 'key contact {name} left {date}',
    'people.contact_left': 'contact {name} left {date}',
    'people.no_active_contact': 'no active contact left at this customer',
    'people.owner_changed': 'account owner changed from {from} to {to} on {date}',
  },
  'zh-CN': {
    'silence.rhythm': '上次联系在 {days} 天前；通常每 {usual} 天联系一次',
    'silence.cadence': '上次联系在 {days} 天前；约定每 {usual} 天联系一次',
    'purchase.recency': '上次下单在 {days} 天前；通常每 {usual} 天下单一次（累计 {orders} 单）',
    'purchase.first_order': '仅有一笔订单，在 {days} 天前；尚未复购',
    'purchase.season': '去年同期（{date}）有订单：预计 {due} 前回购，沉默期计得较轻',
    'decline.spend': '近 {window} 天采购额 {recent}，比通常的 {usual} 低 {pct}%',
    'decline.orders': '近 {window} 天下单 {recent} 次，比通常的 {usual} 次低 {pct}%',
    'returns.share': '近 {window} 天退货占订单的 {share}%（{count} 笔退货）；通常为 {usual}%',
    'complaint.open': '未结案件“{title}”（{severity}），{days} 天前登记',
    'complaint.overdue': '案件“{title}”已超过对客户承诺的时间 {days} 天',
    'complaint.key_customer': '重点客户的新投诉：“{title}”',
    'complaint.unsatisfied': '案件“{title}”结案时客户不满意（{score}/5）',
    'complaint.feedback': '近 {days} 天通过反馈收到 {count} 条投诉',
    'satisfaction.nps': '{date} 的 NPS 评分 {score}/10（批评者）',
    'satisfaction.csat': '{date} 的满意度 {score}/5',
    'satisfaction.ces': '{date} 的费力度评分 {score}/7：客户觉得与我们打交道费力',
    'satisfaction.exit': '{date} 填写了流失调查',
    'satisfaction.falling': '满意度在 {count} 次回答中下降：从 {from}% 降到 {to}%',
    'feedback.negative': '反馈中的负面词：{words}（{count} 条，最近一条 {date}）',
    'payment.overdue': '{count} 笔付款逾期，最久的逾期 {days} 天（共 {amount}）',
    'payment.overdue_count': '{count} 笔付款逾期，最久的逾期 {days} 天',
    'payment.credit': '信用等级 {grade}',
    'people.key_contact_left': '关键联系人 {name} 已离职 {date}',
    'people.contact_left': '联系人 {name} 已离职 {date}',
    'people.no_active_contact': '该客户已没有在职的联系人',
    'people.owner_changed': '客户负责人于 {date} 由 {from} 变更为 {to}',
  },
};

const UNKNOWN: Record<Locale, string> = { en: 'signal {code}', 'zh-CN': '信号 {code}' };

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number for a sentence: grouped, whole from 100 up, one decimal below. Formatters are made once. */
function formatNumber(n: number, locale: Locale): string {
  const digits = Math.abs(n) >= 100 ? 0 : 1;
  const key = `${locale}|${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** One piece of evidence as a sentence. An unknown code (from a newer engine) is shown as its code. */
export function renderEvidence(evidence: Evidence, locale: Locale): string {
  const forms = (EVIDENCE_TEMPLATES[locale] as Record<string, string | PluralForms | undefined>)[evidence.code];
  const count = evidence.params?.count;
  const template = typeof forms === 'object' ? pluralForm(locale, typeof count === 'number' ? count : Number.NaN, forms) : forms;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(evidence.params ?? {})) {
    if (k === 'severity' && typeof v === 'string') params[k] = SEVERITY[locale][v] ?? v;
    else params[k] = typeof v === 'number' ? formatNumber(v, locale) : v;
  }
  if (!template) return format(UNKNOWN[locale], { code: evidence.code });
  return format(template, params).replace(/\s+$/, '').replace(/ {2,}/g, ' ');
}

/** A warning reason: the indicator, its points, and its evidence as sentences. */
export interface Reason {
  indicator: Indicator;
  label: string;
  points: number;
  evidence: string[];
}

/** The strongest reasons behind an assessment (contributions are already strongest first). */
export function reasonsFor(
  assessment: Pick<Assessment, 'contributions'>,
  locale: Locale,
  limit = Number.POSITIVE_INFINITY,
): Reason[] {
  return assessment.contributions.slice(0, limit).map((c) => ({
    indicator: c.indicator,
    label: INDICATOR_LABELS[locale][c.indicator],
    points: c.points,
    evidence: c.evidence.map((e) => renderEvidence(e, locale)),
  }));
}

/** The reasons as one short line: "Purchase recency (44): last order 120 days ago; …; Complaints (12): …". */
export function reasonsLine(assessment: Pick<Assessment, 'contributions'>, locale: Locale, limit = 3): string {
  const sep = locale === 'zh-CN' ? '；' : '; ';
  return reasonsFor(assessment, locale, limit)
    .map((r) => `${r.label} (${formatNumber(r.points, locale)}): ${r.evidence.join(sep)}`)
    .join(locale === 'zh-CN' ? '。' : ' | ');
}
