// The API as content scripts and extension pages call it: `await api.lookupMany({emails})`.
// Imports only types from the handlers, so no store code reaches a content script's bundle.
import { messenger } from './messaging.ts';
import type { MethodInput, MethodName, MethodOutput } from './methods.ts';

export type ApiClient = { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> };

export const api = new Proxy({} as ApiClient, {
  get: (_target, name: string) => (input: unknown) =>
    (messenger.sendMessage as (type: string, data: unknown) => Promise<unknown>)(name, input),
});
