// A token bucket per key (site key and client address): `burst` requests at once, refilled at
// `perMinute`. In memory, per process: behind a load balancer each instance limits on its own.

export interface RateLimitOptions {
  perMinute: number;
  burst: number;
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

  /** Forget buckets that have refilled completely, once a minute, so memory stays bounded. */
  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    for (const [k, b] of this.#buckets) if (b.tokens + (now - b.at) * this.#rate >= this.#burst) this.#buckets.delete(k);
  }
}
