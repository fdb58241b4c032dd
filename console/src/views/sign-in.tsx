// The sign-in form: a team token, sent once in the request body and exchanged for a session cookie.
import { useState } from 'preact/hooks';
import { ApiError, type Session, api } from '../api.ts';
import type { T } from './types.ts';

export function SignIn(props: { t: T; expired: boolean; onSignedIn: (s: Session) => void }) {
  const { t } = props;
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(props.expired ? t('expired') : null);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api<Session>('session', { method: 'POST', body: { token } });
      setToken('');
      props.onSignedIn(session);
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      setError(
        status === 401 || status === 400
          ? t('signIn.bad')
          : status === 0
            ? t('error.network')
            : t('error.server', { message: (err as Error).message }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>{t('signIn.heading')}</h1>
      <p>{t('signIn.intro')}</p>
      <label for="token">{t('signIn.token')}</label>
      <input
        id="token"
        name="token"
        type="password"
        autocomplete="current-password"
        required
        aria-describedby="token-hint"
        value={token}
        onInput={(e) => setToken((e.target as HTMLInputElement).value)}
      />
      <p id="token-hint" class="hint">
        {t('signIn.tokenHint')}
      </p>
      <p role="alert" class="error">
        {error ?? ''}
      </p>
      <button type="submit" disabled={busy}>
        {busy ? t('signIn.busy') : t('signIn.submit')}
      </button>
    </form>
  );
}
