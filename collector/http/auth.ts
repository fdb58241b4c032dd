// Bearer tokens with scopes, for every route but collect, /healthz and /openapi.json.
import type { MiddlewareHandler } from 'hono';
import type { Sql } from '../db/sql.ts';
import { type Scope, type TokenInfo, findToken, hashToken } from '../store/credentials.ts';
import type { AppEnv, Caller } from './context.ts';
import { HttpError, respondError } from './util.ts';

/** A small time-limited cache, so that a busy route does not look up its key on every request. */
export class TtlCache<V> {
  readonly #ttl: number;
  readonly #max: number;
  readonly #entries = new Map<string, { value: V; until: number }>();
  constructor(ttlMs: number, max = 10_000) {
    this.#ttl = ttlMs;
    this.#max = max;
  }
  /** Off while a change could go unnoticed (see watchKeyChanges in app.ts): every get loads. */
  #enabled = true;
  /** Counts clear()s, so a load that started before one is not cached after it. */
  #generation = 0;
  async get(key: string, now: number, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    if (hit && hit.until > now && this.#enabled) return hit.value;
    const generation = this.#generation;
    const value = await load();
    // A load that a clear() overtook may have read the old row: do not keep it.
    if (this.#ttl > 0 && this.#enabled && generation === this.#generation) {
      if (this.#entries.size >= this.#max) this.#entries.clear(); // bounded: unknown keys cannot fill memory
      this.#entries.set(key, { value, until: now + this.#ttl });
    }
    return value;
  }
  /** Whether `key` has a live entry (so using it costs no lookup). */
  has(key: string, now: number): boolean {
    const hit = this.#entries.get(key);
    return this.#enabled && hit !== undefined && hit.until > now;
  }
  clear() {
    this.#generation++;
    this.#entries.clear();
  }
  /** Turn caching on or off (off also forgets every entry). */
  enable(on: boolean) {
    this.#enabled = on;
    this.clear();
  }
}

export function bearerAuth(
  sql: Sql,
  cache: TtlCache<TokenInfo | null>,
  local: { by: string } | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Requests on `kehu serve`'s control socket are marked by the server (see server.ts).
    const trusted = local ?? (c.env as { kehuLocal?: { by: string } } | undefined)?.kehuLocal;
    if (trusted) {
      // The command line says who runs it; stamped as updatedBy on what it imports.
      const by = c.req.header('x-kehu-by')?.slice(0, 200) || trusted.by;
      c.set('caller', { name: by, scopes: ['read', 'write', 'export', 'admin'] });
      return next();
    }
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) {
      return respondError(c, new HttpError(401, 'unauthorized', 'send a team token: Authorization: Bearer <token>'), {
        'www-authenticate': 'Bearer realm="kehu"',
      });
    }
    const token = match[1] as string;
    const info = token.length > 200 ? null : await cache.get(hashToken(token), Date.now(), () => findToken(sql, token));
    if (!info) {
      return respondError(c, new HttpError(401, 'unauthorized', 'the token is not valid (wrong, or revoked)'), {
        'www-authenticate': 'Bearer realm="kehu", error="invalid_token"',
      });
    }
    c.set('caller', { name: info.name, scopes: info.scopes } satisfies Caller);
    return next();
  };
}

/** Require a scope; `admin` includes every other. */
export function requireScope(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { scopes } = c.get('caller');
    if (!scopes.includes(scope) && !scopes.includes('admin')) {
      return respondError(c, new HttpError(403, 'forbidden', `the token lacks the "${scope}" scope`), {
        'www-authenticate': `Bearer realm="kehu", error="insufficient_scope", scope="${scope}"`,
      });
    }
    return next();
  };
}
