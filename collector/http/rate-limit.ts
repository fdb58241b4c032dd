// Rate limits for collect: a token bucket per key (site key and client address): `burst` requests
// at once, refilled at `perMinute`. Two stores of buckets:
// - in memory (RateLimiter): one process, the embedded store (PGlite), and the guard in front of
//   site-key lookups;
// - in PostgreSQL (SharedRateLimiter): every collector process on one database takes from the
//   same buckets, so a limit holds however many processes run behind the load balancer.
// And who the client is: the socket's peer, or the address a configured number of trusted
// proxies saw; IPv6 clients are limited by their /64 (one host usually holds the whole /64).
import { isIPv4, isIPv6 } from 'node:net';
import type { Sql } from '../db/sql.ts';

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
}

/** Take one token for a key: 0 when allowed, else milliseconds until one is free. */
export interface Limiter {
  take(key: string): Promise<number>;
}

export class RateLimiter {
  readonly #rate: number; // tokens per millisecond
  readonly #burst: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #lastSweep = 0;

  constructor(options: RateLimitOptions) {
    this.#rate = options.perMinute / 60_000;
    this.#burst = options.burst;
  }

  /** Take one token for `key` at time `now` (ms): 0 when allowed, else milliseconds until one is free. */
  take(key: string, now: number): number {
    this.#sweep(now);
    const b = this.#buckets.get(key) ?? { tokens: this.#burst, at: now };
    b.tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.#buckets.set(key, b);
      return 0;
    }
    this.#buckets.set(key, b);
    return Math.ceil((1 - b.tokens) / this.#rate);
  }

  /** Milliseconds until `key` has a token (0: it has one now), without taking it. */
  wait(key: string, now: number): number {
    const b = this.#buckets.get(key);
    if (!b) return 0;
    const tokens = Math.min(this.#burst, b.tokens + (now - b.at) * this.#rate);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#rate);
  }

  /** Forget buckets that have refilled completely, once a minute, so memory stays bounded. */
  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [k, b] of this.#buckets) if (b.tokens + (now - b.at) * this.#rate >= this.#burst) this.#buckets.delete(k);
  }
}

/** The in-memory limiter behind the Limiter interface, on the process clock. */
export function memoryLimiter(options: RateLimitOptions): Limiter {
  const limiter = new RateLimiter(options);
  return { take: async (key) => limiter.take(key, Date.now()) };
}

/**
 * Take `asked` tokens from each bucket in one statement ($1 keys, $2 counts, $3 burst, $4 tokens
 * per ms), on the database's clock so that processes on machines whose clocks differ agree.
 * `granted` is how many of the asked tokens the bucket had. The table is UNLOGGED: buckets are
 * not worth a WAL write, and after a database crash they start full again.
 */
const TAKE_SQL = `
WITH clock AS (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::double precision AS now)
INSERT INTO kehu_rate_limits AS b (key, tokens, at, asked, granted)
SELECT x.key, $3::double precision - LEAST(x.asked, floor($3::double precision)), clock.now, x.asked,
       LEAST(x.asked, floor($3::double precision))::integer
  FROM unnest($1::text[], $2::integer[]) AS x(key, asked), clock
 ORDER BY x.key
ON CONFLICT (key) DO UPDATE SET
  granted = LEAST(excluded.asked, floor(LEAST($3, b.tokens + GREATEST(0, excluded.at - b.at) * $4)))::integer,
  tokens = LEAST($3, b.tokens + GREATEST(0, excluded.at - b.at) * $4)
           - LEAST(excluded.asked, floor(LEAST($3, b.tokens + GREATEST(0, excluded.at - b.at) * $4))),
  at = GREATEST(b.at, excluded.at),
  asked = excluded.asked
RETURNING key, granted, tokens`;

/** How long a bucket that nobody used is kept (it has refilled long before). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Buckets shared by every process on one PostgreSQL database. The takes that arrive while a
 * statement runs wait and go together in the next one (one round trip for many requests), so
 * the cost per request stays small under load.
 */
