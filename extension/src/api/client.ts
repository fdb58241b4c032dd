// The API as content scripts and extension pages call it: `await api.lookupMany({emails})`.
// Imports only types from the handlers, so no store code reaches a content script's bundle.
import { connectProblemSink, describeProblem } from '../base/problems.ts';
import { messenger } from './messaging.ts';
import type { MethodInput, MethodName, MethodOutput } from './methods.ts';

export type ApiClient = { [K in MethodName]: (input: MethodInput<K>) => Promise<MethodOutput<K>> };

export const api = new Proxy({} as ApiClient, {
  get: (_target, name: string) => (input: unknown) =>
    (messenger.sendMessage as (type: string, data: unknown) => Promise<unknown>)(name, input),
});

/**
 * Send the problems this page or content script works around (base/problems.ts) to the
 * background's debug log. Call once at start.
 */
export function reportProblemsToBackground(): void {
  connectProblemSink((area, problem) => {
    api
      .reportProblem({ area: area.slice(0, 60), message: describeProblem(problem) })
      .catch((e: unknown) => console.debug(`[kehu] ${area}:`, problem, e));
  });
}
