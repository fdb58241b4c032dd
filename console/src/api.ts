// The console's calls to its collector: same origin, the session cookie sent by the browser.
// Every answer that is not ok becomes an ApiError with the collector's own message.

export class ApiError extends Error {
  override name = 'ApiError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
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
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) {
    if (response.status === 401 && path !== 'session') onSignedOut();
    throw new ApiError(response.status, body?.message ?? response.statusText);
  }
  return body as T;
}

export interface Session {
  name: string;
  scopes: string[];
  expiresAt: string;
}
