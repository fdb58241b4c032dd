// Sync's browser side, started by the background service worker: the status in storage.local,
// `fetch` for the transport, and the moments a sync runs — the periodic alarm, a one-shot alarm
// soon after a local change, the browser coming back online, a change of the collector settings,
// and the worker's own start (which resumes a sync the browser stopped half-way).
import type { FetchLike } from '#shared/sync/http-transport.ts';
import { browser } from 'wxt/browser';
import { SYNC_STATUS_KEY } from '../base/storage-keys.ts';
import type { Settings, SettingsStore } from '../store/settings.ts';
import type { StatusArea, SyncService } from './service.ts';
import type { StoredSyncStatus } from '../base/sync-status.ts';
import { reportTo } from '../base/problems.ts';

/** The periodic sync alarm, and the one-shot alarm set soon after a local change. */
const SYNC_ALARM = 'kehu.sync';
const SYNC_SOON_ALARM = 'kehu.sync.soon';

/** How often the background syncs on its own. */
export const SYNC_PERIOD_MINUTES = 5;
/** How long after a local change the changes are pushed (alarms allow 30 s at the least). */
const SOON_MS = 30_000;
/** A request the collector does not answer within this time counts as unreachable. */
const REQUEST_TIMEOUT_MS = 60_000;

export function storageStatusArea(): StatusArea {
  return {
    async load() {
      const value = (await browser.storage.local.get(SYNC_STATUS_KEY))[SYNC_STATUS_KEY];
      return value && typeof value === 'object' ? (value as StoredSyncStatus) : null;
    },
    save: (status) => browser.storage.local.set({ [SYNC_STATUS_KEY]: status }),
  };
}

/** `fetch` for the sync transport: no cookies, no cache, and a time limit. */
export const browserFetch: FetchLike = (url, init) => {
  const signals = [AbortSignal.timeout(REQUEST_TIMEOUT_MS)];
  if (init.signal instanceof AbortSignal) signals.push(init.signal);
  return fetch(url, {
    method: init.method,
    headers: init.headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
    signal: AbortSignal.any(signals),
    cache: 'no-store',
    credentials: 'omit',
  });
};

const collectorOf = (s: Settings) => `${s.collectorUrl}\n${s.collectorToken}`;

/** Wire sync to the browser's events. Call synchronously when the worker starts (listeners must be added at once). */
export function startSync(sync: SyncService, settings: SettingsStore): { soon: () => void; settingsSaved: () => void } {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void sync.trigger('alarm');
    if (alarm.name === SYNC_SOON_ALARM) void sync.trigger('soon');
  });
  void browser.alarms.get(SYNC_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES });
  });
  // Offline, a sync fails as unreachable and the outbox waits; back online, catch up at once.
  globalThis.addEventListener?.('online', () => void sync.trigger('online'));
  // The token is not in storage.local (secrets.ts), so the settings store reports its saves.
  let collector = settings.get().then(collectorOf);
  const settingsSaved = () => {
    const before = collector;
    collector = settings.get().then(collectorOf);
    void Promise.all([before, collector])
      .then(([a, b]) => (a !== b ? sync.settingsChanged() : undefined))
      .catch(reportTo('sync.settings'));
  };
  // A worker stopped in the middle of a sync goes on where it stopped.
  void sync.trigger('startup');
  return {
    /** The settings were saved: restart sync when the collector's address or token changed. */
    settingsSaved,
    /** Push local changes soon: one alarm, not moved again by later changes (a steady stream still syncs). */
    soon() {
      void (async () => {
        const { collectorUrl, collectorToken } = await settings.get();
        if (!collectorUrl || !collectorToken) return; // no collector: nothing to wake up for
        if (!(await browser.alarms.get(SYNC_SOON_ALARM)))
          await browser.alarms.create(SYNC_SOON_ALARM, { when: Date.now() + SOON_MS });
      })().catch(reportTo('sync.soon'));
    },
  };
}
