// Playbooks (预案): a prepared countermeasure for every indicator and level, so handling can start
// at once. A playbook is a starting point: the rep edits the steps to the case. Blue and yellow
// use the indicator's first-response plan; orange and red its escalation plan, with a shorter due time.
import type { WarningLevel } from '../model/common.ts';
import type { Indicator, Strategy } from '../model/risk.ts';
import type { Locale } from '../i18n/locale.ts';

export interface Playbook {
  /** `indicator.level`, stored on the alert as playbookId. */
  id: string;
  indicator: Indicator;
  level: WarningLevel;
  title: string;
  /** The suggested strategy; the rep chooses when handling starts. */
  strategy: Strategy;
  /** Hours from raising the alert to its due time. */
  dueInHours: number;
  steps: string[];
}

type Text = Record<Locale, string>;
interface Plan {
  strategy: Strategy;
  steps: Text[];
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

const t = (en: string, zh: string): Text => ({ en, 'zh-CN': zh });

export const PLAYBOOKS: Record<Indicator, Entry> = {
  contact_silence: {
    title: t('The customer has gone quiet', '客户联系中断'),
    respond: {
      strategy: 'exploit',
      steps: [
        t(
          'Get in touch with something useful to them — news, a new product, an idea for their business — not just "checking in".',
          '带着对客户有用的内容联系：新品、新服务或对其业务的建议，而不只是"问候"。',
        ),
        t(
          'Ask how things are going and whether anything changed on their side: people, plans, suppliers.',
          '询问近况，以及对方是否有变化：人员、计划、供应商。',
        ),
        t('Log the contact and plan the next one at their usual rhythm.', '记录这次联系，并按客户的惯常节奏安排下次联系。'),
      ],
    },
    escalate: {
      strategy: 'eliminate',
      steps: [
        t('Reach the decision maker directly today, by phone or a visit.', '今天直接联系决策人，电话或上门拜访。'),
        t(
          'Find the cause of the silence: a problem with us, a change at the customer, a competitor.',
          '查明中断原因：我方问题、客户变化还是竞争对手。',
        ),
        t(
          'If something went wrong on our side, say so, apologise and offer to make it good.',
          '如果是我方出了问题，如实说明、道歉并提出补救。',
        ),
        t('Agree a next step with a date and log it as a follow-up.', '约定带日期的下一步，并记录为跟进事项。'),
      ],
    },
  },
  purchase_recency: {
    title: t('Orders have stopped', '客户停止下单'),
    respond: {
      strategy: 'exploit',
      steps: [
        t(
          'Look at what they bought and when, and what they would usually need by now.',
          '查看客户购买的商品和时间，判断其此时通常需要什么。',
        ),
        t(
          'Contact them with a relevant offer or a reminder timed to their usual reorder.',
          '按客户的补货周期，带着相关的优惠或提醒联系对方。',
        ),
        t(
          'For a first-time buyer: thank them, ask how the first order went, and help with the second.',
          '对首次购买的客户：致谢，询问首单体验，协助完成第二单。',
        ),
      ],
    },
    escalate: {
      strategy: 'eliminate',
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
    },
  },
  spend_decline: {
    title: t('Buying less than usual', '采购量下降'),
    respond: {
      strategy: 'exploit',
      steps: [
        t(
          'Compare recent orders with their usual ones: which products or volumes dropped?',
          '对比近期与以往订单：哪些商品或数量下降了？',
        ),
        t(
          'Ask whether their needs changed or part of the business went to another supplier.',
          '询问客户需求是否变化，或部分业务是否转给了其他供应商。',
        ),
        t(
          'Propose something that fits their needs now: a bundle, volume terms, a new line.',
          '提出符合其当前需求的方案：组合、量价条款、新产品线。',
        ),
      ],
    },
    escalate: {
      strategy: 'eliminate',
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
    },
  },
  returns_rising: {
    title: t('Returns are rising', '退货增多'),
    respond: {
      strategy: 'suspend',
      steps: [
        t('Find which products and which reasons are behind the returns.', '查明退货涉及的商品和原因。'),
        t(
          'Pause shipping the affected product to this customer until the cause is known.',
          '在原因查明前，暂停向该客户发运有问题的商品。',
        ),
        t('Tell the customer what you found and what will change.', '告知客户调查结果和改进措施。'),
      ],
    },
    escalate: {
      strategy: 'isolate',
      steps: [
        t(
          'Check whether other customers received the same product or batch, and tell them first.',
          '检查其他客户是否收到同一商品或批次，并主动告知。',
        ),
        t('Agree a replacement or refund with the customer quickly.', '尽快与客户商定换货或退款。'),
        t(
          'Report the cause to the product or quality owner and follow it to a fix.',
          '将原因报告给产品或质量负责人，并跟进到问题解决。',
        ),
      ],
    },
  },
  complaints: {
    title: t('A complaint needs handling', '投诉待处理'),
    respond: {
      strategy: 'eliminate',
      steps: [
        t('Confirm the problem with the customer and listen to the whole story.', '与客户确认问题，完整倾听。'),
        t('Ask what resolution they want; promise nothing you are unsure of.', '询问客户期望的解决方式；不做没有把握的承诺。'),
        t('Analyse the cause with colleagues, agree the resolution and carry it out.', '与同事分析原因，商定解决方案并执行。'),
        t('Follow up on the result and tell the customer what was done.', '跟踪处理结果，并告知客户处理情况。'),
      ],
    },
    escalate: {
      strategy: 'isolate',
      steps: [
        t(
          'Call the customer now: apologise, tell the facts, and give a date for the remedy.',
          '立即致电客户：道歉，说明事实，给出补救日期。',
        ),
        t(
          'Escalate to the decision owner; keep internal notes apart from what is said to the customer.',
          '上报决策负责人；内部记录与对客户的说法分开。',
        ),
        t(
          "Keep it from spreading: tell the customer's other contacts and linked accounts before they hear it elsewhere.",
          '防止扩散：在客户的其他联系人和关联客户从别处听说之前主动告知。',
        ),
        t(
          'Carry out the remedy and follow up until the customer confirms it is settled.',
          '落实补救，跟进直到客户确认问题解决。',
        ),
      ],
    },
  },
  satisfaction: {
    title: t('Satisfaction has fallen', '满意度下降'),
    respond: {
      strategy: 'exploit',
      steps: [
        t('Read the answer and its comment; thank the customer for the honest feedback.', '阅读评分和评论；感谢客户坦诚反馈。'),
        t(
          'Call to understand what went wrong: a detractor handled well often becomes a promoter.',
          '致电了解问题所在：处理得当的批评者往往会成为推荐者。',
        ),
        t('Fix the cause and tell them what changed because of their answer.', '解决问题，并告知客户因其反馈做出的改变。'),
      ],
    },
    escalate: {
      strategy: 'eliminate',
      steps: [
        t('Call the customer today; apologise and ask what would make it right.', '今天致电客户，道歉并询问如何弥补。'),
        t(
          'Make good within your authority (redo, credit, replacement), or escalate to the decision owner.',
          '在权限内进行补救（重做、抵扣、更换），或上报决策负责人。',
        ),
        t('Ask again after the remedy to check that satisfaction has recovered.', '补救后再次回访，确认满意度已恢复。'),
      ],
    },
  },
  negative_feedback: {
    title: t('Negative words in feedback', '反馈中出现负面情绪'),
    respond: {
      strategy: 'eliminate',
      steps: [
        t('Read the feedback in full: is it about us, and about what exactly?', '完整阅读反馈：是否针对我方，具体是什么问题？'),
        t('Reply in person: acknowledge the problem and say what you will do.', '亲自回复：承认问题并说明将采取的措施。'),
        t('If it is a complaint, open a case so it is followed to the end.', '如属投诉，登记为案件以便跟进到底。'),
      ],
    },
    escalate: {
      strategy: 'isolate',
      steps: [
        t(
          'Contact the customer today, before the dissatisfaction spreads to their colleagues or to public reviews.',
          '今天联系客户，避免不满扩散到其同事或公开评价。',
        ),
        t('Escalate to the decision owner and agree the remedy.', '上报决策负责人并商定补救措施。'),
        t('Follow up until the customer confirms the matter is settled.', '跟进直到客户确认问题解决。'),
      ],
    },
  },
  payment_overdue: {
    title: t('A payment is overdue', '付款逾期'),
    respond: {
      strategy: 'eliminate',
      steps: [
        t('Check that the invoice is correct and reached the right person.', '确认发票无误并已送达正确的人。'),
        t(
          'Send a friendly reminder and ask whether anything is holding the payment up.',
          '发送友好的提醒，询问付款是否遇到障碍。',
        ),
        t('Log the promised payment date as a follow-up.', '将对方承诺的付款日期记录为跟进事项。'),
      ],
    },
    escalate: {
      strategy: 'suspend',
      steps: [
        t(
          "Call the customer's finance contact and agree a payment date or plan.",
          '联系客户财务负责人，商定付款日期或分期计划。',
        ),
        t(
          'With finance, decide whether new orders wait for prepayment until the account is settled; explain it plainly, never as a threat.',
          '与财务商定结清前新订单是否需预付；如实说明，不作为威胁手段。',
        ),
        t(
          'Find out whether the late payment points to a wider problem (cash flow, dissatisfaction) and note it.',
          '了解逾期是否反映更深问题（资金、不满），并记录。',
        ),
      ],
    },
  },
  people_change: {
    title: t('People changed', '人员变动'),
    respond: {
      strategy: 'exploit',
      steps: [
        t(
          'Introduce yourself to the new contact or owner and offer a handover meeting.',
          '向新联系人或新负责人介绍自己，并提出交接会面。',
        ),
        t(
          "Make sure the customer's history, open cases and promises are in the record.",
          '确保客户的历史、未结案件和承诺都已记录在案。',
        ),
        t(
          'Find out where the person who left went: they may bring you a new customer.',
          '了解离职者的去向：他们可能带来新客户。',
        ),
      ],
    },
    escalate: {
      strategy: 'isolate',
      steps: [
        t(
          'Build relationships with other contacts at the customer now, so the account does not hang on one person.',
          '立即与客户方其他联系人建立关系，避免客户关系依赖一人。',
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
    },
  },
};

export function playbookFor(indicator: Indicator, level: WarningLevel, locale: Locale): Playbook {
  const entry = PLAYBOOKS[indicator];
  const plan = level === 'orange' || level === 'red' ? entry.escalate : entry.respond;
  return {
    id: `${indicator}.${level}`,
    indicator,
    level,
    title: entry.title[locale],
    strategy: plan.strategy,
    dueInHours: DUE_IN_HOURS[level],
    steps: plan.steps.map((s) => s[locale]),
  };
}
