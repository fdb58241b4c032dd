// kill -9 the collector (PGlite in a data folder) during a burst of submissions, restart it:
// every submission that got a 2xx is there exactly once, with the id it was given.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PullResponse } from '#shared/model/sync.ts';
import { PG_URL } from './backends.ts';
import { kehu, killServers, serve } from './process.ts';

const ORIGIN = 'http://crash.test';

interface Target {
  name: string;
  /** The store flags for every command, and how to clean up after. */
  setup(): Promise<{ store: string[]; cleanup(): Promise<void> }>;
}

const TARGETS: Target[] = [
  {
    name: 'PGlite data folder',
    async setup() {
      const dir = mkdtempSync(join(tmpdir(), 'kehu-crash-'));
      return { store: ['--data', join(dir, 'data')], cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'PostgreSQL',
          async setup() {
            // A schema of its own, chosen through the URL's options, dropped afterwards.
            const schema = `kehu_crash_${process.pid}_${Date.now()}`;
            const admin = new pg.Client({ connectionString: PG_URL });
            await admin.connect();
            await admin.query(`CREATE SCHEMA ${schema}`);
            const url = new URL(PG_URL as string);
            url.searchParams.set('options', `-c search_path=${schema}`);
            return {
              store: ['--database-url', url.toString()],
              cleanup: async () => {
                await admin.query(`DROP SCHEMA ${schema} CASCADE`);
                await admin.end();
              },
            };
          },
        },
      ]
    : []),
];

describe.each(TARGETS)('crash safety ($name)', (target) => {
  let cleanup = async () => {};
  afterAll(async () => {
    killServers();
    await cleanup();
  });

  it('keeps every acknowledged submission exactly once after kill -9 in the middle of a burst', {
    timeout: 300_000,
  }, async () => {
    const setup = await target.setup();
    cleanup = setup.cleanup;
    const site = kehu(['keys', 'site', ...setup.store, '--name', 'crash', '--origin', ORIGIN]);
    expect(site.status, site.stderr).toBe(0);
    const siteKey = site.stdout.trim();
    const token = kehu(['keys', 'token', ...setup.store, '--name', 'checker', '--scopes', 'read']).stdout.trim();
    const flags = [...setup.store, '--rate-limit', '1000000', '--min-elapsed-ms', '0'];

    const first = await serve(flags);
    const N = 600;
    const bodies = Array.from({ length: N }, (_, i) => ({
      clientId: `crash-${String(i).padStart(4, '0')}`,
      kind: 'csat',
      score: 1 + (i % 5),
      elapsedMs: 2000,
      submittedAt: '2026-05-01T10:00:00.000Z',
    }));
    const send = (url: string, body: object) =>
      fetch(`${url}/v1/collect/${siteKey}`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    // 24 senders at once; when a third of the burst is acknowledged, the server is killed.
    const acknowledged = new Map<string, string>();
    let next = 0;
    let killed = false;
    const unexpected: number[] = [];
    const sender = async () => {
      while (next < N) {
        const body = bodies[next++] as (typeof bodies)[number];
        try {
          const r = await send(first.url, body);
          if (r.status === 201 || r.status === 200) acknowledged.set(body.clientId, ((await r.json()) as { id: string }).id);
          else unexpected.push(r.status);
        } catch {
          // connection refused or reset: the server is gone
        }
        if (!killed && acknowledged.size >= N / 3) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, sender));
    if (first.child.exitCode === null && first.child.signalCode === null) {
      const exited = new Promise((r) => first.child.once('exit', r));
      first.child.kill('SIGKILL'); // never reached a third acknowledged: the checks below say why
      await exited;
    }
    expect(unexpected).toEqual([]);
    expect(killed).toBe(true);
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.size).toBeGreaterThanOrEqual(N / 3);
    expect(acknowledged.size).toBeLessThan(N);

    // Restart on the same folder (its lock and socket are stale now).
    const second = await serve(flags);
    try {
      const pull = await fetch(`${second.url}/v1/changes?since=0&limit=5000`, { headers: { authorization: `Bearer ${token}` } });
      const { changes } = PullResponse.parse(await pull.json());
      const count = new Map<string, number>();
      const idOf = new Map<string, string>();
      for (const c of changes) {
        if (c.entity !== 'responses') continue;
        const clientId = c.record.clientId as string;
        count.set(clientId, (count.get(clientId) ?? 0) + 1);
        idOf.set(clientId, c.record.id);
      }
      for (const [clientId, id] of acknowledged) {
        expect(count.get(clientId), clientId).toBe(1);
        expect(idOf.get(clientId), clientId).toBe(id);
      }
      // The site retries everything it sent: acknowledged answers replay with their id, nothing doubles.
      for (const body of bodies) {
        const r = await send(second.url, body);
        expect([200, 201]).toContain(r.status);
        const { id } = (await r.json()) as { id: string };
        if (acknowledged.has(body.clientId)) {
          expect(r.status).toBe(200);
          expect(id).toBe(acknowledged.get(body.clientId));
        }
      }
      const after = PullResponse.parse(
        await (
          await fetch(`${second.url}/v1/changes?since=0&limit=5000`, { headers: { authorization: `Bearer ${token}` } })
        ).json(),
      );
      const clientIds = after.changes.map((c) => (c.entity === 'responses' ? c.record.clientId : null));
      expect(clientIds).toHaveLength(N);
      expect(new Set(clientIds).size).toBe(N);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
