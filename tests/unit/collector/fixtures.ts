// Records and submissions for collector tests, valid by the shared schemas.
import { Contact } from '#shared/model/contact.ts';
import { Customer } from '#shared/model/customer.ts';
import type { SyncRecord } from '#shared/model/sync.ts';
import type { Submission } from '#shared/model/submission.ts';
import { createApp } from '../../../collector/http/app.ts';
import type { AppOptions } from '../../../collector/http/context.ts';
import { createSiteKey, createToken } from '../../../collector/store/credentials.ts';
import type { Sql } from '../../../collector/db/sql.ts';

export const T0 = '2026-03-01T09:00:00.000Z';

export function customer(id: string, patch: Partial<Customer> = {}): Customer {
  return Customer.parse({ id, name: `Customer ${id}`, createdAt: T0, rev: 1, updatedAt: T0, updatedBy: 'alice', ...patch });
}

export function contact(id: string, patch: Partial<Contact> = {}): Contact {
  return Contact.parse({ id, createdAt: T0, rev: 1, updatedAt: T0, updatedBy: 'alice', ...patch });
}

export const rec = {
  customer: (id: string, patch: Partial<Customer> = {}): SyncRecord => ({ entity: 'customers', record: customer(id, patch) }),
  contact: (id: string, patch: Partial<Contact> = {}): SyncRecord => ({ entity: 'contacts', record: contact(id, patch) }),
};

let counter = 0;
export function submission(patch: Partial<Submission> = {}): Submission {
  counter++;
  return {
    clientId: `client-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 10)}`,
    kind: 'nps',
    score: 9,
    elapsedMs: 4000,
    submittedAt: '2026-03-02T10:00:00.000Z',
    locale: 'en',
    pageUrl: 'https://shop.example/thanks',
    ...patch,
  };
}

export const ORIGIN = 'https://shop.example';

export interface Harness {
  sql: Sql;
  app: ReturnType<typeof createApp>['app'];
  /** The app's levels (collector/console/levels.ts). */
  levels: ReturnType<typeof createApp>['levels'];
  drain(): Promise<void>;
  siteKey: string;
  /** Tokens by scope set: rw (read, write), read, write, export, admin. */
  tokens: Record<'rw' | 'read' | 'write' | 'export' | 'admin', string>;
  logs: Record<string, unknown>[];
  collect(body: unknown, headers?: Record<string, string>): Promise<Response>;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

/** The collector app on a migrated store, with a site key for https://shop.example and tokens of every scope. */
export async function harness(sql: Sql, options: Partial<AppOptions> = {}): Promise<Harness> {
  const site = await createSiteKey(sql, { name: 'shop', origins: [ORIGIN, 'https://*.shop.example'] }, T0);
  const token = async (name: string, scopes: string[]) => (await createToken(sql, { name, scopes }, T0)).token;
  const tokens = {
    rw: await token('rep', ['read', 'write']),
    read: await token('reader', ['read']),
    write: await token('writer', ['write']),
    export: await token('exporter', ['export']),
    admin: await token('admin', ['admin']),
  };
  const logs: Record<string, unknown>[] = [];
  const { app, levels, drain } = createApp({
    sql,
    log: (e) => logs.push(e),
    keyCacheMs: 0,
    collect: { rateLimit: { perMinute: 100_000, burst: 100_000 } },
    ...options,
  });
  return {
    sql,
    app,
    levels,
    drain,
    siteKey: site.key,
    tokens,
    logs,
    collect: async (body, headers = {}) =>
      app.request(`/v1/collect/${site.key}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    call: async (path, init = {}) => {
      const { token: t, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (t) headers.set('authorization', `Bearer ${t}`);
      if (typeof rest.body === 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return app.request(path, { ...rest, headers });
    },
  };
}

/** Sign in to the console served by `h` with a team token, as its page does: the session cookie's value ('' if refused). */
export async function consoleSession(h: Harness, token: string, base = 'http://kehu.test'): Promise<string> {
  const r = await h.app.request(`${base}/console/api/session`, {
    method: 'POST',
    headers: { origin: base, 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  return /kehu_console=([^;]*)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? '';
}

/** Poll `probe` until it gives a value (a condition, never a fixed sleep); fail naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
