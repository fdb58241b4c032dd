// Import is forgiving where a person would be: a value outside a list ("quality" as a case category,
// "investigating" as a status, "VIP" as a tier) is read as the closest meaning, or as "other", and
// the row is kept with a warning line that names the original value. Rejections stay for what
// cannot be understood (no id, a date that is not a date).

/** Words people write for each list, mapped to the value they mean (lower-case keys). */
export const CLOSEST: Record<string, Record<string, string>> = {
  category: {
    quality: 'product',
    defect: 'product',
    defective: 'product',
    broken: 'product',
    faulty: 'product',
    goods: 'product',
    质量: 'product',
    产品: 'product',
    商品: 'product',
    support: 'service',
    customer_service: 'service',
    after_sales: 'service',
    服务: 'service',
    售后: 'service',
    shipping: 'delivery',
    shipment: 'delivery',
    logistics: 'delivery',
    late: 'delivery',
    late_delivery: 'delivery',
    transport: 'delivery',
    物流: 'delivery',
    发货: 'delivery',
    配送: 'delivery',
    交货: 'delivery',
    invoice: 'billing',
    invoicing: 'billing',
    payment: 'billing',
    price: 'billing',
    pricing: 'billing',
    refund: 'billing',
    账单: 'billing',
    发票: 'billing',
    价格: 'billing',
    付款: 'billing',
    attitude: 'staff',
    rude: 'staff',
    employee: 'staff',
    personnel: 'staff',
    态度: 'staff',
    员工: 'staff',
    人员: 'staff',
  },
  caseStatus: {
    investigating: 'analyse',
    investigation: 'analyse',
    in_progress: 'analyse',
    ongoing: 'analyse',
    escalated: 'analyse',
    analysing: 'analyse',
    analyzing: 'analyse',
    调查中: 'analyse',
    分析中: 'analyse',
    pending: 'listen',
    received: 'listen',
    待处理: 'listen',
    受理: 'listen',
    negotiating: 'negotiate',
    协商中: 'negotiate',
    fixing: 'carry_out',
    执行中: 'carry_out',
    following_up: 'follow_up',
    回访: 'follow_up',
    fixed: 'closed',
    solved: 'closed',
    complete: 'closed',
    completed: 'closed',
    已解决: 'closed',
    已完成: 'closed',
    结案: 'closed',
  },
  severity: {
    urgent: 'critical',
    blocker: 'critical',
    severe: 'critical',
    major: 'high',
    important: 'high',
    normal: 'medium',
    moderate: 'medium',
    minor: 'low',
    trivial: 'low',
    一般: 'medium',
    较高: 'high',
    轻微: 'low',
  },
  tier: {
    vip: 'key',
    key_account: 'key',
    key_customer: 'key',
    important: 'key',
    strategic: 'key',
    a: 'key',
    大客户: 'key',
    vip客户: 'key',
    重要客户: 'key',
    normal: 'general',
    regular: 'general',
    standard: 'general',
    ordinary: 'general',
    b: 'general',
    一般客户: 'general',
    普通客户: 'general',
    prospect: 'potential',
    lead: 'potential',
    潜在客户: 'potential',
    no_need: 'no-need',
    inactive: 'no-need',
    dormant: 'no-need',
    无需求客户: 'no-need',
    未分类: 'unclassified',
    not_classified: 'unclassified',
  },
};

/** The value of a list a cell means: itself, the closest meaning, or `fallback` (often "other"); with a warning when it was not in the list. */
export function closestValue(
  cell: string,
  allowed: readonly string[],
  table: Record<string, string> | undefined,
  fallback: string | undefined,
): { value: string | undefined; warning?: string; reason?: { code: string; params: Record<string, unknown> } } {
  const key = cell
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if (allowed.includes(key)) return { value: key };
  const hyphen = key.replace(/_/g, '-');
  if (allowed.includes(hyphen)) return { value: hyphen };
  const near = table?.[key] ?? table?.[cell.trim()];
  if (near && allowed.includes(near))
    return {
      value: near,
      warning: `"${cell}" is not one of ${allowed.join(', ')}: read as "${near}" (the closest meaning)`,
      reason: { code: 'read_as_closest', params: { value: cell, allowed: allowed.join(', '), read: near } },
    };
  if (fallback)
    return {
      value: fallback,
      warning: `"${cell}" is not one of ${allowed.join(', ')}: read as "${fallback}"; the original is kept`,
      reason: { code: 'read_as_fallback', params: { value: cell, allowed: allowed.join(', '), read: fallback } },
    };
  return {
    value: undefined,
    warning: `"${cell}" is not one of ${allowed.join(', ')}: left empty (the default applies); the original is kept`,
    reason: { code: 'left_empty', params: { value: cell, allowed: allowed.join(', ') } },
  };
}
