// Three `kehu serve` processes on one PostgreSQL database behave as one collector: a burst spread
// across them survives kill -9 of one (nothing acknowledged is lost, nothing stored twice, the
// change feed has each answer once in order), a token or site key revoked through one is refused
// by the others on its notice, before their caches could expire (how soon, within a second, is
// measured by the collector-pg bench), and the rate limit holds across them. Then `--workers 2` on
// one port. The database is KEHU_TEST_DATABASE_URL's server (a fresh database) or a cluster
// this test starts itself (tests/unit/collector/postgres-server.ts).
import { get } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PullResponse } from '#shared/model/sync.ts';
import { type Served, kehu, killServers, serve } from './process.ts';
import { type TestDatabase, testDatabase } from './postgres-server.ts';

const ORIGIN = 'https://cluster.test';

/**
 * How long a process keeps a site key or token in its cache (collector/http/app.ts). A revoked one
 * refused by another process sooner than this after that process cached it was refused because the
 * revocation's notice reached it, not because the entry expired. How soon (within a second) is a
 * speed, measured by `npm run bench -- collector-pg` (collector.revocation_*), not by a timed test
 * on a busy machine.
 */
const KEY_CACHE_MS = 30_000;

/** Wait for a condition, polling; fails with `what` after `ms`. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('three collector processes on one PostgreSQL', () => {
  let db: TestDatabase;
  let servers: Served[] = [];
  let siteKey: string;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    db = await testDatabase();
    const store = ['--database-url', db.url];
    const site = kehu(['keys', 'site', ...store, '--name', 'shop', '--origin', ORIGIN]);
    expect(site.status, site.stderr).toBe(0);
    siteKey = site.stdout.trim();
    admin = kehu(['keys', 'token', ...store, '--name', 'admin', '--scopes', 'admin']).stdout.trim();
    reader = kehu(['keys', 'token', ...store, '--name', 'reader', '--scopes', 'read']).stdout.trim();
    // --trust-proxy: the burst below plays many clients behind one proxy (each its own bucket);
    // 60 a minute in bursts of 20 per client, shared by all three.
    const flags = [...store, '--trust-proxy', '--rate-limit', '60', '--min-elapsed-ms', '0'];
    servers = await Promise.all([serve(flags), serve(flags), serve(flags)]);
  }, 300_000);

  afterAll(async () => {
    killServers();
    await db?.close();
  });

  const collect = (url: string, clientId: string, client: string) =>
    fetch(`${url}/v1/collect/${siteKey}`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': client },
      body: JSON.stringify({
        clientId,
        kind: 'nps',
        score: 7,
        elapsedMs: 3000,
        submittedAt: '2026-05-01T10:00:00.000Z',
      }),
    });

  const changes = async (url: string, token: string) => {
    const all: PullResponse['changes'] = [];
    let since = 0;
    for (;;) {
      const r = await fetch(`${url}/v1/changes?since=${since}&limit=500`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status).toBe(200);
      const page = PullResponse.parse(await r.json());
      all.push(...page.changes);
      since = page.next;
      if (!page.more) return all;
    }
  };

  it('migrated the database once although all three started together', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT version, count(*)::int AS n FROM kehu_schema_migrations GROUP BY version');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.n).toBe(1);
    } finally {
      await client.end();
    }
  });

  it('keeps every acknowledged answer exactly once when one process is killed with kill -9 mid-burst', {
    timeout: 300_000,
  }, async () => {
    const N = 600;
    const acknowledged = new Map<string, string>(); // clientId → response id
    const failed: string[] = [];
    let killed = false;
    let next = 0;
    const victim = servers[2] as Served;
    const send = async () => {
      for (;;) {
        const i = next++;
        if (i >= N) return;
        const clientId = `burst-${String(i).padStart(4, '0')}`;
        const target = servers[i % 3] as Served;
        try {
          const r = await collect(target.url, clientId, `10.1.${i >> 8}.${i & 255}`);
          if (r.status === 201 || r.status === 200) acknowledged.set(clientId, ((await r.json()) as { id: string }).id);
          else failed.push(clientId);
        } catch {
          failed.push(clientId); // the connection broke: not acknowledged
        }
        if (!killed && acknowledged.size >= N / 3) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 24 }, send));
    expect(killed).toBe(true);
    expect(failed.length).toBeGreaterThan(0); // the kill landed mid-burst
    // The site's SDK tries again later with the same clientId: here, on a surviving process.
    const survivors = servers.slice(0, 2);
    for (const [n, clientId] of failed.entries()) {
      const i = Number(clientId.slice(6));
      const r = await collect((survivors[n % 2] as Served).url, clientId, `10.1.${i >> 8}.${i & 255}`);
      expect([200, 201], clientId).toContain(r.status);
      const { id } = (await r.json()) as { id: string };
      if (acknowledged.has(clientId)) expect(id).toBe(acknowledged.get(clientId));
      acknowledged.set(clientId, id);
    }
    expect(acknowledged.size).toBe(N);

    // The change feed, read through each survivor: every answer once, in increasing order.
    for (const s of survivors) {
      const feed = (await changes(s.url, admin)).filter((c) => c.entity === 'responses');
      const seqs = feed.map((c) => c.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(seqs.length);
      const ids = feed.map((c) => c.record.id);
      expect(new Set(ids).size).toBe(ids.length); // none stored twice
      expect(new Set(ids)).toEqual(new Set(acknowledged.values())); // none lost
    }
    servers = survivors;
  });

  it('refuses a token revoked through one process on the others on its notice, before their caches expire', async () => {
    const [a, b] = servers as [Served, Served];
    const cachedAt = Date.now();
    for (const s of [a, b])
      expect((await fetch(`${s.url}/v1/changes`, { headers: { authorization: `Bearer ${reader}` } })).status).toBe(200);
    // Both have the token in their caches now.
    const revoked = await fetch(`${a.url}/v1/admin/tokens/reader`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(200);
    await until('the other process to refuse the revoked token', KEY_CACHE_MS, async () => {
      const r = await fetch(`${b.url}/v1/changes`, { headers: { authorization: `Bearer ${reader}` } });
      return r.status === 401 ? true : undefined;
    });
    expect(Date.now() - cachedAt).toBeLessThan(KEY_CACHE_MS);
  });

  it('refuses a token revoked with kehu keys on the database, on every process on its notice', async () => {
    const store = ['--database-url', db.url];
    const token = kehu(['keys', 'token', ...store, '--name', 'temp', '--scopes', 'read']).stdout.trim();
    const cachedAt = Date.now();
    for (const s of servers) {
      expect((await fetch(`${s.url}/v1/changes`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    }
    const revoked = kehu(['keys', 'revoke', 'token', ...store, '--name', 'temp']);
    expect(revoked.status, revoked.stderr).toBe(0);
    for (const s of servers) {
      await until('every process to refuse the token', KEY_CACHE_MS, async () => {
        const r = await fetch(`${s.url}/v1/changes`, { headers: { authorization: `Bearer ${token}` } });
        return r.status === 401 ? true : undefined;
      });
    }
    expect(Date.now() - cachedAt).toBeLessThan(KEY_CACHE_MS);
  });

  it('holds the rate limit across the processes', { timeout: 180_000 }, async () => {
    // One client (20 at once, then 1 a second) sends 60 answers spread over both processes.
    const started = Date.now();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const s = servers[i % servers.length] as Served;
      statuses.push((await collect(s.url, `limited-${i}`, '198.51.100.9')).status);
    }
    const seconds = (Date.now() - started) / 1000;
    const accepted = statuses.filter((s) => s === 201).length;
    expect(statuses.filter((s) => s !== 201 && s !== 429)).toEqual([]);
    expect(accepted).toBeGreaterThanOrEqual(20);
    // Per process it would be 20 each (40 here); shared it is the burst plus what refilled.
    expect(accepted).toBeLessThanOrEqual(20 + Math.ceil(seconds) + 1);
  });

  it('refuses a site key revoked through one process on the others on its notice', async () => {
    const [a, b] = servers as [Served, Served];
    const cachedAt = Date.now();
    expect((await collect(b.url, 'before-revoke', '198.51.100.10')).status).toBe(201);
    const revoked = await fetch(`${a.url}/v1/admin/sites/shop`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(revoked.status).toBe(200);
    let n = 0;
    await until('the other process to refuse the revoked site key', KEY_CACHE_MS, async () => {
      const r = await collect(b.url, `after-revoke-${n++}`, `198.51.100.${11 + (n % 100)}`);
      return r.status === 403 ? true : undefined;
    });
    expect(Date.now() - cachedAt).toBeLessThan(KEY_CACHE_MS);
  });
});

describe('kehu serve --workers', () => {
  let db: TestDatabase;
  afterAll(async () => {
    killServers();
    await db?.close();
  });

  it('runs two processes on one port and replaces one that is killed', { timeout: 300_000 }, async () => {
    db = await testDatabase();
    const served = await serve(['--database-url', db.url, '--workers', '2']);
    // A new connection each time (agent: false): the port hands connections, not requests, to the workers.
    const pidOf = () =>
      new Promise<number | null>((resolve) => {
        const req = get(`${served.url}/livez`, { agent: false }, (res) => {
          let text = '';
          res.on('data', (d) => {
            text += d;
          });
          res.on('end', () => resolve(res.statusCode === 200 ? (JSON.parse(text) as { pid: number }).pid : null));
          res.on('error', () => resolve(null));
        });
        req.on('error', () => resolve(null));
        // A connection handed to the killed worker before the first process noticed is never answered.
        req.setTimeout(2000, () => req.destroy());
      });
    const pids = async () => {
      const seen = new Set<number>();
      for (let i = 0; i < 8; i++) {
        const pid = await pidOf();
        if (pid !== null) seen.add(pid);
      }
      return seen;
    };
    const first = await until('both workers to answer', 120_000, async () => {
      const seen = await pids();
      return seen.size === 2 ? seen : undefined;
    });
    const [victim] = [...first];
    process.kill(victim as number, 'SIGKILL');
    await until('a new worker in place of the killed one', 120_000, async () => {
      const seen = await pids();
      return seen.size === 2 && !seen.has(victim as number) ? true : undefined;
    });
    expect(await served.stop()).toBe(0);
  });

  it('says PGlite is one process and starts nothing', () => {
    const r = kehu(['serve', '--data', '/nonexistent/kehu-workers', '--workers', '3']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--workers 3 needs PostgreSQL');
  });
});
