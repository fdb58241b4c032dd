// The timeline: everything that happened with the customer, newest first — mail, calls, meetings,
// visits, orders, payments, notes, survey answers, cases, alerts and follow-ups — filterable by
// kind. Only the rows in view are in the page (see VirtualList), so ten thousand events scroll
// smoothly. A mail row can open a complaint with its subject and link prefilled.
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import type { Indicator } from '#shared/model/index.ts';
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import type { MethodOutput } from '../../api/methods.ts';
import { LoadState, useLoad } from '../hooks.tsx';
import { type Locale, levelLabel } from '../i18n.ts';
import { LEVEL_GLYPH } from '../level-chip.tsx';
import { fmtDateTime, fmtMoney, fmtNumber, hasText, t } from '../text.ts';
import { VirtualList } from '../virtual-list.tsx';
import type { CaseSeed } from './types.ts';

type Timeline = MethodOutput<'timelineOf'>;
type Event = Timeline['events'][number];

const KINDS = ['email', 'call', 'meeting', 'visit', 'order', 'payment', 'note', 'survey', 'case', 'alert', 'followup'] as const;
type Kind = (typeof KINDS)[number];

/** A glyph per kind: the kind is also written out, the glyph only helps the eye. */
const GLYPH: Record<Kind, string> = {
  email: '✉',
  call: '☎',
  meeting: '◎',
  visit: '⌂',
  order: '¤',
  payment: '¤',
  note: '✎',
  survey: '☆',
  case: '⚑',
  alert: '⚠',
  followup: '⏲',
};

export const ROW_HEIGHT = 52;

/** Only web links become links: an imported `javascript:` or `data:` address stays text. */
export function safeUrl(url: string | null | undefined): string | null {
  return url && /^https?:\/\//i.test(url) ? url : null;
}

export function TimelineTab({
  customerId,
  locale,
  onComplaint,
}: {
  customerId: string;
  locale: Locale;
  onComplaint: (seed: CaseSeed) => void;
}) {
  const [timeline] = useLoad(() => api.timelineOf({ customerId }), [customerId]);
  const [hidden, setHidden] = useState<Set<Kind>>(new Set());
  const events = timeline.state === 'ready' ? timeline.data.events : [];
  const counts = useMemo(() => {
    const c = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<Kind, number>;
    for (const e of events) c[e.kind as Kind]++;
    return c;
  }, [events]);
  const shown = useMemo(() => (hidden.size === 0 ? events : events.filter((e) => !hidden.has(e.kind as Kind))), [events, hidden]);
  if (timeline.state !== 'ready') return <LoadState value={timeline} locale={locale} />;
  const toggle = (k: Kind, on: boolean) => {
    const next = new Set(hidden);
    if (on) next.delete(k);
    else next.add(k);
    setHidden(next);
  };
  const present = KINDS.filter((k) => counts[k] > 0);
  return (
    <section aria-labelledby="timeline-head">
      <h2 id="timeline-head">{t(locale, 'panel.timeline')}</h2>
      {events.length === 0 ? (
        <p class="muted">{t(locale, 'panel.noTimeline')}</p>
      ) : (
        <>
          <fieldset>
            <legend>{t(locale, 'timeline.filter')}</legend>
            <div class="filters">
              {present.map((k) => (
                <label key={k}>
                  <input
                    type="checkbox"
                    checked={!hidden.has(k)}
                    onChange={(e) => toggle(k, (e.currentTarget as HTMLInputElement).checked)}
                  />
                  {t(locale, `timeline.kind.${k}`)} ({fmtNumber(locale, counts[k])})
                </label>
              ))}
            </div>
            <div class="row small">
              <button type="button" class="link" onClick={() => setHidden(new Set())}>
                {t(locale, 'timeline.all')}
              </button>
            </div>
          </fieldset>
          <p class="small muted" role="status">
            {t(locale, 'timeline.count', { shown: fmtNumber(locale, shown.length), total: fmtNumber(locale, events.length) })}
            {timeline.data.truncated > 0 &&
              ` ${t(locale, 'timeline.truncated', { count: fmtNumber(locale, timeline.data.truncated) })}`}
          </p>
          <VirtualList
            items={shown}
            rowHeight={ROW_HEIGHT}
            itemKey={(e) => e.key}
            label={t(locale, 'timeline.list')}
            renderRow={(e) => <Row event={e} locale={locale} onComplaint={onComplaint} />}
          />
        </>
      )}
    </section>
  );
}

function typeLabel(locale: Locale, e: Event): string {
  switch (e.kind) {
    case 'survey':
      return hasText(`response.${e.type}`) ? t(locale, `response.${e.type}` as 'response.nps', { score: e.score ?? '' }) : e.type;
    case 'case':
      return `${t(locale, 'timeline.kind.case')} · ${t(locale, `case.step.${e.type}` as 'case.step.listen')}`;
    case 'alert':
      return `${t(locale, 'timeline.kind.alert')} · ${levelLabel(locale, e.level ?? 'none')}`;
    case 'followup':
      return `${t(locale, 'timeline.kind.followup')} · ${t(locale, `channel.${e.type}` as 'channel.email')}`;
    default:
      return hasText(`kind.${e.type}`) ? t(locale, `kind.${e.type}` as 'kind.call') : e.type;
  }
}

function Row({ event: e, locale, onComplaint }: { event: Event; locale: Locale; onComplaint: (seed: CaseSeed) => void }) {
  const title =
    e.kind === 'alert' ? (INDICATOR_LABELS[locale][e.title as Indicator] ?? e.title) : e.title || t(locale, 'value.noSummary');
  return (
    <>
      <div class="line1 small">
        <span aria-hidden="true">{e.kind === 'alert' ? LEVEL_GLYPH[e.level ?? 'none'] : GLYPH[e.kind as Kind]}</span>
        <span class="kind">{typeLabel(locale, e)}</span>
        <span class="muted">{fmtDateTime(locale, e.at)}</span>
        {e.amount !== undefined && <span>{fmtMoney(locale, e.amount, e.currency)}</span>}
        {e.kind === 'followup' && <span class="pill">{e.done ? t(locale, 'followup.done') : t(locale, 'followup.pending')}</span>}
        {e.kind === 'alert' && <span class="pill">{t(locale, `alert.status.${e.type}` as 'alert.status.open')}</span>}
      </div>
      <div class="line2">
        {safeUrl(e.url) ? (
          <a href={e.url} target="_blank" rel="noreferrer noopener">
            {title}
          </a>
        ) : (
          title
        )}
        {e.kind === 'email' && (
          <>
            {' '}
            <button
              type="button"
              class="link small"
              onClick={() => onComplaint({ interactionId: e.id, subject: e.title })}
              aria-label={t(locale, 'timeline.complaintFrom', { subject: e.title || fmtDateTime(locale, e.at) })}
            >
              {t(locale, 'timeline.complaint')}
            </button>
          </>
        )}
      </div>
    </>
  );
}
