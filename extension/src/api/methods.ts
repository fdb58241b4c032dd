// Every method of the extension's API, by name. To add one: write a handler with defineMethod in
// methods/<topic>.ts and list it here; the router serves it to content scripts and pages (typed
// client in client.ts) and through globalThis.kehu, validated by its schema.
import { defineMethod } from './define.ts';
import * as z from 'zod';
import { customerView } from './methods/customer.ts';
import { logEmails } from './methods/logging.ts';
import { card, lookup, lookupHost, lookupMany } from './methods/lookup.ts';
import { addSender, openCustomer } from './methods/people.ts';
import { getSettings, setSettings } from './methods/settings.ts';
import { syncNow, syncStatus } from './methods/sync.ts';
import { exportText, importText } from './methods/transfer.ts';
import {
  applyCorrectiveItemOf,
  casesFor,
  changeAlertOf,
  changeCaseOf,
  customerCard,
  followUpsFor,
  openCaseFor,
  planFollowUpFor,
  quickLog,
  recordOf,
  removeContact,
  removeCustomer,
  removeFollowUp,
  riskOf,
  saveContactDraft,
  saveCustomerDraft,
  search,
  setFollowUpDoneOf,
  timelineOf,
} from './methods/workspace.ts';
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

/** The extension's version: lets tests and DevTools check that the worker answers. */
const version = defineMethod(z.undefined().or(z.object({}).strict()), async (ctx) => ctx.version);

export const METHODS = {
  version,
  lookup,
  lookupMany,
  lookupHost,
  card,
  addSender,
  openCustomer,
  logEmails,
  importText,
  exportText,
  customerView,
  getSettings,
  setSettings,
  // The workspace: side panel, popup, options (methods/workspace*.ts).
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
  // Team sync (src/sync/).
  syncStatus,
  syncNow,
};

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = Awaited<ReturnType<Methods[K]['handler']>>;
