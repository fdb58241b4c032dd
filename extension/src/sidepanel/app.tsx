// The side panel's customer view and settings.
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../api/client.ts';
import type { MethodOutput } from '../api/methods.ts';
import { CHANGES_KEY, SELECTION_KEY, SETTINGS_KEY } from '../keys.ts';
import { ALL_PAGES } from '../platform.ts';
import { EVIDENCE_CSS, EvidenceList } from '../ui/evidence-list.tsx';
import { formatDate, hasKey, type Locale, pickLocale, t } from '../ui/i18n.ts';
import { LEVEL_CSS, LevelChip } from '../ui/level-chip.tsx';

type View = MethodOutput<'customerView'>;
type SettingsView = MethodOutput<'getSettings'>;

const selectionArea = () => browser.storage.session ?? browser.storage.local;

function initialCustomer(): string | null {
  return new URLSearchParams(location.search).get('customer');
}

export function SidePanel() {
  const [customerId, setCustomerId] = useState<string | null>(initialCustomer());
  const [view, setView] = useState<View | 'loading' | null>(null);
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [revision, setRevision] = useState(0);
  const locale: Locale = settings && settings.locale !== 'auto' ? settings.locale : pickLocale(browser.i18n.getUILanguage());

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t(locale, 'panel.title');
  }, [locale]);

  useEffect(() => {
    api.getSettings(undefined).then(setSettings, () => {});
    if (!customerId) {
      selectionArea()
        .get(SELECTION_KEY)
        .then((r) => {
          const sel = r[SELECTION_KEY] as { customerId?: string } | undefined;
          if (sel?.customerId) setCustomerId(sel.customerId);
        });
    }
    const onChanged = (changes: Record<string, { newValue?: unknown }>) => {
      const sel = changes[SELECTION_KEY]?.newValue as { customerId?: string } | undefined;
      if (sel?.customerId) setCustomerId(sel.customerId);
      if (changes[CHANGES_KEY]) setRevision((r) => r + 1);
      if (changes[SETTINGS_KEY]) api.getSettings(undefined).then(setSettings, () => {});
    };
    browser.storage.onChanged.addListener(onChanged);
    const onPermissions = () => api.getSettings(undefined).then(setSettings, () => {});
    browser.permissions.onAdded.addListener(onPermissions);
    browser.permissions.onRemoved.addListener(onPermissions);
    return () => {
      browser.storage.onChanged.removeListener(onChanged);
      browser.permissions.onAdded.removeListener(onPermissions);
      browser.permissions.onRemoved.removeListener(onPermissions);
    };
  }, []);

  useEffect(() => {
    if (!customerId) return;
    if (revision === 0) setView('loading');
    api.customerView({ customerId, locale }).then(setView, () => setView(null));
  }, [customerId, revision, locale]);

  return (
    <main>
      <style>{PANEL_CSS}</style>
      {!customerId ? (
        <p class="kehu-muted">{t(locale, 'panel.empty')}</p>
      ) : view === 'loading' ? (
        <p class="kehu-muted">{t(locale, 'card.loading')}</p>
      ) : view === null ? (
        <p class="kehu-muted">{t(locale, 'panel.notFound')}</p>
      ) : (
        <CustomerView view={view} locale={locale} />
      )}
      {settings && <SettingsForm settings={settings} locale={locale} onChange={setSettings} />}
    </main>
  );
}

