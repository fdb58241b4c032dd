// The warning panel: the customer's score and level, how they moved over the last 90 days, each
// indicator's contribution with the evidence behind it, the policy version that produced them —
// and the alerts raised, each opened in its own dialog to handle and review.
import { INDICATOR_LABELS, reasonsFor } from '#shared/i18n/evidence.ts';
import type { Alert } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { LoadState, useLoad } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { fmtDate, fmtDateTime, fmtNumber, t } from '../text.ts';
import { TrendChart } from '../trend-chart.tsx';
import { Modal } from '../widgets.tsx';
import { AlertDetail } from './alert.tsx';

export function RiskTab({
  customerId,
  locale,
  initialAlert = null,
  onOpened,
}: {
  customerId: string;
  locale: Locale;
  initialAlert?: string | null;
  onOpened?: () => void;
}) {
  const [risk] = useLoad(() => api.riskOf({ customerId }), [customerId]);
  const [openId, setOpenId] = useState<string | null>(initialAlert);
  useEffect(() => {
    if (initialAlert) onOpened?.();
  }, [initialAlert, onOpened]);
  if (risk.state !== 'ready') return <LoadState value={risk} locale={locale} />;
  const { assessment: a, trend, policyVersion, alerts } = risk.data;
  const reasons = a ? reasonsFor(a, locale) : [];
  const open = alerts.find((x) => x.id === openId) ?? null;
  return (
    <div>
      <section aria-labelledby="risk-head">
        <h2 id="risk-head">{t(locale, 'risk.heading')}</h2>
        {a ? (
          <>
            <p class="row">
              <LevelChip level={a.level} locale={locale} full />
              <span>{t(locale, 'card.score', { score: fmtNumber(locale, a.score) })}</span>
              <span class="muted">{t(locale, `risk.trend.${a.trend}`)}</span>
            </p>
            <p class="small muted">
              {t(locale, 'risk.asOf', { date: fmtDateTime(locale, a.asOf), version: a.policyVersion })}
              {a.policyVersion !== policyVersion && ` ${t(locale, 'risk.newerPolicy', { version: policyVersion })}`}
              {a.watched && ` · ${t(locale, 'card.watched')}`}
            </p>
          </>
        ) : (
          <p class="muted">{t(locale, 'risk.notAssessed')}</p>
        )}
        <h3>{t(locale, 'risk.trend.heading')}</h3>
        <TrendChart points={trend} locale={locale} />
        <h3>{t(locale, 'card.reasons')}</h3>
        {reasons.length === 0 ? (
          <p class="muted">{t(locale, 'card.noReasons')}</p>
        ) : (
          <ol class="kehu-reasons">
            {reasons.map((r) => (
              <li key={r.indicator}>
                <strong>{r.label}</strong>{' '}
                <span class="muted">{t(locale, 'risk.points', { points: fmtNumber(locale, r.points, 1) })}</span>
                {r.evidence.length > 0 && (
                  <ul>
                    {r.evidence.map((e) => (
                      <li key={e}>{e}</li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="alerts-head">
        <h2 id="alerts-head">{t(locale, 'alert.heading')}</h2>
        {alerts.length === 0 ? (
          <p class="muted">{t(locale, 'alert.none')}</p>
        ) : (
          <ul class="plain">
            {alerts.map((x) => (
              <li key={x.id} class="card">
                <AlertSummary alert={x} locale={locale} onOpen={() => setOpenId(x.id)} />
              </li>
            ))}
          </ul>
        )}
      </section>
      {open && (
        <Modal
          title={t(locale, 'alert.title', { indicator: INDICATOR_LABELS[locale][open.indicator] })}
          onClose={() => setOpenId(null)}
          locale={locale}
          wide
        >
          <AlertDetail alert={open} locale={locale} />
        </Modal>
      )}
    </div>
  );
}

function AlertSummary({ alert: x, locale, onOpen }: { alert: Alert; locale: Locale; onOpen: () => void }) {
  const overdue = x.dueAt && (x.status === 'open' || x.status === 'handling') && x.dueAt < new Date().toISOString();
  const action =
    x.status === 'open' || x.status === 'handling'
      ? t(locale, 'alert.handle')
      : x.status === 'reviewed'
        ? t(locale, 'action.view')
        : t(locale, 'alert.review');
  return (
    <div>
      <div class="spread">
        <span class="row">
          <LevelChip level={x.level} locale={locale} />
          <strong>{INDICATOR_LABELS[locale][x.indicator]}</strong>
          <span class="pill">{t(locale, `alert.status.${x.status}`)}</span>
        </span>
        <button
          type="button"
          onClick={onOpen}
          aria-label={t(locale, 'alert.openLabel', { action, indicator: INDICATOR_LABELS[locale][x.indicator] })}
        >
          {action}
        </button>
      </div>
      <p class="small muted">
        {t(locale, 'alert.raised', { date: fmtDate(locale, x.raisedAt) })}
        {x.dueAt &&
          (x.status === 'open' || x.status === 'handling') &&
          ` · ${t(locale, 'panel.due', { date: fmtDateTime(locale, x.dueAt) })}`}
        {overdue && <strong class="error"> {t(locale, 'value.overdue')}</strong>}
      </p>
    </div>
  );
}
