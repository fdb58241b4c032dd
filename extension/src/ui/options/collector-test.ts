// "Test connection" for the team's collector: is it there (GET /healthz), does it take this token
// (GET /v1/changes?since=0&limit=1 with the token), and does it speak Kehu's sync protocol (the
// answer parses as the shared PullResponse)? Each failure is named so the rep knows what to fix.
import { PullResponse } from '#shared/model/sync.ts';

export type ConnectionCheck =
  | { ok: true; changes: number; more: boolean }
  | {
      ok: false;
      problem: 'address' | 'unreachable' | 'unhealthy' | 'bad_token' | 'incompatible';
      status?: number;
      detail?: string;
    };

/** The collector's base URL, normalised: scheme and host required, no trailing slash. Null when not a web address. */
export function collectorBase(url: string): string | null {
  const text = url.trim().replace(/\/+$/, '');
  try {
    const u = new URL(text);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    if (u.search || u.hash) return null;
    return text;
  } catch {
    return null;
  }
}

/** The host permission pattern for a collector: its origin. */
export function originPattern(base: string): string {
  return `${new URL(base).origin}/*`;
}

export async function checkCollector(
  url: string,
  token: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 10_000,
): Promise<ConnectionCheck> {
  const base = collectorBase(url);
  if (!base) return { ok: false, problem: 'address' };
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetchImpl(`${base}${path}`, { headers, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store', credentials: 'omit' });
  let health: Response;
  try {
    health = await get('/healthz');
  } catch (e) {
    return { ok: false, problem: 'unreachable', detail: (e as Error)?.message };
  }
  if (!health.ok) return { ok: false, problem: health.status === 404 ? 'incompatible' : 'unhealthy', status: health.status };
  let changes: Response;
  try {
    changes = await get('/v1/changes?since=0&limit=1', { authorization: `Bearer ${token.trim()}` });
  } catch (e) {
    return { ok: false, problem: 'unreachable', detail: (e as Error)?.message };
  }
  if (changes.status === 401 || changes.status === 403) return { ok: false, problem: 'bad_token', status: changes.status };
  if (!changes.ok) return { ok: false, problem: changes.status >= 500 ? 'unhealthy' : 'incompatible', status: changes.status };
  let body: unknown;
  try {
    body = await changes.json();
  } catch {
    return { ok: false, problem: 'incompatible', detail: 'the answer is not JSON' };
  }
  const parsed = PullResponse.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, problem: 'incompatible', detail: `${issue?.path.join('.') || 'body'}: ${issue?.message}` };
  }
  return { ok: true, changes: parsed.data.changes.length, more: parsed.data.more };
}
