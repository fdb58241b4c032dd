// The side panel (Chrome's side panel, Firefox's sidebar): where a rep works one customer. A badge
// click, a notification, the popup or the search box chooses the customer; tabs hold the data
// card, the timeline, warnings and alerts, cases and follow-ups; the quick log is one click away.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../../api/client.ts';
import { SELECTION_KEY } from '../../base/storage-keys.ts';
import { errorText, LoadState, type SettingsView, useDocumentLanguage, useLoad, useSettings } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { LevelChip } from '../level-chip.tsx';
import { SearchBox } from '../search-box.tsx';
import { PAGE_CSS } from '../styles.ts';
import { fmtDate, fmtNumber, t } from '../text.ts';
import { Modal, TabPanel, Tabs } from '../widgets.tsx';
import { CasesTab } from './cases.tsx';
import { ClassifyPrompt } from './classify.tsx';
import { KeyCustomerPlan } from './key-customer.tsx';
import { PaymentsSection } from './payments.tsx';
import { UnmatchedAnswers } from './unmatched-answers.tsx';
import { CardTab, NewCustomerForm } from './card.tsx';
import { FollowUpsTab } from './followups.tsx';
import { QuickLogForm } from './quick-log.tsx';
import { RiskTab } from './risk.tsx';
import { TimelineTab } from './timeline.tsx';
import type { CaseSeed } from './types.ts';

const selectionArea = () => browser.storage.session ?? browser.storage.local;

