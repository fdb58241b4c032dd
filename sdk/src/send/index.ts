// The send chunk (kehu-send.mjs): the shared zod submission schema and the persistent queue.
// zod is the largest part of the SDK, so this is fetched only when a respondent starts to answer
// (or when answers wait in the queue): pages whose visitors never answer never download it.
import type { Submission } from '../../../shared/src/model/submission.ts';
import { createQueue, type Outcome } from '../transport/queue.ts';
import { checkSubmission } from './check.ts';

export { checkSubmission };

const queue = createQueue({
  storage: {
    getItem(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null; // storage blocked (sandboxed frame, privacy settings)
      }
    },
    setItem: (key, value) => localStorage.setItem(key, value),
  },
  fetch: (input, init) => fetch(input, init),
  now: Date.now,
  random: Math.random,
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as number),
  check: async (value) => checkSubmission(value),
  exclusive: (fn) => (navigator.locks ? navigator.locks.request('kehu-queue', fn) : fn()),
  onRejected: (item, status, message) =>
    document.dispatchEvent(
      new CustomEvent('kehu-error', {
        bubbles: true,
        composed: true,
        detail: { code: 'rejected', status, message, submission: item.body },
      }),
    ),
});
addEventListener('online', () => void queue.flush(true));
addEventListener('pagehide', () => queue.pagehide());

/** Queue an answer and try to send it now. */
export const deliver = (url: string, body: Submission): Promise<Outcome> => queue.deliver(url, body);

/** Send what is waiting (all of it with `all`, e.g. back online). */
export function flush(all = false): void {
  void queue.flush(all);
}
