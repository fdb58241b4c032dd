// The background service worker: owns the store, runs the early-warning engine, and answers
// every other part of the extension through one API — as messages (src/api/serve.ts) and, for
// DevTools and end-to-end tests, as globalThis.kehu.
import { pickLocale } from '#shared/i18n/locale.ts';
import { browser } from 'wxt/browser';
import * as z from 'zod';
import type { ApiContext } from '../src/api/context.ts';
import { type Api, createApi } from '../src/api/router.ts';
import { serveApi } from '../src/api/serve.ts';
import { syncPageScript } from '../src/pages.ts';
import { startReminders } from '../src/reminders.ts';
import { browserPlatform } from '../src/platform.ts';
import { createRiskService, DAILY_ALARM } from '../src/risk/service.ts';
import { dbTokenStore } from '../src/secrets.ts';
import { storageSettings } from '../src/store/settings.ts';
import { openDb } from '../src/store/db.ts';
import { dbDebugLog } from '../src/store/debug-log.ts';
import { connectProblemSink, describeProblem, reportTo } from '../src/base/problems.ts';
import { installId } from '../src/store/meta.ts';
import { browserFetch, startSync, storageStatusArea } from '../src/sync/background.ts';
import { createSyncService } from '../src/sync/service.ts';

declare global {
  var kehu: Api;
}

// zod compiles fast parsers with `new Function` where allowed; extension pages forbid eval.
z.config({ jitless: true });

export default defineBackground(() => {
  const db = openDb();
  // Problems worked around anywhere in the background go to the local debug log (options page).
  const debugLog = dbDebugLog(db);
  connectProblemSink((area, problem) => {
    void debugLog.record({ at: new Date().toISOString(), source: 'background', area, message: describeProblem(problem) });
  });
  // The team token is kept in the extension's IndexedDB, where content scripts cannot read it.
  let settingsSaved = () => {};
  const settings = storageSettings(browser.storage.local, dbTokenStore(db), () => settingsSaved());
  const now = () => new Date();
  const newId = () => crypto.randomUUID();
  const by = async () => (await settings.get()).repName || (await installId(db));
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const locale = async () => {
    const chosen = (await settings.get()).locale;
    return chosen === 'auto' ? pickLocale(browser.i18n.getUILanguage()) : chosen;
  };
  // While a sync runs, badges of customers not assessed yet get a provisional level (risk/service.ts).
  const risk = createRiskService(db, { now, newId, by, timeZone, locale, syncing: () => sync.isRunning() });
  const browserEffects = browserPlatform();
  let syncSoon = () => {};
  const platform = {
    ...browserEffects,
    // Every data change (local edits, imports, pulls and the alerts they raise) also schedules a sync soon.
    changed: (change: Parameters<typeof browserEffects.changed>[0]) => {
      browserEffects.changed(change);
      syncSoon();
    },
  };
  // Team sync with the collector, when one is configured (src/sync/).
  const sync = createSyncService({
    db,
    settings,
    risk,
    platform,
    now,
    by,
    fetchFn: browserFetch,
    statusArea: storageStatusArea(),
  });
  const syncHooks = startSync(sync, settings);
  syncSoon = syncHooks.soon;
  settingsSaved = syncHooks.settingsSaved;
  const ctx: ApiContext = {
    db,
    settings,
    platform,
    risk,
    sync,
    now,
    newId,
    by,
    timeZone,
    version: browser.runtime.getManifest().version,
  };
  serveApi(ctx);
  globalThis.kehu = createApi(ctx);
  // Follow-ups falling due and new red alerts become system notifications.
  startReminders(ctx);

  // "All web pages" follows the permission, whoever changes it (Kehu's settings or the browser's).
  const pages = () => void syncPageScript().catch(reportTo('pages.permission'));
  browser.permissions.onAdded.addListener(pages);
  browser.permissions.onRemoved.addListener(pages);
  browser.runtime.onInstalled.addListener(pages);
  browser.runtime.onStartup.addListener(pages);

  // Levels drift with time (silence grows): reassess everyone once a day.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === DAILY_ALARM) void risk.recomputeAll().then(() => ctx.platform.changed({ all: true }));
  });
  void browser.alarms.get(DAILY_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(DAILY_ALARM, { periodInMinutes: 24 * 60 });
  });
});
