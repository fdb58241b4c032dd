// The collector's HTTP API (GET and POST /v1/changes) as a sync transport. `fetch` is passed in:
// shared/ does no I/O itself. In a browser or service worker:
//   createHttpTransport({ baseUrl, token, fetchFn: (url, init) => fetch(url, init as RequestInit) })
import * as z from 'zod';
import { Change, PushResponse, type SyncRecord } from '../model/sync.ts';
import { SyncError } from './errors.ts';
import type { AbortSignalLike, PullPage, SyncTransport } from './ports.ts';

/** A pull answer's frame; each change is then read on its own, so one unreadable change does not stop a pull. */
const PullFrame = z.object({ changes: z.array(z.unknown()), next: z.int().min(0), more: z.boolean() });

function readPage(frame: z.infer<typeof PullFrame>): PullPage {
  const page: PullPage = { changes: [], next: frame.next, more: frame.more, unreadable: [] };
  for (const raw of frame.changes) {
    const change = Change.safeParse(raw);
    if (change.success) {
      page.changes.push(change.data);
      continue;
    }
    const r = raw as { entity?: unknown; record?: { id?: unknown } } | null;
    const issue = change.error.issues[0];
    page.unreadable?.push({
      entity: typeof r?.entity === 'string' ? r.entity.slice(0, 40) : null,
      id: typeof r?.record?.id === 'string' ? r.record.id.slice(0, 128) : null,
      reason: issue ? `${issue.path.slice(0, 12).map(String).join('.')}: ${issue.message}` : 'unreadable',
    });
  }
  return page;
}

/** The API version this code speaks; the collector names its own in the `Kehu-Api` header. */
export const KEHU_API_VERSION = '1';
export const KEHU_API_HEADER = 'kehu-api';

export interface HttpRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignalLike;
}
export interface HttpResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type FetchLike = (url: string, init: HttpRequest) => Promise<HttpResponseLike>;

export interface HttpTransportOptions {
  /** The collector's base URL, e.g. https://kehu.example.com (a trailing slash is fine). */
  baseUrl: string;
  /** A team token with the read and write scopes. */
  token: string;
  fetchFn: FetchLike;
}

export function createHttpTransport(options: HttpTransportOptions): SyncTransport {
  const base = options.baseUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${options.token}`, accept: 'application/json' };

  async function call(method: 'GET' | 'POST', path: string, body: unknown, signal?: AbortSignalLike): Promise<unknown> {
    let response: HttpResponseLike;
    try {
      response = await options.fetchFn(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      if (signal?.aborted) throw new SyncError('aborted', 'sync was cancelled');
      throw new SyncError('unreachable', `${base} did not answer: ${(e as Error)?.message ?? String(e)}`);
    }
    const status = response.status;
    const text = await response.text().catch(() => '');
    if (status === 401) throw new SyncError('unauthorized', 'the collector did not accept the token', { status });
    if (status === 403) throw new SyncError('forbidden', 'the token lacks the scope for this', { status });
    if (status === 429) {
      const seconds = Number(response.headers.get('retry-after'));
      throw new SyncError('rate_limited', 'the collector asked to slow down', {
        status,
        retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000,
      });
    }
    if (status >= 500) throw new SyncError('server', `the collector failed (HTTP ${status})`, { status });
    const api = response.headers.get(KEHU_API_HEADER);
    if (api === null) {
      throw new SyncError('incompatible', `${base} is not a Kehu collector (HTTP ${status}, no Kehu-Api header)`, { status });
    }
    if (api.split('.')[0] !== KEHU_API_VERSION) {
      throw new SyncError('incompatible', `the collector speaks Kehu API ${api}; this speaks ${KEHU_API_VERSION}`, { status });
    }
    if (status !== 200) {
      throw new SyncError('incompatible', `the collector refused the request (HTTP ${status}): ${text.slice(0, 300)}`, {
        status,
      });
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new SyncError('incompatible', 'the collector answered with something that is not JSON', { status });
    }
  }

  return {
    async pull(since, limit, signal) {
      const body = await call('GET', `/v1/changes?since=${since}&limit=${limit}`, undefined, signal);
      const parsed = PullFrame.safeParse(body);
      if (!parsed.success) throw new SyncError('incompatible', `unexpected pull answer: ${parsed.error.issues[0]?.message}`);
      return readPage(parsed.data);
    },
    async push(changes: SyncRecord[], signal) {
      const body = await call('POST', '/v1/changes', { changes }, signal);
      const parsed = PushResponse.safeParse(body);
      if (!parsed.success) throw new SyncError('incompatible', `unexpected push answer: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    },
  };
}
