// One customer: the data card, level and reasons, contacts, timeline, alerts, cases and follow-ups.
// Read-only in this view; a token with the write scope is told it can change records.
import { useEffect, useState } from 'preact/hooks';
import { ALERT_STATUS_LABELS, reasonsFor } from '#shared/i18n/evidence.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import type { WarningLevel } from '#shared/model/common.ts';
import type { Assessment } from '#shared/model/risk.ts';
import { ApiError, api } from '../api.ts';
import { onLink } from '../router.ts';
import type { Key } from '../strings.ts';
import { LevelChip } from './customers.tsx';
import type { T } from './types.ts';

type Rec = Record<string, unknown>;
interface Detail {
  customer: Rec;
  level: WarningLevel;
  score: number;
  assessment: Assessment | null;
  contacts: Rec[];
  timeline: { entity: 'interactions' | 'responses'; at: string; record: Rec }[];
  alerts: Rec[];
  cases: Rec[];
  followups: Rec[];
  canWrite: boolean;
}

const str = (v: unknown) => (v == null || v === '' ? null : String(v));

export function CustomerView(props: { t: T; locale: Locale; id: string }) {
  const { t, locale, id } = props;
  const [data, setData] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setData(null);
    setError(null);
    api<Detail>(`customers/${encodeURIComponent(id)}`).then(setData, (e) =>
      setError(
        e instanceof ApiError && e.status === 404
          ? t('customer.notFound')
          : e instanceof ApiError && e.status === 0
            ? t('error.network')
            : t('error.server', { message: (e as Error).message }),
      ),
    );
  }, [id]);

  const date = (iso: unknown) => (iso ? new Date(String(iso)).toLocaleDateString(locale, { timeZone: 'UTC' }) : t('none'));
  const back = (
    <p>
      <a href="/console/customers" onClick={onLink}>
        {t('customer.back')}
      </a>
    </p>
  );
  if (error)
    return (
      <section>
        {back}
        <p role="alert">{error}</p>
      </section>
    );
  if (!data) return <p role="status">{t('customers.loading')}</p>;
  const c = data.customer;
  const reasons = data.assessment ? reasonsFor(data.assessment, locale) : [];
  const card: [Key, string | null][] = [
    ['customers.owner', str(c.owner)],
    ['customers.tier', t(`tier.${String(c.tier ?? 'general')}` as Key)],
    ['customers.stage', c.stage ? t(`stage.${String(c.stage)}` as Key) : null],
    ['customer.domains', (c.domains as string[] | undefined)?.join(', ') || null],
    ['customer.industry', str(c.industry)],
    ['customers.col.value', c.value == null ? null : `${c.value} ${c.currency ?? ''}`.trim()],
    ['customers.col.tags', (c.tags as string[] | undefined)?.join(', ') || null],
    ['customer.since', date(c.createdAt)],
  ];
  return (
    <article aria-labelledby="customer-heading">
      {back}
      <h1 id="customer-heading">{String(c.name)}</h1>
      <p>
        <LevelChip level={data.level} locale={locale} /> {t('customer.score', { score: data.score })}
      </p>
      <p class="hint">{data.canWrite ? t('customer.canWrite') : t('customer.readOnly')}</p>
      <section aria-labelledby="card-heading">
        <h2 id="card-heading">{t('customer.card')}</h2>
        <dl class="card">
          {card.map(([label, value]) => (
            <div key={label}>
              <dt>{t(label)}</dt>
              <dd>{value ?? t('none')}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="reasons-heading">
        <h2 id="reasons-heading">{t('customer.reasons')}</h2>
        {reasons.length === 0 ? (
          <p class="empty">{t('customer.noReasons')}</p>
        ) : (
          <ul>
            {reasons.map((r) => (
              <li key={r.indicator}>
                <strong>{t('customer.reason', { label: r.label, points: r.points })}</strong>{' '}
                {r.evidence.join(locale === 'zh-CN' ? '；' : '; ')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="contacts-heading">
        <h2 id="contacts-heading">{t('customer.contacts')}</h2>
        {data.contacts.length === 0 ? (
          <p class="empty">{t('customer.noContacts')}</p>
        ) : (
          <ul>
            {data.contacts.map((p) => (
              <li key={String(p.id)}>
                {str(p.name) ?? t('none')} {str(p.title) ? `· ${p.title}` : ''} · {(p.emails as string[] | undefined)?.join(', ')}
                {p.key ? ` · ${t('customer.keyContact')}` : ''}
                {p.status === 'left' ? ` · ${t('customer.left')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="alerts-heading">
        <h2 id="alerts-heading">{t('customer.alerts')}</h2>
        {data.alerts.length === 0 ? (
          <p class="empty">{t('customer.noAlerts')}</p>
        ) : (
          <ul>
            {data.alerts.map((a) => (
              <li key={String(a.id)}>
                <LevelChip level={a.level as WarningLevel} locale={locale} />{' '}
                {ALERT_STATUS_LABELS[locale][a.status as keyof (typeof ALERT_STATUS_LABELS)['en']] ?? String(a.status)} ·{' '}
                {date(a.raisedAt)} · {str(a.owner) ?? t('none')}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="cases-heading">
        <h2 id="cases-heading">{t('customer.cases')}</h2>
        {data.cases.length === 0 ? (
          <p class="empty">{t('customer.noCases')}</p>
        ) : (
          <ul>
            {data.cases.map((k) => (
              <li key={String(k.id)}>
                {String(k.title)} · {String(k.status)} · {date(k.openedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="followups-heading">
        <h2 id="followups-heading">{t('customer.followups')}</h2>
        {data.followups.length === 0 ? (
          <p class="empty">{t('customer.noFollowups')}</p>
        ) : (
          <ul>
            {data.followups.map((f) => (
              <li key={String(f.id)}>
                {date(f.dueAt)} · {String(f.purpose)} {f.done ? `· ${t('customer.done')}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('customer.timeline')}</h2>
        {data.timeline.length === 0 ? (
          <p class="empty">{t('customer.noTimeline')}</p>
        ) : (
          <ol class="timeline">
            {data.timeline.map((e) => (
              <li key={`${e.entity}:${String(e.record.id)}`}>
                <time dateTime={e.at}>{date(e.at)}</time> ·{' '}
                {e.entity === 'responses'
                  ? t('customer.answer', {
                      kind: String(e.record.kind).toUpperCase(),
                      score: e.record.score == null ? t('none') : String(e.record.score),
                    })
                  : String(e.record.kind)}
                {e.record.amount != null ? ` · ${e.record.amount} ${e.record.currency ?? ''}` : ''}
                {str(e.record.comment ?? e.record.summary) ? ` · ${str(e.record.comment ?? e.record.summary)}` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
