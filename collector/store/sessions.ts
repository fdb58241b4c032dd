// Console sessions: a team token exchanged once for a random session id, which the browser keeps
// in an HttpOnly cookie. Only the id's SHA-256 hash is stored, tied to the token's hash, so a
// revoked token ends its sessions at once, and a stolen database holds no usable session.
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/sql.ts';
import { type Scope, type TokenInfo, findToken, hashToken } from './credentials.ts';

/** How long a session lasts from sign-in. */
export const SESSION_MS = 12 * 60 * 60_000;

export interface Session {
  name: string;
  scopes: Scope[];
  expiresAt: string;
}

/** Exchange a team token for a session. Null when the token is wrong or revoked. */
export async function createSession(db: Queryable, token: string, now: Date): Promise<{ id: string; session: Session } | null> {
  const info: TokenInfo | null = token.length > 200 ? null : await findToken(db, token);
  if (!info) return null;
  const id = `kc_${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
  // Expired sessions are swept here, on sign-in, so the table stays as small as the live ones.
  await db.query('DELETE FROM kehu_sessions WHERE expires_at < $1', [now.toISOString()]);
  await db.query('INSERT INTO kehu_sessions (hash, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
    hashToken(id),
    hashToken(token),
    now.toISOString(),
    expiresAt,
  ]);
  return { id, session: { name: info.name, scopes: info.scopes, expiresAt } };
}

/** The live session with this id, with its token's current name and scopes; null when expired or revoked. */
export async function findSession(db: Queryable, id: string, now: Date): Promise<Session | null> {
  if (id.length > 200) return null;
  const [row] = await db.query<{ name: string; scopes: Scope[]; expires_at: string }>(
    `SELECT t.name, t.scopes, s.expires_at
       FROM kehu_sessions s JOIN kehu_tokens t ON t.hash = s.token_hash AND t.revoked_at IS NULL
      WHERE s.hash = $1 AND s.expires_at > $2`,
    [hashToken(id), now.toISOString()],
  );
  return row ? { name: row.name, scopes: row.scopes, expiresAt: row.expires_at } : null;
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM kehu_sessions WHERE hash = $1', [hashToken(id)]);
}
