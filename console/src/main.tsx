// The team console: sign-in, then the views. One page; the path under /console/ names the view.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { LOCALES, type Locale, pickLocale } from '#shared/i18n/locale.ts';
import { type Session, api, setErrorLocale, whenSignedOut } from './api.ts';
import { text } from './strings.ts';
import { onLink, usePath } from './router.ts';
import { AlertsView } from './views/alerts.tsx';
import { CustomerView } from './views/customer.tsx';
import { CustomersView } from './views/customers.tsx';
import { ExportView } from './views/export.tsx';
import { FeedbackView } from './views/feedback.tsx';
import { SettingsView } from './views/settings.tsx';
import { OverviewView } from './views/overview.tsx';
import { SignIn } from './views/sign-in.tsx';

const LOCALE_KEY = 'kehu.console.locale';

function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return LOCALES.includes(saved as Locale) ? (saved as Locale) : pickLocale(navigator.language);
}

function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const path = usePath();
  const customerId = /^\/console\/customers\/([^/?]+)/.exec(path)?.[1];
  const home = /^\/console\/?(\?|$)/.test(path);
  const t = (key: Parameters<typeof text>[1], params?: Record<string, string | number>) => text(locale, key, params);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t('app.title');
    setErrorLocale(locale);
    localStorage.setItem(LOCALE_KEY, locale);
  }, [locale]);

  useEffect(() => {
    whenSignedOut(() => {
      setExpired(true);
      setSession(null);
    });
    api<Session>('session').then(setSession, () => setSession(null));
  }, []);

  const signOut = async () => {
    await api('session', { method: 'DELETE' }).catch(() => {});
    setExpired(false);
    setSession(null);
  };

  const languages = (
    <label class="lang">
      {t('lang.label')}{' '}
      <select value={locale} onChange={(e) => setLocale((e.target as HTMLSelectElement).value as Locale)}>
        <option value="en" lang="en">
          English
        </option>
        <option value="zh-CN" lang="zh-CN">
          中文
        </option>
      </select>
    </label>
  );

  if (session === undefined) return null;
  if (session === null) {
    return (
      <>
        <header class="top">
          <span class="brand">{t('app.title')}</span>
          {languages}
        </header>
        <main id="main">
          <SignIn
            t={t}
            expired={expired}
            onSignedIn={(s) => {
              setExpired(false);
              setSession(s);
            }}
          />
        </main>
      </>
    );
  }
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        <nav aria-label={t('nav.label')}>
          <a href="/console/" onClick={onLink} aria-current={home ? 'page' : undefined}>
            {t('nav.overview')}
          </a>
          <a href="/console/customers" onClick={onLink} aria-current={path.startsWith('/console/customers') ? 'page' : undefined}>
            {t('nav.customers')}
          </a>
          <a href="/console/feedback" onClick={onLink} aria-current={path.startsWith('/console/feedback') ? 'page' : undefined}>
            {t('nav.feedback')}
          </a>
          <a href="/console/export" onClick={onLink} aria-current={path.startsWith('/console/export') ? 'page' : undefined}>
            {t('nav.export')}
          </a>
          <a href="/console/alerts" onClick={onLink} aria-current={path.startsWith('/console/alerts') ? 'page' : undefined}>
            {t('nav.alerts')}
          </a>
          <a href="/console/settings" onClick={onLink} aria-current={path.startsWith('/console/settings') ? 'page' : undefined}>
            {t('nav.settings')}
          </a>
        </nav>
        <span class="who">{t('signedInAs', { name: session.name, scopes: session.scopes.join(', ') })}</span>
        {languages}
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        {customerId ? (
          <CustomerView t={t} locale={locale} id={decodeURIComponent(customerId)} />
        ) : path.startsWith('/console/export') ? (
          <ExportView t={t} locale={locale} scopes={session.scopes} />
        ) : path.startsWith('/console/alerts') ? (
          <AlertsView t={t} locale={locale} canWrite={session.scopes.some((s) => s === 'write' || s === 'admin')} />
        ) : path.startsWith('/console/settings') ? (
          <SettingsView
            t={t}
            locale={locale}
            isAdmin={session.scopes.includes('admin')}
            me={session.name}
            scopes={session.scopes}
          />
        ) : home ? (
          <OverviewView t={t} locale={locale} />
        ) : path.startsWith('/console/feedback') ? (
          <FeedbackView t={t} locale={locale} canWrite={session.scopes.some((s) => s === 'write' || s === 'admin')} />
        ) : (
          <CustomersView address={path} t={t} locale={locale} />
        )}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root) render(<App />, root);
