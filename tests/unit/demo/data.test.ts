// The demo's data (scripts/demo/data.ts), built from the real Online Retail file and checked with
// the early-warning engine: every level appears, the shop's buyer is one detractor answer away
// from orange or red, the mailbox has a sender at every level, and nothing points at a real company.
import { csvLines } from '#shared/codecs/csv.ts';
import { WARNING_LEVELS } from '#shared/model/common.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DemoData, DETRACTOR_ANSWER, assessFiles, buildDemoData, readFiles } from '../../../scripts/demo/data.ts';
import { type OnlineRetail, readInvoices } from '../../../scripts/online-retail.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-15T10:30:00.000Z');

let retail: OnlineRetail;
let data: DemoData;

beforeAll(async () => {
  retail = await readInvoices();
  data = await buildDemoData(retail, { now: NOW });
});

describe('demo data', () => {
  it('takes 600 customers with their whole order history, the last invoice dated yesterday', async () => {
    const records = await readFiles(data.files, new Date(NOW).toISOString());
    expect(records.customers).toHaveLength(600);
    expect(data.counts).toMatchObject({ customers: 600, contacts: records.contacts.length });
    const orders = records.interactions.filter((i) => i.kind === 'order' || i.kind === 'return');
    const last = Math.max(...orders.map((i) => Date.parse(i.occurredAt)));
    const yesterday = Math.floor(NOW / DAY) * DAY - DAY;
    expect(last).toBeGreaterThanOrEqual(yesterday);
    expect(last).toBeLessThan(yesterday + DAY);
    // The whole history of each customer taken: the same number of invoices as in the file.
    const some = records.customers[0]!.id.replace(/^or-/, '');
    const inFile = retail.invoices.filter((v) => v.customerId === some).length;
    expect(orders.filter((i) => i.customerId === `or-${some}`)).toHaveLength(inFile);
    // Dates moved by whole days: the time of day is the file's.
    const first = retail.invoices.find((v) => v.customerId === some)!;
    const moved = orders.find((i) => i.ref?.id === first.invoiceNo)!;
    expect(Date.parse(moved.occurredAt) - first.at).toBe(data.shiftDays * DAY);
  });

  it('shows every warning level under the engine, and counts them right', async () => {
    const { assessments } = await assessFiles(data.files, NOW);
    const counts = Object.fromEntries(WARNING_LEVELS.map((l) => [l, 0])) as Record<string, number>;
    for (const a of assessments.values()) counts[a.level] = (counts[a.level] ?? 0) + 1;
    for (const level of WARNING_LEVELS) expect(counts[level], level).toBeGreaterThan(0);
    expect(counts).toEqual(data.levels);
    // Survey answers of each kind and complaints, open and closed.
    const records = await readFiles(data.files, new Date(NOW).toISOString());
    expect(new Set(records.responses.map((r) => r.kind))).toEqual(new Set(['nps', 'csat', 'ces', 'complaint']));
    expect(records.cases.some((c) => c.status === 'closed')).toBe(true);
    expect(records.cases.some((c) => c.status !== 'closed' && c.dueAt && Date.parse(c.dueAt) < NOW)).toBe(true);
  });

  it("moves the shop's buyer to orange or red with one detractor answer, the answer among the reasons", async () => {
    const buyer = data.buyer;
    const { assessments } = await assessFiles(data.files, NOW);
    expect(['blue', 'yellow']).toContain(assessments.get(buyer.customerId!)?.level);
    const answered = {
      ...data.files,
      responses:
        data.files.responses +
        csvLines([
          ['shop-1', 'nps', DETRACTOR_ANSWER.score, DETRACTOR_ANSWER.comment, buyer.email, '', new Date(NOW).toISOString()],
        ]),
    };
    const after = (await assessFiles(answered, NOW)).assessments.get(buyer.customerId!)!;
    expect(['orange', 'red']).toContain(after.level);
    expect(after.contributions[0]?.indicator).toBe('satisfaction');
  });

  it('fills the mailbox with a sender at every level, people Kehu does not know, and the buyer', () => {
    const levels = new Set(data.threads.map((t) => t.from.level));
    for (const level of [...WARNING_LEVELS, 'unknown']) expect(levels.has(level as never), level).toBe(true);
    expect(data.threads.map((t) => t.from.email)).toContain(data.buyer.email);
    expect(new Set(data.threads.map((t) => t.id)).size).toBe(data.threads.length);
  });

  it('uses made-up names on reserved .example domains (free-mail aside), each contact at its customer’s domain', async () => {
    const records = await readFiles(data.files, new Date(NOW).toISOString());
    const domainOf = new Map(records.customers.map((c) => [c.id, c.domains[0]]));
    for (const c of records.customers) expect(c.domains).toEqual([expect.stringMatching(/^[a-z0-9-]+\.example$/)]);
    expect(new Set(records.customers.map((c) => c.domains[0])).size).toBe(records.customers.length);
    for (const p of records.contacts) expect(p.emails[0]!.split('@')[1]).toBe(domainOf.get(p.customerId!));
    for (const t of data.threads) expect(t.from.email).toMatch(/\.example$|@gmail\.com$/);
    // Some customers have Chinese names, and their mail is in Chinese.
    expect(records.customers.some((c) => /[\u4e00-\u9fff]/.test(c.name))).toBe(true);
    expect(data.threads.some((t) => t.from.chinese && /[\u4e00-\u9fff]/.test(t.subject))).toBe(true);
  });

  it('is the same every time from the same file and day, and works on the real clock', async () => {
    expect((await buildDemoData(retail, { now: NOW })).files).toEqual(data.files);
    const today = await buildDemoData(retail, { now: Date.now() });
    for (const level of WARNING_LEVELS) expect(today.levels[level], level).toBeGreaterThan(0);
  });
});
