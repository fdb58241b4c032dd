// metrics: risk.full_ms risk.full_cpu_ms risk.backtest_ms risk.backtest_cpu_ms risk.incremental_ms risk.incremental_p95_ms risk.cli_1m_s risk.cli_1m_peak_mb
// The early-warning engine at scale: 100,000 customers with 1,000,000 interactions (orders,
// returns, mail, calls, invoices with due dates, cases and survey answers mixed in).
// * risk.full_ms — assess everyone (a batch recompute), median of five runs in one process (the first
//   includes compiling the engine);
// * risk.backtest_ms — the backtest of the default policy as of 90 days before the data ends (14 weekly
//   replays of everyone, the quiet ones followed on, every measure), run twice: the second run's time,
//   after checking that both gave the same numbers (a backtest is reproducible);
// * risk.full_cpu_ms / risk.backtest_cpu_ms — the CPU time of the same runs (this process's user +
//   system time): on a machine shared with other work the wall times grow with the load, the CPU
//   times much less, so the two together say how much of a slow run was waiting;
// * risk.incremental_ms / _p95_ms — one new event for one customer: add it and reassess that customer;
// * risk.cli_1m_s / risk.cli_1m_peak_mb — `kehu risk` on a 1M-row interactions CSV: wall time and the
//   process's peak resident memory (the file is streamed; the engine keeps a few numbers per row).
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INTERACTION_KINDS } from '#shared/model/interaction.ts';
import type { Assessment } from '#shared/model/risk.ts';
import { backtest } from '#shared/risk/backtest.ts';
import { RiskBook, defaultPolicy } from '#shared/risk/index.ts';
import { percentile, report, round } from './lib.ts';

const CUSTOMERS = 100_000;
const INTERACTIONS = 1_000_000;
const DAY = 86_400_000;
const AS_OF = '2024-12-31T23:59:59.999Z';
const END = Date.parse(AS_OF);
const meta = { rev: 1, updatedAt: AS_OF, updatedBy: 'bench', deletedAt: null };

/** mulberry32: a small, fast, seeded generator, so every run assesses the same book. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(42);

/** Interactions of one customer: a rhythm of their own, a start, some falling silent. */
function* customerRows(id: string, count: number) {
  const gap = 3 + rnd() * 60;
  const quietFor = rnd() < 0.3 ? rnd() * 200 : 0;
  let t = END - quietFor * DAY - count * gap * DAY;
  for (let i = 0; i < count; i++) {
    t += gap * DAY * (0.5 + rnd());
    const r = rnd();
    const kind =
      r < 0.5
        ? 'order'
        : r < 0.55
          ? 'return'
          : (INTERACTION_KINDS[Math.floor(rnd() * INTERACTION_KINDS.length)] as (typeof INTERACTION_KINDS)[number]);
    const occurredAt = new Date(Math.min(t, END)).toISOString();
    yield {
      customerId: id,
      kind,
      occurredAt,
      amount: kind === 'order' || kind === 'return' ? Math.round(rnd() * 100_000) / 100 : undefined,
      summary: kind === 'email_in' && rnd() < 0.05 ? 'delivery was slow again' : undefined,
      dueAt: kind === 'order' && rnd() < 0.1 ? new Date(Math.min(t, END) + 30 * DAY).toISOString() : undefined,
      paidAt: undefined,
    };
  }
}

const book = new RiskBook();
const counts: number[] = [];
let left = INTERACTIONS;
for (let c = 0; c < CUSTOMERS; c++) {
  const n = c === CUSTOMERS - 1 ? left : Math.max(1, Math.min(left - (CUSTOMERS - c - 1), Math.round(1 + rnd() * 18)));
  counts.push(n);
  left -= n;
}
counts.forEach((n, c) => {
  const id = `c${c}`;
  for (const row of customerRows(id, n)) book.addInteraction(row);
  if (c % 20 === 0) {
    book.addCase({
      id: `k${c}`,
      customerId: id,
      title: 'Late delivery',
      category: 'delivery',
      severity: 'medium',
      status: 'listen',
      openedAt: new Date(END - rnd() * 60 * DAY).toISOString(),
      dueAt: new Date(END - rnd() * 30 * DAY).toISOString(),
      steps: [],
      escalations: [],
      customerLog: [],
      ...meta,
    });
  }
  if (c % 10 === 0) {
    book.addResponse({
      id: `r${c}`,
      kind: 'nps',
      score: Math.floor(rnd() * 11),
      comment: rnd() < 0.3 ? '服务态度差' : undefined,
      respondent: {},
      customerId: id,
      submittedAt: new Date(END - rnd() * 150 * DAY).toISOString(),
      ...meta,
    });
  }
});
const policy = defaultPolicy(AS_OF);

