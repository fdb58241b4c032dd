// `npm run eval:risk [-- --as-of YYYY-MM-DD] [--set policy.path=value …] [--write-interactions FILE]`
//
// The early-warning evaluation on real orders (docs/RISK.md, "Evaluation"). The Online Retail
// invoice lines become one order per invoice with its total (cancellations become returns, lines
// without a customer are dropped); Kehu's engine, with the default policy, assesses every customer
// as of the date, and a customer counts as lost when they make no purchase in the 90 days after it.
// Printed, from one run: ROC AUC of Kehu's score, of recency alone, of frequency alone and of the
// RFM quintile sum (and, as a reference, a logistic regression fitted by 5-fold cross-validation);
// the share of lost customers at orange and red; the warning's lead time from weekly assessments.
//
// The default policy is not fitted to what happened after 2011-09-10. Its purchase parameters were
// chosen on an earlier cut: `npm run eval:risk -- --as-of 2011-06-01` prints that calibration run.
import { createWriteStream } from 'node:fs';
import { csvLines } from '#shared/codecs/csv.ts';
import { parseDateTime } from '#shared/codecs/time.ts';
import { levelRank, type WarningLevel, WARNING_LEVELS } from '#shared/model/common.ts';
import type { Assessment } from '#shared/model/risk.ts';
import type { Policy } from '#shared/model/policy.ts';
import { rocAuc } from '#shared/risk/backtest.ts';
import { calibrate } from '#shared/risk/calibrate.ts';
import { RiskBook, applyPolicyChange, defaultPolicy } from '#shared/risk/index.ts';
import { leadSummary } from './eval-lead-time.ts';
import { type Invoice, ONLINE_RETAIL_ZONE, invoiceInteraction, readInvoices } from './online-retail.ts';

const DAY = 86_400_000;
const ZONE = ONLINE_RETAIL_ZONE;
const HORIZON_DAYS = 90;

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const asOfDate = option('--as-of') ?? '2011-09-10';
if (!/^\d{4}-\d{2}-\d{2}$/.test(asOfDate)) throw new Error(`--as-of must be YYYY-MM-DD, not "${asOfDate}"`);
// "As of 2011-09-10": everything dated on that day counts, so the moment is the day's last millisecond.
const asOfInstant = parseDateTime(`${asOfDate}T23:59:59.999`, ZONE);
if (!asOfInstant) throw new Error(`--as-of ${asOfDate} is not a date`);
const asOf = Date.parse(asOfInstant);

// ---- 1. Measures (the invoices come from scripts/online-retail.ts) ----

/** ROC AUC (the backtest's rank-sum formula, ties counting half); NaN when a group is empty. */
const auc = (scores: number[], lost: boolean[]): number => rocAuc(scores, lost) ?? Number.NaN;

/** Quintile 1–5 of each value (5 = highest values), equal values in one quintile. */
function quintiles(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const first = new Map<number, number>();
  sorted.forEach((v, i) => {
    if (!first.has(v)) first.set(v, i);
  });
  return values.map((v) => Math.min(5, Math.floor(((first.get(v) as number) * 5) / values.length) + 1));
}

/**
 * Logistic regression by gradient descent on standardised features, 5-fold cross-validated:
 * returns each customer's out-of-fold prediction (log-odds of being lost).
 */
