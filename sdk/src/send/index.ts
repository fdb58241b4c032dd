// Sending, part of the UI chunk (kehu-ui.mjs): the check against the shared submission schema and
// the persistent queue of this page. Small enough (about 2 KB gzip, with no zod in it) to come with
// the UI, so an answer never waits for another file, even when the browser went offline meanwhile.
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
