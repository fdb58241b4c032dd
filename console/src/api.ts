// The console's calls to its collector: same origin, the session cookie sent by the browser.
// Every answer that is not ok becomes an ApiError whose message says the collector's error code
// (and each field's problem) in the console's language (shared/src/i18n/collector-errors.ts).
import { type FieldProblem, collectorErrorText } from '#shared/i18n/collector-errors.ts';
import type { Locale } from '#shared/i18n/locale.ts';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  /** The collector's stable error code ('invalid', 'forbidden', …), or 'network' when it did not answer. */
  readonly code: string;
  readonly fields: readonly FieldProblem[];
  constructor(status: number, message: string, code = 'network', fields: readonly FieldProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** The language errors are said in: the app sets it whenever the rep picks one. */
let errorLocale: Locale = 'en';
export function setErrorLocale(locale: Locale) {
  errorLocale = locale;
}

/** Called when the collector says the session is gone, so the app shows the sign-in form. */
let onSignedOut: () => void = () => {};
export function whenSignedOut(callback: () => void) {
  onSignedOut = callback;
}

export async function api<T>(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/console/api/${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network');
  }
  if (response.status === 204) return undefined as T;
  const body = (await response.json().catch(() => null)) as { error?: string; message?: string; fields?: FieldProblem[] } | null;
  if (!response.ok) {
    if (response.status === 401 && path !== 'session') onSignedOut();
    const message = collectorErrorText(errorLocale, body, response.statusText);
    throw new ApiError(response.status, message, body?.error ?? 'unknown', body?.fields ?? []);
  }
  return body as T;
}

export interface Session {
  name: string;
  scopes: string[];
  expiresAt: string;
}
