// Every string the extension shows, in zh-CN and en. Content scripts, the side panel and later
// pages share this catalog; `t(locale, key, params)` fills `{name}` placeholders.
import { format, type Locale, pickLocale } from '#shared/i18n/locale.ts';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import type { WarningLevel } from '#shared/model/common.ts';

export type { Locale };
export { pickLocale };

const en = {
  'badge.short.none': 'Customer',
  'badge.short.blue': 'Blue IV',
  'badge.short.yellow': 'Yellow III',
  'badge.short.orange': 'Orange II',
  'badge.short.red': 'Red I',
  'badge.aria': '{short}: {name}, {level}. Open in the side panel',
  'badge.add': 'Add',
  'badge.add.aria': 'Add {email} to Kehu',
  'badge.adding': 'Adding…',
  'badge.addFailed': 'Could not add: {error}',
  'page.aria': '{level}: this site belongs to customer {name}. Open in the side panel',
  'card.title': 'Kehu customer card',
  'card.contactOnly': 'Contact without a customer',
  'card.tier.key': 'Key customer',
  'card.tier.general': 'General customer',
  'card.tier.potential': 'Potential customer',
  'card.tier.no-need': 'No business need',
  'card.tier.unclassified': 'Not classified yet',
  'card.stage.exploring': 'Exploring',
  'card.stage.forming': 'Forming',
  'card.stage.stable': 'Stable',
  'card.stage.declining': 'Declining',
  'card.lastContact': 'Last contact',
  'card.never': 'none recorded',
  'card.openCases': 'Open cases',
  'card.noCases': 'none',
  'card.reasons': 'Warning reasons',
  'card.noReasons': 'No warning signals',
  'card.latestAnswer': 'Latest survey answer',
  'card.noAnswer': 'none',
  'card.score': 'Risk score {score}/100',
  'card.watched': 'Under key-account watch',
  'card.open': 'Open in side panel',
  'card.openToClassify': 'Open in side panel to classify',
  'card.loading': 'Loading…',
  'card.left': 'has left the company',
  'kind.email_in': 'email received',
  'kind.email_out': 'email sent',
  'kind.call': 'call',
  'kind.meeting': 'meeting',
  'kind.visit': 'visit',
  'kind.order': 'order',
  'kind.payment': 'payment',
  'kind.return': 'return',
  'kind.note': 'note',
  'response.nps': 'NPS {score}',
  'response.csat': 'CSAT {score}',
  'response.ces': 'Effort {score}',
  'response.suggestion': 'Suggestion',
  'response.complaint': 'Complaint',
  'response.praise': 'Praise',
  'response.exit': 'Exit survey',
  'indicator.contact_silence': 'Contact silence',
  'indicator.purchase_recency': 'No recent purchase',
  'indicator.spend_decline': 'Spend decline',
  'indicator.returns_rising': 'Returns rising',
  'indicator.complaints': 'Complaints',
  'indicator.satisfaction': 'Falling satisfaction',
  'indicator.negative_feedback': 'Negative feedback',
  'indicator.payment_overdue': 'Payment overdue',
  'indicator.people_change': 'People change',
  'panel.title': 'Kehu',
  'panel.empty': 'Click a customer badge in Gmail or Outlook to see the customer here.',
  'panel.notFound': 'This customer is no longer in Kehu.',
  'panel.contacts': 'Contacts',
  'panel.timeline': 'Recent history',
  'panel.noTimeline': 'Nothing recorded yet.',
  'panel.cases': 'Open cases',
  'panel.alerts': 'Open alerts',
  'panel.noAlerts': 'No open alerts.',
  'panel.settings': 'Settings',
  'panel.logEmails': 'Log opened emails from known contacts (sender, recipients, date, subject and link — never the body)',
  'panel.pages': 'Show badges on all web pages (asks for access to all sites; you can turn it off again)',
  'panel.language': 'Language',
  'panel.language.auto': 'Same as the browser',
  'panel.domains': 'Domains',
  'panel.due': 'due {date}',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  'badge.short.none': '客户',
  'badge.short.blue': '蓝 IV',
  'badge.short.yellow': '黄 III',
  'badge.short.orange': '橙 II',
  'badge.short.red': '红 I',
  'badge.aria': '{short}：{name}，{level}。在侧边栏中打开',
  'badge.add': '建档',
  'badge.add.aria': '将 {email} 添加到客户档案',
  'badge.adding': '正在添加…',
  'badge.addFailed': '添加失败：{error}',
  'page.aria': '{level}：本网站属于客户 {name}。在侧边栏中打开',
  'card.title': '客户资料卡',
  'card.contactOnly': '未关联客户的联系人',
  'card.tier.key': '重点客户',
  'card.tier.general': '一般客户',
  'card.tier.potential': '潜在客户',
  'card.tier.no-need': '无业务需求',
  'card.tier.unclassified': '尚未分类',
  'card.stage.exploring': '考察期',
  'card.stage.forming': '形成期',
  'card.stage.stable': '稳定期',
  'card.stage.declining': '衰退期',
  'card.lastContact': '最近联系',
  'card.never': '无记录',
  'card.openCases': '未结案件',
  'card.noCases': '无',
  'card.reasons': '预警原因',
  'card.noReasons': '暂无预警信号',
  'card.latestAnswer': '最近一次调查反馈',
  'card.noAnswer': '无',
  'card.score': '风险分 {score}/100',
  'card.watched': '重点客户监控中',
  'card.open': '在侧边栏中打开',
  'card.openToClassify': '在侧边栏中打开并分类',
  'card.loading': '加载中…',
  'card.left': '已离职',
  'kind.email_in': '来信',
  'kind.email_out': '去信',
  'kind.call': '电话',
  'kind.meeting': '会议',
  'kind.visit': '拜访',
  'kind.order': '订单',
  'kind.payment': '付款',
  'kind.return': '退货',
  'kind.note': '备注',
  'response.nps': 'NPS {score} 分',
  'response.csat': '满意度 {score} 分',
  'response.ces': '费力度 {score} 分',
  'response.suggestion': '建议',
  'response.complaint': '投诉',
  'response.praise': '表扬',
  'response.exit': '流失调查',
  'indicator.contact_silence': '联系中断',
  'indicator.purchase_recency': '近期未购买',
  'indicator.spend_decline': '消费下降',
  'indicator.returns_rising': '退货增加',
  'indicator.complaints': '投诉',
  'indicator.satisfaction': '满意度下降',
  'indicator.negative_feedback': '负面反馈',
  'indicator.payment_overdue': '逾期付款',
  'indicator.people_change': '人员变动',
  'panel.title': '客户',
  'panel.empty': '在 Gmail 或 Outlook 中点击客户标记，即可在此查看客户资料。',
  'panel.notFound': '该客户已不在档案中。',
  'panel.contacts': '联系人',
  'panel.timeline': '近期往来',
  'panel.noTimeline': '暂无记录。',
  'panel.cases': '未结案件',
  'panel.alerts': '未处理预警',
  'panel.noAlerts': '没有未处理的预警。',
  'panel.settings': '设置',
  'panel.logEmails': '打开已知联系人的邮件时自动记录往来（仅发件人、收件人、日期、主题和链接，从不保存正文）',
  'panel.pages': '在所有网页上显示客户标记（需授权访问所有网站，可随时关闭）',
  'panel.language': '语言',
  'panel.language.auto': '跟随浏览器',
  'panel.domains': '域名',
  'panel.due': '{date} 到期',
};

const CATALOG: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zh };

export function t(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOG[locale][key] ?? en[key], params);
}

/** Whether a catalog key exists (keys built from data: indicators, kinds). */
export function hasKey(key: string): key is MessageKey {
  return key in en;
}

export function levelLabel(locale: Locale, level: WarningLevel | 'unknown'): string {
  return LEVEL_LABELS[locale][level];
}

/** A date as the rep reads it: "3 Nov 2026" / "2026年11月3日". */
export function formatDate(locale: Locale, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

/** How long ago, in whole days: "41 days ago" / "41天前". */
export function formatAgo(locale: Locale, iso: string, now: Date): string {
  const days = Math.round((new Date(iso).getTime() - now.getTime()) / 86_400_000);
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
}

export const CATALOGS = CATALOG;