function crossValidatedLogit(features: number[][], lost: boolean[]): number[] {
  const n = features.length;
  const d = (features[0] as number[]).length;
  const out = new Array<number>(n).fill(0);
  const fold = (i: number) => (i * 7919) % 5; // fixed and blind to the labels
  for (let f = 0; f < 5; f++) {
    const train = features.map((_, i) => i).filter((i) => fold(i) !== f);
    const mean = new Array<number>(d).fill(0);
    const sd = new Array<number>(d).fill(0);
    for (let k = 0; k < d; k++) {
      for (const i of train) mean[k] = (mean[k] as number) + ((features[i] as number[])[k] as number) / train.length;
      for (const i of train)
        sd[k] = (sd[k] as number) + (((features[i] as number[])[k] as number) - (mean[k] as number)) ** 2 / train.length;
      sd[k] = Math.sqrt(sd[k] as number) || 1;
    }
    const z = (x: number[]) => x.map((v, k) => (v - (mean[k] as number)) / (sd[k] as number));
    const logit = (x: number[], w: number[]) => x.reduce((a, v, k) => a + v * (w[k] as number), w[d] as number);
    const w = new Array<number>(d + 1).fill(0);
    for (let step = 0; step < 400; step++) {
      const grad = new Array<number>(d + 1).fill(0);
      for (const i of train) {
        const x = z(features[i] as number[]);
        const e = 1 / (1 + Math.exp(-logit(x, w))) - (lost[i] ? 1 : 0);
        for (let k = 0; k < d; k++) grad[k] = (grad[k] as number) + e * (x[k] as number);
        grad[d] = (grad[d] as number) + e;
      }
      for (let k = 0; k <= d; k++) w[k] = (w[k] as number) - (0.5 * (grad[k] as number)) / train.length;
    }
    for (let i = 0; i < n; i++) if (fold(i) === f) out[i] = logit(z(features[i] as number[]), w);
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

// ---- 2. Run ----

const started = performance.now();
const { invoices, lines, dropped } = await readInvoices();

const writeTo = option('--write-interactions');
if (writeTo) {
  // The converted orders in the interchange format, for `kehu risk --interactions FILE --as-of …`.
  const out = createWriteStream(writeTo);
  out.write(csvLines([['customer_id', 'occurred_at', 'kind', 'amount', 'currency']]));
  for (let i = 0; i < invoices.length; i += 5000) {
    const rows = invoices.slice(i, i + 5000).map((v) => {
      const order = invoiceInteraction(v);
      return [v.customerId, order.occurredAt, order.kind, order.amount, 'GBP'];
    });
    out.write(csvLines(rows));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

const book = new RiskBook({ timeZone: ZONE });
for (const v of invoices) {
  book.addInteraction({ customerId: v.customerId, ...invoiceInteraction(v) });
}
// `--set path=value` (repeatable) tries a policy change as a new version, e.g. --set thresholds.orange=45.
let policy = defaultPolicy('2011-01-01T00:00:00.000Z');
process.argv.forEach((arg, i) => {
  if (arg !== '--set') return;
  const [path, value] = (process.argv[i + 1] ?? '').split('=');
  policy = applyPolicyChange(policy, { path: path ?? '', value: Number(value) }, { now: policy.createdAt, by: 'eval' });
});

// The calibrated policy (docs/RISK.md, "Calibration"): fitted on the cut of 2011-06-01 with its
// 90-day label (which ends before 2011-09-10), never on what happened after the date reported on.
const FIT_DATE = option('--fit-as-of') ?? '2011-06-01';
const fitInstant = parseDateTime(`${FIT_DATE}T23:59:59.999`, ZONE);
if (!fitInstant) throw new Error(`--fit-as-of ${FIT_DATE} is not a date`);
const calibrated =
  Date.parse(fitInstant) + HORIZON_DAYS * DAY <= asOf
    ? calibrate(book, policy, {
        fitAsOf: fitInstant,
        checkAsOf: asOfInstant,
        labelDays: HORIZON_DAYS,
        now: asOfInstant,
        by: 'eval',
      })
    : null;

// Weekly assessments up to the as-of date, each with the previous week's as its previous (hysteresis).
const firstInvoice = (invoices[0] as Invoice).at;
const weeks: number[] = [];
for (let t = asOf; t > firstInvoice + 28 * DAY; t -= 7 * DAY) weeks.unshift(t);
function replay(p: Policy) {
  const previous = new Map<string, Assessment>();
  const firstWarning = new Map<string, { at: number; level: WarningLevel }[]>();
  for (const t of weeks) {
    for (const a of book.assessAll(new Date(t).toISOString(), p, (id) => previous.get(id))) {
      previous.set(a.customerId, a);
      if (levelRank(a.level) >= levelRank('yellow')) {
        const list = firstWarning.get(a.customerId) ?? [];
        list.push({ at: t, level: a.level });
        firstWarning.set(a.customerId, list);
      }
    }
  }
  return { previous, firstWarning };
}
const { previous, firstWarning } = replay(policy);
const replayCalibrated = calibrated ? replay(calibrated.policy) : null;

// The population: customers with an order at or before the as-of date.
interface Row {
  id: string;
  assessment: Assessment;
  calibrated: Assessment | undefined;
  recencyDays: number;
  orders: number;
  spend: number;
  tenureDays: number;
  lastOrder: number;
  lost: boolean;
}
const byCustomer = new Map<string, Invoice[]>();
for (const v of invoices) {
  const list = byCustomer.get(v.customerId) ?? [];
  list.push(v);
  byCustomer.set(v.customerId, list);
}
const rows: Row[] = [];
for (const [id, list] of byCustomer) {
  const before = list.filter((v) => !v.cancellation && v.at <= asOf);
  if (before.length === 0) continue;
  const assessment = previous.get(id);
  if (!assessment || Date.parse(assessment.asOf) !== asOf) throw new Error(`customer ${id} has no assessment as of ${asOfDate}`);
  const lastOrder = Math.max(...before.map((v) => v.at));
  const firstOrder = Math.min(...before.map((v) => v.at));
  rows.push({
    id,
    assessment,
    calibrated: replayCalibrated?.previous.get(id),
    recencyDays: (asOf - lastOrder) / DAY,
    orders: before.length,
    spend: before.reduce((a, v) => a + v.total, 0),
    tenureDays: (asOf - firstOrder) / DAY,
    lastOrder,
    lost: !list.some((v) => !v.cancellation && v.at > asOf && v.at <= asOf + HORIZON_DAYS * DAY),
  });
}

const lost = rows.map((r) => r.lost);
const lostCount = lost.filter(Boolean).length;
const lastData = Math.max(...invoices.map((v) => v.at));
const rq = quintiles(rows.map((r) => -r.recencyDays));
const fq = quintiles(rows.map((r) => r.orders));
const mq = quintiles(rows.map((r) => r.spend));
const logit = crossValidatedLogit(
  rows.map((r) => [r.recencyDays, Math.log1p(r.orders), Math.log1p(Math.max(0, r.spend)), r.tenureDays]),
  lost,
);
const aucs = {
  kehu: auc(
    rows.map((r) => r.assessment.score),
    lost,
  ),
  recency: auc(
    rows.map((r) => r.recencyDays),
    lost,
  ),
  frequency: auc(
    rows.map((r) => -r.orders),
    lost,
  ),
  rfm: auc(
    rows.map((_, i) => -((rq[i] as number) + (fq[i] as number) + (mq[i] as number))),
    lost,
  ),
  logit: auc(logit, lost),
  calibrated: calibrated
    ? auc(
        rows.map((r) => r.calibrated?.score ?? 0),
        lost,
      )
    : Number.NaN,
};

const atLevel = (levels: WarningLevel[]) => rows.filter((r) => levels.includes(r.assessment.level));
const orangeRed = atLevel(['orange', 'red']);
const precision = orangeRed.filter((r) => r.lost).length / orangeRed.length;

// Lead time: for lost customers, days from their last purchase to the first weekly assessment at
// or after it that put them at yellow or above.
function leadTimes(warnings: Map<string, { at: number }[]>) {
  const all: number[] = [];
  const repeat: number[] = [];
  const once: number[] = [];
  for (const r of rows) {
    if (!r.lost) continue;
    const first = (warnings.get(r.id) ?? []).find((w) => w.at >= r.lastOrder);
    if (!first) continue;
    const days = (first.at - r.lastOrder) / DAY;
    all.push(days);
    (r.orders > 1 ? repeat : once).push(days);
  }
  return { all, repeat, once };
}
const { all: leads, repeat: leadsRepeat, once: leadsOnce } = leadTimes(firstWarning);

// The calibrated policy beside the defaults: its levels and lead time on the same customers.
function calibratedLines(): string[] {
  if (!calibrated || !replayCalibrated)
    return [`  Calibrated policy: the fitting cut ${FIT_DATE} needs its ${HORIZON_DAYS}-day label to end before ${asOfDate}`];
  const at = (levels: WarningLevel[]) => rows.filter((r) => r.calibrated && levels.includes(r.calibrated.level));
  const orangeRedC = at(['orange', 'red']);
  const leadsC = leadTimes(replayCalibrated.firstWarning).all;
  return [
    `  Calibrated policy v${calibrated.policy.version}: fitted as of ${FIT_DATE} on ${calibrated.fit.customers.toLocaleString('en')} customers (${HORIZON_DAYS}-day label), reported as of ${asOfDate}`,
    ...calibrated.changes.map((c) => `    ${c.path}: ${c.from} → ${c.to} (${c.reason.code})`),
    ...WARNING_LEVELS.map((l) => {
      const x = at([l]);
      const share = x.length ? pct(x.filter((r) => r.lost).length / x.length) : '—';
      return `    ${l.padEnd(7)} ${String(x.length).padStart(5)} customers, lost ${share}`;
    }),
    `    lost among customers at orange and red: ${orangeRedC.length ? pct(orangeRedC.filter((r) => r.lost).length / orangeRedC.length) : '—'} (${orangeRedC.filter((r) => r.lost).length} of ${orangeRedC.length})`,
    `    recall: ${pct(at(['yellow', 'orange', 'red']).filter((r) => r.lost).length / lostCount)} of the lost customers at yellow or above on the date`,
    `    lost customers warned (yellow or above) after their last purchase: ${leadsC.length} of ${lostCount}; median ${median(leadsC).toFixed(0)} days from the last purchase (quartiles ${quantile(leadsC, 0.25).toFixed(0)}–${quantile(leadsC, 0.75).toFixed(0)})`,
  ];
}

// Seasonality (docs/RISK.md): the customers who ordered in the same weeks a year earlier, whose
// silence purchase recency counted more slowly on the date, and how many of them were lost.
function seasonLine(): string {
  const seasonal = rows.filter((r) =>
    r.assessment.contributions.some((c) => c.evidence.some((e) => e.code === 'purchase.season')),
  );
  if (seasonal.length === 0) return '  seasonality: nobody ordered in the same weeks a year earlier, so it changed nothing';
  return `  seasonality: ${seasonal.length} customers ordered in the same weeks a year earlier (the silence since its window opened ÷ ${policy.season.silenceDivisor}); lost ${pct(seasonal.filter((r) => r.lost).length / seasonal.length)} of them`;
}

// Recall and lead time against the day each customer would have been due (scripts/eval-lead-time.ts).
const due = leadSummary(
  rows.map((r) => ({
    lost: r.lost,
    purchases: (byCustomer.get(r.id) ?? []).filter((v) => !v.cancellation && v.at <= asOf).map((v) => v.at),
    warnings: (firstWarning.get(r.id) ?? []).map((w) => w.at),
    warnedNow: levelRank(r.assessment.level) >= levelRank('yellow'),
  })),
);

const lostLabel = `lost = no purchase in the ${HORIZON_DAYS} days after ${asOfDate}`;
const windowNote =
  lastData < asOf + HORIZON_DAYS * DAY - DAY
    ? ` (the data ends ${new Date(lastData).toISOString().slice(0, 10)}: the window is not complete)`
    : '';
const out = [
  `Kehu early-warning evaluation — Online Retail (UCI), as of ${asOfDate}, policy v${policy.version}${policy.version === 1 ? ' (the defaults)' : ' (the defaults with --set changes)'}`,
  `  data: ${lines.toLocaleString('en')} invoice lines → ${invoices.length.toLocaleString('en')} invoices with a customer (${dropped.toLocaleString('en')} lines without a customer dropped; cancellations as returns)`,
  `  customers with an order by ${asOfDate}: ${rows.length.toLocaleString('en')}; ${lostLabel}: ${lostCount.toLocaleString('en')} (${pct(lostCount / rows.length)})${windowNote}`,
  '',
  '  ROC AUC (higher = better at ranking lost customers first)',
  `    Kehu score, policy v${policy.version}${policy.version === 1 ? ' (defaults)' : ''}           ${aucs.kehu.toFixed(3)}   recall ${pct(due.recall)} (lost customers at yellow or above on the date)`,
  `    Kehu score, calibrated policy      ${Number.isNaN(aucs.calibrated) ? '—' : aucs.calibrated.toFixed(3)}`,
  `    recency alone                      ${aucs.recency.toFixed(3)}`,
  `    frequency alone                    ${aucs.frequency.toFixed(3)}`,
  `    RFM quintile sum                   ${aucs.rfm.toFixed(3)}`,
  `    reference: logistic regression on recency, frequency, spend, tenure, 5-fold CV   ${aucs.logit.toFixed(3)}`,
  '',
  '  Levels as of the date (weekly assessments with hysteresis)',
  ...WARNING_LEVELS.map((l) => {
    const at = atLevel([l]);
    const share = at.length ? pct(at.filter((r) => r.lost).length / at.length) : '—';
    return `    ${l.padEnd(7)} ${String(at.length).padStart(5)} customers, lost ${share}`;
  }),
  `  lost among customers at orange and red: ${pct(precision)} (${orangeRed.filter((r) => r.lost).length} of ${orangeRed.length})`,
  seasonLine(),
  '',
  `  Lead time: ${weeks.length} weekly assessments from ${new Date(weeks[0] as number).toISOString().slice(0, 10)} to ${asOfDate}`,
  `    lost customers warned (yellow or above) after their last purchase: ${leads.length} of ${lostCount} (${pct(leads.length / lostCount)})`,
  `    median days from last purchase to the first such warning: ${median(leads).toFixed(0)} (quartiles ${quantile(leads, 0.25).toFixed(0)}–${quantile(leads, 0.75).toFixed(0)})`,
  `      customers with one order: ${median(leadsOnce).toFixed(0)} days (${leadsOnce.length}); with repeat orders: ${median(leadsRepeat).toFixed(0)} days (${leadsRepeat.length})`,
  `    lead time before the day a lost repeat buyer was due (last purchase + their median gap): median ${median(due.leads).toFixed(0)} days (quartiles ${quantile(due.leads, 0.25).toFixed(0)}–${quantile(due.leads, 0.75).toFixed(0)}; ${due.leads.length} customers; negative = warned after the due day)`,
  '',
  ...calibratedLines(),
  '',
  `  ${((performance.now() - started) / 1000).toFixed(1)} s`,
];
console.log(out.join('\n'));

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * s.length))] as number) : Number.NaN;
}
