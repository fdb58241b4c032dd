// A transport that asks for the next page of a pull while the current one is being stored: the
// collector's query, the network and parsing then overlap the IndexedDB writes, which are what a
// big pull waits on. Pushes pass through. At most one page is held ahead.
import type { PullResponse, SyncTransport } from '#shared/sync/ports.ts';

export function prefetchingTransport(inner: SyncTransport): SyncTransport {
  let ahead: { since: number; limit: number; page: Promise<PullResponse> } | null = null;
  return {
    push: (changes, signal) => inner.push(changes, signal),
    async pull(since, limit, signal) {
      const ready = ahead && ahead.since === since && ahead.limit === limit ? ahead.page : null;
      ahead = null;
      const page = await (ready ?? inner.pull(since, limit, signal));
      if (page.more && page.changes.length > 0 && !signal?.aborted) {
        const next = inner.pull(page.next, limit, signal);
        next.catch(() => {}); // a failure is reported when that page is asked for
        ahead = { since: page.next, limit, page: next };
      }
      return page;
    },
  };
}
