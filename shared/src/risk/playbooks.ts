// Playbooks (预案): a prepared countermeasure for every indicator and level, so handling can start
// at once. A playbook is a starting point: the rep edits the steps to the case. Blue and yellow
// use the indicator's first-response plan; orange and red its escalation plan, with a shorter due time.
//
// The four strategies mean what the practice means (domain guide §1):
// * 隔离 isolate — confine the problem to the smallest range: one owner, the people directly affected,
//   nobody told who need not be; keep it from reaching linked contacts and accounts.
// * 中止 suspend — the company itself stops the harmful thing, even at a loss: stop selling or shipping
//   a faulty product, recall a batch, withdraw a wrong offer. Never a demand on the customer.
// * 消除 eliminate — remove the negative effect: find the cause, put it right, make good.
// * 利用 exploit — in a real crisis, honest conduct (the facts told, the fault owned, more made good
//   than was asked) that turns it round (变预警为生机). Not routine sales outreach.
// The strategy suggested for each indicator and level is in SUGGESTED_STRATEGY; every plan also states
// the limit of a rep's own authority, beyond which the decision owner decides.
import type { WarningLevel } from '../model/common.ts';
import type { Indicator, Strategy } from '../model/risk.ts';
import type { Locale } from '../i18n/locale.ts';
import type { Plan as TeamPlan } from '../model/plan.ts';

export interface Playbook {
  /** `indicator.level` (a team plan: `indicator.level@vN`, its version), stored on the alert as playbookId. */
  id: string;
  indicator: Indicator;
  level: WarningLevel;
  title: string;
  /** The suggested strategy; the rep chooses when handling starts. */
  strategy: Strategy;
  /** Hours from raising the alert to its due time. */
  dueInHours: number;
  steps: string[];
  /** What a rep may do on their own authority; beyond it the decision owner decides. */
  authority: string;
  /** Kehu's own playbook, or the team's plan (and its version) that replaces it. */
  source: 'built-in' | 'team';
  version?: number;
}

type Text = Record<Locale, string>;
interface Plan {
  steps: Text[];
  authority: Text;
}
interface Entry {
  title: Text;
  /** Blue and yellow. */
  respond: Plan;
  /** Orange and red. */
  escalate: Plan;
}

/** Start at once: delay lets a problem spread. Red within 4 hours, orange the same day, yellow in three days, blue within the week. */
export const DUE_IN_HOURS: Record<WarningLevel, number> = { none: 168, blue: 168, yellow: 72, orange: 24, red: 4 };

type Alarm = Exclude<WarningLevel, 'none'>;
const all = (s: Strategy): Record<Alarm, Strategy> => ({ blue: s, yellow: s, orange: s, red: s });

/**
 * The strategy suggested per indicator and level. Most warnings are about removing a negative
 * effect (消除). Returns: the company stops shipping what comes back (中止). Complaints and negative
 * words are first kept to the smallest circle (隔离); a red complaint or a collapse in satisfaction
 * is a crisis where only honest conduct turns it round (利用).
 */
export const SUGGESTED_STRATEGY: Record<Indicator, Record<Alarm, Strategy>> = {
  contact_silence: all('eliminate'),
  purchase_recency: all('eliminate'),
  spend_decline: all('eliminate'),
  returns_rising: { blue: 'eliminate', yellow: 'suspend', orange: 'suspend', red: 'suspend' },
  complaints: { blue: 'isolate', yellow: 'isolate', orange: 'eliminate', red: 'exploit' },
  satisfaction: { blue: 'eliminate', yellow: 'eliminate', orange: 'eliminate', red: 'exploit' },
  negative_feedback: { blue: 'isolate', yellow: 'isolate', orange: 'isolate', red: 'eliminate' },
  payment_overdue: all('eliminate'),
  people_change: { blue: 'eliminate', yellow: 'eliminate', orange: 'isolate', red: 'isolate' },
};

const t = (en: string, zh: string): Text => ({ en, 'zh-CN': zh });