export class SharedRateLimiter implements Limiter {
  readonly #sql: Sql;
  readonly #burst: number;
  readonly #rate: number;
  #waiting: { key: string; resolve: (wait: number) => void; reject: (e: unknown) => void }[] = [];
  #running = false;
  #lastSweep = Date.now();

  constructor(sql: Sql, options: RateLimitOptions) {
    this.#sql = sql;
    this.#burst = options.burst;
    this.#rate = options.perMinute / 60_000;
  }

  take(key: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ key, resolve, reject });
      if (!this.#running) void this.#run();
    });
  }

  async #run() {
    this.#running = true;
    try {
      while (this.#waiting.length > 0) {
        const batch = this.#waiting.splice(0, 1000);
        const asked = new Map<string, number>();
        for (const w of batch) asked.set(w.key, (asked.get(w.key) ?? 0) + 1);
        try {
          const rows = await this.#sql.query<{ key: string; granted: number; tokens: number }>(TAKE_SQL, [
            [...asked.keys()],
            [...asked.values()],
            this.#burst,
            this.#rate,
          ]);
          const left = new Map(rows.map((r) => [r.key, { granted: Number(r.granted), tokens: Number(r.tokens) }]));
          for (const w of batch) {
            const bucket = left.get(w.key);
            if (bucket && bucket.granted > 0) {
              bucket.granted--;
              w.resolve(0);
            } else {
              w.resolve(Math.max(1, Math.ceil((1 - (bucket?.tokens ?? 0)) / this.#rate)));
            }
          }
        } catch (e) {
          for (const w of batch) w.reject(e);
        }
        await this.#sweep();
      }
    } finally {
      this.#running = false;
    }
  }

  /** Drop buckets that have been full for a while, so the table stays small. */
  async #sweep() {
    const now = Date.now();
    if (now - this.#lastSweep < SWEEP_EVERY_MS) return;
    this.#lastSweep = now;
    const fullAfterMs = this.#burst / this.#rate;
    await this.#sql
      .query('DELETE FROM kehu_rate_limits WHERE at < extract(epoch FROM clock_timestamp()) * 1000 - $1', [
        fullAfterMs + SWEEP_EVERY_MS,
      ])
      .catch(() => {}); // another process may be sweeping too; the next sweep tries again
  }
}

/**
 * Who is asking. Without trusted proxies: the socket's peer. With `hops` trusted proxies in front
 * (each appends the address it received from to X-Forwarded-For): the address the outermost
 * trusted proxy saw, which is the hops-th entry from the right. Entries further left were written
 * by the client and are never taken. A header shorter than expected gives its leftmost entry (it
 * was still written by a trusted proxy).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, hops: number): string {
  if (hops > 0 && forwardedFor) {
    const chain = forwardedFor
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const picked = chain[Math.max(0, chain.length - hops)];
    if (picked) return picked;
  }
  return peer ?? 'unknown';
}

/** Expand an IPv6 address to its eight groups of four hex digits (null if it is not one). */
function ipv6Groups(address: string): string[] | null {
  let text = address.split('%')[0] ?? ''; // a zone (fe80::1%eth0) is not part of the address
  if (!isIPv6(text)) return null;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1]) {
    const [a, b, c, d] = v4[1].split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array.from({ length: tail !== undefined ? missing : 0 }, () => '0'), ...right];
  return groups.length === 8 ? groups.map((g) => g.toLowerCase().padStart(4, '0')) : null;
}

/**
 * The key a client is limited by: an IPv4 address as it is (IPv4-mapped IPv6 addresses too); an
 * IPv6 address by its /64, since one subscriber usually holds a whole /64 and could otherwise
 * take a fresh address for every request. Anything else (a proxy's odd header) as given.
 */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address.slice(0, 100);
  if (groups.slice(0, 5).every((g) => g === '0000') && groups[5] === 'ffff') {
    const hi = Number.parseInt(groups[6] as string, 16);
    const lo = Number.parseInt(groups[7] as string, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return `${groups.slice(0, 4).join(':')}::/64`;
}
