// Every method of the extension's API, by name. To add one: declare its input schema in
// shared/src/model/extension-api.ts, write a handler with defineMethod in methods/<topic>.ts, and
// list it here; the router serves it to content scripts and pages (typed client in client.ts) and
// through globalThis.kehu, validated by its schema.
import { defineMethod } from './define.ts';
import { NoInput } from '#shared/model/index.ts';
import type * as z from 'zod';
import { logEmails } from './methods/logging.ts';
import { card, lookup, lookupHost, lookupMany } from './methods/lookup.ts';
import { addSender, openCustomer } from './methods/people.ts';
import { linkAnswerTo, unmatchedAnswersList } from './methods/answers.ts';
import { planContactsFor } from './methods/key-plan.ts';
import { customersAt } from './methods/levels.ts';
import { invoicesFor, recordInvoiceFor, setInvoicePaidOf } from './methods/payments.ts';
import { changeRolesFor, escalatedToMe } from './methods/roles.ts';
import { stageSuggestionOf } from './methods/stage.ts';
import { getSettings, setSettings } from './methods/settings.ts';
import { syncNow, syncStatus } from './methods/sync.ts';
import { exportText, importText } from './methods/transfer.ts';
import { applyCorrectiveItemOf, changeAlertOf } from './methods/alerts.ts';
import { casesFor, changeCaseOf, openCaseFor } from './methods/cases.ts';
import { customerCard, removeContact, removeCustomer, saveContactDraft, saveCustomerDraft } from './methods/customers.ts';
import { followUpsFor, planFollowUpFor, quickLog, removeFollowUp, setFollowUpDoneOf } from './methods/followups.ts';
import { recordOf, riskOf, timelineOf } from './methods/history.ts';
import { search } from './methods/search.ts';
import {
  agendaToday,
  dataSummary,
  eraseEverything,
  exportChunkOf,
  exportTotalOf,
  importRecords,
  previewRiskPolicy,
  reassess,
  riskPolicy,
  saveRiskPolicy,
} from './methods/workspace-data.ts';
import { backtestRiskPolicy } from './methods/policy-backtest.ts';
import { clearDebugLog, debugLogEntries, reportProblemFromPage } from './methods/debug-log.ts';
import { plansList, removeTeamPlan, savePlanDraft } from './methods/plans.ts';

/** The extension's version: lets tests and DevTools check that the worker answers. */
const version = defineMethod(NoInput, async (ctx) => ctx.version);

export const METHODS = {
  version,
  lookup,
  lookupMany,
  lookupHost,
  card,
  addSender,
  openCustomer,
  logEmails,
  reportProblem: reportProblemFromPage,
  importText,
  exportText,
  getSettings,
  setSettings,
  // The workspace: side panel (methods/customers, history, cases, alerts, followups, search.ts),
  // popup and options (methods/workspace-data.ts).
  customerCard,
  saveCustomerDraft,
  removeCustomer,
  saveContactDraft,
  removeContact,
  timelineOf,
  riskOf,
  casesFor,
  openCaseFor,
  changeCaseOf,
  changeAlertOf,
  applyCorrectiveItemOf,
  followUpsFor,
  planFollowUpFor,
  setFollowUpDoneOf,
  removeFollowUp,
  quickLog,
  search,
  recordOf,
  agendaToday,
  riskPolicy,
  previewRiskPolicy,
  backtestRiskPolicy,
  saveRiskPolicy,
  importRecords,
  reassess,
  exportChunkOf,
  exportTotalOf,
  dataSummary,
  eraseEverything,
  // Roles on alerts and cases (methods/roles.ts).
  changeRolesFor,
  escalatedToMe,
  // Answers kept without a customer (methods/answers.ts).
  unmatchedAnswersList,
  linkAnswerTo,
  // The customers at one level (methods/levels.ts).
  customersAt,
  // Invoices due and paid (methods/payments.ts).
  invoicesFor,
  recordInvoiceFor,
  setInvoicePaidOf,
  // The lifecycle stage suggested from the history (methods/stage.ts).
  stageSuggestionOf,
  // The key-customer plan's follow-ups from the cadence (methods/key-plan.ts).
  planContactsFor,
  // The team's plans (预案), versioned and synced (methods/plans.ts).
  plansList,
  savePlanDraft,
  removeTeamPlan,
  // Team sync (src/sync/).
  syncStatus,
  syncNow,
  // The local debug log the options page shows (methods/debug-log.ts).
  debugLogEntries,
  clearDebugLog,
};

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = Awaited<ReturnType<Methods[K]['handler']>>;
