// Site keys (for the SDK: public, limited to their allowed origins) and team tokens (for reps
// and scripts: secret, shown once, stored only as a SHA-256 hash).
import { createHash, randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { Queryable } from '../db/sql.ts';

export const SCOPES = ['read', 'write', 'export', 'admin'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const KeyName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'at most 100 characters')
  .regex(/^[^\s\p{C}][^\p{C}]*$/u, 'must be printable text');

/**
 * An allowed origin: `https://shop.example`, `http://localhost:3000`, or every subdomain of a
 * host, `https://*.shop.example`. Scheme and host only, as browsers send it in the Origin header.
 */
export const AllowedOrigin = z
  .string()
  .trim()
  .transform((s) => s.replace(/\/+$/, '').toLowerCase())
  .pipe(
    z
      .string()
      .regex(
        /^https?:\/\/(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:]+\](:\d{1,5})?$/,
        'must be an origin like https://shop.example (scheme and host, optionally *. for subdomains)',
      ),
  );

export interface SiteKey {
  key: string;
  name: string;
  origins: string[];
  createdAt: string;
  revokedAt: string | null;
}

export interface TokenInfo {
  name: string;
  scopes: Scope[];
  createdAt: string;
  revokedAt: string | null;
}

export class KeyError extends Error {
  override name = 'KeyError';
}

const secret = (prefix: string, bytes: number) => `${prefix}${randomBytes(bytes).toString('base64url')}`;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether `origin` (from a request's Origin header) is one of `allowed`. */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  const o = origin.toLowerCase();
  for (const a of allowed) {
    if (a === o) return true;
    const star = a.indexOf('://*.');
    if (star !== -1) {
      const scheme = a.slice(0, star + 3);
      const suffix = a.slice(star + 4); // ".shop.example[:port]"
      if (o.startsWith(scheme) && o.endsWith(suffix) && o.length > scheme.length + suffix.length) {
        const host = o.slice(scheme.length, o.length - suffix.length);
        if (/^[a-z0-9.-]+$/.test(host) && !host.startsWith('.')) return true;
      }
    }
  }
  return false;
}

/** A site key's origins checked and normalised, duplicates dropped; a KeyError names a bad one. */
function allowedOrigins(input: readonly string[]): string[] {
  if (input.length === 0) throw new KeyError('a site key needs at least one allowed origin (--origin)');
  const origins: string[] = [];
  for (const o of input) {
    const parsed = AllowedOrigin.safeParse(o);
    if (!parsed.success) throw new KeyError(`origin "${o}" ${parsed.error.issues[0]?.message}`);
    if (!origins.includes(parsed.data)) origins.push(parsed.data);
  }
  return origins;
}

export async function createSiteKey(db: Queryable, input: { name: string; origins: string[] }, now: string): Promise<SiteKey> {
  const name = KeyName.parse(input.name);
  const origins = allowedOrigins(input.origins);
  const existing = await db.query('SELECT 1 FROM kehu_site_keys WHERE name = $1 AND revoked_at IS NULL', [name]);
  if (existing.length > 0) throw new KeyError(`a site key named "${name}" exists; revoke it first or choose another name`);
  const key = secret('ks_', 18);
  await db.query('INSERT INTO kehu_site_keys (key, name, origins, created_at) VALUES ($1, $2, $3::jsonb, $4)', [
    key,
    name,
    JSON.stringify(origins),
    now,
  ]);
  return { key, name, origins, createdAt: now, revokedAt: null };
}

/** Replace the allowed origins of the live site key with this name (its key stays). Null when there is none. */
export async function setSiteOrigins(db: Queryable, name: string, input: readonly string[]): Promise<SiteKey | null> {
  const origins = allowedOrigins(input);
  const [row] = await db.query<{ key: string; name: string; origins: string[]; created_at: string; revoked_at: string | null }>(
    `UPDATE kehu_site_keys SET origins = $2::jsonb WHERE name = $1 AND revoked_at IS NULL
     RETURNING key, name, origins, created_at, revoked_at`,
    [name, JSON.stringify(origins)],
  );
  return row
    ? { key: row.key, name: row.name, origins: row.origins, createdAt: row.created_at, revokedAt: row.revoked_at }
    : null;
}

