// The demo's data, built from the real Online Retail orders (scripts/online-retail.ts):
//
// * a sample of its customers with their whole order history, dates shifted so that the last
//   invoice in the file falls on yesterday (warnings are about today);
// * readable made-up company names on `.example` domains, and one to three contacts each;
// * a few survey answers (NPS, CSAT, CES) and complaints, placed with the early-warning engine so
//   that every level — none, blue, yellow, orange and red — appears;
// * the people the demo pages use: the buyer signed in at the demo shop (a customer whom one
//   detractor answer moves to orange or red) and the senders in the demo mailbox, one per level.
//
// Everything comes out as the interchange files of docs/INTERFACES.md, and the engine reads
// them back through the same import code the collector and the extension use.
import { csvLines, type CsvValue } from '#shared/codecs/csv.ts';
import { readImport } from '#shared/codecs/import.ts';
import type { ImportRecord } from '#shared/codecs/interchange.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/common.ts';
import type { ImportEntity } from '#shared/model/interchange.ts';
import type { Policy } from '#shared/model/policy.ts';
import type { Assessment } from '#shared/model/risk.ts';
import { addCase, addResponse, type CustomerFacts } from '#shared/risk/facts.ts';
import { RiskBook, assessFacts, defaultPolicy, thresholdsFor } from '#shared/risk/index.ts';
import { type Invoice, type OnlineRetail, invoiceInteraction } from '../online-retail.ts';
import { companyNamer, hash, personName } from './names.ts';

const DAY = 86_400_000;

/** How many Online Retail customers the demo takes by default (of 4,338 with an order). */
export const DEFAULT_CUSTOMERS = 600;

/** The rep whose mailbox the demo shows. The mailbox's title names this address, so it gets no badge. */
export const DEMO_REP = { email: 'you@kehu-demo.example', name: 'Demo Rep' };

/** What a detractor says in the demo's shop (the end-to-end test and the guide use these). */
export const DETRACTOR_ANSWER = { score: 1, comment: 'Two late deliveries in a row. We are looking at other suppliers.' };

export interface DemoPerson {
  email: string;
  name: string;
  customerId: string | null;
  customerName: string | null;
  /** The customer's level when the data was built ('unknown' for people Kehu does not know). */
  level: WarningLevel | 'unknown';
  chinese: boolean;
}

export interface DemoThread {
  id: string;
  from: DemoPerson;
  subject: string;
  body: string;
  /** ISO instant. */
  sentAt: string;
  unread: boolean;
}

export interface DemoData {
  builtAt: string;
  /** Days added to every Online Retail date. */
  shiftDays: number;
  files: Record<ImportEntity, string>;
  counts: Record<ImportEntity, number>;
  /** Customers per level on the day the data was built. */
  levels: Record<WarningLevel, number>;
  /** Signed in at the demo shop: a detractor answer from this person moves their customer to orange or red. */
  buyer: DemoPerson;
  /** Other shop customers the shop page lets you switch to. */
  shoppers: DemoPerson[];
  /** The demo mailbox, newest first. */
  threads: DemoThread[];
}

export interface BuildOptions {
  /** The real clock (ms): the last invoice lands on the day before. */
  now: number;
  customers?: number;
}

// ---- the engine's view of interchange files ----

type Records = { [E in ImportEntity]: ImportRecord[E][] };

/** Read interchange CSV files back into records, the way an import does; any rejected row is a bug here. */
export async function readFiles(files: Partial<Record<ImportEntity, string>>, now: string): Promise<Records> {
  const out: Records = { customers: [], contacts: [], interactions: [], responses: [], cases: [] };
  const ctx = { now, by: 'demo', timeZone: 'UTC' };
  for (const entity of Object.keys(out) as ImportEntity[]) {
    const text = files[entity];
    if (!text) continue;
    for await (const item of readImport(entity, 'csv', [text], ctx)) {
      if (!item.ok) throw new Error(`demo ${entity} line ${item.line}: ${JSON.stringify(item.rejections)}`);
      (out[entity] as unknown[]).push(item.record);
    }
  }
  return out;
}