// ---- risk.full_ms ----
/** CPU time of this process so far (user + system), in ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const runs: number[] = [];
const cpuRuns: number[] = [];
let all: Assessment[] = [];
for (let run = 0; run < 5; run++) {
  globalThis.gc?.();
  const c0 = cpuMs();
  const t0 = performance.now();
  all = [...book.assessAll(AS_OF, policy)];
  runs.push(performance.now() - t0);
  cpuRuns.push(cpuMs() - c0);
}
if (all.length !== CUSTOMERS) throw new Error(`assessed ${all.length} customers, expected ${CUSTOMERS}`);
const byLevel = Object.fromEntries(
  ['none', 'blue', 'yellow', 'orange', 'red'].map((l) => [l, all.filter((a) => a.level === l).length]),
);
console.error(
  `assessed ${all.length} customers (${INTERACTIONS} interactions): ${JSON.stringify(byLevel)}; runs ${runs.map((r) => r.toFixed(0)).join(', ')} ms`,
);

// ---- risk.backtest_ms: before the incremental run below adds events to the book ----
const backtestAsOf = new Date(END - 90 * DAY).toISOString();
const backtestRuns: { ms: number; cpuMs: number; json: string }[] = [];
for (let run = 0; run < 2; run++) {
  globalThis.gc?.();
  const c0 = cpuMs();
  const t0 = performance.now();
  const r = backtest(book, policy, { asOf: backtestAsOf, labelDays: 90 });
  backtestRuns.push({ ms: performance.now() - t0, cpuMs: cpuMs() - c0, json: JSON.stringify(r) });
}
if (backtestRuns[0]?.json !== backtestRuns[1]?.json) throw new Error('two backtests of the same book and policy differ');
{
  const r = JSON.parse(backtestRuns[1]?.json ?? '{}');
  console.error(
    `backtest as of ${backtestAsOf.slice(0, 10)}: ${r.customers} customers, ${r.lost} lost, AUC ${r.auc?.toFixed(3)}, ${r.alerts} alerts; runs ${backtestRuns.map((b) => `${b.ms.toFixed(0)} ms (CPU ${b.cpuMs.toFixed(0)})`).join(', ')}`,
  );
}

// ---- risk.incremental_ms: one new event, one customer ----
const previous = new Map(all.map((a) => [a.customerId, a]));
const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  const id = `c${Math.floor(rnd() * CUSTOMERS)}`;
  const event = { customerId: id, kind: 'call' as const, occurredAt: new Date(END - rnd() * DAY).toISOString() };
  const now = new Date(END + i * 1000).toISOString(); // the clock moves on between events
  const t0 = performance.now();
  book.addInteraction(event);
  const a = book.assess(id, now, policy, previous.get(id));
  times.push(performance.now() - t0);
  if (!a) throw new Error(`no assessment for ${id}`);
}
times.sort((a, b) => a - b);

// ---- kehu risk on a 1M-row file: time and peak memory of the command's own process ----
const dir = mkdtempSync(join(tmpdir(), 'kehu-bench-risk-'));
const csv = join(dir, 'interactions.csv');
{
  const out = createWriteStream(csv);
  out.write('customer_id,occurred_at,kind,amount,currency,summary\n');
  let buffer = '';
  counts.forEach((n, c) => {
    for (const row of customerRows(`c${c}`, n)) {
      buffer += `${row.customerId},${row.occurredAt},${row.kind},${row.amount ?? ''},${row.amount === undefined ? '' : 'EUR'},${row.summary ?? ''}\n`;
    }
    if (buffer.length > 1 << 20) {
      out.write(buffer);
      buffer = '';
    }
  });
  out.write(buffer);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}
const cli = fileURLToPath(new URL('../../collector/cli/risk.ts', import.meta.url));
const script = `const { run } = await import(${JSON.stringify(cli)});
const code = await run(${JSON.stringify(['--interactions', csv, '--as-of', '2024-12-31', '--tz', 'UTC', '--out', join(dir, 'risk.csv')])});
console.log(JSON.stringify({ code, maxRssKb: process.resourceUsage().maxRSS }));`;
const t0 = performance.now();
const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
const cliSeconds = (performance.now() - t0) / 1000;
rmSync(dir, { recursive: true, force: true });
const result = JSON.parse((child.stdout ?? '').trim().split('\n').at(-1) ?? '{}') as { code?: number; maxRssKb?: number };
if (child.status !== 0 || result.code !== 0) throw new Error(`kehu risk failed: ${child.stderr}`);
console.error(child.stderr.trim());

report({
  'risk.full_ms': {
    value: Math.round(
      percentile(
        [...runs].sort((a, b) => a - b),
        50,
      ),
    ),
    unit: 'ms',
    target: 3000,
  },
  'risk.full_cpu_ms': {
    value: Math.round(
      percentile(
        [...cpuRuns].sort((a, b) => a - b),
        50,
      ),
    ),
    unit: 'ms',
  },
  'risk.backtest_ms': { value: Math.round(backtestRuns[1]?.ms ?? Number.NaN), unit: 'ms', target: 30_000 },
  'risk.backtest_cpu_ms': { value: Math.round(backtestRuns[1]?.cpuMs ?? Number.NaN), unit: 'ms' },
  'risk.incremental_ms': { value: round(percentile(times, 50), 3), unit: 'ms', target: 2 },
  'risk.incremental_p95_ms': { value: round(percentile(times, 95), 3), unit: 'ms', target: 2 },
  'risk.cli_1m_s': { value: round(cliSeconds, 1), unit: 's' },
  'risk.cli_1m_peak_mb': { value: Math.round((result.maxRssKb ?? 0) / 1024), unit: 'MB', target: 1024 },
});
