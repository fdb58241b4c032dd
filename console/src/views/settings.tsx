// Settings, for tokens with the admin scope (others see why they cannot use it): the site keys
// with their allowed origins (create, change the origins, revoke) and a copyable embed snippet for
// <kehu-survey> and <kehu-feedback>; the team tokens (create, shown once with a copy button; revoke);
// and the risk policy version the collector's levels are computed with.
import { useEffect, useState } from 'preact/hooks';
import type { Locale } from '#shared/i18n/locale.ts';
import { ApiError, api } from '../api.ts';
import type { Key } from '../strings.ts';
import type { T } from './types.ts';

interface SiteKey {
  key: string;
  name: string;
  origins: string[];
  createdAt: string;
}
interface TokenInfo {
  name: string;
  scopes: string[];
  createdAt: string;
}
interface Settings {
  sites: SiteKey[];
  tokens: TokenInfo[];
  scopes: string[];
  policy: { version: number; createdAt: string; createdBy: string; note: string | null };
}

function errorText(t: T, e: unknown): string {
  return e instanceof ApiError && e.status === 0 ? t('error.network') : t('error.server', { message: (e as Error).message });
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The HTML a site pastes: the loader and both elements with this key, sending to this collector. */
export function embedSnippet(siteKey: string, endpoint: string): string {
  return [
    '<script src="/kehu-sdk/kehu.js" defer></script>',
    `<kehu-survey kind="nps" site-key="${siteKey}" endpoint="${endpoint}"></kehu-survey>`,
    `<kehu-feedback topic="complaint" site-key="${siteKey}" endpoint="${endpoint}"></kehu-feedback>`,
  ].join('\n');
}

/** A read-only text with a Copy button; where the clipboard is refused, the text is selected for Ctrl+C. */
function Copyable(props: { t: T; id: string; label: string; value: string; rows?: number }) {
  const { t } = props;
  const [message, setMessage] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setMessage(t('settings.copied'));
    } catch {
      const area = document.getElementById(props.id) as HTMLTextAreaElement | null;
      area?.focus();
      area?.select();
      setMessage(t('settings.copyFailed'));
    }
  };
  return (
    <div class="copyable">
      <label for={props.id}>{props.label}</label>
      <textarea id={props.id} readOnly rows={props.rows ?? 1} spellcheck={false} value={props.value} />
      <button type="button" onClick={copy}>
        {t('settings.copy')}
      </button>
      <span role="status">{message}</span>
    </div>
  );
}

/** Revoke, after a second press that says what it means. */
function Revoke(props: { t: T; name: string; warning: string; onRevoke: () => Promise<void> }) {
  const { t } = props;
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('settings.revokeName', { name: props.name })}
      </button>
    );
  return (
    <fieldset class="confirm">
      <legend class="visually-hidden">{t('settings.revokeName', { name: props.name })}</legend>
      <p>{props.warning}</p>
      <button type="button" class="danger" onClick={() => void props.onRevoke()}>
        {t('settings.revokeConfirm', { name: props.name })}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        {t('settings.cancel')}
      </button>
    </fieldset>
  );
}

function SiteRow(props: {
  t: T;
  locale: Locale;
  site: SiteKey;
  onChanged: (message: string) => void;
  onError: (m: string) => void;
}) {
  const { t, site } = props;
  const [editing, setEditing] = useState(false);
  const [snippet, setSnippet] = useState(false);
  const [origins, setOrigins] = useState(site.origins.join('\n'));
  const id = `site-${site.name.replace(/[^\w-]/g, '_')}`;
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      await api(`settings/sites/${encodeURIComponent(site.name)}/origins`, { method: 'PUT', body: { origins: lines(origins) } });
      setEditing(false);
      props.onChanged(t('settings.originsSaved', { name: site.name }));
    } catch (err) {
      props.onError(errorText(t, err));
    }
  };
  return (
    <tr>
      <th scope="row">{site.name}</th>
      <td>
        <code>{site.key}</code>
      </td>
      <td>
        {editing ? (
          <form onSubmit={save} aria-label={t('settings.editOriginsOf', { name: site.name })}>
            <label for={`${id}-origins`}>{t('settings.origins')}</label>
            <textarea
              id={`${id}-origins`}
              rows={3}
              value={origins}
              aria-describedby={`${id}-hint`}
              onInput={(e) => setOrigins((e.target as HTMLTextAreaElement).value)}
            />
            <span id={`${id}-hint`} class="hint">
              {t('settings.originsHint')}
            </span>
            <button type="submit">{t('settings.saveOrigins')}</button>{' '}
            <button type="button" onClick={() => setEditing(false)}>
              {t('settings.cancel')}
            </button>
          </form>
        ) : (
          <ul class="plain">
            {site.origins.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        )}
      </td>
      <td>{new Date(site.createdAt).toLocaleDateString(props.locale, { timeZone: 'UTC' })}</td>
      <td class="actions">
        {editing ? null : (
          <button type="button" onClick={() => setEditing(true)}>
            {t('settings.editOriginsOf', { name: site.name })}
          </button>
        )}
        <button type="button" aria-expanded={snippet} aria-controls={`${id}-snippet`} onClick={() => setSnippet(!snippet)}>
          {t('settings.snippetOf', { name: site.name })}
        </button>
        <div id={`${id}-snippet`} hidden={!snippet}>
          {snippet ? (
            <>
              <Copyable
                t={t}
                id={`${id}-code`}
                label={t('settings.snippet')}
                value={embedSnippet(site.key, location.origin)}
                rows={4}
              />
              <p class="hint">{t('settings.snippetHint')}</p>
            </>
          ) : null}
        </div>
        <Revoke
          t={t}
          name={site.name}
          warning={t('settings.revokeSiteWarning')}
          onRevoke={async () => {
            try {
              await api(`settings/sites/${encodeURIComponent(site.name)}`, { method: 'DELETE' });
              props.onChanged(t('settings.revoked', { name: site.name }));
            } catch (err) {
              props.onError(errorText(t, err));
            }
          }}
        />
      </td>
    </tr>
  );
}

