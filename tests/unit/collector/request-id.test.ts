// Every answer carries an X-Request-Id, the same id the collector's log line has: a new one per
// request, or a proxy's own id when it is a short plain token (Hono's request-id middleware).
import { describe, expect, it } from 'vitest';
import type { Sql } from '../../../collector/db/sql.ts';
import { createApp } from '../../../collector/http/app.ts';

function app() {
  const lines: Record<string, unknown>[] = [];
  // /healthz asks the store one question; nothing else of it is used here.
  const sql = { kind: 'pglite', query: async () => ({ rows: [{ '?column?': 1 }] }) } as unknown as Sql;
  return { lines, app: createApp({ sql, log: (e) => lines.push(e) }).app };
}

describe('X-Request-Id', () => {
  it('answers a new id per request and logs the same one', async () => {
    const { lines, app: a } = app();
    const one = await a.request('/healthz');
    const two = await a.request('/healthz');
    const id = one.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(two.headers.get('x-request-id')).not.toBe(id);
    expect(lines[0]).toMatchObject({ req: id, route: '/healthz', status: 200 });
  });

  it("keeps a proxy's plain id, and replaces one that is too long or not a plain token", async () => {
    const { lines, app: a } = app();
    const kept = await a.request('/healthz', { headers: { 'x-request-id': 'edge-42abc' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-42abc');
    expect(lines[0]).toMatchObject({ req: 'edge-42abc' });
    const odd = await a.request('/healthz', { headers: { 'x-request-id': 'a b"<script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await a.request('/healthz', { headers: { 'x-request-id': 'x'.repeat(65) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
