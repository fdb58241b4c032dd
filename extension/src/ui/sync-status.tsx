// The sync status as the popup and options show it: the state in words (a symbol beside it, never
// colour alone), the last sync time, the changes waiting to be sent, the last error by kind, and a
// "sync now" button. It follows the status the background keeps in storage.local, and the data
// changes that add to the outbox.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { api } from '../api/client.ts';
import { CHANGES_KEY, SYNC_STATUS_KEY } from '../base/storage-keys.ts';
import { errorText } from './hooks.tsx';
import type { Locale } from './i18n.ts';
import { fmtDateTime, fmtNumber } from './text.ts';
import { syncCountText, syncErrorText, syncText } from './sync-status-text.ts';
import { type SyncView, isSyncing } from '../base/sync-status.ts';

/** The status, reloaded whenever the background writes a new one or the data changes. */
function useSyncStatus(): [SyncView | null, () => void] {
  const [view, setView] = useState<SyncView | null>(null);
  const reload = useCallback(() => {
    api.syncStatus(undefined).then(setView, () => {});
  }, []);
  useEffect(() => {
    reload();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (changes[SYNC_STATUS_KEY] || changes[CHANGES_KEY])) reload();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [reload]);
  return [view, reload];
}

export function SyncStatusView({
  locale,
  /** The popup shows nothing while no collector is set up; the options page says so. */
  hideWhenOff = false,
  headingLevel = 3,
}: {
  locale: Locale;
  hideWhenOff?: boolean;
  headingLevel?: 2 | 3;
}) {
  const [view, reload] = useSyncStatus();
  const [asked, setAsked] = useState(false);
  const [outcome, setOutcome] = useState('');
  const [failure, setFailure] = useState('');
  if (!view || (hideWhenOff && !view.configured)) return null;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const running = asked || isSyncing(view.state);
  // Sentences follow each other with a space in English, without one in Chinese.
  const gap = locale === 'en' ? ' ' : '';

  const syncNow = () => {
    setAsked(true);
    setOutcome('');
    setFailure('');
    api
      .syncNow(undefined)
      .then((after) => {
        if (!after.error) setOutcome(syncText(locale, 'done', { pulled: after.progress.pulled, pushed: after.progress.pushed }));
      })
      .catch((e) => setFailure(errorText(e)))
      .finally(() => {
        setAsked(false);
        reload();
      });
  };

  return (
    <section class="sync-status" aria-labelledby="sync-status-head">
      <Heading id="sync-status-head">{syncText(locale, 'heading')}</Heading>
      {!view.configured ? (
        <p class="muted">{syncText(locale, 'off')}</p>
      ) : (
        <>
          <div role="status" aria-live="polite">
            <p>
              {stateLine(view, locale)}
              {gap}
              <span class="muted">
                {view.pending === 0
                  ? syncText(locale, 'allSent')
                  : syncCountText(locale, 'pending', view.pending, fmtNumber(locale, view.pending))}
              </span>
            </p>
            {outcome && !running && <p class="notice ok">✓ {outcome}</p>}
          </div>
          {view.error && !running && (
            <div class="notice bad" role="alert">
              <p>
                <strong>⚠ {syncText(locale, 'failed')}</strong>
                {gap}
                {syncErrorText(locale, view.error.kind)}
                {view.error.status ? ` (HTTP ${view.error.status})` : ''}
              </p>
              {view.retryAt && <p class="small">{syncText(locale, 'retry', { time: fmtDateTime(locale, view.retryAt) })}</p>}
            </div>
          )}
          {view.setAside && view.setAside.count > 0 && <SetAsideNote setAside={view.setAside} locale={locale} />}
          <button type="button" onClick={syncNow} disabled={running}>
            {running ? syncText(locale, 'syncing') : syncText(locale, 'now')}
          </button>
          {failure && (
            <p class="error" role="alert">
              {failure}
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Records sync went on without, and why (the reasons are the collector's, in English). */
function SetAsideNote({ setAside, locale }: { setAside: NonNullable<SyncView['setAside']>; locale: Locale }) {
  return (
    <div class="notice bad">
      <p>
        ⚠{' '}
        {setAside.count === 1
          ? syncText(locale, 'setAsideOne')
          : syncText(locale, 'setAside', { count: fmtNumber(locale, setAside.count) })}
      </p>
      <ul class="small">
        {setAside.recent.map((r, i) => (
          <li key={i}>
            {syncText(locale, 'setAsideItem', {
              what: `${r.entity ?? '?'} ${r.id ?? ''} (${syncText(locale, r.direction === 'push' ? 'setAsideSent' : 'setAsideReceived')})`,
              reason: r.reason,
            })}
          </li>
        ))}
      </ul>
    </div>
  );
}

function stateLine(view: SyncView, locale: Locale): string {
  if (view.state === 'pushing') return syncText(locale, 'pushing', { count: fmtNumber(locale, view.progress.pushed) });
  if (view.state === 'pulling') return syncText(locale, 'pulling', { count: fmtNumber(locale, view.progress.pulled) });
  if (view.state === 'reassessing') return syncText(locale, 'reassessing');
  return view.lastSyncedAt
    ? `✓ ${syncText(locale, 'last', { time: fmtDateTime(locale, view.lastSyncedAt) })}`
    : syncText(locale, 'never');
}