function NewSite(props: { t: T; onCreated: (site: SiteKey) => void; onError: (m: string) => void }) {
  const { t } = props;
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  return (
    <form
      class="settings-form"
      aria-labelledby="new-site-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const site = await api<SiteKey>('settings/sites', { method: 'POST', body: { name, origins: lines(origins) } });
          setName('');
          setOrigins('');
          props.onCreated(site);
        } catch (err) {
          props.onError(errorText(t, err));
        }
      }}
    >
      <h3 id="new-site-heading">{t('settings.newSite')}</h3>
      <label for="new-site-name">{t('settings.name')}</label>
      <input id="new-site-name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <label for="new-site-origins">{t('settings.origins')}</label>
      <textarea
        id="new-site-origins"
        required
        rows={2}
        aria-describedby="new-site-hint"
        value={origins}
        onInput={(e) => setOrigins((e.target as HTMLTextAreaElement).value)}
      />
      <span id="new-site-hint" class="hint">
        {t('settings.originsHint')}
      </span>
      <button type="submit">{t('settings.createSite')}</button>
    </form>
  );
}

function NewToken(props: {
  t: T;
  scopes: string[];
  onCreated: (token: string, name: string) => void;
  onError: (m: string) => void;
}) {
  const { t } = props;
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>(['read']);
  return (
    <form
      class="settings-form"
      aria-labelledby="new-token-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          const created = await api<{ token: string; name: string }>('settings/tokens', {
            method: 'POST',
            body: { name, scopes: chosen },
          });
          setName('');
          props.onCreated(created.token, created.name);
        } catch (err) {
          props.onError(errorText(t, err));
        }
      }}
    >
      <h3 id="new-token-heading">{t('settings.newToken')}</h3>
      <label for="new-token-name">{t('settings.tokenName')}</label>
      <input id="new-token-name" required value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
      <fieldset>
        <legend>{t('settings.scopes')}</legend>
        {props.scopes.map((s) => (
          <label key={s} class="check">
            <input
              type="checkbox"
              name="scope"
              value={s}
              checked={chosen.includes(s)}
              onChange={(e) => setChosen((e.target as HTMLInputElement).checked ? [...chosen, s] : chosen.filter((c) => c !== s))}
            />{' '}
            {t(`settings.scope.${s}` as Key)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('settings.createToken')}</button>
    </form>
  );
}

/** Put a new policy version in force from its JSON file; the collector then reassesses everyone with it. */
function NewPolicy(props: { t: T; inForce: number; onDone: (message: string) => void; onError: (m: string) => void }) {
  const { t } = props;
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="settings-form"
      aria-labelledby="new-policy-heading"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!file) return props.onError(t('settings.policyChoose'));
        let policy: unknown;
        try {
          policy = JSON.parse(await file.text());
        } catch {
          return props.onError(t('settings.policyNotJson', { file: file.name }));
        }
        setBusy(true);
        try {
          const done = await api<{ version: number }>('settings/policy', { method: 'PUT', body: policy });
          props.onDone(t('settings.policySaved', { version: done.version }));
        } catch (err) {
          props.onError(errorText(t, err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3 id="new-policy-heading">{t('settings.newPolicy')}</h3>
      <label for="new-policy-file">{t('settings.policyFile')}</label>
      <input
        id="new-policy-file"
        type="file"
        accept="application/json,.json"
        aria-describedby="new-policy-hint"
        onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
      />
      <span id="new-policy-hint" class="hint">
        {t('settings.policyFileHint', { next: props.inForce + 1 })}
      </span>
      <button type="submit" disabled={busy}>
        {busy ? t('settings.policyBusy') : t('settings.putInForce')}
      </button>
    </form>
  );
}

export function SettingsView(props: { t: T; locale: Locale; isAdmin: boolean; me: string; scopes: string[] }) {
  const { t, locale } = props;
  const [data, setData] = useState<Settings | null>(null);
  const [error, setError] = useState('');
  const [message, setMessage] = useState('');
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    if (!props.isAdmin) return;
    api<Settings>('settings').then(setData, (e) => setError(errorText(t, e)));
  }, [reload, props.isAdmin]);

  if (!props.isAdmin)
    return (
      <section aria-labelledby="settings-heading">
        <h1 id="settings-heading">{t('settings.heading')}</h1>
        <p class="empty">{t('settings.adminOnly', { scopes: props.scopes.join(', ') })}</p>
        <p class="hint">{t('settings.adminHow')}</p>
      </section>
    );

  const changed = (m: string) => {
    setError('');
    setMessage(m);
    setReload(reload + 1);
  };
  const date = (iso: string) => new Date(iso).toLocaleDateString(locale, { timeZone: 'UTC' });
  return (
    <section aria-labelledby="settings-heading" class="settings">
      <h1 id="settings-heading">{t('settings.heading')}</h1>
      <p role="status">{data ? message : t('settings.loading')}</p>
      {error ? (
        <p role="alert" class="error">
          {error}
        </p>
      ) : null}
      {data ? (
        <>
          <section aria-labelledby="policy-heading">
            <h2 id="policy-heading">{t('settings.policy')}</h2>
            <p>
              {t('settings.policyInForce', {
                version: data.policy.version,
                date: date(data.policy.createdAt),
                by: data.policy.createdBy,
              })}
            </p>
            <p class="hint">{t('settings.policyHint')}</p>
            <NewPolicy t={t} inForce={data.policy.version} onDone={changed} onError={setError} />
          </section>

          <section aria-labelledby="sites-heading">
            <h2 id="sites-heading">{t('settings.sites')}</h2>
            <p class="hint">{t('settings.sitesHint')}</p>
            {data.sites.length === 0 ? (
              <p class="empty">{t('settings.noSites')}</p>
            ) : (
              <table class="worklist">
                <caption class="visually-hidden">{t('settings.sites')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('settings.name')}</th>
                    <th scope="col">{t('settings.key')}</th>
                    <th scope="col">{t('settings.origins')}</th>
                    <th scope="col">{t('settings.created')}</th>
                    <th scope="col">{t('settings.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.sites.map((s) => (
                    <SiteRow
                      key={`${s.name}:${s.origins.join(' ')}`}
                      t={t}
                      locale={locale}
                      site={s}
                      onChanged={changed}
                      onError={setError}
                    />
                  ))}
                </tbody>
              </table>
            )}
            <NewSite t={t} onCreated={(s) => changed(t('settings.siteCreated', { name: s.name }))} onError={setError} />
          </section>

          <section aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{t('settings.tokens')}</h2>
            {created ? (
              <div class="once">
                <p>
                  <strong>{t('settings.tokenOnce', { name: created.name })}</strong>
                </p>
                <Copyable
                  t={t}
                  id="new-token-value"
                  label={t('settings.tokenValue', { name: created.name })}
                  value={created.token}
                />
                <button type="button" onClick={() => setCreated(null)}>
                  {t('settings.tokenDone')}
                </button>
              </div>
            ) : null}
            {data.tokens.length === 0 ? (
              <p class="empty">{t('settings.noTokens')}</p>
            ) : (
              <table class="worklist">
                <caption class="visually-hidden">{t('settings.tokens')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('settings.tokenName')}</th>
                    <th scope="col">{t('settings.scopes')}</th>
                    <th scope="col">{t('settings.created')}</th>
                    <th scope="col">{t('settings.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.tokens.map((k) => (
                    <tr key={k.name}>
                      <th scope="row">
                        {k.name}
                        {k.name === props.me ? ` (${t('settings.you')})` : ''}
                      </th>
                      <td>{k.scopes.map((s) => t(`settings.scope.${s}` as Key)).join(', ')}</td>
                      <td>{date(k.createdAt)}</td>
                      <td class="actions">
                        <Revoke
                          t={t}
                          name={k.name}
                          warning={k.name === props.me ? t('settings.revokeOwnWarning') : t('settings.revokeTokenWarning')}
                          onRevoke={async () => {
                            try {
                              await api(`settings/tokens/${encodeURIComponent(k.name)}`, { method: 'DELETE' });
                              changed(t('settings.revoked', { name: k.name }));
                            } catch (err) {
                              setError(errorText(t, err));
                            }
                          }}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <NewToken
              t={t}
              scopes={data.scopes}
              onCreated={(token, name) => {
                setCreated({ token, name });
                changed(t('settings.tokenCreated', { name }));
              }}
              onError={setError}
            />
          </section>
        </>
      ) : null}
    </section>
  );
}
