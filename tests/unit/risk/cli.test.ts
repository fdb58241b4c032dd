// `kehu risk`, run for real (node collector/bin/kehu.mjs risk …) on generated interchange files:
// every indicator reachable from the files, rows after the as-of date ignored, bad files rejected
// with the line and field at fault.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '#shared/codecs/csv.ts';

const KEHU = fileURLToPath(new URL('../../../collector/bin/kehu.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kehu-risk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function kehuIn(lang: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const r = spawnSync(process.execPath, [KEHU, 'risk', ...args], { encoding: 'utf8', timeout: 120_000, env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const kehu = (...args: string[]) => kehuIn('C.UTF-8', ...args);

async function rows(csv: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  let header: string[] | null = null;
  for await (const row of readCsv([csv])) {
    if (!header) header = row.cells;
    else out.push(Object.fromEntries(header.map((h, i) => [h, row.cells[i] ?? ''])));
  }
  return out;
}

// As of 2024-06-30 (UTC). Days before it as dates:
const AS_OF = '2024-06-30';
const day = (daysBefore: number) => new Date(Date.UTC(2024, 5, 30) - daysBefore * 86_400_000).toISOString().slice(0, 10);

const customers = file('customers.csv', [
  'id,name,domains,tier,owner,cadence_days,owner_since,previous_owner',
  'silent,Silent Co,,general,,14,,',
  'owner,Owner Co,,general,Zhao,,2024-06-01,Qian',
  'key,Key Co,key.example,key,,,,',
]);
const contacts = file('contacts.csv', [
  'id,customer_id,name,emails,key,status,left_at',
  'p1,people,Wang Fang,wang@people.example,true,left,2024-06-10',
  'p2,people,Li Lei,li@people.example,false,active,',
  'p3,nps,Chen Jing,chen@gmail.com,true,active,',
]);
const interactionLines = ['customer_id,occurred_at,kind,amount,currency,summary,due_at,paid_at'];
// silent: calls every 14 days (agreed cadence), then 60 days of silence.
for (let i = 0; i < 6; i++) interactionLines.push(`silent,${day(60 + i * 14)},call,,,,,`);
// purchase: one order long ago.
interactionLines.push(`purchase,${day(200)},order,500,EUR,,,`);
// decline: monthly orders of 1000 for a year, then 150 in the last 90 days.
for (let i = 0; i < 12; i++) interactionLines.push(`decline,${day(100 + i * 30)},order,1000,EUR,,,`);
interactionLines.push(`decline,${day(20)},order,150,EUR,,,`);
// returns: steady orders, then a large return.
for (let i = 0; i < 12; i++) interactionLines.push(`returns,${day(10 + i * 30)},order,1000,EUR,,,`);
interactionLines.push(`returns,${day(5)},return,700,EUR,,,`);
// payment: an invoice 40 days overdue.
interactionLines.push(`payment,${day(70)},order,2400,EUR,,${day(40)},`);
// feedback: a mail whose summary is negative.
interactionLines.push(`feedback,${day(3)},email_in,,,"Very disappointed, the parts arrived broken",,`);
// owner and people: some ordinary history.
interactionLines.push(
  `owner,${day(5)},meeting,,,,,`,
  `people,${day(5)},meeting,,,,,`,
  `key,${day(4)},call,,,,,`,
  `complaint,${day(30)},order,300,EUR,,,`,
);
// future: only rows after the as-of date.
interactionLines.push(`future,${day(-3)},order,100,EUR,,,`);
const interactions = file('interactions.csv', interactionLines);
const responses = file('responses.csv', [
  'id,kind,score,comment,respondent_email,customer_id,submitted_at',
  'r1,nps,2,,chen@gmail.com,,2024-06-20',
  'r2,nps,0,,nobody@elsewhere.example,,2024-06-20',
  'r3,nps,0,,,future,2024-07-05',
]);
const cases = file('cases.csv', [
  'id,customer_id,title,category,severity,status,opened_at,due_at,closed_at',
  `k1,complaint,Wrong invoice,billing,high,listen,${day(12)},${day(5)},`,
  `k2,key,Missing parts,delivery,medium,listen,${day(2)},,`,
]);

describe('kehu risk', { timeout: 300_000 }, () => {
  it('reaches every indicator from the interchange files', async () => {
    const r = kehu(
      '--interactions',
      interactions,
      '--customers',
      customers,
      '--contacts',
      contacts,
      '--responses',
      responses,
      '--cases',
      cases,
      '--as-of',
      AS_OF,
      '--tz',
      'UTC',
    );
    expect(r.stderr).toMatch(/kehu risk: \d+ customers as of 2024-06-30 \(UTC\), policy v1/);
    expect(r.code).toBe(0);
    const out = await rows(r.stdout);
    const by = Object.fromEntries(out.map((x) => [x.customer_id, x]));
    expect(Object.keys(out[0] ?? {})).toEqual(['customer_id', 'score', 'level', 'reasons']);
    const expectations: [string, RegExp][] = [
      ['silent', /Contact silence .*last contact 60 days ago; agreed cadence every 14 days/],
      ['purchase', /Purchase recency .*only one order so far, 200 days ago/],
      ['decline', /Spend decline .*spend in the last 90 days 150/],
      ['returns', /Returns rising .*returns are 23% of orders in the last 90 days \(1 return\); usually 0%/],
      ['complaint', /Complaints .*case “Wrong invoice” is 5 days past the time promised/],
      ['key', /Complaints .*new complaint from a key customer: “Missing parts”/],
      ['nps', /Satisfaction .*NPS answer 2\/10 on 2024-06-20/],
      ['feedback', /Negative feedback .*negative words in feedback: disappointed, broken/],
      ['payment', /Payment overdue .*1 payment overdue, by 40 days/],
      ['people', /People change .*key contact Wang Fang left 2024-06-10/],
      ['owner', /People change .*account owner changed from Qian to Zhao on 2024-06-01/],
    ];
    for (const [id, reason] of expectations) {
      expect(by[id], id).toBeDefined();
      expect(by[id]?.reasons, id).toMatch(reason);
      expect(Number(by[id]?.score), id).toBeGreaterThan(0);
    }
    // Riskiest first; levels are the five names.
    const scores = out.map((x) => Number(x.score));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(out.every((x) => ['none', 'blue', 'yellow', 'orange', 'red'].includes(x.level as string))).toBe(true);
    // Rows after the as-of date are ignored: a customer with only those has no history before it.
    expect(by.future).toBeUndefined();
    expect(r.stderr).toMatch(/\d+ rows? dated after 2024-06-30 ignored/);
    expect(r.stderr).toMatch(/1 response matched no customer/);
  });

  it('gives the same scores when the files also hold rows dated after the as-of date', async () => {
    const later = file('later.csv', [
      ...interactionLines,
      `purchase,${day(-10)},order,500,EUR,,,`,
      `silent,${day(-1)},call,,,,,`,
      `decline,${day(-30)},order,9000,EUR,,,`,
    ]);
    const a = await rows(kehu('--interactions', interactions, '--as-of', AS_OF, '--tz', 'UTC').stdout);
    const b = await rows(kehu('--interactions', later, '--as-of', AS_OF, '--tz', 'UTC').stdout);
    expect(b).toEqual(a);
  });

  it('writes a file with a byte-order mark when --out is given, and reasons in zh-CN on request', async () => {
    const out = join(dir, 'risk.csv');
    const r = kehu('--interactions', interactions, '--as-of', AS_OF, '--tz', 'UTC', '--out', out, '--locale', 'zh-CN');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const purchase = (await rows(text.slice(1))).find((x) => x.customer_id === 'purchase');
    expect(purchase?.reasons).toMatch(/购买间隔 .*仅有一笔订单，在 200 天前/);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]); // written whole, then renamed
    const nowhere = kehu('--interactions', interactions, '--as-of', AS_OF, '--out', join(dir, 'no', 'such', 'folder.csv'));
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/cannot write .*folder\.csv: its folder does not exist/);
  });

  it('reads NDJSON in the shared schema', async () => {
    const nd = file('interactions.ndjson', [
      JSON.stringify({ customerId: 'n1', kind: 'order', occurredAt: '2023-12-01T10:00:00.000Z', amount: 100 }),
      JSON.stringify({ customerId: 'n1', kind: 'call', occurredAt: '2024-01-05T10:00:00.000Z' }),
    ]);
    const r = kehu('--interactions', nd, '--as-of', AS_OF, '--tz', 'UTC');
    expect(r.code).toBe(0);
    expect((await rows(r.stdout))[0]?.reasons).toMatch(/only one order so far, 212 days ago/);
  });

  it('rejects a bad file with the line and field at fault, and writes nothing', () => {
    const bad = file('bad.csv', [
      'customer_id,occurred_at,kind,amount',
      'a,2024-01-01,order,10',
      'a,2024-13-45,order,10',
      'b,2024-01-02,purchase,10',
      'c,2024-01-03,order,ten',
    ]);
    const out = join(dir, 'never.csv');
    const r = kehu('--interactions', bad, '--as-of', AS_OF, '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}: line 3, field occurred_at: "2024-13-45" is not a date`);
    expect(r.stderr).toMatch(/line 4, field kind: /);
    expect(r.stderr).toContain('line 5, field amount: "ten" is not a number');
    expect(existsSync(out)).toBe(false);
    // With --skip-invalid the good rows are assessed and the bad ones reported.
    const skipped = kehu('--interactions', bad, '--as-of', AS_OF, '--skip-invalid');
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toMatch(/skipped 3 bad rows of/);
    expect(skipped.stdout.split('\n')[1]).toMatch(/^a,/);
  });

  it('rejects a file without the required columns, a missing file, and bad options', () => {
    const noKind = file('nokind.csv', ['customer_id,occurred_at', 'a,2024-01-01']);
    const r = kehu('--interactions', noKind, '--as-of', AS_OF);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nokind\.csv: line 1: the header lacks the column kind/);
    expect(kehu('--interactions', join(dir, 'nope.csv'), '--as-of', AS_OF).stderr).toMatch(/nope\.csv: no such file/);
    const usage = kehu('--interactions', interactions, '--as-of', '30/06/2024');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--as-of must be a date like 2011-09-10/);
    expect(kehu('--as-of', AS_OF).stderr).toMatch(/--interactions FILE is required/);
    expect(kehu('--interactions', interactions, '--as-of', AS_OF, '--tz', 'Mars/Olympus').stderr).toMatch(/not a time zone/);
    expect(kehu('--interactions', interactions, '--as-of', AS_OF, '--bogus').code).toBe(2);
    const help = kehu('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/usage: kehu risk --interactions FILE/);
  });

  it('speaks Chinese in a Chinese terminal: help, errors, the summary and the reasons', async () => {
    const zh = (...args: string[]) => kehuIn('zh_CN.UTF-8', ...args);
    expect(zh('--help').stdout).toMatch(/^用法：kehu risk --interactions 文件/);
    const usage = zh('--interactions', interactions, '--as-of', '30/06/2024');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--as-of 应为 2011-09-10 这样的日期，而不是“30/06/2024”');
    expect(zh('--interactions', join(dir, 'nope.csv'), '--as-of', AS_OF).stderr).toMatch(/nope\.csv：文件不存在/);
    const r = zh('--interactions', interactions, '--as-of', AS_OF, '--tz', 'UTC');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^kehu risk：截至 2024-06-30（UTC）共 \d+ 个客户，策略 v1/);
    // The reasons follow the terminal too, unless --locale says otherwise.
    expect((await rows(r.stdout)).find((x) => x.customer_id === 'purchase')?.reasons).toMatch(/仅有一笔订单/);
    const en = zh('--interactions', interactions, '--as-of', AS_OF, '--tz', 'UTC', '--locale', 'en');
    expect((await rows(en.stdout)).find((x) => x.customer_id === 'purchase')?.reasons).toMatch(/only one order so far/);
  });

  it('counts the whole as-of day in the time zone given', async () => {
    // 23:30 on the as-of day in Shanghai is 15:30 UTC that day; 00:30 the next day is after it.
    const tz = file('tz.csv', ['customer_id,occurred_at,kind', 'late,2024-06-30 23:30,order', 'next,2024-07-01 00:30,order']);
    const r = kehu('--interactions', tz, '--as-of', AS_OF, '--tz', 'Asia/Shanghai');
    const ids = (await rows(r.stdout)).map((x) => x.customer_id);
    expect(ids).toEqual(['late']);
  });

  it('uses a tuned policy from a JSON file, validated', async () => {
    const { defaultPolicy } = await import('#shared/risk/index.ts');
    const p = {
      ...defaultPolicy('2024-01-01T00:00:00.000Z'),
      version: 3,
      thresholds: { blue: 5, yellow: 10, orange: 15, red: 20 },
    };
    const good = file('policy.json', [JSON.stringify(p)]);
    const r = kehu('--interactions', interactions, '--as-of', AS_OF, '--tz', 'UTC', '--policy', good);
    expect(r.stderr).toMatch(/policy v3/);
    expect((await rows(r.stdout)).find((x) => x.customer_id === 'purchase')?.level).toBe('red');
    const bad = file('bad-policy.json', [JSON.stringify({ ...p, thresholds: { blue: 50, yellow: 10, orange: 15, red: 20 } })]);
    const e = kehu('--interactions', interactions, '--as-of', AS_OF, '--policy', bad);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/bad-policy\.json: field thresholds: must rise/);
  });
});
