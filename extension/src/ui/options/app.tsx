// The options page: the team's collector, the risk policy, privacy and pages, language, and the
// data itself — import, export, erase.
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../../api/client.ts';
import { ALL_PAGES } from '../../base/storage-keys.ts';
import { errorText, type SettingsView, useDocumentLanguage, useSettings } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { PAGE_CSS } from '../styles.ts';
import { t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { ConnectionSection } from './connection.tsx';
import { DebugLogSection } from './debug-log.tsx';
import { EraseSection } from './erase.tsx';
import { ExportSection } from './export.tsx';
import { ImportSection } from './import.tsx';
import { PlansSection } from './plans.tsx';
import { PolicySection } from './policy-editor.tsx';

export function Options() {
  const { settings, locale, reload } = useSettings();
  useDocumentLanguage(locale, t(locale, 'options.title'));
  const sections = [
    ['connection', t(locale, 'options.connection')],
    ['policy', t(locale, 'options.policy')],
    ['plans', t(locale, 'options.plans')],
    ['privacy', t(locale, 'options.privacy')],
    ['import', t(locale, 'options.import')],
    ['export', t(locale, 'options.export')],
    ['erase', t(locale, 'options.erase')],
    ['debug-log', t(locale, 'options.debugLog')],
  ] as const;
  return (
    <>
      <style>{PAGE_CSS + OPTIONS_CSS}</style>
      <div class="layout">
        <nav aria-label={t(locale, 'options.nav')}>
          <p class="brand">{t(locale, 'options.title')}</p>
          <ul class="plain">
            {sections.map(([id, label]) => (
              <li key={id}>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <h1>{t(locale, 'options.title')}</h1>
          {settings ? (
            <>
              <ConnectionSection settings={settings} locale={locale} onSaved={reload} />
              <PolicySection locale={locale} />
              <PlansSection locale={locale} />
              <PrivacySection settings={settings} locale={locale} onChange={reload} />
              <ImportSection locale={locale} />
              <ExportSection locale={locale} />
              <EraseSection locale={locale} />
              <DebugLogSection locale={locale} />
            </>
          ) : (
            <p class="muted" role="status">
              {t(locale, 'card.loading')}
            </p>
          )}
        </main>
      </div>
    </>
  );
}

function PrivacySection({ settings, locale, onChange }: { settings: SettingsView; locale: Locale; onChange: () => void }) {
  const [error, setError] = useState('');
  const [name, setName] = useState(settings.repName);
  const [saved, setSaved] = useState('');
  const run = async (p: Promise<unknown>) => {
    setError('');
    try {
      await p;
      onChange();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <section id="privacy" aria-labelledby="privacy-head">
      <h2 id="privacy-head">{t(locale, 'options.privacy')}</h2>
      <p class="muted">{t(locale, 'options.privacyIntro')}</p>
      <div class="stack">
        <label class="check">
          <input
            type="checkbox"
            checked={settings.logEmails}
            onChange={(e) => run(api.setSettings({ logEmails: (e.currentTarget as HTMLInputElement).checked }))}
          />
          <span>{t(locale, 'panel.logEmails')}</span>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={settings.pagesGranted}
            onChange={(e) => {
              const on = (e.currentTarget as HTMLInputElement).checked;
              // Asked for at the moment the rep turns it on, from this click.
              const change = on ? browser.permissions.request(ALL_PAGES) : browser.permissions.remove(ALL_PAGES);
              void run(change);
            }}
          />
          <span>{t(locale, 'panel.pages')}</span>
        </label>
        <Field label={t(locale, 'panel.language')}>
          {(p) => (
            <select
              {...p}
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
          )}
        </Field>
        <form
          class="row"
          style={{ alignItems: 'flex-end' }}
          onSubmit={(e) => {
            e.preventDefault();
            void run(api.setSettings({ repName: name })).then(() => setSaved(t(locale, 'options.saved')));
          }}
        >
          <Field label={t(locale, 'options.repName')} hint={t(locale, 'options.repNameHint')} class="grow">
            {(p) => (
              <input {...p} value={name} onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} maxLength={200} />
            )}
          </Field>
          <button type="submit">{t(locale, 'action.save')}</button>
        </form>
        {saved && (
          <p class="notice ok" role="status">
            {saved}
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </section>
  );
}

const OPTIONS_CSS = `
.layout { display: grid; grid-template-columns: 200px minmax(0, 1fr); min-height: 100vh; }
nav { background: #f9fafb; border-right: 1px solid var(--line); padding: 16px 12px; position: sticky; top: 0; height: 100vh; }
nav .brand { font-weight: 700; margin: 0 0 8px; }
nav li { margin: 4px 0; }
main { padding: 16px 24px 48px; max-width: 920px; }
main > h1 { margin-bottom: 8px; }
section { border-top: 1px solid var(--line); padding-top: 8px; margin-top: 18px; }
section > h2 { font-size: 18px; }
.grow { flex: 1; }
.mapping td, .mapping th { font-size: 13px; }
.rejections { max-height: 320px; overflow: auto; border: 1px solid var(--line); border-radius: var(--radius); }
@media (max-width: 700px) { .layout { grid-template-columns: 1fr; } nav { position: static; height: auto; } }
`;