export const PLAYBOOKS: Record<Indicator, Entry> = {
  contact_silence: {
    title: t('The customer has gone quiet', '客户联系中断'),
    respond: {
      steps: [
        t(
          'Call the customer back: past their usual cycle is the moment to ask, not to wait.',
          '回访客户：超过惯常周期就该主动询问，而不是等待。',
        ),
        t(
          'Ask how things are going and whether anything changed on their side: people, plans, suppliers, a problem with us.',
          '询问近况，以及对方是否有变化：人员、计划、供应商，或对我方有不满。',
        ),
        t(
          'If something on our side caused it, put it right and tell them what you did.',
          '如果原因在我方，予以纠正并告知客户所做的处理。',
        ),
        t('Log the call and plan the next contact at their usual rhythm.', '记录这次回访，并按客户的惯常节奏安排下次联系。'),
      ],
      authority: t(
        'On your own: call, visit, offer help with an open order or delivery. Discounts or terms: the decision owner.',
        '自行决定：致电、拜访、协助处理未完成的订单或交货。折扣或条款变更：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t('Reach the decision maker directly today, by phone or a visit.', '今天直接联系决策人，电话或上门拜访。'),
        t(
          'Find the cause of the silence: a problem with us, a change at the customer, a competitor.',
          '查明中断原因：我方问题、客户变化还是竞争对手。',
        ),
        t(
          'If something went wrong on our side, say so, apologise and make it good.',
          '如果是我方出了问题，如实说明、道歉并予以补救。',
        ),
        t('Agree a next step with a date and log it as a follow-up.', '约定带日期的下一步，并记录为跟进事项。'),
      ],
      authority: t(
        'On your own: apologise, redo or replace within the order in question. More than that: the decision owner.',
        '自行决定：道歉、在相关订单范围内重做或更换。超出此范围：由决策负责人决定。',
      ),
    },
  },
  purchase_recency: {
    title: t('Orders have stopped', '客户停止下单'),
    respond: {
      steps: [
        t(
          'Look at what they bought and when, and what they would usually need by now.',
          '查看客户购买的商品和时间，判断其此时通常需要什么。',
        ),
        t(
          'Ask the customer why no order came: a need that changed, a problem with the last delivery, another supplier.',
          '询问客户为何没有下单：需求变化、上次交货有问题，还是换了供应商。',
        ),
        t(
          'Remove what stands in the way: fix the delivery, the invoice or the product problem they name.',
          '消除障碍：解决客户指出的交货、发票或产品问题。',
        ),
      ],
      authority: t(
        'On your own: fix deliveries, invoices and replacements within the last order. Price or terms: the decision owner.',
        '自行决定：在上一订单范围内处理交货、发票和换货。价格或条款：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t('Call the customer today and ask directly why the orders stopped.', '今天致电客户，直接询问停止下单的原因。'),
        t(
          'Check our side: open complaints, late deliveries, returns, price changes.',
          '检查我方：未结投诉、延迟交货、退货、价格变化。',
        ),
        t(
          'Offer a concrete remedy for what went wrong; escalate to the decision owner if it exceeds your authority.',
          '针对问题提出具体补救；超出权限时上报决策负责人。',
        ),
        t(
          'If they moved to a competitor, ask what would bring them back and record the reason.',
          '如已转向竞争对手，询问怎样才能赢回，并记录原因。',
        ),
      ],
      authority: t(
        'On your own: a remedy up to the value of the order that went wrong. Beyond it: the decision owner.',
        '自行决定：不超过出问题订单金额的补救。超出部分：由决策负责人决定。',
      ),
    },
  },
  spend_decline: {
    title: t('Buying less than usual', '采购量下降'),
    respond: {
      steps: [
        t(
          'Compare recent orders with their usual ones: which products or volumes dropped?',
          '对比近期与以往订单：哪些商品或数量下降了？',
        ),
        t(
          'Ask whether their needs changed or part of the business went to another supplier, and why.',
          '询问客户需求是否变化，或部分业务是否转给了其他供应商，以及原因。',
        ),
        t('Put right any quality, delivery or service problem behind the drop.', '纠正导致下降的质量、交货或服务问题。'),
      ],
      authority: t(
        'On your own: fix service and delivery problems. Volume terms or prices: the decision owner.',
        '自行决定：解决服务和交货问题。量价条款或价格：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          'Meet the decision maker to review the account and the reasons for the drop.',
          '与决策人会面，回顾合作情况和下降原因。',
        ),
        t(
          'Fix every service, quality or price problem they name, each with a date.',
          '对客户指出的服务、质量或价格问题逐项给出带日期的解决方案。',
        ),
        t('Agree a plan to win back the lost volume, and follow it item by item.', '约定挽回采购量的计划，并逐项落实。'),
      ],
      authority: t(
        'On your own: the meeting and the service fixes. Any change of price or terms: the decision owner.',
        '自行决定：会面和服务方面的改进。任何价格或条款变更：由决策负责人决定。',
      ),
    },
  },
  returns_rising: {
    title: t('Returns are rising', '退货增多'),
    respond: {
      steps: [
        t('Find which products and which reasons are behind the returns.', '查明退货涉及的商品和原因。'),
        t(
          'Stop shipping the affected product or batch to this customer ourselves until the cause is known, even if the sale is lost.',
          '在原因查明前，我方主动停止向该客户发运有问题的商品或批次，即使因此损失销售。',
        ),
        t(
          'Replace or refund what came back, and tell the customer what you found.',
          '为退回的商品换货或退款，并告知客户调查结果。',
        ),
      ],
      authority: t(
        "On your own: stop this customer's shipments of the product, replace or refund the returned goods. Stopping sales to others: the decision owner.",
        '自行决定：停止向该客户发运该商品，为退货换货或退款。停止向其他客户销售：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          'Stop selling the product or batch to every customer now, and recall what was shipped if it is faulty — even at a loss.',
          '立即停止向所有客户销售该商品或批次；如有缺陷，召回已发货的商品——即使造成损失。',
        ),
        t(
          'Tell the customers who received it plainly what is wrong and what we are doing.',
          '如实告知已收货的客户问题所在和我方的处理措施。',
        ),
        t('Agree a replacement or refund with each of them quickly.', '尽快与每位客户商定换货或退款。'),
        t(
          'Report the cause to the product or quality owner and follow it to a fix before selling again.',
          '将原因报告给产品或质量负责人，跟进到问题解决后再恢复销售。',
        ),
      ],
      authority: t(
        'A stop of sales or a recall is decided by the decision owner today; you prepare the list of customers and shipments.',
        '停售或召回由决策负责人当天决定；你负责整理涉及的客户和发货清单。',
      ),
    },
  },
  complaints: {
    title: t('A complaint needs handling', '投诉待处理'),
    respond: {
      steps: [
        t(
          'Keep it to the smallest circle: one owner, in direct contact with the person who complained.',
          '把问题控制在最小范围：由一人负责，直接与投诉人联系。',
        ),
        t('Confirm the problem with the customer and listen to the whole story.', '与客户确认问题，完整倾听。'),
        t('Ask what resolution they want; promise nothing you are unsure of.', '询问客户期望的解决方式；不做没有把握的承诺。'),
        t('Analyse the cause with colleagues, agree the resolution and carry it out.', '与同事分析原因，商定解决方案并执行。'),
        t('Follow up on the result and tell the customer what was done.', '跟踪处理结果，并告知客户处理情况。'),
      ],
      authority: t(
        'On your own: apologise, redo, replace or credit up to the value of the order complained about. More: the decision owner.',
        '自行决定：道歉、重做、更换或在投诉订单金额内抵扣。超出：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          'Call the customer now: tell the facts as they are, own our part, apologise.',
          '立即致电客户：如实说明事实，承认我方责任，道歉。',
        ),
        t(
          'Escalate to the decision owner; keep internal notes apart from what is said to the customer.',
          '上报决策负责人；内部记录与对客户的说法分开。',
        ),
        t(
          'Make good fully and quickly — more than was asked where we were at fault — and give a date.',
          '迅速、充分地补救——我方有错时超出客户的要求——并给出日期。',
        ),
        t(
          'Carry out the remedy and follow up until the customer confirms it is settled; record what changes so it does not happen again.',
          '落实补救，跟进直到客户确认问题解决；记录改进措施，避免再次发生。',
        ),
      ],
      authority: t(
        "The decision owner decides the remedy beyond the order's value and any public statement; you keep the customer informed.",
        '超出订单金额的补救和任何对外说明由决策负责人决定；你负责让客户随时了解进展。',
      ),
    },
  },
  satisfaction: {
    title: t('Satisfaction has fallen', '满意度下降'),
    respond: {
      steps: [
        t('Read the answer and its comment; thank the customer for the honest feedback.', '阅读评分和评论；感谢客户坦诚反馈。'),
        t('Call to understand what went wrong and what it cost them.', '致电了解问题所在及对客户造成的影响。'),
        t('Fix the cause and tell them what changed because of their answer.', '解决问题，并告知客户因其反馈做出的改变。'),
      ],
      authority: t(
        'On your own: redo, replace or credit within the order concerned. More: the decision owner.',
        '自行决定：在相关订单范围内重做、更换或抵扣。超出：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t('Call the customer today; apologise and ask what would make it right.', '今天致电客户，道歉并询问如何弥补。'),
        t(
          'Tell them honestly what went wrong on our side and what we are changing — no excuses.',
          '坦诚告知我方的问题和正在做的改进——不找借口。',
        ),
        t(
          'Make good (redo, credit, replacement) within your authority, or escalate to the decision owner.',
          '在权限内进行补救（重做、抵扣、更换），或上报决策负责人。',
        ),
        t('Ask again after the remedy to check that satisfaction has recovered.', '补救后再次回访，确认满意度已恢复。'),
      ],
      authority: t(
        'On your own: remedies within the order concerned. Anything beyond, or a change of terms: the decision owner.',
        '自行决定：相关订单范围内的补救。超出范围或条款变更：由决策负责人决定。',
      ),
    },
  },
  negative_feedback: {
    title: t('Negative words in feedback', '反馈中出现负面情绪'),
    respond: {
      steps: [
        t('Read the feedback in full: is it about us, and about what exactly?', '完整阅读反馈：是否针对我方，具体是什么问题？'),
        t(
          'Answer the person who wrote it directly and in private, not in a wider thread.',
          '私下直接回复反馈人，而不是在更大范围内讨论。',
        ),
        t('Acknowledge the problem and say what you will do.', '承认问题并说明将采取的措施。'),
        t('If it is a complaint, open a case so it is followed to the end.', '如属投诉，登记为案件以便跟进到底。'),
      ],
      authority: t(
        'On your own: reply, apologise, open a case. Remedies beyond the order concerned: the decision owner.',
        '自行决定：回复、道歉、登记案件。超出相关订单的补救：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          'Contact the customer today, one person for the whole matter, before the dissatisfaction reaches their colleagues or public reviews.',
          '今天联系客户，由一人负责到底，避免不满扩散到其同事或公开评价。',
        ),
        t('Escalate to the decision owner and agree the remedy.', '上报决策负责人并商定补救措施。'),
        t('Follow up until the customer confirms the matter is settled.', '跟进直到客户确认问题解决。'),
      ],
      authority: t(
        "The decision owner agrees the remedy; you are the customer's one contact.",
        '补救措施由决策负责人确定；你是客户唯一的对接人。',
      ),
    },
  },
  payment_overdue: {
    title: t('A payment is overdue', '付款逾期'),
    respond: {
      steps: [
        t('Check that the invoice is correct and reached the right person.', '确认发票无误并已送达正确的人。'),
        t(
          'Ask kindly whether anything is holding the payment up — a wrong invoice, a dispute, a delivery problem — and remove it.',
          '友好询问付款是否遇到障碍——发票错误、争议或交货问题——并予以消除。',
        ),
        t('Log the promised payment date as a follow-up.', '将对方承诺的付款日期记录为跟进事项。'),
      ],
      authority: t(
        'On your own: correct and resend the invoice, agree a date within two weeks. Instalments or write-offs: the decision owner.',
        '自行决定：更正并重开发票，商定两周内的付款日期。分期或核销：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          "Call the customer's finance contact and find out what stands in the way of payment.",
          '联系客户财务负责人，了解付款的障碍。',
        ),
        t(
          'Settle any dispute behind it (a wrong invoice, a faulty delivery) first, then agree a payment date or plan.',
          '先解决背后的争议（发票错误、交货问题），再商定付款日期或分期计划。',
        ),
        t(
          'Find out whether the late payment points to a wider problem (cash flow, dissatisfaction) and note it.',
          '了解逾期是否反映更深问题（资金、不满），并记录。',
        ),
      ],
      authority: t(
        'Payment plans, credit limits and any change of terms: the decision owner with finance. Never a threat to the customer.',
        '分期计划、信用额度和任何条款变更：由决策负责人与财务决定。绝不以此威胁客户。',
      ),
    },
  },
  people_change: {
    title: t('People changed', '人员变动'),
    respond: {
      steps: [
        t(
          'Introduce yourself to the new contact or owner and offer a handover meeting.',
          '向新联系人或新负责人介绍自己，并提出交接会面。',
        ),
        t(
          "Make sure the customer's history, open cases and promises are in the record, so nothing leaves with the person.",
          '确保客户的历史、未结案件和承诺都已记录在案，不随人员离开而丢失。',
        ),
        t('Confirm the open orders and promises with the new contact.', '与新联系人确认未完成的订单和承诺。'),
      ],
      authority: t(
        'On your own: the handover and the introductions. A change of the account owner: the decision owner.',
        '自行决定：交接和介绍。更换客户负责人：由决策负责人决定。',
      ),
    },
    escalate: {
      steps: [
        t(
          'Keep the change from spreading to the whole account: build relationships with other contacts at the customer now.',
          '防止变动影响整个客户关系：立即与客户方其他联系人建立关系。',
        ),
        t(
          'Meet the successor or the decision maker within the week and review the commitments together.',
          '一周内与接任者或决策人会面，共同回顾各项承诺。',
        ),
        t(
          'Hand over every open case and promise explicitly, and record who owns each.',
          '逐项交接未结案件和承诺，并记录各自负责人。',
        ),
      ],
      authority: t(
        'The decision owner names the new owner of the account; you hand over every open item.',
        '由决策负责人指定新的客户负责人；你负责交接所有未结事项。',
      ),
    },
  },
};