export function SidePanel() {
  const { settings, locale, reload } = useSettings();
  const [customerId, setCustomerId] = useState<string | null>(new URLSearchParams(location.search).get('customer'));
  const [notice, setNotice] = useState('');
  const [creating, setCreating] = useState(false);
  useDocumentLanguage(locale, t(locale, 'panel.title'));

  useEffect(() => {
    if (!customerId) {
      selectionArea()
        .get(SELECTION_KEY)
        .then((r) => {
          const sel = r[SELECTION_KEY] as { customerId?: string } | undefined;
          if (sel?.customerId) setCustomerId(sel.customerId);
        });
    }
    // A badge click, a notification or the popup chooses another customer while the panel is open.
    const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
      const sel = changes[SELECTION_KEY]?.newValue as { customerId?: string } | undefined;
      if (sel?.customerId) setCustomerId(sel.customerId);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  const choose = (id: string) => {
    setNotice('');
    setCustomerId(id);
    void selectionArea().set({ [SELECTION_KEY]: { customerId: id, at: Date.now() } });
  };

  return (
    <>
      <style>{PAGE_CSS + PANEL_CSS}</style>
      <header class="panel-head">
        <div class="row" style={{ flexWrap: 'nowrap' }}>
          <div style={{ flex: 1 }}>
            <SearchBox
              locale={locale}
              onPick={(hit) => {
                if (hit.customerId) choose(hit.customerId);
                else setNotice(t(locale, 'search.noCustomer', { name: hit.contactName || hit.detail }));
              }}
            />
          </div>
          <button type="button" onClick={() => setCreating(true)}>
            {t(locale, 'customer.new')}
          </button>
          <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
            {t(locale, 'nav.options')}
          </button>
        </div>
        {notice && (
          <p class="notice warn" role="status">
            {notice}
          </p>
        )}
      </header>
      <main>
        {customerId ? (
          <Workspace key={customerId} customerId={customerId} locale={locale} />
        ) : (
          <>
            <h1>{t(locale, 'panel.noCustomer')}</h1>
            <p class="muted">{t(locale, 'panel.empty')}</p>
          </>
        )}
      </main>
      {settings && <QuickSettings settings={settings} locale={locale} onChange={reload} />}
      {creating && (
        <Modal title={t(locale, 'customer.new')} onClose={() => setCreating(false)} locale={locale}>
          <NewCustomerForm
            locale={locale}
            onCreated={(id) => {
              setCreating(false);
              choose(id);
            }}
            onCancel={() => setCreating(false)}
          />
        </Modal>
      )}
    </>
  );
}

type TabId = 'card' | 'timeline' | 'risk' | 'cases' | 'followups';

function Workspace({ customerId, locale }: { customerId: string; locale: Locale }) {
  const [card] = useLoad(() => api.customerCard({ customerId }), [customerId]);
  const [tab, setTab] = useState<TabId>('card');
  const [logging, setLogging] = useState(false);
  const [caseSeed, setCaseSeed] = useState<CaseSeed | null>(null);
  // An alert or case chosen on the overview opens in its own tab.
  const [alertId, setAlertId] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);

  if (card.state !== 'ready') return <LoadState value={card} locale={locale} />;
  const view = card.data;
  if (!view)
    return (
      <>
        <h1>{t(locale, 'panel.customerGone')}</h1>
        <p class="muted">{t(locale, 'panel.notFound')}</p>
      </>
    );
  const c = view.customer;
  const a = view.assessment;
  const tabs = [
    { id: 'card', label: t(locale, 'tab.overview') },
    { id: 'timeline', label: t(locale, 'tab.timeline') },
    { id: 'risk', label: t(locale, 'tab.risk'), count: view.counts.openAlerts, countLabel: t(locale, 'tab.openAlerts') },
    { id: 'cases', label: t(locale, 'tab.cases'), count: view.counts.openCases, countLabel: t(locale, 'tab.openCases') },
    {
      id: 'followups',
      label: t(locale, 'tab.followups'),
      count: view.counts.pendingFollowUps,
      countLabel: t(locale, 'tab.pendingFollowUps'),
    },
  ];
  return (
    <article aria-labelledby="kehu-customer-name">
      <div class="spread">
        <h1 id="kehu-customer-name">{c.name}</h1>
        <button type="button" class="primary" onClick={() => setLogging(true)}>
          {t(locale, 'log.open')}
        </button>
      </div>
      <p class="row">
        <LevelChip level={a?.level ?? 'none'} locale={locale} full />
        {a && <span class="muted">{t(locale, 'card.score', { score: fmtNumber(locale, a.score) })}</span>}
        <span class="muted">
          {t(locale, `card.tier.${c.tier}`)}
          {a?.watched ? ` · ${t(locale, 'card.watched')}` : ''}
        </span>
      </p>
      <p class="small muted">
        {t(locale, 'card.lastContact')}: {view.lastContactAt ? fmtDate(locale, view.lastContactAt) : t(locale, 'card.never')}
      </p>
      <ClassifyPrompt customer={c} locale={locale} />
      <Tabs
        tabs={tabs}
        selected={tab}
        onSelect={(id) => setTab(id as TabId)}
        label={t(locale, 'tab.label', { name: c.name })}
        idPrefix="ws"
      />
      <TabPanel idPrefix="ws" id={tab}>
        {tab === 'card' && (
          <CardTab
            view={view}
            locale={locale}
            onOpenAlert={(id) => {
              setAlertId(id);
              setTab('risk');
            }}
            onOpenCase={(id) => {
              setCaseId(id);
              setTab('cases');
            }}
          />
        )}
        {tab === 'card' && <KeyCustomerPlan customer={c} locale={locale} />}
        {tab === 'timeline' && (
          <TimelineTab
            customerId={customerId}
            locale={locale}
            onComplaint={(seed) => {
              setCaseSeed(seed);
              setTab('cases');
            }}
          />
        )}
        {tab === 'risk' && (
          <RiskTab customerId={customerId} locale={locale} initialAlert={alertId} onOpened={() => setAlertId(null)} />
        )}
        {tab === 'cases' && (
          <CasesTab
            customerId={customerId}
            contacts={view.contacts}
            locale={locale}
            seed={caseSeed}
            onSeedUsed={() => setCaseSeed(null)}
            initialCase={caseId}
            onOpened={() => setCaseId(null)}
          />
        )}
        {tab === 'cases' && <UnmatchedAnswers customerId={customerId} customerName={c.name} locale={locale} />}
        {tab === 'followups' && <FollowUpsTab customerId={customerId} contacts={view.contacts} locale={locale} />}
        {tab === 'followups' && <PaymentsSection customerId={customerId} locale={locale} />}
      </TabPanel>
      {logging && (
        <Modal title={t(locale, 'log.title', { name: c.name })} onClose={() => setLogging(false)} locale={locale}>
          <QuickLogForm customerId={customerId} contacts={view.contacts} locale={locale} onDone={() => setLogging(false)} />
        </Modal>
      )}
    </article>
  );
}

/** The settings a rep changes while working (the rest are on the options page). */
function QuickSettings({ settings, locale, onChange }: { settings: SettingsView; locale: Locale; onChange: () => void }) {
  const [error, setError] = useState('');
  const run = (p: Promise<unknown>) => p.then(onChange, (e: unknown) => setError(errorText(e)));
  return (
    <footer class="panel-foot">
      <h2 id="quick-settings">{t(locale, 'panel.settings')}</h2>
      <label class="check small">
        <input
          type="checkbox"
          checked={settings.logEmails}
          onChange={(e) => run(api.setSettings({ logEmails: (e.currentTarget as HTMLInputElement).checked }))}
        />
        <span>{t(locale, 'panel.logEmails')}</span>
      </label>
      <div class="row small">
        <label for="quick-language">{t(locale, 'panel.language')}</label>
        <select
          id="quick-language"
          style={{ width: 'auto' }}
          value={settings.locale}
          onChange={(e) =>
            run(api.setSettings({ locale: (e.currentTarget as HTMLSelectElement).value as 'auto' | 'en' | 'zh-CN' }))
          }
        >
          <option value="auto">{t(locale, 'panel.language.auto')}</option>
          <option value="zh-CN" lang="zh-CN">
            中文（简体）
          </option>
          <option value="en" lang="en">
            English
          </option>
        </select>
        <button type="button" class="link" onClick={() => void browser.runtime.openOptionsPage()}>
          {t(locale, 'panel.allSettings')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </footer>
  );
}

const PANEL_CSS = `
.panel-foot { border-top: 1px solid var(--line); padding: 6px 12px 16px; }
.panel-foot h2 { font-size: 14px; margin: 4px 0; }
body { min-width: 300px; }
.panel-head { position: sticky; top: 0; z-index: 5; background: #fff; padding: 8px 12px 6px; border-bottom: 1px solid var(--line); }
main { padding: 8px 12px 24px; }
.vrow { border-bottom: 1px solid var(--line); padding: 3px 8px; overflow: hidden; }
.vrow .line1 { display: flex; gap: 6px; align-items: baseline; white-space: nowrap; }
.vrow .line2 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.vrow .kind { font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; gap: 2px 10px; }
.filters label { display: inline-flex; gap: 4px; align-items: center; font-size: 13px; }
`;
