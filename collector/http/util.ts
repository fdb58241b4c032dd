// Small helpers every route uses: reading bodies with a limit, and error answers in one shape:
// {error: code, message, fields?: [{path, message}]}.
import type { Context } from 'hono';
import type * as z from 'zod';
import type { CollectorErrorCode, FieldProblem } from '#shared/i18n/collector-errors.ts';
import { zodIssueWords } from '#shared/i18n/zod-words.ts';
import { containsNul } from '../db/sql.ts';

export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429;
  /** Stable, and listed with its words in shared/src/i18n/collector-errors.ts for clients. */
  readonly code: CollectorErrorCode;
  readonly fields: FieldProblem[] | undefined;
  constructor(status: HttpError['status'], code: CollectorErrorCode, message: string, fields?: FieldProblem[]) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

export function errorBody(e: HttpError) {
  return { error: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) };
}

export function respondError(c: Context, e: HttpError, headers: Record<string, string> = {}) {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(errorBody(e), e.status);
}

/**
 * Field errors of a zod parse, as `path: message`, at most `max`. Where the message is zod's own,
 * its issue code and parameters go along, so a client can say it in the user's language.
 */
export function fieldErrors(error: { issues: readonly z.core.$ZodIssue[] }, max = 50): FieldProblem[] {
  return error.issues.slice(0, max).map((i) => ({ path: pathText(i.path), message: issueMessage(i), ...zodIssueWords(i) }));
}

/** An issue's message; for a bad key in a record, why the key is bad (zod says only "Invalid key in record"). */
function issueMessage(issue: { message: string; code?: string; issues?: readonly { message: string }[] }): string {
  const inner = issue.code === 'invalid_key' ? issue.issues?.[0]?.message : undefined;
  return inner ? `key ${inner}` : issue.message;
}

/** A field's path as `a.b.0.c`; a very deep one shortened in the middle (…). */
export function pathText(path: readonly PropertyKey[]): string {
  const shown = path.length > 12 ? [...path.slice(0, 8).map(String), '…', ...path.slice(-3).map(String)] : path.map(String);
  // A key can itself hold half a character: shown as U+FFFD rather than sent back as it came.
  return shown.join('.').replace(/\p{Cs}/gu, '\uFFFD') || '(body)';
}

/** The request body, refusing more than `max` bytes (413) whether or not Content-Length says so. */
export async function readBody(request: Request, max: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge(max);
  if (declared !== null && /^\d+$/.test(declared)) {
    // A declared length within the limit: the HTTP parser delivers no more than it, and reading
    // the whole body at once skips the web stream the node server would otherwise build.
    try {
      return new Uint8Array(await request.arrayBuffer());
    } catch {
      throw new HttpError(400, 'bad_body', 'the request body could not be read');
    }
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge(max);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    throw new HttpError(400, 'bad_body', 'the request body could not be read');
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function tooLarge(max: number) {
  const size = max >= 1024 * 1024 ? `${Math.round(max / (1024 * 1024))} MB` : `${Math.round(max / 1024)} KB`;
  return new HttpError(413, 'too_large', `the body is larger than ${size}`);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A JSON body: UTF-8, JSON, at most `max` bytes. Content types other than JSON or plain text get
 * 415. A NUL character anywhere is refused (400) unless the caller checks each record itself
 * (`nul: 'caller'`, for batches where one bad record must not block the others).
 */
export async function readJson(request: Request, max: number, options: { nul?: 'refuse' | 'caller' } = {}): Promise<unknown> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  // text/plain: what navigator.sendBeacon and "simple" CORS requests send, to avoid a preflight.
  if (type && type !== 'application/json' && type !== 'text/plain') {
    throw new HttpError(415, 'unsupported_type', 'send the body as application/json');
  }
  const bytes = await readBody(request, max);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not UTF-8 text');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not valid JSON');
  }
  // PostgreSQL text and jsonb cannot hold U+0000: refuse it here rather than fail in the store.
  if (options.nul !== 'caller' && text.includes('\\u0000') && containsNul(value)) {
    throw new HttpError(400, 'bad_json', 'the body contains a NUL character (\\u0000), which cannot be stored');
  }
  return value;
}

/**
 * Byte chunks of a request body, for streaming it into a decoder: at most `max` bytes (then 413),
 * and a turn of the event loop after each chunk, so other requests are answered while a long
 * body is read and parsed.
 */
export async function* bodyChunks(request: Request, max = Number.POSITIVE_INFINITY): AsyncGenerator<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > max) throw tooLarge(max);
  if (!request.body) return;
  const reader = request.body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => {});
        throw tooLarge(max);
      }
      yield value;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } finally {
    reader.releaseLock();
  }
}

/** A Response streaming text chunks as UTF-8, pulling the next chunk only when the client reads. */
export function streamText(chunks: AsyncGenerator<string>, headers: Record<string, string>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (e) {
        controller.error(e);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  return new Response(body, { status: 200, headers });
}
