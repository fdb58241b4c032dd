// The popup: the rep's day at a glance. Search any customer; today's follow-ups, new orange and
// red alerts, cases past the time promised; and how many customers sit at each warning level.
// Choosing anything opens that customer in the side panel.
import { INDICATOR_LABELS } from '#shared/i18n/evidence.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/index.ts';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../../api/client.ts';
import { SyncStatusView } from '../sync-status.tsx';
import { LoadState, useDocumentLanguage, useLoad, useSettings } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { openCustomerFromPage, prepareOpenCustomer } from '../open-customer.ts';
import { SearchBox } from '../search-box.tsx';
import { PAGE_CSS } from '../styles.ts';
import { fmtDateTime, fmtNumber, t } from '../text.ts';
import { EscalatedToMe } from './escalated.tsx';
import { LevelList } from './level-list.tsx';

function endOfToday(): string {
  const d = new Date();
  d.setHours(23, 59, 59, 999);
  return d.toISOString();
}

export function Popup() {
  const { locale } = useSettings();
  useDocumentLanguage(locale, t(locale, 'popup.title'));
  useEffect(prepareOpenCustomer, []);
  const [notice, setNotice] = useState('');
  const [agenda] = useLoad(() => api.agendaToday({ endOfDay: endOfToday() }), []);
  const open = (customerId: string) => {
    void openCustomerFromPage(customerId).then(() => window.close());
  };
  return (
    <>
      <style>{PAGE_CSS + POPUP_CSS}</style>
      <main>
        <div class="spread">
          <h1>{t(locale, 'popup.heading')}</h1>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t(locale, 'nav.options')}
          </button>
        </div>
        <EscalatedToMe locale={locale} onOpen={open} />
        <SearchBox
          locale={locale}
          autoFocus
          onPick={(hit) => {
            if (hit.customerId) open(hit.customerId);
            else setNotice(t(locale, 'search.noCustomer', { name: hit.contactName || hit.detail }));
          }}
        />
        {notice && (
          <p class="notice warn" role="status">
            {notice}
          </p>
        )}
        {agenda.state !== 'ready' ? (
          <LoadState value={agenda} locale={locale} />
        ) : (
          <Agenda data={agenda.data} locale={locale} onOpen={open} />
        )}
        <SyncStatusView locale={locale} hideWhenOff headingLevel={2} />
      </main>
    </>
  );
}

type AgendaData = Awaited<ReturnType<typeof api.agendaToday>>;

function Agenda({ data, locale, onOpen }: { data: AgendaData; locale: Locale; onOpen: (id: string) => void }) {
  const now = new Date().toISOString();
  const [shown, setShown] = useState<WarningLevel | null>(null);
  const nothing = data.followUps.length === 0 && data.alerts.length === 0 && data.overdueCases.length === 0;
  return (
    <>
      <section aria-labelledby="today">
        <h2 id="today">{t(locale, 'popup.today')}</h2>
        {nothing && <p class="muted">{t(locale, 'popup.nothing')}</p>}
        {data.followUps.length > 0 && (
          <>
            <h3>{t(locale, 'popup.followUps', { count: data.followUps.length })}</h3>
            <ul class="plain items">
              {data.followUps.map((f) => (
                <li key={f.id}>
                  <button type="button" class="item" onClick={() => onOpen(f.customerId)}>
                    <strong>{f.customerName}</strong>
                    <span class="small">
                      {t(locale, `channel.${f.channel}`)} · {f.purpose}
                    </span>
                    <span class="small muted">
                      {fmtDateTime(locale, f.dueAt)}
                      {f.dueAt < now ? ` · ${t(locale, 'value.overdue')}` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {data.alerts.length > 0 && (
          <>
            <h3>{t(locale, 'popup.alerts', { count: data.alerts.length })}</h3>
            <ul class="plain items">
              {data.alerts.map((a) => (
                <li key={a.id}>
                  <button type="button" class="item" onClick={() => onOpen(a.customerId)}>
                    <span class="row">
                      <LevelChip level={a.level} locale={locale} />
                      <strong>{a.customerName}</strong>
                    </span>
                    <span class="small">
                      {INDICATOR_LABELS[locale][a.indicator]}
                      {a.status === 'handling' ? ` · ${t(locale, 'alert.status.handling')}` : ''}
                    </span>
                    <span class="small muted">{t(locale, 'alert.raised', { date: fmtDateTime(locale, a.raisedAt) })}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
        {data.overdueCases.length > 0 && (
          <>
            <h3>{t(locale, 'popup.cases', { count: data.overdueCases.length })}</h3>
            <ul class="plain items">
              {data.overdueCases.map((c) => (
                <li key={c.id}>
                  <button type="button" class="item" onClick={() => onOpen(c.customerId)}>
                    <strong>{c.customerName}</strong>
                    <span class="small">{c.title}</span>
                    <span class="small muted">{t(locale, 'popup.caseDue', { date: fmtDateTime(locale, c.dueAt) })}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="levels">
        <h2 id="levels">{t(locale, 'popup.levels', { count: fmtNumber(locale, data.customers) })}</h2>
        <table class="levels">
          <caption class="visually-hidden">{t(locale, 'popup.levelsCaption')}</caption>
          <tbody>
            {[...WARNING_LEVELS].reverse().map((l) => (
              <tr key={l}>
                <th scope="row">
                  <LevelChip level={l} locale={locale} full />
                </th>
                <td>
                  <button
                    type="button"
                    class="link"
                    aria-expanded={shown === l}
                    aria-controls={`level-list-${l}`}
                    aria-label={t(locale, 'popup.levelOpen', { count: fmtNumber(locale, data.levels[l]) })}
                    onClick={() => setShown(shown === l ? null : l)}
                  >
                    {fmtNumber(locale, data.levels[l])}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown && <LevelList level={shown} locale={locale} onOpen={onOpen} />}
      </section>
    </>
  );
}

const POPUP_CSS = `
body { width: 380px; }
main { padding: 10px 12px 14px; }
.items li + li { margin-top: 4px; }
button.item { display: flex; flex-direction: column; align-items: flex-start; gap: 1px; width: 100%; text-align: left; padding: 6px 8px; }
table.levels td { text-align: right; font-variant-numeric: tabular-nums; }
`;
