// PGlite: Postgres compiled to WebAssembly, on a data folder. The database runs in a worker
// thread (pglite-worker.ts) so that its work never holds up the HTTP thread; this module is both
// the engine the worker runs and the thread-side adapter that talks to it.
//
// Durability: PGlite starts Postgres with fsync off (-F), and its Emscripten file system (NODEFS)
// has no fsync of its own, so a Postgres fsync there reaches no disk. On a data folder Kehu
// starts Postgres with fsync on and wal_sync_method=fsync, and gives NODEFS an fsync that calls
// the host's fsync(2) on the real file. Postgres then does what it does on any server: a commit
// returns after its WAL is on disk; a checkpoint syncs the data files and pg_control before the
// WAL they replace is recycled. See docs/COLLECTOR.md for the guarantee.
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { type DataFolderLock, lockDataFolder } from './data-folder.ts';
import { openWorker } from './pglite-client.ts';
import type { Queryable, Row, Sql, Statement } from './sql.ts';

export interface PgliteOptions {
  /** Called before a new data folder is initialised (it takes a few seconds). */
  onCreate?: (dir: string) => void;
  /** Postgres with fsync on, reaching the disk (default true). False: fsync off, as PGlite ships. */
  durable?: boolean;
}

/** The contrib extensions the schema uses: pg_trgm for the worklist's free-text search (migration 10). */
const EXTENSIONS = { pg_trgm };

/** An in-memory PGlite database (tests): nothing on disk, nothing locked. */
export async function openPgliteMemory(): Promise<Sql> {
  const db = await PGlite.create({ extensions: EXTENSIONS });
  await db.exec('SET standard_conforming_strings = on'); // literal() relies on it
  return adapter(db, 'memory');
}

/** PGlite on a data folder, in a worker thread. The folder is locked for this process. */
export async function openPglite(dir: string, options: PgliteOptions = {}): Promise<Sql & { lock: DataFolderLock }> {
  const lock = lockDataFolder(dir);
  try {
    if (!existsSync(join(lock.dir, 'PG_VERSION'))) options.onCreate?.(lock.dir);
    const sql = await openWorker(lock.dir, options.durable ?? true);
    const close = sql.close;
    return Object.assign(sql, {
      lock,
      async close() {
        try {
          await close();
        } finally {
          lock.release();
        }
      },
    });
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The engine the worker runs: PGlite on a folder the caller has locked. */
export async function openPgliteEngine(dir: string, durable: boolean): Promise<Sql> {
  if (!durable) {
    rmSync(join(dir, SYNCED_MARK), { force: true }); // written with fsync off from here on
    const db = await PGlite.create({ dataDir: dir, extensions: EXTENSIONS });
    await db.exec('SET standard_conforming_strings = on'); // literal() relies on it
    return adapter(db, dir);
  }
  const db = await PGlite.create({
    fs: new DiskSyncingNodeFS(dir),
    extensions: EXTENSIONS,
    // PGlite's own start parameters without -F (fsync off). WAL is synced with fsync(): the
    // build's fdatasync() is a no-op, fsync() goes through the file system's fsync below.
    startParams: [...PGlite.defaultStartParams.filter((p) => p !== '-F'), '-c', 'fsync=on', '-c', 'wal_sync_method=fsync'],
  });
  await db.exec('SET standard_conforming_strings = on');
  // A folder written with fsync off (a new one, whose initdb does not sync; one of an older Kehu;
  // durable: false) may hold data only in the OS cache: put all of it on disk once, then note it.
  if (!existsSync(join(dir, SYNCED_MARK))) {
    syncTree(dir);
    writeFileSync(join(dir, SYNCED_MARK), 'fsync on since this file was written\n', { mode: 0o600 });
    syncPath(join(dir, SYNCED_MARK));
    syncPath(dir);
  }
  return adapter(db, dir);
}

/** The file that says a folder has been synced whole once and runs with fsync on since. */
export const SYNCED_MARK = 'kehu.synced';

/** Host fsyncs done by this thread's PGlite (tests read it to see that syncs reach the disk). */
let hostSyncs = 0;
export function hostSyncCount(): number {
  return hostSyncs;
}

/** PGlite's Node file system with an fsync: the host's fsync(2) of the real file or folder. */
class DiskSyncingNodeFS extends NodeFS {
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const result = await super.init(pg, opts);
    const preRun = result.emscriptenOpts.preRun;
    const patch = (mod: unknown) => {
      const nodefs = (mod as { NODEFS: NodeFsInternals }).NODEFS;
      nodefs.stream_ops.fsync = (stream) => {
        if (typeof stream.nfd === 'number') fsyncSync(stream.nfd);
        else syncPath(nodefs.realPath(stream.node));
        hostSyncs++;
        return 0;
      };
    };
    result.emscriptenOpts.preRun = [...(Array.isArray(preRun) ? preRun : preRun ? [preRun] : []), patch];
    return result;
  }
}

/** The parts of Emscripten's NODEFS used above. */
interface NodeFsInternals {
  stream_ops: { fsync?: (stream: { nfd?: number; node: unknown }) => number };
  realPath(node: unknown): string;
}

function syncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync every file and folder under `dir` (the folder itself last). */
function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) syncPath(path);
  }
  syncPath(dir);
}