/**
 * The plan for an indicator and level: the team's own when one is in `teamPlans` (not deleted),
 * else Kehu's built-in playbook in the rep's language.
 */
export function playbookFor(
  indicator: Indicator,
  level: WarningLevel,
  locale: Locale,
  teamPlans: readonly TeamPlan[] = [],
): Playbook {
  const alarm = level === 'none' ? 'blue' : level;
  const team = teamPlans.find((p) => p.indicator === indicator && p.level === alarm && !p.deletedAt);
  if (team) {
    return {
      id: `${indicator}.${level}@v${team.version}`,
      indicator,
      level,
      title: team.title,
      strategy: team.strategy,
      dueInHours: team.dueInHours,
      steps: [...team.steps],
      authority: team.authority,
      source: 'team',
      version: team.version,
    };
  }
  return builtInPlaybook(indicator, level, locale);
}

/** Kehu's built-in playbook for an indicator and level: the default wherever the team has no plan. */
export function builtInPlaybook(indicator: Indicator, level: WarningLevel, locale: Locale): Playbook {
  const entry = PLAYBOOKS[indicator];
  const plan = level === 'orange' || level === 'red' ? entry.escalate : entry.respond;
  return {
    id: `${indicator}.${level}`,
    indicator,
    level,
    title: entry.title[locale],
    strategy: SUGGESTED_STRATEGY[indicator][level === 'none' ? 'blue' : level],
    dueInHours: DUE_IN_HOURS[level],
    steps: plan.steps.map((s) => s[locale]),
    authority: plan.authority[locale],
    source: 'built-in',
  };
}
