// Every route the collector serves, in the order the document lists them. A new route is declared
// in one of the files beside this one and added here; tests/unit/collector/openapi.test.ts fails
// while the app serves a route this list lacks (or lists one it does not serve).
import * as admin from './admin.ts';
import * as consoleApi from './console.ts';
import type { Route } from './declare.ts';
import * as health from './health.ts';
import * as v1 from './v1.ts';

export const ROUTES: readonly Route[] = [
  v1.collect,
  v1.collectPreflight,
  v1.pullChanges,
  v1.pushChanges,
  v1.exportFile,
  v1.importFile,
  v1.riskBacktest,
  v1.listSuspect,
  v1.releaseSuspect,
  admin.listKeys,
  admin.createSite,
  admin.setSiteOrigins,
  admin.createToken,
  admin.revokeSite,
  admin.revokeToken,
  consoleApi.consoleRedirect,
  consoleApi.consolePage,
  consoleApi.signIn,
  consoleApi.signOut,
  consoleApi.currentSession,
  consoleApi.worklist,
  consoleApi.worklistFilters,
  consoleApi.customerDetail,
  consoleApi.overview,
  consoleApi.inbox,
  consoleApi.linkAnswer,
  consoleApi.openCase,
  consoleApi.adoptSuggestion,
  consoleApi.recordTold,
  consoleApi.exportChoices,
  consoleApi.consoleExport,
  consoleApi.alerts,
  consoleApi.reviews,
  consoleApi.alertRoles,
  consoleApi.alertCorrection,
  consoleApi.settings,
  consoleApi.settingsCreateSite,
  consoleApi.settingsSiteOrigins,
  consoleApi.settingsCreateToken,
  consoleApi.settingsPolicy,
  consoleApi.settingsRevokeSite,
  consoleApi.settingsRevokeToken,
  health.livez,
  health.healthz,
  health.readyz,
  health.openApi,
];
