// `kehu risk --backtest` and `--calibrate`: what the report says in a terminal (zh-CN or en), the
// report as CSV (one metric per row, for a spreadsheet) and the calibration's review text. The
// numbers come from the pure engine (shared/src/risk/backtest.ts, calibrate.ts).
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import { type Locale, type Messages, format } from '#shared/i18n/locale.ts';
import { INDICATORS } from '#shared/model/risk.ts';
import type { Policy } from '#shared/model/policy.ts';
import type { BacktestReport } from '#shared/risk/backtest.ts';
import type { CalibrationResult } from '#shared/risk/calibrate.ts';

const TEXT = {
  en: {
    head: 'Backtest of policy v{version} as of {date}: lost = no order or contact in the following {days} days',
    incomplete: '  note: the data ends before the label window does; some "lost" customers may yet come back',
    population: '  {customers} customers with history by the date; {lost} lost ({share})',
    auc: '  AUC {auc} (0.5 = chance, 1 = every lost customer ranked above every kept one)',
    levelsHead: '  At each level or above: customers, lost among them (precision), share of all lost caught (recall)',
    level: '    {level}: {customers} customers, precision {precision}, recall {recall}',
    lead: '  Lead time: of {recent} customers who went quiet in the last {weeks} weeks and were lost, {warned} were warned before they counted as lost, {median} days ahead (median; quartiles {q1}–{q3})',
    leadNone:
      '  Lead time: of {recent} customers who went quiet in the last {weeks} weeks and were lost, none was warned in time',
    alerts: '  Cost: {alerts} alerts in {weeks} weeks for {reps} account owner(s): {rate} alerts per owner per week',
    indicatorsHead: '  Indicators: customers it fired for, lost among them, AUC lost without it',
    indicator: '    {label}: {fired} customers, lost {share}, AUC {delta} without it',
    silent: '    (silent: {labels})',
    calHead: 'Calibrated policy v{to} from v{from}: fitted on {customers} customers as of {fit} ({lost} lost)',
    calAuc: '  AUC on the fitting cut: {current} now, {calibrated} calibrated (in sample)',
    calCheck:
      '  Checked as of {date} (not used for fitting): AUC {current} → {calibrated}; precision at orange and above {pc} → {pn}; median lead {lc} → {ln} days; alerts per owner per week {ac} → {an}',
    calNone: '  No setting changed.',
    calChanges: '  Changes to review:',
    fitted: '    {path}: {from} → {to} (fired for {fired} customers, {lostPct}% of them lost)',
    kept: '    {path}: {from} → {to} kept (fired for only {fired} customers; at least {min} needed to learn from)',
    levelAt: '    {path}: {from} → {to} (where the fitted chance of loss reaches {lostPct}%)',
    rhythm: '    {path}: {from} → {to} (the reading of the buying history that fitted best)',
  },
  'zh-CN': {
    head: '策略 v{version} 截至 {date} 的回测：流失 = 此后 {days} 天内没有订单也没有联系',
    incomplete: '  注意：数据在标注窗口结束前就截止了，部分“流失”客户以后可能还会回来',
    population: '  截至该日有往来记录的客户 {customers} 个；其中流失 {lost} 个（{share}）',
    auc: '  AUC {auc}（0.5 = 随机，1 = 每个流失客户都排在每个留存客户之前）',
    levelsHead: '  各级别及以上：客户数、其中流失的比例（精确率）、覆盖全部流失客户的比例（召回率）',
    level: '    {level}：{customers} 个客户，精确率 {precision}，召回率 {recall}',
    lead: '  提前量：最近 {weeks} 周内沉寂并流失的 {recent} 个客户中，{warned} 个在计为流失之前已被预警，中位数提前 {median} 天（四分位 {q1}–{q3}）',
    leadNone: '  提前量：最近 {weeks} 周内沉寂并流失的 {recent} 个客户中，没有一个及时被预警',
    alerts: '  代价：{weeks} 周内共 {alerts} 条预警，{reps} 位客户负责人：每人每周 {rate} 条',
    indicatorsHead: '  指标：触发的客户数、其中流失的比例、去掉该指标后 AUC 的变化',
    indicator: '    {label}：{fired} 个客户，流失 {share}，去掉后 AUC {delta}',
    silent: '    （未触发：{labels}）',
    calHead: '由 v{from} 校准得到策略 v{to}：截至 {fit} 的 {customers} 个客户拟合（其中流失 {lost} 个）',
    calAuc: '  拟合时点的 AUC：当前 {current}，校准后 {calibrated}（样本内）',
    calCheck:
      '  在 {date} 检验（未用于拟合）：AUC {current} → {calibrated}；橙色及以上的精确率 {pc} → {pn}；提前量中位数 {lc} → {ln} 天；每位负责人每周预警 {ac} → {an} 条',
    calNone: '  没有任何设置改变。',
    calChanges: '  待审阅的改动：',
    fitted: '    {path}：{from} → {to}（触发 {fired} 个客户，其中 {lostPct}% 流失）',
    kept: '    {path}：{from} → {to} 保持不变（只触发了 {fired} 个客户，至少需要 {min} 个才能据此学习）',
    levelAt: '    {path}：{from} → {to}（拟合的流失概率达到 {lostPct}% 之处）',
    rhythm: '    {path}：{from} → {to}（与历史最吻合的购买记录读法）',
  },
} satisfies Messages<string>;

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const num = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));

