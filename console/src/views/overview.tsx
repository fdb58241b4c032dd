// The overview, the console's home: what a team lead reads every morning. Customers per level
// today and at each month end (a chart drawn here in SVG, with a text alternative and the same
// figures as a table), the customer loss rate per month, the 80/20 watch, NPS/CSAT/CES per month,
// open alerts per person and exit reasons. The collector computes every figure
// (GET /console/api/overview); this view only lays them out.
import { useEffect, useState } from 'preact/hooks';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/common.ts';
import { ApiError, api } from '../api.ts';
import { onLink } from '../router.ts';
import type { Key } from '../strings.ts';
import { LevelChip } from './customers.tsx';
import type { T } from './types.ts';

type LevelCounts = Record<WarningLevel, number>;
interface Loss {
  atStart: number;
  lost: number;
  rate: number | null;
}
interface Overview {
  now: string;
  historyAsOf: string | null;
  timeZone: string;
  today: LevelCounts;
  months: { month: string; end: string; levels: LevelCounts; loss: Loss }[];
  surveys: {
    month: string;
    nps: { n: number; score: number | null };
    csat: { n: number; score: number | null };
    ces: { n: number; mean: number | null };
  }[];
  top: {
    withRevenue: number;
    count: number;
    revenue: number;
    topRevenue: number;
    share: number | null;
    levels: LevelCounts;
    atWarning: number;
  };
  alerts: { owner: string | null; open: number; overdue: number }[];
  exits: { answers: number; reasons: { reason: string | null; count: number }[] };
}

/** Most severe first, as the worklist lists them. */
const LEVELS = [...WARNING_LEVELS].reverse();
const EXIT_REASONS = ['price', 'features', 'difficulty', 'service', 'competitor', 'no_need', 'other'];

const sum = (c: LevelCounts) => WARNING_LEVELS.reduce((s, l) => s + c[l], 0);

function monthLabel(month: string, locale: Locale): string {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y as number, (m as number) - 1, 15)),
  );
}

export function OverviewView(props: { t: T; locale: Locale }) {
  const { t, locale } = props;
  const [data, setData] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    api<Overview>('overview?months=12', { signal: controller.signal }).then(setData, (e) => {
      if ((e as Error).name === 'AbortError') return;
      setError(
        e instanceof ApiError && e.status === 0 ? t('error.network') : t('error.server', { message: (e as Error).message }),
      );
    });
    return () => controller.abort();
  }, [attempt]);

  const number = (n: number, digits = 0) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
  const percent = (n: number | null) => (n === null ? t('overview.noData') : `${number(n, 1)}%`);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

  return (
    <section aria-labelledby="overview-heading" class="overview">
      <h1 id="overview-heading">{t('overview.heading')}</h1>
      {error ? (
        <div role="alert" class="error">
          <p>{error}</p>
          <button type="button" onClick={() => setAttempt(attempt + 1)}>
            {t('overview.retry')}
          </button>
        </div>
      ) : null}
      {!data && !error ? (
        <p role="status" class="count">
          {t('overview.loading')}
        </p>
      ) : null}
      {data ? (
        <>
          <p class="count">
            {t('overview.asOf', { now: when(data.now), zone: data.timeZone })}{' '}
            {data.historyAsOf ? t('overview.historyAsOf', { at: when(data.historyAsOf) }) : null}
          </p>
          {sum(data.today) === 0 ? (
            <p class="empty">{t('overview.empty')}</p>
          ) : (
            <Content t={t} locale={locale} data={data} number={number} percent={percent} />
          )}
        </>
      ) : null}
    </section>
  );
}

interface ContentProps {
  t: T;
  locale: Locale;
  data: Overview;
  number: (n: number, digits?: number) => string;
  percent: (n: number | null) => string;
}

