// "How this policy would have done": the backtest of the policy in force and of the edited one on
// the rep's own records, side by side, before a version is saved (docs/RISK.md, "Backtest").
import type { BacktestReport } from '#shared/risk/backtest.ts';
import type { Locale } from '../i18n.ts';
import { fmtDate, fmtNumber, t } from '../text.ts';

export interface PolicyBacktestResult {
  labelDays: number;
  current: BacktestReport;
  edited: BacktestReport;
}

type Row = { key: Parameters<typeof t>[1]; value: (r: BacktestReport) => number | null; kind: 'ratio' | 'share' | 'days' };

const ROWS: Row[] = [
  { key: 'policy.bt.auc', value: (r) => r.auc, kind: 'ratio' },
  { key: 'policy.bt.precisionOrange', value: (r) => r.levels.orange.precision, kind: 'share' },
  { key: 'policy.bt.recallOrange', value: (r) => r.levels.orange.recall, kind: 'share' },
  { key: 'policy.bt.precisionYellow', value: (r) => r.levels.yellow.precision, kind: 'share' },
  { key: 'policy.bt.recallYellow', value: (r) => r.levels.yellow.recall, kind: 'share' },
  { key: 'policy.bt.lead', value: (r) => r.lead_days.median, kind: 'days' },
  { key: 'policy.bt.alerts', value: (r) => (r.weeks > 0 ? r.alerts / r.weeks : null), kind: 'ratio' },
];

function cell(locale: Locale, value: number | null, kind: Row['kind']): string {
  if (value === null) return '—';
  if (kind === 'share') return `${fmtNumber(locale, value * 100, 0)}%`;
  if (kind === 'days') return fmtNumber(locale, value, 0);
  return fmtNumber(locale, value, 2);
}

export function BacktestTable({ result, locale }: { result: PolicyBacktestResult; locale: Locale }) {
  const { current, edited, labelDays } = result;
  const date = fmtDate(locale, edited.as_of);
  if (edited.auc === null) {
    return (
      <div class="notice">
        <p>{t(locale, 'policy.backtestEmpty', { date })}</p>
      </div>
    );
  }
  return (
    <div class="notice">
      <p>
        <strong>
          {t(locale, 'policy.backtestIntro', {
            date,
            customers: fmtNumber(locale, edited.customers),
            lost: fmtNumber(locale, edited.lost),
            days: labelDays,
          })}
        </strong>
      </p>
      <table>
        <caption class="visually-hidden">{t(locale, 'policy.backtestCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t(locale, 'policy.bt.measure')}</th>
            <th scope="col">{t(locale, 'policy.now')}</th>
            <th scope="col">{t(locale, 'policy.after')}</th>
          </tr>
        </thead>
        <tbody>
          {ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{t(locale, row.key)}</th>
              <td>{cell(locale, row.value(current), row.kind)}</td>
              <td>{cell(locale, row.value(edited), row.kind)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