/** The early-warning engine over records, as the extension and `kehu risk` run it. */
export function riskBookOf(records: Records): RiskBook {
  const book = new RiskBook({ timeZone: 'UTC' });
  for (const c of records.customers) book.addCustomer(c);
  for (const c of records.contacts) book.addContact(c);
  for (const i of records.interactions) book.addInteraction(i);
  for (const r of records.responses) book.addResponse(r);
  for (const c of records.cases) book.addCase(c);
  return book;
}

/** Every customer's assessment as of `now`, under the default policy. */
export async function assessFiles(
  files: Partial<Record<ImportEntity, string>>,
  now: number,
): Promise<{ assessments: Map<string, Assessment>; book: RiskBook; policy: Policy }> {
  const iso = new Date(now).toISOString();
  const book = riskBookOf(await readFiles(files, iso));
  const policy = defaultPolicy(iso);
  const assessments = new Map<string, Assessment>();
  for (const a of book.assessAll(iso, policy)) assessments.set(a.customerId, a);
  return { assessments, book, policy };
}

// ---- building ----

interface DemoCustomer {
  id: string;
  name: string;
  domain: string;
  chinese: boolean;
  invoices: Invoice[];
  /** Purchase occasions: days with an order (several invoices on one day are one occasion, as for the engine). */
  orders: number;
  spend12m: number;
  contacts: { id: string; name: string; email: string; title: string; role: string; key: boolean }[];
}

const TITLES = {
  en: [
    ['Head of purchasing', 'decision maker'],
    ['Store manager', 'user'],
    ['Accounts', 'billing'],
  ],
  zh: [
    ['采购经理', '决策人'],
    ['店长', '使用者'],
    ['财务', '付款'],
  ],
};
const INDUSTRIES = {
  en: ['Gift shop', 'Homeware retail', 'Wholesale', 'Online retail', 'Department store'],
  zh: ['礼品零售', '家居零售', '批发', '电商', '百货'],
};
const OWNERS = ['Demo Rep', 'Sam Taylor', '林晓'];

function pickCustomers(retail: OnlineRetail, wanted: number, shift: number, now: number): DemoCustomer[] {
  const byCustomer = new Map<string, Invoice[]>();
  for (const v of retail.invoices) {
    const list = byCustomer.get(v.customerId) ?? [];
    list.push({ ...v, at: v.at + shift });
    byCustomer.set(v.customerId, list);
  }
  const ids = [...byCustomer.keys()]
    .filter((id) => byCustomer.get(id)?.some((v) => !v.cancellation))
    .sort((a, b) => hash(`pick:${a}`) - hash(`pick:${b}`) || a.localeCompare(b))
    .slice(0, wanted);
  const name = companyNamer();
  return ids.map((orig) => {
    const invoices = byCustomer.get(orig) as Invoice[];
    const company = name(orig);
    const orders = new Set(invoices.filter((v) => !v.cancellation).map((v) => Math.floor(v.at / DAY))).size;
    const spend12m = invoices.filter((v) => v.at > now - 365 * DAY).reduce((a, v) => a + v.total, 0);
    const id = `or-${orig}`;
    const people = orders >= 10 ? 3 : orders >= 3 ? 2 : 1;
    const titles = company.chinese ? TITLES.zh : TITLES.en;
    const contacts: DemoCustomer['contacts'] = [];
    const locals = new Set<string>();
    for (let n = 0; n < people; n++) {
      const person = personName(orig, n, company.chinese);
      let local = person.local;
      for (let k = 2; locals.has(local); k++) local = `${person.local}${k}`;
      locals.add(local);
      const [title, role] = titles[n] as [string, string];
      contacts.push({ id: `${id}-${n + 1}`, name: person.name, email: `${local}@${company.domain}`, title, role, key: n === 0 });
    }
    return { id, name: company.name, domain: company.domain, chinese: company.chinese, invoices, orders, spend12m, contacts };
  });
}

