// How a command reaches the store: through the same HTTP API as everyone else, either by
// opening the store itself and calling the app in-process, or, when a running `kehu serve`
// holds the embedded data folder, through that server's local control socket.
import { request as httpRequest } from 'node:http';
import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { DataFolderBusyError, holderOf } from '../db/data-folder.ts';
import { type ResolvedLocation, openSql } from '../db/open.ts';
import { createApp } from '../http/app.ts';

export interface LocalRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: string | Readable;
  headers?: Record<string, string>;
}

export type Call = (path: string, init?: LocalRequest) => Promise<Response>;

function who(): string {
  try {
    return `cli:${userInfo().username}`.slice(0, 200);
  } catch {
    return 'cli';
  }
}

function overSocket(socketPath: string, by: string): Call {
  return (path, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const req = httpRequest(
        { socketPath, path, method: init.method ?? 'GET', headers: { ...init.headers, 'x-kehu-by': by } },
        (res) => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          const status = res.statusCode ?? 500;
          const body = status === 204 || status === 304 ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, headers }));
        },
      );
      req.on('error', reject);
      if (init.body instanceof Readable) init.body.pipe(req);
      else req.end(init.body);
    });
}

/**
 * Run `work` with a way to call the collector API on the store at `location`. Logs of the
 * in-process app are not printed: the command prints its own result.
 */
export async function withStore<T>(
  location: ResolvedLocation,
  work: (call: Call) => Promise<T>,
  options: { by?: string; onCreate?: (dir: string) => void } = {},
): Promise<T> {
  const by = options.by ?? who();
  if (location.kind === 'pglite') {
    const holder = holderOf(location.dir);
    if (holder?.socket) return work(overSocket(holder.socket, by));
    if (holder) throw new DataFolderBusyError(location.dir, holder);
  }
  const sql = await openSql(location, options.onCreate ? { onCreate: options.onCreate } : {});
  const collector = createApp({ sql, local: { by }, log: () => {} });
  try {
    return await work(async (path, init = {}) => {
      const body = init.body instanceof Readable ? (Readable.toWeb(init.body) as ReadableStream<Uint8Array>) : init.body;
      return collector.app.request(`http://localhost${path}`, {
        method: init.method ?? 'GET',
        ...(init.headers ? { headers: init.headers } : {}),
        ...(body !== undefined ? { body, duplex: 'half' } : {}),
      } as RequestInit);
    });
  } finally {
    await collector.drain();
    await sql.close();
  }
}

/** The JSON of an answer, or an Error carrying the collector's message. */
export async function jsonOf<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`unexpected answer (HTTP ${response.status}): ${text.slice(0, 200)}`);
  }
  if (!response.ok) {
    const e = body as { message?: string; fields?: { path: string; message: string }[] };
    const fields = e.fields?.map((f) => `\n  ${f.path}: ${f.message}`).join('') ?? '';
    throw new Error(`${e.message ?? `HTTP ${response.status}`}${fields}`);
  }
  return body as T;
}