/** The report as a person reads it, in their language. */
export function backtestSummary(r: BacktestReport, locale: Locale): string {
  const m = TEXT[locale];
  const lines = [
    format(m.head, { version: r.policy_version, date: r.as_of.slice(0, 10), days: r.label_days }),
    r.label_complete ? '' : m.incomplete,
    format(m.population, { customers: r.customers, lost: r.lost, share: pct(r.customers ? r.lost / r.customers : null) }),
    format(m.auc, { auc: num(r.auc) }),
    m.levelsHead,
    ...(['red', 'orange', 'yellow', 'blue'] as const).map((l) =>
      format(m.level, {
        level: LEVEL_LABELS[locale][l],
        customers: r.levels[l].customers,
        precision: pct(r.levels[l].precision),
        recall: pct(r.levels[l].recall),
      }),
    ),
    r.lead_days.median === null
      ? format(m.leadNone, { recent: r.lead_days.lost_recently, weeks: r.weeks })
      : format(m.lead, {
          recent: r.lead_days.lost_recently,
          weeks: r.weeks,
          warned: r.lead_days.warned,
          median: r.lead_days.median,
          q1: r.lead_days.q1 ?? '—',
          q3: r.lead_days.q3 ?? '—',
        }),
    format(m.alerts, { alerts: r.alerts, weeks: r.weeks, reps: r.reps, rate: r.alerts_per_rep_week.toFixed(2) }),
    m.indicatorsHead,
  ];
  const silent: string[] = [];
  for (const i of INDICATORS) {
    const x = r.indicators[i];
    if (x.fired === 0) {
      silent.push(INDICATOR_LABELS[locale][i]);
      continue;
    }
    const delta = x.contribution === null ? '—' : `${x.contribution > 0 ? '−' : '+'}${Math.abs(x.contribution).toFixed(3)}`;
    lines.push(format(m.indicator, { label: INDICATOR_LABELS[locale][i], fired: x.fired, share: pct(x.lost_share), delta }));
  }
  if (silent.length > 0) lines.push(format(m.silent, { labels: silent.join(locale === 'zh-CN' ? '、' : ', ') }));
  return lines.filter(Boolean).join('\n');
}

/** The report flattened to `metric,value` rows (`levels.orange.precision`, `indicators.complaints.fired`…). */
export function backtestRows(r: BacktestReport): [string, string | number][] {
  const rows: [string, string | number][] = [];
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else rows.push([path, value === null ? '' : typeof value === 'boolean' ? String(value) : (value as string | number)]);
  };
  walk(r, '');
  return rows;
}

/** The calibration for the person who reviews it: the fit, the check on the later cut, every change with its reason. */
export function calibrationSummary(r: CalibrationResult, current: Policy, locale: Locale): string {
  const m = TEXT[locale];
  const c = r.check.current;
  const n = r.check.calibrated;
  const lines = [
    format(m.calHead, {
      from: current.version,
      to: r.policy.version,
      customers: r.fit.customers,
      lost: r.fit.lost,
      fit: r.policy.note?.match(/as of (\d{4}-\d{2}-\d{2})/)?.[1] ?? '',
    }),
    format(m.calAuc, { current: num(r.fit.current), calibrated: num(r.fit.calibrated) }),
    format(m.calCheck, {
      date: c.as_of.slice(0, 10),
      current: num(c.auc),
      calibrated: num(n.auc),
      pc: pct(c.levels.orange.precision),
      pn: pct(n.levels.orange.precision),
      lc: c.lead_days.median ?? '—',
      ln: n.lead_days.median ?? '—',
      ac: c.alerts_per_rep_week.toFixed(2),
      an: n.alerts_per_rep_week.toFixed(2),
    }),
    r.changes.length === 0 ? m.calNone : m.calChanges,
    ...r.changes.map((d) =>
      format(m[d.reason.code === 'level' ? 'levelAt' : d.reason.code], {
        path: d.path,
        from: d.from,
        to: d.to,
        ...d.reason.params,
      }),
    ),
  ];
  return lines.join('\n');
}
