// The embedded store on a data folder: PGlite in its worker thread behind the Sql interface,
// the folder's lock, and durable writes.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderBusyError, lockDataFolder } from '../../../collector/db/data-folder.ts';
import { openSql } from '../../../collector/db/open.ts';
import { hostSyncCount, openPglite, openPgliteEngine } from '../../../collector/db/pglite.ts';

describe('PGlite on a data folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-folder-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('commits, rolls back, prepares, reports errors with their code, and keeps data across restarts', {
    timeout: 120_000,
  }, async () => {
    const data = join(dir, 'data');
    let told = '';
    const sql = await openSql({ kind: 'pglite', dir: data }, { onCreate: (d) => (told = d) });
    expect(told).toBe(data);
    expect(JSON.parse(readFileSync(join(data, 'kehu.lock'), 'utf8')).pid).toBe(process.pid);
    await expect(openPglite(data)).rejects.toThrow(DataFolderBusyError);

    await sql.exec('CREATE TABLE t (id integer PRIMARY KEY, v text)');
    await sql.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 'kept']);
    });
    await expect(
      sql.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES ($1, $2)', [2, 'rolled back']);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const statement = { name: 'put', types: ['integer', 'text'], text: 'INSERT INTO t VALUES ($1, $2) RETURNING id' };
    expect(await sql.write(statement, [3, "it's"])).toEqual([{ id: 3 }]);
    expect(await sql.write(statement, [4, 'a \\ backslash'])).toEqual([{ id: 4 }]);
    const duplicate = await sql.write(statement, [3, 'again']).catch((e: Error & { code?: string }) => e);
    expect((duplicate as { code?: string }).code).toBe('23505');
    expect(await sql.query('SELECT id, v FROM t ORDER BY id')).toEqual([
      { id: 1, v: 'kept' },
      { id: 3, v: "it's" },
      { id: 4, v: 'a \\ backslash' },
    ]);
    await sql.close();
    expect(existsSync(join(data, 'kehu.lock'))).toBe(false);

    const again = await openSql({ kind: 'pglite', dir: data });
    expect(await again.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 3 }]);
    await again.close();
  });

  it('creates the data folder readable by its owner only, and tightens an existing one', () => {
    const fresh = join(dir, 'fresh', 'data');
    const lock = lockDataFolder(fresh);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    lock.release();

    const open = join(dir, 'open');
    mkdirSync(open, { mode: 0o755 });
    expect(statSync(open).mode & 0o077).not.toBe(0);
    const again = lockDataFolder(open);
    expect(statSync(open).mode & 0o777).toBe(0o700);
    again.release();
  });

  it('runs Postgres with fsync on, and its syncs reach the disk at every commit and checkpoint', {
    timeout: 120_000,
  }, async () => {
    const data = join(dir, 'durable');
    mkdirSync(data, { mode: 0o700 });
    const sql = await openPgliteEngine(data, true);
    try {
      expect(await sql.query('SHOW fsync')).toEqual([{ fsync: 'on' }]);
      expect(await sql.query('SHOW wal_sync_method')).toEqual([{ wal_sync_method: 'fsync' }]);
      await sql.exec('CREATE TABLE t (id integer PRIMARY KEY)');
      const before = hostSyncCount();
      await sql.write('INSERT INTO t VALUES (1)');
      const afterCommit = hostSyncCount();
      expect(afterCommit).toBeGreaterThan(before); // the commit's WAL
      await sql.exec('CHECKPOINT');
      expect(hostSyncCount()).toBeGreaterThan(afterCommit); // the data files and pg_control
    } finally {
      await sql.close();
    }
  });
});
