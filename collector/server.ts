// `kehu serve`: the app on a TCP port, plus, for an embedded data folder, a local control socket
// through which other `kehu` commands (keys, import, export) reach the store this process holds.
import { createHash } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import type { DataFolderLock } from './db/data-folder.ts';
import { type ResolvedLocation, openSql } from './db/open.ts';
import type { Listening, Sql } from './db/sql.ts';
import { createApp, stdoutLog } from './http/app.ts';
import { publishTeamPolicy } from './store/policies.ts';
import type { AppOptions } from './http/context.ts';

/** How often the embedded store is vacuumed and analysed. */
const MAINTENANCE_MS = 15 * 60_000;

export interface ServeOptions extends Omit<AppOptions, 'sql' | 'local'> {
  location: ResolvedLocation;
  host: string;
  port: number;
  /** Told before a new embedded data folder is initialised. */
  onCreate?: (dir: string) => void;
  /** PostgreSQL: most connections this process opens (default 10). */
  poolSize?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  sql: Sql;
  /** Stop taking requests, finish the ones in flight, close the store. */
  close(): Promise<void>;
}

/** Unix socket paths are limited to about 100 bytes: a long data folder gets one in the temp folder. */
export function controlSocketPath(dir: string): string {
  const inside = join(dir, 'kehu.sock');
  if (Buffer.byteLength(inside) < 100) return inside;
  return join(tmpdir(), `kehu-${createHash('sha256').update(dir).digest('hex').slice(0, 16)}.sock`);
}

function listen(server: Server, ...args: [number, string] | [string]): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(...(args as [number, string]), () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The longest a drain waits for requests in flight before closing their connections. */
const DRAIN_MS = 20_000;

/**
 * Stop taking connections and let the requests in flight finish: idle keep-alive connections
 * close now, busy ones after their answer (which says `Connection: close`), any left after
 * DRAIN_MS are cut.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.on('request', (_req, res) => res.setHeader('connection', 'close'));
    const force = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    force.unref();
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? stdoutLog;
  const sql = await openSql(options.location, {
    ...(options.onCreate ? { onCreate: options.onCreate } : {}),
    ...(options.poolSize ? { poolSize: options.poolSize } : {}),
  });
  const { location: _l, host, port, onCreate: _c, poolSize: _p, ...appOptions } = options;
  const collector = createApp({ ...appOptions, sql, log });
  try {
    // A team policy put in force before it became a synced record reaches the reps from now on.
    const now = (options.now ?? (() => new Date()))().toISOString();
    await sql.transaction((tx) => publishTeamPolicy(tx, now));
  } catch (e) {
    await sql.close();
    throw e;
  }

  // Several processes on one PostgreSQL database: a site key or token revoked anywhere (another
  // process, `kehu keys revoke`) is announced on the kehu_keys channel (a trigger, see
  // migrations.ts) and every process forgets its cached keys at once. While that connection is
  // down, nothing is cached: a revocation could go unnoticed.
  // The same for the team policy (kehu_policies): its newest version is kept in memory, and a
  // version put in force anywhere brings a pass with it at once, on every process.
  let keyWatch: Listening | null = null;
  let policyWatch: Listening | null = null;
  const unwatch = async () => {
    await keyWatch?.close();
    await policyWatch?.close();
  };
  if (sql.listen) {
    collector.cacheKeys(false);
    collector.cachePolicy(false);
    try {
      keyWatch = await sql.listen('kehu_keys', (payload) => {
        if (payload === null) collector.cacheKeys(keyWatch?.listening() ?? false);
        else collector.forgetKeys();
      });
      collector.cacheKeys(keyWatch.listening());
      policyWatch = await sql.listen('kehu_policies', (payload) => {
        if (!policyWatch) return; // connecting: the first pass (below) reads the version anyway
        if (payload === null) collector.cachePolicy(policyWatch.listening());
        // (null also when a lost connection is back: a version may have come meanwhile)
        void collector.policyChanged();
      });
      collector.cachePolicy(policyWatch.listening());
    } catch (e) {
      await unwatch();
      await sql.close();
      throw e;
    }
  }
  const server = createAdaptorServer({ fetch: collector.app.fetch }) as Server;
  // Keep-alive connections from load generators and proxies: a long idle wait costs nothing.
  server.keepAliveTimeout = 65_000;
  try {
    await listen(server, port, host);
  } catch (e) {
    await unwatch();
    await sql.close();
    throw e;
  }
  // Complaints not yet cases, and every customer's level, now and then daily; each collect, push
  // and import reassesses the customers it touched.
  void collector.afterWrite().then(() => collector.levels.start());
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  let control: { server: Server; path: string } | null = null;
  const lock = (sql as Sql & { lock?: DataFolderLock }).lock;
  if (lock) {
    const path = controlSocketPath(lock.dir);
    rmSync(path, { force: true }); // left by a process that was killed
    // The same app (one key cache, one commit queue), with requests marked as the local command line's.
    const socketServer = createAdaptorServer({
      fetch: (request, env) => collector.app.fetch(request, { ...env, kehuLocal: { by: 'cli' } }),
    }) as Server;
    await listen(socketServer, path);
    chmodSync(path, 0o600);
    lock.setSocket(path);
    control = { server: socketServer, path };
  }

  // PostgreSQL vacuums and analyses on its own; embedded PGlite has no background workers, so
  // the collector does it now and then (planner statistics, space of overwritten versions).
  const maintain = async () => {
    try {
      await sql.exec('VACUUM (ANALYZE)');
    } catch (e) {
      log({ t: new Date().toISOString(), level: 'error', msg: 'maintenance failed', error: (e as Error)?.name ?? 'Error' });
    }
  };
  const maintenance = sql.kind === 'pglite' ? setInterval(maintain, MAINTENANCE_MS) : null;
  maintenance?.unref();

  log({ t: new Date().toISOString(), level: 'info', msg: 'listening', url, store: sql.kind, where: sql.where });

  let closing: Promise<void> | null = null;
  return {
    url,
    port: actualPort,
    sql,
    close() {
      closing ??= (async () => {
        // Draining: /readyz says so, no new connections are taken, the requests in flight finish
        // (each submission answered after its commit), then the store closes.
        collector.setDraining();
        if (maintenance) clearInterval(maintenance);
        await Promise.all([closeServer(server), control ? closeServer(control.server) : null]);
        await unwatch(); // no pass started by a notification after the drain
        await collector.drain();
        if (control) rmSync(control.path, { force: true });
        await sql.close();
        log({ t: new Date().toISOString(), level: 'info', msg: 'stopped' });
      })();
      return closing;
    },
  };
}
