// PGlite: Postgres compiled to WebAssembly, on a data folder. The database runs in a worker
// thread (pglite-worker.ts) so that its work never holds up the HTTP thread; this module is both
// the engine the worker runs and the thread-side adapter that talks to it.
//
// Durability: PGlite runs Postgres with fsync off, and its file system writes straight through to
// the folder. So a commit's write-ahead log is in the operating system's hands when the commit
// returns, which survives a crash or kill -9 of this process. To survive a power cut too, every
// transaction here also fdatasyncs the WAL segment it was written to before it resolves (one
// sync covers a whole group of commits, see store/group-commit.ts).
import { existsSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { type DataFolderLock, lockDataFolder } from './data-folder.ts';
import { openWorker } from './pglite-client.ts';
import type { Queryable, Row, Sql, Statement } from './sql.ts';

export interface PgliteOptions {
  /** Called before a new data folder is initialised (it takes a few seconds). */
  onCreate?: (dir: string) => void;
  /** fdatasync the WAL after each transaction (default true). */
  durable?: boolean;
}

/** An in-memory PGlite database (tests): nothing on disk, nothing locked. */
export async function openPgliteMemory(): Promise<Sql> {
  const db = await PGlite.create();
  await db.exec('SET standard_conforming_strings = on'); // literal() relies on it
  return adapter(db, 'memory', null);
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
  const db = await PGlite.create({ dataDir: dir });
  await db.exec('SET standard_conforming_strings = on'); // literal() relies on it
  return adapter(db, dir, durable ? dir : null);
}

function adapter(db: PGlite, where: string, syncDir: string | null): Sql {
  const wal = syncDir ? walSyncer(db, syncDir) : null;
  const prepared = new Set<string>();
  const q = (runner: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T extends Row>(text: string, params?: readonly unknown[]) {
      const result = await runner.query<T>(text, params as unknown[] | undefined);
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
      const result = await db.transaction((tx) => work(q(tx)));
      await wal?.sync();
      return result;
    },
    async write<T extends Row>(statement: string | Statement, params: readonly unknown[] = []) {
      let rows: T[];
      if (typeof statement === 'string') {
        rows = (await db.query<T>(statement, params as unknown[])).rows;
      } else {
        // PGlite's extended protocol (query with parameters) plans every call; a prepared
        // statement run through the simple protocol does not. Parameters go in as literals.
        if (!prepared.has(statement.name)) {
          await db.exec(`PREPARE ${statement.name}(${statement.types.join(', ')}) AS ${statement.text}`);
          prepared.add(statement.name);
        }
        const [result] = await db.exec(`EXECUTE ${statement.name}(${params.map(literal).join(', ')})`);
        rows = (result?.rows ?? []) as T[];
      }
      await wal?.sync();
      return rows;
    },
    async close() {
      await wal?.close();
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

/**
 * fdatasync of the WAL segment the latest commit went to (and of the one before it, after a
 * switch). Syncs coalesce: a caller whose commit finished while a sync was running waits for
 * that one and then for one more, which starts after its commit and so covers it; every caller
 * that arrives meanwhile shares that next sync.
 */
function walSyncer(db: PGlite, dir: string) {
  const handles = new Map<string, FileHandle>();
  let last: string | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;

  const syncFile = async (name: string) => {
    let handle = handles.get(name);
    if (!handle) {
      try {
        handle = await open(join(dir, 'pg_wal', name), 'r');
      } catch {
        return; // recycled after a checkpoint: nothing left to sync
      }
      handles.set(name, handle);
    }
    await handle.datasync();
  };

  const syncNow = async () => {
    // exec: PGlite's simple protocol costs a fraction of an extended-protocol query.
    const [result] = await db.exec('SELECT pg_walfile_name(pg_current_wal_lsn()) AS f');
    const current = (result?.rows[0] as { f?: string } | undefined)?.f;
    if (!current) return;
    if (last && last !== current) {
      await syncFile(last);
      await handles.get(last)?.close();
      handles.delete(last);
    }
    last = current;
    await syncFile(current);
  };

  const start = (): Promise<void> => {
    running = syncNow().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    sync(): Promise<void> {
      if (!running) return start();
      next ??= running.then(
        () => {
          next = null;
          return start();
        },
        () => {
          next = null;
          return start();
        },
      );
      return next;
    },
    async close() {
      await (next ?? running)?.catch(() => {});
      for (const h of handles.values()) await h.close();
      handles.clear();
    },
  };
}
