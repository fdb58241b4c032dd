// A generated set of customers with their contacts, interactions, answers and cases, as
// interchange CSV: the same set on every run (a seeded generator). The level-agreement test uses
// 10,000 customers; the console benchmark (tests/bench/console.bench.ts) 100,000 with about a
// million interactions.
import type { ImportEntity } from '#shared/model/interchange.ts';

const DAY = 86_400_000;

/** mulberry32: the same set on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedOptions {
  /** Each customer has 1 to this many interactions (default 16: about 8.5 a customer). */
  maxInteractions?: number;
}

/** Interchange files for `n` customers ending on `end`: rhythms, silences, declines, returns, answers, complaints. */
export function generated(n: number, end: number, options: GeneratedOptions = {}): Record<ImportEntity, string> {
  const text = (lines: string[]) => `${lines.join('\n')}\n`;
  const lines = generatedLines(n, end, options);
  return {
    customers: text(lines.customers),
    contacts: text(lines.contacts),
    interactions: text(lines.interactions),
    responses: text(lines.responses),
    cases: text(lines.cases),
  };
}

/** The same set as lines of CSV (each list starts with its header), for sets too big for one string. */
export function generatedLines(n: number, end: number, options: GeneratedOptions = {}): Record<ImportEntity, string[]> {
  const maxInteractions = options.maxInteractions ?? 16;
  const rnd = random(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
  const day = (t: number) => new Date(t).toISOString();
  const customers = ['id,name,domains,tier,owner,cadence_days,value,currency,tags'];
  const contacts = ['id,customer_id,name,emails,key,status,left_at'];
  const interactions = ['customer_id,occurred_at,kind,amount,currency,summary,due_at,paid_at'];
  const responses = ['id,kind,score,comment,respondent_email,customer_id,submitted_at'];
  const cases = ['id,customer_id,title,category,severity,status,opened_at,due_at,closed_at'];
  for (let c = 0; c < n; c++) {
    const id = `g${c}`;
    const name = c % 3 === 0 ? `上海${pick(['贸易', '科技', '百货', '实业'])}${c}` : `Company ${c}`;
    const tier = pick(['key', 'general', 'general', 'potential']);
    customers.push(
      `${id},${name},g${c}.example,${tier},${pick(['Alice', 'Bob', '林晓'])},${rnd() < 0.3 ? 14 : ''},${Math.round(rnd() * 50000)},EUR,${pick(['east', 'north', 'south'])}`,
    );
    const people = 1 + Math.floor(rnd() * 2);
    for (let p = 0; p < people; p++) {
      const left = rnd() < 0.05;
      contacts.push(
        `${id}-${p},${id},Person ${p},p${p}@g${c}.example,${p === 0},${left ? 'left' : 'active'},${left ? day(end - 10 * DAY) : ''}`,
      );
    }
    const count = 1 + Math.floor(rnd() * maxInteractions);
    const gap = 5 + rnd() * 50;
    const quiet = rnd() < 0.3 ? rnd() * 150 : 0;
    let t = end - quiet * DAY - count * gap * DAY;
    for (let i = 0; i < count; i++) {
      t = Math.min(end - DAY, t + gap * DAY * (0.5 + rnd()));
      const r = rnd();
      const kind = r < 0.6 ? 'order' : r < 0.66 ? 'return' : pick(['call', 'meeting', 'email_in', 'email_out', 'note']);
      const amount = kind === 'order' || kind === 'return' ? Math.round(rnd() * 5000) : '';
      const summary = kind === 'email_in' && rnd() < 0.2 ? 'very disappointed with the late delivery' : '';
      const due = kind === 'order' && rnd() < 0.1 ? day(t + 30 * DAY) : '';
      interactions.push(`${id},${day(t)},${kind},${amount},${amount === '' ? '' : 'EUR'},${summary},${due},`);
    }
    if (rnd() < 0.2) {
      const score = Math.floor(rnd() * 11);
      // Half name the customer, half only the respondent's address (matched as kehu risk matches it).
      responses.push(
        rnd() < 0.5
          ? `a${c},nps,${score},,,${id},${day(end - Math.floor(rnd() * 60) * DAY)}`
          : `a${c},nps,${score},,p0@g${c}.example,,${day(end - Math.floor(rnd() * 60) * DAY)}`,
      );
    }
    if (rnd() < 0.05) {
      const opened = end - Math.floor(rnd() * 40) * DAY;
      cases.push(
        `k${c},${id},Late delivery,delivery,${pick(['low', 'medium', 'high'])},listen,${day(opened)},${day(opened + 7 * DAY)},`,
      );
    }
  }
  // An answer from nobody the store knows, and one dated after the as-of day.
  responses.push(`stranger,nps,1,,nobody@unknown.example,,${day(end - DAY)}`, `later,nps,0,,,g1,${day(end + 3 * DAY)}`);
  return { customers, contacts, interactions, responses, cases };
}
