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
import { exportText, importText } from './methods/transfer.ts';

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
};

export type Methods = typeof METHODS;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = Awaited<ReturnType<Methods[K]['handler']>>;
