// The local debug log: the problems Kehu worked around (a reminder check that failed, a badge
// refresh that could not be sent), newest first, to read and copy when asking for help. Nothing
// in it leaves this browser unless the rep pastes it somewhere.
import { useState } from 'preact/hooks';
import type { DebugLogEntry } from '#shared/model/index.ts';
import { api } from '../../api/client.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, t, tCount } from '../text.ts';

/** The log as plain text, one entry a line, oldest first (as a support person reads a log). */
export function debugLogText(entries: readonly DebugLogEntry[]): string {
  return entries.map((e) => `${e.at} ${e.source} ${e.area}: ${e.message}`).join('\n');
}

export function DebugLogSection({ locale }: { locale: Locale }) {
  const [entries, setEntries] = useState<DebugLogEntry[] | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const run = async (work: () => Promise<void>) => {
    setError('');
    setStatus('');
    try {
      await work();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const show = () =>
    run(async () => {
      setEntries(await api.debugLogEntries({}));
    });
  const copy = () =>
    run(async () => {
      const latest = await api.debugLogEntries({});
      setEntries(latest);
      await navigator.clipboard.writeText(debugLogText(latest));
      setStatus(tCount(locale, 'debugLog.copied', latest.length));
    });
  const clear = () =>
    run(async () => {
      await api.clearDebugLog({});
      setEntries([]);
      setStatus(t(locale, 'debugLog.cleared'));
    });
  return (
    <section id="debug-log" aria-labelledby="debug-log-head">
      <h2 id="debug-log-head">{t(locale, 'options.debugLog')}</h2>
      <p class="muted">{t(locale, 'debugLog.intro')}</p>
      <div class="row">
        <button type="button" onClick={show}>
          {entries ? t(locale, 'debugLog.refresh') : t(locale, 'debugLog.show')}
        </button>
        <button type="button" onClick={copy}>
          {t(locale, 'debugLog.copy')}
        </button>
        <button type="button" onClick={clear}>
          {t(locale, 'debugLog.clear')}
        </button>
      </div>
      <div aria-live="polite">
        {status && <p class="notice ok">{status}</p>}
        {error && <p class="notice bad">{error}</p>}
      </div>
      {entries &&
        (entries.length === 0 ? (
          <p class="muted">{t(locale, 'debugLog.empty')}</p>
        ) : (
          <table class="debug-log">
            <caption>{tCount(locale, 'debugLog.caption', entries.length)}</caption>
            <thead>
              <tr>
                <th scope="col">{t(locale, 'debugLog.when')}</th>
                <th scope="col">{t(locale, 'debugLog.where')}</th>
                <th scope="col">{t(locale, 'debugLog.what')}</th>
              </tr>
            </thead>
            <tbody>
              {[...entries].reverse().map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{fmtDateTime(locale, e.at)}</td>
                  <td>
                    {e.area}
                    <span class="muted"> ({t(locale, e.source === 'background' ? 'debugLog.background' : 'debugLog.page')})</span>
                  </td>
                  <td>
                    <code>{e.message}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
