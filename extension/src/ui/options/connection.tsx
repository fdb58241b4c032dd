// The team's collector: its address and this rep's token, saved where the background (and the sync
// it runs) reads them, and a "test connection" button. Testing asks the browser for access to the
// collector's address at that moment (an optional permission), and says plainly what is wrong:
// the address, the connection, the token, or a server that is not a compatible Kehu collector.
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../../api/client.ts';
import { collectorAddressAllowed } from '#shared/model/settings.ts';
import { SyncStatusView } from '../sync-status.tsx';
import { errorText, type SettingsView } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { type ConnectionCheck, checkCollector, collectorBase, originPattern } from './collector-test.ts';

type Outcome = ConnectionCheck | { ok: false; problem: 'permission' } | null;

export function ConnectionSection({
  settings,
  locale,
  onSaved,
}: {
  settings: SettingsView;
  locale: Locale;
  onSaved: () => void;
}) {
  const [url, setUrl] = useState(settings.collectorUrl);
  const [token, setToken] = useState(settings.collectorToken);
  const [urlError, setUrlError] = useState('');
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState('');

  const save = async (e: Event) => {
    e.preventDefault();
    setSaved('');
    setError('');
    if (url.trim() && !collectorBase(url)) return setUrlError(t(locale, 'collector.badAddress'));
    if (url.trim() && !collectorAddressAllowed(url)) return setUrlError(t(locale, 'collector.needsHttps'));
    setUrlError('');
    try {
      await api.setSettings({ collectorUrl: url.trim() ? collectorBase(url)! : '', collectorToken: token.trim() });
      setSaved(url.trim() ? t(locale, 'collector.saved') : t(locale, 'collector.cleared'));
      onSaved();
    } catch (err) {
      setError(errorText(err));
    }
  };

  const test = () => {
    setOutcome(null);
    setSaved('');
    const base = collectorBase(url);
    if (!base) {
      setUrlError(t(locale, 'collector.badAddress'));
      return;
    }
    if (!collectorAddressAllowed(base)) {
      setUrlError(t(locale, 'collector.needsHttps'));
      return;
    }
    setUrlError('');
    setBusy(true);
    // The permission prompt needs this click: ask before anything else is awaited.
    const permission = browser.permissions.request({ origins: [originPattern(base)] });
    void permission
      .then(async (granted) => {
        if (!granted) return setOutcome({ ok: false, problem: 'permission' });
        setOutcome(await checkCollector(base, token));
      })
      .catch((err) => setError(errorText(err)))
      .finally(() => setBusy(false));
  };

  return (
    <section id="connection" aria-labelledby="connection-head">
      <h2 id="connection-head">{t(locale, 'options.connection')}</h2>
      <p class="muted">{t(locale, 'collector.intro')}</p>
      <form class="stack" onSubmit={save} noValidate>
        <Field label={t(locale, 'collector.url')} hint={t(locale, 'collector.urlHint')} error={urlError}>
          {(p) => (
            <input
              {...p}
              type="url"
              value={url}
              onInput={(e) => setUrl((e.currentTarget as HTMLInputElement).value)}
              placeholder="https://kehu.example.com"
            />
          )}
        </Field>
        <Field label={t(locale, 'collector.token')} hint={t(locale, 'collector.tokenHint')}>
          {(p) => (
            <input
              {...p}
              type="password"
              autocomplete="off"
              value={token}
              onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
            />
          )}
        </Field>
        <div class="row">
          <button type="submit" class="primary">
            {t(locale, 'action.save')}
          </button>
          <button type="button" onClick={test} disabled={busy}>
            {busy ? t(locale, 'collector.testing') : t(locale, 'collector.test')}
          </button>
        </div>
      </form>
      <div id="connection-result" aria-live="polite">
        {outcome && <OutcomeNotice outcome={outcome} locale={locale} />}
        {saved && <p class="notice ok">{saved}</p>}
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <SyncStatusView locale={locale} />
    </section>
  );
}

function OutcomeNotice({ outcome, locale }: { outcome: NonNullable<Outcome>; locale: Locale }) {
  if (outcome.ok) return <p class="notice ok">{t(locale, 'collector.ok')}</p>;
  const status = 'status' in outcome && outcome.status ? ` (HTTP ${outcome.status})` : '';
  const detail = 'detail' in outcome && outcome.detail ? ` — ${outcome.detail}` : '';
  return (
    <p class="notice bad">
      <strong>{t(locale, `collector.problem.${outcome.problem}`)}</strong>
      {status}
      {detail}
      <br />
      <span class="small">{t(locale, `collector.fix.${outcome.problem}`)}</span>
    </p>
  );
}