function stageOf(c: DemoCustomer, now: number): string {
  const last = Math.max(...c.invoices.filter((v) => !v.cancellation).map((v) => v.at));
  if (c.orders <= 1) return 'exploring';
  if (c.orders <= 4) return 'forming';
  return now - last > 120 * DAY ? 'declining' : 'stable';
}

/** A scenario: answers and cases given to one customer, and what the engine must then say. */
interface Placed {
  customer: DemoCustomer;
  responses: CsvValue[][];
  cases: CsvValue[][];
}

export async function buildDemoData(retail: OnlineRetail, options: BuildOptions): Promise<DemoData> {
  const now = options.now;
  const nowIso = new Date(now).toISOString();
  const wanted = options.customers ?? DEFAULT_CUSTOMERS;
  const last = Math.max(...retail.invoices.map((v) => v.at));
  // Whole days, so that times of day stay as they were: the last invoice lands on yesterday (UTC).
  const shiftDays = Math.floor((now - DAY) / DAY) - Math.floor(last / DAY);
  const shift = shiftDays * DAY;
  const customers = pickCustomers(retail, wanted, shift, now);

  // Key customers: the top tenth by spend over the last twelve months (二八原则, a little stricter).
  const spends = customers.map((c) => c.spend12m).sort((a, b) => b - a);
  const keyCutoff = spends[Math.max(0, Math.floor(customers.length / 10) - 1)] ?? Number.POSITIVE_INFINITY;

  const customerRows: CsvValue[][] = [
    ['id', 'name', 'domains', 'industry', 'tier', 'stage', 'owner', 'tags', 'notes', 'consent'],
  ];
  const contactRows: CsvValue[][] = [['id', 'customer_id', 'name', 'emails', 'phones', 'title', 'role', 'status', 'key']];
  const interactionRows: CsvValue[][] = [['id', 'customer_id', 'occurred_at', 'kind', 'amount', 'currency', 'summary', 'ref']];
  for (const c of customers) {
    const h = hash(c.id);
    const country = c.invoices[0]?.country ?? '';
    const tier = c.spend12m >= keyCutoff && c.spend12m > 0 ? 'key' : c.orders <= 1 ? 'potential' : 'general';
    customerRows.push([
      c.id,
      c.name,
      c.domain,
      (c.chinese ? INDUSTRIES.zh : INDUSTRIES.en)[h % 5],
      tier,
      stageOf(c, now),
      OWNERS[h % OWNERS.length],
      country,
      `Online Retail customer ${c.id.slice(3)} (${country}); orders from the UCI Online Retail data set, dates moved ${shiftDays} days forward.`,
      'granted',
    ]);
    c.contacts.forEach((p, n) => {
      // Ofcom reserves 020 7946 0000–0999 for fiction: no real line rings.
      const phone = c.chinese ? '' : `+44 20 7946 0${String((h + n * 37) % 1000).padStart(3, '0')}`;
      contactRows.push([p.id, c.id, p.name, p.email, phone, p.title, p.role, 'active', p.key ? 'yes' : 'no']);
    });
    for (const v of c.invoices) {
      const order = invoiceInteraction(v);
      // Neutral words: summaries are read for negative words ("cancelled" is one).
      const summary = v.cancellation ? `Goods returned (${v.invoiceNo})` : `Invoice ${v.invoiceNo}`;
      interactionRows.push([
        `or-inv-${v.invoiceNo}`,
        c.id,
        order.occurredAt,
        order.kind,
        order.amount,
        'GBP',
        summary,
        v.invoiceNo,
      ]);
    }
    // The buyer's mail about their latest order, two hours after it (the same day: no new contact
    // day for the engine, but the data card has a last contact to show).
    const latest = c.invoices.filter((v) => !v.cancellation).at(-1);
    if (latest) {
      const at = new Date(latest.at + 2 * 3_600_000).toISOString();
      const subject = c.chinese ? `回复：订单 ${latest.invoiceNo}` : `Re: order ${latest.invoiceNo}`;
      interactionRows.push([`or-mail-${latest.invoiceNo}`, c.id, at, 'email_in', '', '', subject, '']);
    }
  }
  const base = {
    customers: csvLines(customerRows),
    contacts: csvLines(contactRows),
    interactions: csvLines(interactionRows),
  };

  // ---- answers and complaints, placed with the engine ----
  const { assessments, book, policy } = await assessFiles(base, now);
  const levelOf = (id: string) => assessments.get(id)?.level ?? 'none';
  const used = new Set<string>();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  // Ids are given once the rows are placed (see `numbered`), so they run 1, 2, 3…
  const response = (c: DemoCustomer, kind: string, score: number | '', comment: string, daysAgo: number): CsvValue[] => [
    'demo-answer',
    kind,
    score,
    comment,
    c.contacts[0]?.email,
    c.id,
    at(daysAgo),
  ];
  const complaint = (
    c: DemoCustomer,
    title: string,
    fields: {
      category: string;
      severity: string;
      status: string;
      opened: number;
      due: number;
      closed?: number;
      satisfaction?: number;
    },
  ): CsvValue[] => [
    'demo-case',
    c.id,
    title,
    fields.category,
    fields.severity,
    fields.status,
    at(fields.opened),
    at(fields.due),
    fields.closed === undefined ? '' : at(fields.closed),
    fields.satisfaction ?? '',
  ];

  /** The customer's assessment with some answers and cases added (nothing is stored). */
  const simulate = async (c: DemoCustomer, responses: CsvValue[][], cases: CsvValue[][]): Promise<Assessment> => {
    const records = await readFiles(
      {
        responses: csvLines([RESPONSE_HEADER, ...responses]),
        cases: csvLines([CASE_HEADER, ...cases]),
      },
      nowIso,
    );
    const original = book.facts(c.id);
    const facts: CustomerFacts = structuredClone(original);
    for (const r of records.responses) addResponse(facts, r);
    for (const x of records.cases) addCase(facts, x);
    return assessFacts(facts, {
      asOf: nowIso,
      policy,
      watched: book.isWatched(original, now, policy),
      valueRatio: book.valueRatio(original, now, policy),
      timeZone: 'UTC',
    });
  };

  /**
   * The first customer (most valuable first) at one of `from` for whom `make` gives answers and
   * cases that bring them to `to` (with `margin` points to spare above the level's threshold), and
   * whose assessment then passes `accept`.
   */
  const place = async (
    from: WarningLevel[],
    to: WarningLevel[],
    make: (c: DemoCustomer) => { responses: CsvValue[][]; cases: CsvValue[][] },
    filter: (c: DemoCustomer) => boolean = () => true,
    margin = 0,
    accept: (a: Assessment) => boolean = () => true,
  ): Promise<Placed> => {
    const candidates = customers
      .filter((c) => !used.has(c.id) && from.includes(levelOf(c.id)) && filter(c))
      .sort((a, b) => b.spend12m - a.spend12m || a.id.localeCompare(b.id));
    for (const c of candidates) {
      const rows = make(c);
      const a = await simulate(c, rows.responses, rows.cases);
      const thresholds = thresholdsFor(policy, a.watched);
      const low = to.reduce((m, l) => Math.min(m, l === 'none' ? 0 : thresholds[l]), Number.POSITIVE_INFINITY);
      if (to.includes(a.level) && a.score >= low + margin && accept(a)) {
        used.add(c.id);
        return { customer: c, ...rows };
      }
    }
    throw new Error(`demo data: no customer at ${from.join('/')} reaches ${to.join('/')} (try more customers)`);
  };

  const regular = (c: DemoCustomer) => c.orders >= 5;
  const en = (c: DemoCustomer) => !c.chinese;
  // The shop's buyer: a regular customer at yellow (else blue) whom one detractor answer moves
  // to orange or red. Nothing is added for them: the answer is given in the demo shop.
  const placeBuyer = (from: WarningLevel) =>
    place(
      [from],
      ['orange', 'red'],
      (c) => ({ responses: [response(c, 'nps', DETRACTOR_ANSWER.score, DETRACTOR_ANSWER.comment, 0)], cases: [] }),
      (c) => regular(c) && en(c) && c.contacts.length >= 2,
      3,
      // The answer is what moved them: the card's first reason is the detractor answer.
      (a) => a.contributions[0]?.indicator === 'satisfaction',
    );
  const buyer = await placeBuyer('yellow').catch(() => placeBuyer('blue'));
  // Red: a customer already at orange with an overdue complaint and a detractor answer.
  const red = await place(
    ['orange'],
    ['red'],
    (c) => ({
      responses: [response(c, 'nps', 2, 'The replacement for the damaged order never came.', 9)],
      cases: [
        complaint(c, c.chinese ? '货物破损，承诺的补发未到' : 'Damaged goods; promised replacement not sent', {
          category: 'delivery',
          severity: 'high',
          status: 'negotiate',
          opened: 24,
          due: 10,
        }),
      ],
    }),
    regular,
  );
  // Orange: a customer unhappy with prices and delivery.
  const orange = await place(
    ['blue', 'yellow'],
    ['orange'],
    (c) => ({
      responses: [response(c, 'nps', 6, c.chinese ? '价格涨了，发货也太慢。' : 'Prices went up and delivery is too slow.', 6)],
      cases: [],
    }),
    regular,
  );
  // A complaint in Chinese, still open and within its promised time.
  const chinese = await place(
    ['blue', 'yellow'],
    ['blue', 'yellow', 'orange'],
    (c) => ({
      responses: [response(c, 'complaint', '', '包装破损，希望尽快补发。', 3)],
      cases: [
        complaint(c, '包装破损', { category: 'product', severity: 'medium', status: 'ask_resolution', opened: 3, due: -4 }),
      ],
    }),
    (c) => c.chinese,
  ).catch(() => null);
  // A low CSAT and a hard-effort CES from customers at blue.
  const csat = await place(['blue'], ['blue', 'yellow', 'orange'], (c) => ({
    responses: [response(c, 'csat', 2, 'The order portal kept logging me out.', 12)],
    cases: [],
  }));
  const ces = await place(['blue', 'none'], WARNING_LEVELS.slice(), (c) => ({
    responses: [response(c, 'ces', 2, 'Returning a faulty item took four phone calls.', 20)],
    cases: [],
  }));
  // Happy customers: promoters, a top CSAT, an easy CES and a complaint closed to their satisfaction.
  const happy: Placed[] = [];
  for (let i = 0; i < 3; i++) {
    happy.push(
      await place(
        ['none'],
        ['none'],
        (c) => ({
          responses: [
            response(c, 'nps', 10 - i, ['Great range and quick delivery.', 'Always reliable.', ''][i] ?? '', 15 + i * 7),
            response(c, 'csat', 5, '', 40 + i),
            response(c, 'ces', 7 - i, '', 60 + i),
          ],
          cases:
            i === 0
              ? [
                  complaint(c, 'Invoice sent twice', {
                    category: 'billing',
                    severity: 'low',
                    status: 'closed',
                    opened: 50,
                    due: 45,
                    closed: 47,
                    satisfaction: 4,
                  }),
                ]
              : [],
        }),
        (c) => regular(c) && c.contacts.length >= 2,
      ),
    );
  }

  const placed = [red, orange, chinese, csat, ces, ...happy].filter((p): p is Placed => p !== null);
  const files: Record<ImportEntity, string> = {
    ...base,
    responses: csvLines([RESPONSE_HEADER, ...numbered(placed.flatMap((p) => p.responses))]),
    cases: csvLines([CASE_HEADER, ...numbered(placed.flatMap((p) => p.cases))]),
  };

  // ---- the final levels, and the people the pages show ----
  const final = await assessFiles(files, now);
  const levels = Object.fromEntries(WARNING_LEVELS.map((l) => [l, 0])) as Record<WarningLevel, number>;
  for (const a of final.assessments.values()) levels[a.level]++;
  const missing = WARNING_LEVELS.filter((l) => levels[l] === 0);
  if (missing.length > 0) throw new Error(`demo data: no customer at ${missing.join(', ')}`);

  const person = (c: DemoCustomer, n = 0): DemoPerson => {
    const p = c.contacts[n] ?? (c.contacts[0] as DemoCustomer['contacts'][number]);
    return {
      email: p.email,
      name: p.name,
      customerId: c.id,
      customerName: c.name,
      level: final.assessments.get(c.id)?.level ?? 'none',
      chinese: c.chinese,
    };
  };
  const atLevel = (level: WarningLevel, not: Set<string>) =>
    customers
      .filter((c) => !not.has(c.id) && final.assessments.get(c.id)?.level === level && regular(c))
      .sort((a, b) => b.spend12m - a.spend12m)[0];
  const taken = new Set(placed.map((p) => p.customer.id).concat(buyer.customer.id));
  const yellow = atLevel('yellow', taken) ?? orange.customer;
  const blue = atLevel('blue', taken) ?? csat.customer;
  const strangers: DemoPerson[] = [
    {
      email: 'hello@lumen-lighting.example',
      name: 'Mia Lumen',
      customerId: null,
      customerName: null,
      level: 'unknown',
      chinese: false,
    },
    {
      email: 'jordan.friend@gmail.com',
      name: 'Jordan Lee',
      customerId: null,
      customerName: null,
      level: 'unknown',
      chinese: false,
    },
  ];

  const threads = mailbox({
    buyer: person(buyer.customer),
    red: person(red.customer),
    orange: person(orange.customer),
    yellow: person(yellow),
    blue: person(blue),
    happy: person((happy[0] as Placed).customer),
    chinese: chinese ? person(chinese.customer) : null,
    prospect: strangers[0] as DemoPerson,
    friend: strangers[1] as DemoPerson,
    now,
  });

  const count = (text: string) => text.split('\r\n').length - 2;
  return {
    builtAt: nowIso,
    shiftDays,
    files,
    counts: Object.fromEntries(Object.entries(files).map(([k, v]) => [k, count(v)])) as Record<ImportEntity, number>,
    levels,
    buyer: person(buyer.customer),
    shoppers: [person(buyer.customer, 1), person((happy[1] as Placed).customer), person(red.customer)],
    threads,
  };
}