export async function createToken(
  db: Queryable,
  input: { name: string; scopes: string[] },
  now: string,
): Promise<{ token: string; info: TokenInfo }> {
  const name = KeyName.parse(input.name);
  const scopes: Scope[] = [];
  for (const s of input.scopes) {
    const parsed = Scope.safeParse(s.trim());
    if (!parsed.success) throw new KeyError(`unknown scope "${s}": use ${SCOPES.join(', ')}`);
    if (!scopes.includes(parsed.data)) scopes.push(parsed.data);
  }
  if (scopes.length === 0) throw new KeyError(`a token needs at least one scope (--scopes ${SCOPES.join(',')})`);
  const existing = await db.query('SELECT 1 FROM kehu_tokens WHERE name = $1 AND revoked_at IS NULL', [name]);
  if (existing.length > 0) throw new KeyError(`a token named "${name}" exists; revoke it first or choose another name`);
  const token = secret('kt_', 32);
  await db.query('INSERT INTO kehu_tokens (hash, name, scopes, created_at) VALUES ($1, $2, $3::jsonb, $4)', [
    hashToken(token),
    name,
    JSON.stringify(scopes),
    now,
  ]);
  return { token, info: { name, scopes, createdAt: now, revokedAt: null } };
}

export async function findSiteKey(db: Queryable, key: string): Promise<SiteKey | null> {
  const [row] = await db.query<{ key: string; name: string; origins: string[]; created_at: string; revoked_at: string | null }>(
    'SELECT key, name, origins, created_at, revoked_at FROM kehu_site_keys WHERE key = $1 AND revoked_at IS NULL',
    [key],
  );
  return row
    ? { key: row.key, name: row.name, origins: row.origins, createdAt: row.created_at, revokedAt: row.revoked_at }
    : null;
}

export async function findToken(db: Queryable, token: string): Promise<TokenInfo | null> {
  const [row] = await db.query<{ name: string; scopes: Scope[]; created_at: string; revoked_at: string | null }>(
    'SELECT name, scopes, created_at, revoked_at FROM kehu_tokens WHERE hash = $1 AND revoked_at IS NULL',
    [hashToken(token)],
  );
  return row ? { name: row.name, scopes: row.scopes, createdAt: row.created_at, revokedAt: row.revoked_at } : null;
}

export async function listKeys(db: Queryable): Promise<{ sites: SiteKey[]; tokens: TokenInfo[] }> {
  const sites = await db.query<{ key: string; name: string; origins: string[]; created_at: string; revoked_at: string | null }>(
    'SELECT key, name, origins, created_at, revoked_at FROM kehu_site_keys ORDER BY created_at, name',
  );
  const tokens = await db.query<{ name: string; scopes: Scope[]; created_at: string; revoked_at: string | null }>(
    'SELECT name, scopes, created_at, revoked_at FROM kehu_tokens ORDER BY created_at, name',
  );
  return {
    sites: sites.map((r) => ({ key: r.key, name: r.name, origins: r.origins, createdAt: r.created_at, revokedAt: r.revoked_at })),
    tokens: tokens.map((r) => ({ name: r.name, scopes: r.scopes, createdAt: r.created_at, revokedAt: r.revoked_at })),
  };
}

/** Revoke the live site key or token with this name. Whether there was one. */
export async function revokeKey(db: Queryable, kind: 'site' | 'token', name: string, now: string): Promise<boolean> {
  const table = kind === 'site' ? 'kehu_site_keys' : 'kehu_tokens';
  const rows = await db.query(`UPDATE ${table} SET revoked_at = $2 WHERE name = $1 AND revoked_at IS NULL RETURNING name`, [
    name,
    now,
  ]);
  return rows.length > 0;
}
