// The risk score over the last 90 days as a small line chart. The chart is an image with a text
// summary for screen readers, and the values are also in a table behind a disclosure, so nobody
// depends on seeing the line (or its colours).
import type { WarningLevel } from '#shared/model/index.ts';
import type { Locale } from './i18n.ts';
import { levelLabel } from './i18n.ts';
import { LEVEL_GLYPH } from './level-chip.tsx';
import { fmtDate, fmtNumber, t } from './text.ts';

export interface TrendPoint {
  at: string;
  score: number;
  level: WarningLevel;
}

const W = 260;
const H = 64;
const PAD = 6;

const LEVEL_COLOUR: Record<WarningLevel, string> = {
  none: '#6b7280',
  blue: '#1d4ed8',
  yellow: '#a16207',
  orange: '#c2410c',
  red: '#b91c1c',
};

export function TrendChart({ points, locale }: { points: TrendPoint[]; locale: Locale }) {
  if (points.length < 2) return <p class="muted">{t(locale, 'risk.trend.none')}</p>;
  const x = (i: number) => PAD + (i * (W - 2 * PAD)) / (points.length - 1);
  const y = (score: number) => H - PAD - (Math.min(100, Math.max(0, score)) * (H - 2 * PAD)) / 100;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const summary = t(locale, 'risk.trend.summary', {
    from: fmtNumber(locale, first.score),
    fromDate: fmtDate(locale, first.at),
    to: fmtNumber(locale, last.score),
    max: fmtNumber(locale, Math.max(...points.map((p) => p.score))),
  });
  return (
    <figure style={{ margin: '4px 0' }}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        <rect x="0.5" y="0.5" width={W - 1} height={H - 1} fill="#fff" stroke="#d1d5db" />
        {[25, 50, 75].map((g) => (
          <line key={g} x1={PAD} x2={W - PAD} y1={y(g)} y2={y(g)} stroke="#e5e7eb" />
        ))}
        <polyline
          fill="none"
          stroke="#374151"
          stroke-width="2"
          points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.score).toFixed(1)}`).join(' ')}
        />
        {points.map((p, i) => (
          <circle key={p.at} cx={x(i)} cy={y(p.score)} r={3} fill={LEVEL_COLOUR[p.level]} />
        ))}
      </svg>
      <figcaption class="small muted">{summary}</figcaption>
      <details>
        <summary class="small">{t(locale, 'risk.trend.values')}</summary>
        <table class="small">
          <thead>
            <tr>
              <th scope="col">{t(locale, 'field.date')}</th>
              <th scope="col">{t(locale, 'risk.score')}</th>
              <th scope="col">{t(locale, 'risk.level')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.at}>
                <td>{fmtDate(locale, p.at)}</td>
                <td>{fmtNumber(locale, p.score, 1)}</td>
                <td>
                  <span aria-hidden="true">{LEVEL_GLYPH[p.level]} </span>
                  {levelLabel(locale, p.level)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
