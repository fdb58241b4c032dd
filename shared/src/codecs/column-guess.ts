// Guessing which column of a user's spreadsheet is which interchange field, from header names in
// Chinese or English (客户名称 → name, 邮箱 → emails, 金额 → amount …). The import screen shows
// the guess and lets the rep change it; the result feeds the interchange mapper unchanged.
import type { ImportEntity } from '../model/interchange.ts';
import { INTERCHANGE_COLUMNS } from './interchange.ts';

/** Header words people use for each field, most specific first. Compared after `squash()`. */
const SYNONYMS: Record<ImportEntity, Record<string, string[]>> = {
  customers: {
    id: ['id', 'customerid', 'customerno', 'customercode', '客户编号', '客户id', '客户代码', '客户号', '编号'],
    name: [
      'name',
      'customername',
      'company',
      'companyname',
      'customer',
      'account',
      '客户名称',
      '客户名',
      '公司名称',
      '公司',
      '单位名称',
      '名称',
      '客户',
    ],
    domains: ['domains', 'domain', 'website', 'web', 'url', '域名', '网址', '网站', '公司网址'],
    industry: ['industry', 'sector', '行业', '行业分类', '所属行业'],
    tier: ['tier', 'level', 'class', 'category', 'segment', '客户级别', '客户分类', '客户类型', '级别', '分类', '类别'],
    stage: ['stage', 'lifecycle', 'lifecyclestage', '阶段', '生命周期', '客户阶段'],
    owner: ['owner', 'accountowner', 'rep', 'salesrep', 'manager', '负责人', '客户经理', '销售', '业务员', '跟进人'],
    cadence_days: ['cadencedays', 'cadence', 'contactcycle', '联系周期', '回访周期', '跟进周期'],
    tags: ['tags', 'tag', 'labels', '标签'],
    notes: ['notes', 'note', 'remarks', 'comment', 'comments', '备注', '说明', '附注'],
    value: ['value', 'revenue', 'annualrevenue', '年销售额', '销售额', '营收', '价值'],
    currency: ['currency', '币种', '货币'],
    // The key-customer work: the exported column names, and the practice's words.
    needs: ['needs', 'industryneeds', '行业需求'],
    requirements: ['requirements', 'businessrequirements', '业务要求', '业务需求'],
    workload: ['workload', '工作量', '工作量与期限'],
    contact_analysis: ['contactanalysis', '联系人分析'],
    long_term_volume: ['longtermvolume', '长期业务量'],
    plan_who: ['planwho', '联系人安排', '由谁联系'],
    plan_when: ['planwhen', '何时联系'],
    plan_how: ['planhow', '联系方式安排', '如何联系'],
  },
  contacts: {
    id: ['id', 'contactid', 'contactno', '联系人编号', '联系人id', '编号'],
    customer_id: [
      'customerid',
      'customerno',
      'customer',
      'company',
      'account',
      '客户编号',
      '客户id',
      '所属客户',
      '客户代码',
      '客户',
    ],
    name: ['name', 'contactname', 'fullname', 'contact', '姓名', '联系人姓名', '联系人', '名字'],
    emails: ['emails', 'email', 'emailaddress', 'mail', 'e-mail', '邮箱', '电子邮箱', '电子邮件', '邮件地址', '邮件'],
    phones: [
      'phones',
      'phone',
      'mobile',
      'tel',
      'telephone',
      'cell',
      '电话',
      '手机',
      '手机号',
      '联系电话',
      '手机号码',
      '电话号码',
    ],
    title: ['title', 'jobtitle', 'position', '职位', '职务', '头衔'],
    role: ['role', '角色', '决策角色'],
    status: ['status', 'state', '状态', '在职状态'],
    notes: ['notes', 'note', 'remarks', '备注', '说明'],
  },
  interactions: {
    customer_id: ['customerid', 'customerno', 'customer', 'account', '客户编号', '客户id', '客户代码', '客户'],
    occurred_at: [
      'occurredat',
      'date',
      'datetime',
      'time',
      'timestamp',
      'invoicedate',
      'orderdate',
      '日期',
      '时间',
      '发生时间',
      '日期时间',
      '下单时间',
      '订单日期',
      '交易日期',
    ],
    kind: ['kind', 'type', 'activity', 'activitytype', '类型', '方式', '活动类型', '记录类型'],
    amount: ['amount', 'total', 'sum', 'value', 'price', '金额', '总额', '合计', '订单金额', '总金额', '价格'],
    currency: ['currency', '币种', '货币'],
    summary: ['summary', 'subject', 'description', 'details', 'content', '摘要', '主题', '内容', '描述', '说明'],
    ref: ['ref', 'reference', 'invoiceno', 'invoice', 'orderno', 'orderid', '单号', '订单号', '发票号', '参考号'],
    id: ['id', 'recordid', '记录编号'],
  },
  responses: {
    id: ['id', 'responseid', '编号'],
    kind: ['kind', 'type', 'survey', '类型', '问卷类型'],
    score: ['score', 'rating', '评分', '分数', '打分'],
    comment: ['comment', 'comments', 'feedback', 'text', '意见', '评论', '反馈', '内容'],
    respondent_email: ['respondentemail', 'email', '邮箱', '电子邮件'],
    customer_id: ['customerid', 'customer', '客户编号', '客户'],
    submitted_at: ['submittedat', 'date', 'time', 'submitted', '提交时间', '日期', '时间'],
  },
  cases: {
    id: ['id', 'caseid', 'caseno', 'ticket', '编号', '工单号', '投诉编号'],
    customer_id: ['customerid', 'customer', '客户编号', '客户'],
    title: ['title', 'subject', 'summary', '标题', '主题', '投诉内容', '问题'],
    category: ['category', 'type', '类别', '分类', '投诉类型'],
    severity: ['severity', 'priority', '严重程度', '优先级', '紧急程度'],
    status: ['status', 'state', '状态', '处理状态'],
    opened_at: ['openedat', 'opened', 'created', 'date', '受理时间', '投诉时间', '创建时间', '日期'],
    due_at: ['dueat', 'due', 'deadline', '截止时间', '承诺时间', '期限'],
    closed_at: ['closedat', 'closed', 'resolved', '关闭时间', '结案时间', '解决时间'],
  },
};