function adapter(db: PGlite, where: string): Sql {
  const prepared = new Set<string>();
  /**
   * A named statement through the simple protocol: PGlite's extended protocol (a query with
   * parameters) plans every call; a prepared statement does not once it has a generic plan.
   * Parameters go in as literals. Prepared statements belong to the session, not to a
   * transaction: one prepared inside a transaction stays after it, even after a rollback.
   */
  const runPrepared = async <T extends Row>(
    runner: Pick<PGlite, 'exec'>,
    statement: Statement,
    params: readonly unknown[] = [],
  ): Promise<T[]> => {
    if (!prepared.has(statement.name)) {
      await runner.exec(`PREPARE ${statement.name}(${statement.types.join(', ')}) AS ${statement.text}`);
      prepared.add(statement.name);
    }
    const execute = `EXECUTE ${statement.name}(${params.map(literal).join(', ')})`;
    if (statement.genericPlan) {
      // One simple query is one transaction (or part of the caller's): SET LOCAL ends with it,
      // and RESET ends it sooner inside a caller's transaction.
      const results = await runner.exec(`SET LOCAL plan_cache_mode = force_generic_plan; ${execute}; RESET plan_cache_mode`);
      return (results[1]?.rows ?? []) as T[];
    }
    const [result] = await runner.exec(execute);
    return (result?.rows ?? []) as T[];
  };
  const q = (runner: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends Row>(statement: string | Statement, params?: readonly unknown[]) {
      if (typeof statement !== 'string') return runPrepared<T>(runner, statement, params);
      const result = await runner.query<T>(statement, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(script: string) {
      await runner.exec(script);
    },
  });
  return {
    kind: 'pglite',
    where,
    ...q(db),
    async transaction(work) {
      return db.transaction((tx) => work(q(tx)));
    },
    async write<T extends Row>(statement: string | Statement, params: readonly unknown[] = []) {
      if (typeof statement !== 'string') return runPrepared<T>(db, statement, params);
      return (await db.query<T>(statement, params as unknown[])).rows;
    },
    async close() {
      await db.close();
    },
  };
}

/**
 * A parameter as an SQL literal. Strings are quoted with standard_conforming_strings (on in
 * every supported PostgreSQL, PGlite included: a backslash is an ordinary character), so
 * doubling single quotes is the whole escape. Text cannot hold NUL; callers refuse it earlier.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.includes('\u0000')) throw new Error('text with a NUL character cannot be stored');
  return `'${text.replaceAll("'", "''")}'`;
}
