// "Test connection" for the team's collector: is it there (GET /healthz), does it take this token,
// and does it speak Kehu's sync protocol? The second and third questions are one pull of the first
// change through the shared sync transport (GET /v1/changes?since=0&limit=1 with the token), the
// code sync itself runs. Each failure is named so the rep knows what to fix.
import { SyncError } from '#shared/sync/errors.ts';
import { createHttpTransport } from '#shared/sync/http-transport.ts';

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
  // The first page of changes, through the same transport sync uses: its errors say what is wrong.
  const transport = createHttpTransport({
    baseUrl: base,
    token: token.trim(),
    fetchFn: (url, init) =>
      fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs), cache: 'no-store', credentials: 'omit' }),
  });
  try {
    const page = await transport.pull(0, 1);
    return { ok: true, changes: page.changes.length, more: page.more };
  } catch (e) {
    if (!(e instanceof SyncError)) return { ok: false, problem: 'incompatible', detail: (e as Error)?.message };
    const status = e.status === undefined ? {} : { status: e.status };
    if (e.kind === 'unauthorized' || e.kind === 'forbidden') return { ok: false, problem: 'bad_token', ...status };
    if (e.kind === 'unreachable' || e.kind === 'aborted') return { ok: false, problem: 'unreachable', detail: e.message };
    if (e.kind === 'server') return { ok: false, problem: 'unhealthy', ...status };
    return { ok: false, problem: 'incompatible', ...status, detail: e.message };
  }
}
