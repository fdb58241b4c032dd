// Lookups for the overlay: addresses found on the page are batched into as few messages as
// possible, answers are cached per address (a re-rendered row gets its badge at once), and a data
// change anywhere in the extension drops the answers it makes stale.
import type { ApiClient } from '../api/client.ts';
import type { BadgeInfo } from '../api/methods/lookup.ts';

/** At most this many addresses in one message. */
export const LOOKUP_CHUNK = 250;

export type DataChange = { customerIds: string[] } | { all: true };

export interface LookupsOptions {
  api: Pick<ApiClient, 'lookupMany'>;
  /** Answers arrived for these addresses (they are in the cache now). */
  onResults(emails: ReadonlySet<string>): void;
  chunk?: number;
}

export interface Lookups {
  /** The cached answer for an address. */
  get(email: string): BadgeInfo | undefined;
  /** Ask for this address at the next flush (nothing happens when it is cached or on its way). */
  want(email: string): void;
  /** Send what is wanted, in chunks of at most `chunk` addresses per message. */
  flush(): void;
  /** Cache an answer that came another way (the badge's "+ Add"). */
  put(info: BadgeInfo): void;
  /** Forget the answers a change makes stale: every unknown address, and the changed customers. */
  invalidate(change: DataChange): void;
  /** Messages sent so far. */
  messages(): number;
  /** Ignore answers from now on. */
  stop(): void;
}

export function createLookups(options: LookupsOptions): Lookups {
  const chunkSize = options.chunk ?? LOOKUP_CHUNK;
  const cache = new Map<string, BadgeInfo>();
  const inflight = new Set<string>();
  const wanted = new Set<string>();
  let sent = 0;
  let stopped = false;

  return {
    get: (email) => cache.get(email),
    want(email) {
      if (!cache.has(email) && !inflight.has(email)) wanted.add(email);
    },
    flush() {
      const emails = [...wanted].filter((e) => !inflight.has(e) && !cache.has(e));
      wanted.clear();
      for (let i = 0; i < emails.length; i += chunkSize) {
        const chunk = emails.slice(i, i + chunkSize);
        for (const e of chunk) inflight.add(e);
        sent++;
        options.api.lookupMany({ emails: chunk }).then(
          (results) => {
            for (const e of chunk) inflight.delete(e);
            if (stopped) return;
            for (const info of results) cache.set(info.email, info);
            options.onResults(new Set(chunk));
          },
          () => {
            // The extension was reloaded or the worker failed: no badge rather than a broken page.
            for (const e of chunk) inflight.delete(e);
          },
        );
      }
    },
    put(info) {
      cache.set(info.email, info);
    },
    invalidate(change) {
      if ('all' in change) {
        cache.clear();
        return;
      }
      const ids = new Set(change.customerIds);
      for (const [email, info] of cache) {
        if (info.level === 'unknown' || (info.customerId && ids.has(info.customerId))) cache.delete(email);
      }
    },
    messages: () => sent,
    stop() {
      stopped = true;
      wanted.clear();
    },
  };
}