function CustomerView({ view, locale }: { view: NonNullable<View>; locale: Locale }) {
  const c = view.customer;
  const level = view.assessment?.level ?? 'none';
  return (
    <article aria-labelledby="kehu-customer-name">
      <h1 id="kehu-customer-name">{c.name}</h1>
      <p>
        <LevelChip level={level} locale={locale} full />
        {view.assessment && (
          <span class="kehu-muted"> {t(locale, 'card.score', { score: Math.round(view.assessment.score) })}</span>
        )}
      </p>
      <p class="kehu-muted">
        {t(locale, `card.tier.${c.tier}` as 'card.tier.key')}
        {c.stage ? ` · ${t(locale, `card.stage.${c.stage}` as 'card.stage.stable')}` : ''}
        {view.assessment?.watched ? ` · ${t(locale, 'card.watched')}` : ''}
      </p>
      {c.domains.length > 0 && (
        <p>
          {t(locale, 'panel.domains')}: {c.domains.join(', ')}
        </p>
      )}
      <p>
        {t(locale, 'card.lastContact')}: {view.lastContactAt ? formatDate(locale, view.lastContactAt) : t(locale, 'card.never')}
      </p>
      <h2>{t(locale, 'card.reasons')}</h2>
      <EvidenceList reasons={view.reasons} locale={locale} />
      <h2>{t(locale, 'panel.alerts')}</h2>
      {view.openAlerts.length === 0 ? (
        <p class="kehu-muted">{t(locale, 'panel.noAlerts')}</p>
      ) : (
        <ul>
          {view.openAlerts.map((a) => (
            <li key={a.id}>
              <LevelChip level={a.level} locale={locale} />{' '}
              {hasKey(`indicator.${a.indicator}`) ? t(locale, `indicator.${a.indicator}` as 'indicator.complaints') : a.indicator}{' '}
              · {formatDate(locale, a.raisedAt)}
            </li>
          ))}
        </ul>
      )}
      <h2>{t(locale, 'panel.cases')}</h2>
      {view.openCases.length === 0 ? (
        <p class="kehu-muted">{t(locale, 'card.noCases')}</p>
      ) : (
        <ul>
          {view.openCases.map((k) => (
            <li key={k.id}>
              {k.title} · {formatDate(locale, k.openedAt)}
              {k.dueAt ? ` · ${t(locale, 'panel.due', { date: formatDate(locale, k.dueAt) })}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>{t(locale, 'panel.contacts')}</h2>
      <ul>
        {view.contacts.map((p) => (
          <li key={p.id}>
            {p.name || p.emails[0]} {p.title ? `· ${p.title}` : ''}{' '}
            {p.emails.length > 0 && <span class="kehu-muted">&lt;{p.emails.join(', ')}&gt;</span>}
            {p.status === 'left' ? ` · ${t(locale, 'card.left')}` : ''}
          </li>
        ))}
      </ul>
      <h2>{t(locale, 'panel.timeline')}</h2>
      {view.timeline.length === 0 ? (
        <p class="kehu-muted">{t(locale, 'panel.noTimeline')}</p>
      ) : (
        <ul>
          {view.timeline.map((i) => (
            <li key={i.id}>
              {formatDate(locale, i.occurredAt)} ·{' '}
              {hasKey(`kind.${i.kind}`) ? t(locale, `kind.${i.kind}` as 'kind.call') : i.kind}
              {i.summary ? ` · ${i.summary}` : ''}
              {i.amount !== undefined ? ` · ${i.amount}${i.currency ? ` ${i.currency}` : ''}` : ''}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

function SettingsForm({
  settings,
  locale,
  onChange,
}: {
  settings: SettingsView;
  locale: Locale;
  onChange: (s: SettingsView) => void;
}) {
  const [error, setError] = useState('');
  const run = (p: Promise<SettingsView>) => p.then(onChange, (e: unknown) => setError(String((e as Error)?.message ?? e)));
  return (
    <section aria-labelledby="kehu-settings">
      <h2 id="kehu-settings">{t(locale, 'panel.settings')}</h2>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.logEmails}
            onChange={(e) => run(api.setSettings({ logEmails: (e.currentTarget as HTMLInputElement).checked }))}
          />{' '}
          {t(locale, 'panel.logEmails')}
        </label>
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={settings.pagesGranted}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              // Asked for at the moment the rep turns it on, from this click.
              const change = on ? browser.permissions.request(ALL_PAGES) : browser.permissions.remove(ALL_PAGES);
              run(change.then(() => api.getSettings(undefined)));
            }}
          />{' '}
          {t(locale, 'panel.pages')}
        </label>
      </p>
      <p>
        <label>
          {t(locale, 'panel.language')}{' '}
          <select
            value={settings.locale}
            onChange={(e) =>
              run(api.setSettings({ locale: (e.currentTarget as HTMLSelectElement).value as 'auto' | 'en' | 'zh-CN' }))
            }
          >
            <option value="auto">{t(locale, 'panel.language.auto')}</option>
            <option value="zh-CN">中文（简体）</option>
            <option value="en">English</option>
          </select>
        </label>
      </p>
      {error && <p role="alert">{error}</p>}
    </section>
  );
}

const PANEL_CSS = `
${LEVEL_CSS}
${EVIDENCE_CSS}
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111827; background: #fff; }
main { padding: 12px 14px; }
h1 { font-size: 20px; margin: 0 0 6px; }
h2 { font-size: 15px; margin: 16px 0 4px; }
ul { padding-left: 1.2em; margin: 4px 0; }
.kehu-muted { color: #4b5563; }
section { border-top: 1px solid #d1d5db; margin-top: 18px; }
`;