function Content({ t, locale, data, number, percent }: ContentProps) {
  const worklist = (params: Record<string, string>) => `/console/customers?${new URLSearchParams(params)}`;
  return (
    <div class="overview-grid">
      <section aria-labelledby="ov-today" class="panel">
        <h2 id="ov-today">{t('overview.today')}</h2>
        <table class="worklist compact">
          <caption class="visually-hidden">{t('overview.today')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('overview.col.level')}</th>
              <th scope="col" class="num">
                {t('overview.col.customers')}
              </th>
            </tr>
          </thead>
          <tbody>
            {LEVELS.map((l) => (
              <tr key={l}>
                <th scope="row">
                  <LevelChip level={l} locale={locale} />
                </th>
                <td class="num">
                  <a
                    href={worklist({ level: l })}
                    onClick={onLink}
                    aria-label={t('overview.todayLink', { count: data.today[l], level: LEVEL_LABELS[locale][l] })}
                  >
                    {number(data.today[l])}
                  </a>
                </td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('overview.total')}</th>
              <td class="num">{number(sum(data.today))}</td>
            </tr>
          </tbody>
        </table>
      </section>

      <section aria-labelledby="ov-top" class="panel">
        <h2 id="ov-top">{t('overview.top')}</h2>
        {data.top.count === 0 ? (
          <p class="empty">{t('overview.top.empty')}</p>
        ) : (
          <dl class="card">
            <dt>{t('overview.top.share')}</dt>
            <dd class="big">{percent(data.top.share)}</dd>
            <dt>{t('overview.top.count')}</dt>
            <dd>{t('overview.top.countValue', { top: number(data.top.count), all: number(data.top.withRevenue) })}</dd>
            <dt>{t('overview.top.atWarning')}</dt>
            <dd class="big">
              <a href={worklist({ sort: 'value' })} onClick={onLink}>
                {t('overview.top.atWarningValue', { count: number(data.top.atWarning), top: number(data.top.count) })}
              </a>
            </dd>
            <dt>{t('overview.top.levels')}</dt>
            <dd>
              <ul class="plain">
                {LEVELS.filter((l) => data.top.levels[l] > 0).map((l) => (
                  <li key={l}>
                    <LevelChip level={l} locale={locale} /> {number(data.top.levels[l])}
                  </li>
                ))}
              </ul>
            </dd>
          </dl>
        )}
      </section>

      <section aria-labelledby="ov-loss" class="panel">
        <h2 id="ov-loss">{t('overview.loss')}</h2>
        <p class="hint">{t('overview.loss.hint')}</p>
        {data.months.length === 0 ? (
          <p class="empty">{t('overview.history.pending')}</p>
        ) : (
          <table class="worklist compact">
            <caption class="visually-hidden">{t('overview.loss')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.col.month')}</th>
                <th scope="col" class="num">
                  {t('overview.col.atStart')}
                </th>
                <th scope="col" class="num">
                  {t('overview.col.lost')}
                </th>
                <th scope="col" class="num">
                  {t('overview.col.lossRate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.months.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{monthLabel(m.month, locale)}</th>
                  <td class="num">{number(m.loss.atStart)}</td>
                  <td class="num">{number(m.loss.lost)}</td>
                  <td class="num">{percent(m.loss.rate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <LevelsByMonth t={t} locale={locale} data={data} number={number} percent={percent} />

      <section aria-labelledby="ov-surveys" class="panel">
        <h2 id="ov-surveys">{t('overview.surveys')}</h2>
        <p class="hint">{t('overview.surveys.hint')}</p>
        {data.surveys.every((s) => s.nps.n + s.csat.n + s.ces.n === 0) ? (
          <p class="empty">{t('overview.surveys.empty')}</p>
        ) : (
          <table class="worklist compact">
            <caption class="visually-hidden">{t('overview.surveys')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.col.month')}</th>
                <th scope="col" class="num">
                  {t('overview.col.nps')}
                </th>
                <th scope="col" class="num">
                  {t('overview.col.csat')}
                </th>
                <th scope="col" class="num">
                  {t('overview.col.ces')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.surveys.map((s, i) => (
                <tr key={s.month}>
                  <th scope="row">
                    {monthLabel(s.month, locale)}
                    {i === data.surveys.length - 1 ? ` ${t('overview.soFar')}` : ''}
                  </th>
                  <td class="num">
                    {s.nps.score === null ? t('overview.noData') : number(s.nps.score)}{' '}
                    <span class="n">{t('overview.answers', { n: s.nps.n })}</span>
                  </td>
                  <td class="num">
                    {percent(s.csat.score)} <span class="n">{t('overview.answers', { n: s.csat.n })}</span>
                  </td>
                  <td class="num">
                    {s.ces.mean === null ? t('overview.noData') : number(s.ces.mean, 1)}{' '}
                    <span class="n">{t('overview.answers', { n: s.ces.n })}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="ov-alerts" class="panel">
        <h2 id="ov-alerts">{t('overview.alerts')}</h2>
        {data.alerts.length === 0 ? (
          <p class="empty">{t('overview.alerts.empty')}</p>
        ) : (
          <table class="worklist compact">
            <caption class="visually-hidden">{t('overview.alerts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('overview.col.owner')}</th>
                <th scope="col" class="num">
                  {t('overview.col.open')}
                </th>
                <th scope="col" class="num">
                  {t('overview.col.overdue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.alerts.map((a) => (
                <tr key={a.owner ?? ''}>
                  <th scope="row">{a.owner ?? t('overview.noOwner')}</th>
                  <td class="num">{number(a.open)}</td>
                  <td class="num">
                    {a.owner ? (
                      <a
                        href={worklist({ owner: a.owner })}
                        onClick={onLink}
                        aria-label={t('overview.overdueLink', { count: a.overdue, owner: a.owner })}
                      >
                        {number(a.overdue)}
                      </a>
                    ) : (
                      number(a.overdue)
                    )}
                    {a.overdue > 0 ? <span class="overdue"> {t('overview.overdueMark')}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="ov-exits" class="panel">
        <h2 id="ov-exits">{t('overview.exits')}</h2>
        {data.exits.answers === 0 ? (
          <p class="empty">{t('overview.exits.empty')}</p>
        ) : (
          <>
            <p class="hint">{t('overview.exits.count', { n: data.exits.answers })}</p>
            <table class="worklist compact">
              <caption class="visually-hidden">{t('overview.exits')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('overview.col.reason')}</th>
                  <th scope="col" class="num">
                    {t('overview.col.answers')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.exits.reasons.map((r) => (
                  <tr key={r.reason ?? ''}>
                    <th scope="row">
                      {r.reason === null
                        ? t('overview.exit.none')
                        : EXIT_REASONS.includes(r.reason)
                          ? t(`overview.exit.${r.reason}` as Key)
                          : r.reason}
                    </th>
                    <td class="num">{number(r.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </div>
  );
}

/** Stacked bars: one per month end and one for today, most severe level at the bottom. */
function LevelsByMonth({ t, locale, data, number }: ContentProps) {
  const [asTable, setAsTable] = useState(false);
  const columns = [
    ...data.months.map((m) => ({ key: m.month, label: monthLabel(m.month, locale), levels: m.levels })),
    { key: 'today', label: t('overview.todayShort'), levels: data.today },
  ];
  const max = Math.max(1, ...columns.map((c) => sum(c.levels)));
  const W = 720;
  const H = 260;
  const left = 44;
  const bottom = 36;
  const plotH = H - bottom - 12;
  const step = (W - left - 8) / columns.length;
  const barW = Math.min(40, step * 0.7);
  const scale = (n: number) => (n / max) * plotH;
  const latest = data.months.at(-1);
  const summary = latest
    ? t('overview.chart.desc', {
        months: data.months.length,
        month: monthLabel(latest.month, locale),
        red: number(latest.levels.red),
        orange: number(latest.levels.orange),
        todayRed: number(data.today.red),
        todayOrange: number(data.today.orange),
      })
    : t('overview.history.pending');
  return (
    <section aria-labelledby="ov-chart" class="panel wide">
      <h2 id="ov-chart">{t('overview.chart')}</h2>
      <p class="hint">{t('overview.chart.hint')}</p>
      <ul class="legend" aria-label={t('overview.chart.legend')}>
        {LEVELS.map((l) => (
          <li key={l}>
            <svg width="18" height="14" aria-hidden="true">
              <rect width="18" height="14" fill={`url(#ov-fill-${l})`} stroke="#1b1f24" stroke-width="0.5" />
            </svg>{' '}
            {LEVEL_LABELS[locale][l]}
          </li>
        ))}
      </ul>
      <svg
        class="chart"
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby="ov-chart-title ov-chart-desc"
        preserveAspectRatio="xMinYMin meet"
      >
        <title id="ov-chart-title">{t('overview.chart')}</title>
        <desc id="ov-chart-desc">{summary}</desc>
        <defs>
          {/* Each level has its own texture as well as its colour: colour is never the only signal. */}
          <pattern id="ov-fill-none" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#d5d9df" />
          </pattern>
          <pattern id="ov-fill-blue" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#6d9fe0" />
            <circle cx="4" cy="4" r="1.3" fill="#0b3f86" />
          </pattern>
          <pattern id="ov-fill-yellow" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#f2cf4a" />
            <path d="M0 4h8" stroke="#5c4400" stroke-width="1.2" />
          </pattern>
          <pattern id="ov-fill-orange" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#f08a3c" />
            <path d="M0 8L8 0" stroke="#7a3200" stroke-width="1.3" />
          </pattern>
          <pattern id="ov-fill-red" width="8" height="8" patternUnits="userSpaceOnUse">
            <rect width="8" height="8" fill="#d63448" />
            <path d="M0 8L8 0M0 0L8 8" stroke="#5a0614" stroke-width="1.2" />
          </pattern>
        </defs>
        <line x1={left} y1={12 + plotH} x2={W - 4} y2={12 + plotH} stroke="#5a6472" />
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line x1={left} x2={W - 4} y1={12 + plotH - f * plotH} y2={12 + plotH - f * plotH} stroke="#dde1e6" />
            <text x={left - 6} y={16 + plotH - f * plotH} text-anchor="end" font-size="11" fill="#3d4550">
              {number(Math.round(max * f))}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x = left + i * step + (step - barW) / 2;
          let y = 12 + plotH;
          return (
            <g key={c.key}>
              {LEVELS.map((l) => {
                const h = scale(c.levels[l]);
                y -= h;
                return h > 0 ? (
                  <rect key={l} x={x} y={y} width={barW} height={h} fill={`url(#ov-fill-${l})`} stroke="#fff" stroke-width="0.5">
                    <title>{`${c.label}: ${LEVEL_LABELS[locale][l]} ${number(c.levels[l])}`}</title>
                  </rect>
                ) : null;
              })}
              <text x={x + barW / 2} y={H - 20} text-anchor="middle" font-size="10" fill="#1b1f24">
                {c.label}
              </text>
            </g>
          );
        })}
      </svg>
      <button type="button" aria-expanded={asTable} aria-controls="ov-chart-table" onClick={() => setAsTable(!asTable)}>
        {asTable ? t('overview.chart.hideTable') : t('overview.chart.showTable')}
      </button>
      <div id="ov-chart-table" hidden={!asTable} class="scroll">
        <table class="worklist compact">
          <caption>{t('overview.chart.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('overview.col.month')}</th>
              {LEVELS.map((l) => (
                <th scope="col" class="num" key={l}>
                  {LEVEL_LABELS[locale][l]}
                </th>
              ))}
              <th scope="col" class="num">
                {t('overview.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((c) => (
              <tr key={c.key}>
                <th scope="row">{c.label}</th>
                {LEVELS.map((l) => (
                  <td class="num" key={l}>
                    {number(c.levels[l])}
                  </td>
                ))}
                <td class="num">{number(sum(c.levels))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
