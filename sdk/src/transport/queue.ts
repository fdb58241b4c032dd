// The send queue. Every answer is stored (localStorage of the host page) before the first attempt,
// so a closed tab, a crash or being offline loses nothing; it leaves the queue only when the
// collector has it (201, or 200 for a clientId it already stored) or refuses it for good (4xx).
// Answers can hold personal data, so the queue keeps at most MAX_ITEMS of them, for at most MAX_AGE.
// Network errors, 408, 429 and 5xx are retried with exponential backoff (Retry-After honoured).
// Never twice: the clientId is the collector's idempotency key, items in flight are not sent again
// by this tab, and tabs take turns through a Web Lock where the browser has them. Every item is
// checked against the shared submission schema right before it is sent.
import type { Submission } from '../../../shared/src/model/submission.ts';
import { QUEUE_KEY } from '../contract.ts';

export interface QueueItem {
  url: string;
  body: Submission;
  /** When it was queued (ms); items older than MAX_AGE are given up and forgotten. */
  at: number;
  tries: number;
  /** Not before this time (ms). */
  next: number;
}

export type Outcome = 'sent' | 'queued' | { status: number; message: string };

export interface QueueEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  fetch: typeof fetch;
  now(): number;
  random(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** The shared schema's problems with a submission (empty: valid); rejects when the checker cannot load. */
  check(body: unknown): Promise<string[]>;
  /** Runs `fn` while holding a lock shared by every tab of the origin (Web Locks), when available. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  /** An item the collector refused while nobody was waiting for it (a retry from the queue). */
  onRejected(item: QueueItem, status: number, message: string): void;
}

export const MAX_ITEMS = 50;
/** Seven days: long enough for a week offline, short enough not to keep someone's answer around. */
export const MAX_AGE = 7 * 864e5;
const MAX_DELAY = 10 * 60_000;

/** 1 s, 2 s, 4 s … up to 10 minutes, with jitter so that many clients do not retry together. */
export function backoff(tries: number, random: number): number {
  return Math.min(1000 * 2 ** Math.max(0, tries - 1), MAX_DELAY) * (0.75 + random / 2);
}

/** Retry-After as seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY) : undefined;
}

export function createQueue(env: QueueEnv) {
  const inFlight = new Set<string>();
  let timer: unknown;

  /**
   * The stored queue; entries of the wrong shape (another version, tampering) are dropped, and so are
   * answers older than MAX_AGE: those are also removed from storage, as they may hold personal data.
   */
  function load(): QueueItem[] {
    let raw: unknown;
    try {
      raw = JSON.parse(env.storage.getItem(QUEUE_KEY) ?? '[]');
    } catch {
      raw = null;
    }
    const now = env.now();
    const all = Array.isArray(raw) ? raw : [];
    const items = all.filter(
      (i): i is QueueItem =>
        i &&
        typeof i.url === 'string' &&
        typeof i.tries === 'number' &&
        typeof i.next === 'number' &&
        typeof i.at === 'number' &&
        now - i.at < MAX_AGE &&
        typeof i.body?.clientId === 'string',
    );
    if (items.length !== all.length || !Array.isArray(raw)) save(items);
    return items;
  }

  function save(items: QueueItem[]): void {
    try {
      env.storage.setItem(QUEUE_KEY, JSON.stringify(items.slice(-MAX_ITEMS)));
    } catch {
      // Storage full or blocked: the items still go out from memory on this page.
    }
  }

  /** Re-reads the queue before every change: another tab may have changed it meanwhile. */
  function change(id: string, fn: (item: QueueItem) => QueueItem | null): void {
    const items = load().flatMap((i) => (i.body.clientId === id ? (fn(i) ?? []) : [i]));
    save(items);
  }

  function schedule(): void {
    env.clearTimeout(timer);
    const next = Math.min(...load().map((i) => i.next));
    if (Number.isFinite(next)) timer = env.setTimeout(() => void flush(), Math.max(next - env.now(), 0) + 50);
  }

  /** Try again later: after Retry-After when the server said, else after the backoff. */
  function later(id: string, wait?: number): Outcome {
    change(id, (i) => ({ ...i, tries: i.tries + 1, next: env.now() + (wait ?? backoff(i.tries + 1, env.random())) }));
    return 'queued';
  }

  const post = (item: QueueItem, init: RequestInit): Promise<Response> =>
    env.fetch(item.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(item.body),
      credentials: 'omit',
      ...init,
    });

  async function attempt(item: QueueItem): Promise<Outcome> {
    const id = item.body.clientId;
    let problems: string[];
    try {
      problems = await env.check(item.body);
    } catch {
      return later(id); // the checker could not load (offline)
    }
    if (problems.length) {
      change(id, () => null);
      return { status: 0, message: `not a valid submission: ${problems.join('; ')}` };
    }
    let res: Response;
    try {
      // A server that never answers must not hold the queue (and its lock) for ever.
      res = await post(item, { signal: AbortSignal.timeout?.(30_000) });
    } catch {
      res = new Response(null, { status: 599 }); // offline or the connection dropped
    }
    if (res.ok) {
      change(id, () => null);
      return 'sent';
    }
    if (res.status === 408 || res.status === 429 || res.status >= 500) {
      return later(id, retryAfter(res.headers.get('retry-after'), env.now()));
    }
    change(id, () => null);
    let message = res.statusText;
    try {
      message = (await res.text()) || message;
    } catch {
      // The status says enough.
    }
    return { status: res.status, message };
  }

  /**
   * Sends every item that is due (all of them with `all`, e.g. when the browser is back online).
   * Returns the outcome for `waitFor`, the clientId a widget is waiting on.
   */
  async function flush(all = false, waitFor?: string): Promise<Outcome | undefined> {
    let result: Outcome | undefined;
    await env.exclusive(async () => {
      for (const item of load()) {
        const id = item.body.clientId;
        if (inFlight.has(id) || (!all && id !== waitFor && item.next > env.now())) continue;
        inFlight.add(id);
        try {
          const outcome = await attempt(item);
          if (id === waitFor) result = outcome;
          else if (typeof outcome === 'object') env.onRejected(item, outcome.status, outcome.message);
        } finally {
          inFlight.delete(id);
        }
      }
    });
    schedule();
    return result;
  }

  /** Queue one answer (once per clientId) and try to send it now. */
  async function deliver(url: string, body: Submission): Promise<Outcome> {
    const items = load();
    if (!items.some((i) => i.body.clientId === body.clientId)) {
      items.push({ url, body, at: env.now(), tries: 0, next: 0 });
      save(items);
    }
    return (await flush(false, body.clientId)) ?? 'queued';
  }

  /**
   * The page is going away: hand every item that is due (an answer still on its way counts) to the
   * browser, which completes keepalive requests after the page is gone; a normal request still in
   * flight would be cancelled. Items waiting out a backoff or Retry-After stay waiting: the server
   * asked for time. They all stay queued; if one did arrive, the next attempt gets 200 for its
   * clientId and removes it.
   */
  function pagehide(): void {
    const now = env.now();
    for (const item of load()) if (item.next <= now) post(item, { keepalive: true }).catch(() => {});
  }

  return { load, deliver, flush, pagehide };
}
export type Queue = ReturnType<typeof createQueue>;