/** Rows whose first cell is an id prefix, with ids `prefix-1`, `prefix-2`, … */
function numbered(rows: CsvValue[][]): CsvValue[][] {
  return rows.map((r, i) => [`${r[0]}-${i + 1}`, ...r.slice(1)]);
}

const RESPONSE_HEADER = ['id', 'kind', 'score', 'comment', 'respondent_email', 'customer_id', 'submitted_at'];
const CASE_HEADER = [
  'id',
  'customer_id',
  'title',
  'category',
  'severity',
  'status',
  'opened_at',
  'due_at',
  'closed_at',
  'satisfaction',
];

// ---- the mailbox ----

interface Cast {
  buyer: DemoPerson;
  red: DemoPerson;
  orange: DemoPerson;
  yellow: DemoPerson;
  blue: DemoPerson;
  happy: DemoPerson;
  chinese: DemoPerson | null;
  prospect: DemoPerson;
  friend: DemoPerson;
  now: number;
}

/** Each sender's mail, in English and in Chinese (for the Chinese companies); `{name}` is the sender's first name. */
const MAIL: Record<Exclude<keyof Cast, 'now'>, { hours: number; unread: boolean; en: [string, string]; zh: [string, string] }> = {
  red: {
    hours: 1,
    unread: true,
    en: [
      'Still waiting for the replacement',
      'Hello,\n\nThe replacement for the damaged order was promised ten days ago and has not arrived. Please tell me today when it will ship.\n\n{name}',
    ],
    zh: ['补发的货还没到', '您好：\n\n十天前答应补发的货物至今没有到。请今天告诉我什么时候发货。\n\n{name}'],
  },
  buyer: {
    hours: 3,
    unread: true,
    en: [
      'Delivery dates for next month',
      'Hi,\n\nCould you confirm the delivery dates for our next order? The last two arrived late.\n\nThanks,\n{name}',
    ],
    zh: ['下个月的交货日期', '您好：\n\n请确认下一批订单的交货日期。前两批都迟到了。\n\n谢谢，\n{name}'],
  },
  orange: {
    hours: 6,
    unread: true,
    en: [
      'Your new price list',
      'Hello,\n\nWe received the new price list. Some items went up by 15%. Can we talk about it this week?\n\n{name}',
    ],
    zh: ['新的价目表', '您好：\n\n收到了新的价目表，有些商品涨了 15%。这周能谈一谈吗？\n\n{name}'],
  },
  chinese: {
    hours: 9,
    unread: false,
    en: [
      'About last week’s order',
      'Hello,\n\nSeveral boxes of last week’s delivery were damaged. Photos attached; please send replacements soon.\n\n{name}',
    ],
    zh: ['关于上周的订单', '您好：\n\n上周收到的货物有几箱包装破损，照片已附上。请尽快安排补发。\n\n{name}'],
  },
  yellow: {
    hours: 20,
    unread: false,
    en: [
      'Catalogue for the spring season',
      'Hi,\n\nIs the spring catalogue ready? We have not ordered for a while and would like to see what is new.\n\n{name}',
    ],
    zh: ['春季产品目录', '您好：\n\n春季目录出来了吗？我们有一段时间没订货了，想看看有什么新品。\n\n{name}'],
  },
  blue: {
    hours: 26,
    unread: false,
    en: ['Invoice copy', 'Hello,\n\nCould you send me a copy of our last invoice for our records?\n\nBest,\n{name}'],
    zh: ['发票副本', '您好：\n\n请把上一张发票的副本发给我存档。\n\n{name}'],
  },
  happy: {
    hours: 30,
    unread: false,
    en: ['Thank you!', 'Hi,\n\nEverything arrived in perfect condition, as always. Thank you for the quick delivery.\n\n{name}'],
    zh: ['谢谢！', '您好：\n\n货物完好无损，和往常一样。谢谢你们发货这么快。\n\n{name}'],
  },
  prospect: {
    hours: 50,
    unread: true,
    en: [
      'Introduction: lighting for your stores',
      'Hello,\n\nWe met at the trade fair last month. I would love to show you our new range of lamps.\n\n{name}',
    ],
    zh: ['自我介绍：门店照明', '您好：\n\n上个月我们在展会上见过。想向您介绍我们的新款灯具。\n\n{name}'],
  },
  friend: {
    hours: 70,
    unread: false,
    en: ['Lunch on Friday?', 'Are you free for lunch on Friday?\n\n{name}'],
    zh: ['周五吃午饭？', '周五中午有空一起吃饭吗？\n\n{name}'],
  },
};

function mailbox(cast: Cast): DemoThread[] {
  const threads: DemoThread[] = [];
  for (const [role, mail] of Object.entries(MAIL) as [keyof typeof MAIL, (typeof MAIL)[keyof typeof MAIL]][]) {
    const from = cast[role];
    if (!from) continue;
    const [subject, body] = from.chinese ? mail.zh : mail.en;
    const first = from.chinese ? from.name : (from.name.split(' ')[0] ?? from.name);
    threads.push({
      id: `thread-${threads.length + 1}`,
      from,
      subject,
      body: body.replace('{name}', first),
      sentAt: new Date(cast.now - mail.hours * 3_600_000).toISOString(),
      unread: mail.unread,
    });
  }
  return threads;
}