/** Lower-case, without spaces, underscores, dashes, dots or brackets, so "Customer ID" = "customer_id". */
function squash(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .toLowerCase()
    .replace(/[\s_\-.:：()（）[\]/\\]+/g, '');
}

/** For each interchange column, the index of the header that most likely holds it (absent when none). */
export type ColumnMapping = Record<string, number>;

export function guessColumns(entity: ImportEntity, header: readonly string[]): ColumnMapping {
  const squashed = header.map(squash);
  const synonyms = SYNONYMS[entity];
  const columns = [...INTERCHANGE_COLUMNS[entity].required, ...INTERCHANGE_COLUMNS[entity].optional].filter((c) => c in synonyms);
  const taken = new Set<number>();
  const mapping: ColumnMapping = {};
  // Pass 1: exact names (the documented column name itself, then synonyms in order).
  // Pass 2: a header that contains a synonym of 2+ characters (e.g. "联系人邮箱" contains "邮箱").
  for (const pass of ['exact', 'contains'] as const) {
    for (const column of columns) {
      if (column in mapping) continue;
      const words = [squash(column), ...(synonyms[column] ?? []).map(squash)];
      for (const word of words) {
        const i = squashed.findIndex(
          (h, idx) => !taken.has(idx) && (pass === 'exact' ? h === word : word.length >= 2 && h.includes(word)),
        );
        if (i !== -1) {
          mapping[column] = i;
          taken.add(i);
          break;
        }
      }
    }
  }
  return mapping;
}

/**
 * The header the interchange mapper should see for a chosen mapping: mapped columns get their
 * interchange name, every other column an empty name (ignored).
 */
export function mappedHeader(header: readonly string[], mapping: ColumnMapping): string[] {
  const out = header.map(() => '');
  for (const [column, index] of Object.entries(mapping)) if (index >= 0 && index < out.length) out[index] = column;
  return out;
}

/** Required interchange columns the mapping leaves without a source column. */
export function unmappedRequired(entity: ImportEntity, mapping: ColumnMapping): string[] {
  return INTERCHANGE_COLUMNS[entity].required.filter((c) => mapping[c] === undefined);
}
