// The embedded store on a data folder: PGlite in its worker thread behind the Sql interface,
// the folder's lock, and durable writes.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderBusyError } from '../../../collector/db/data-folder.ts';
import { openSql } from '../../../collector/db/open.ts';
import { openPglite } from '../../../collector/db/pglite.ts';

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
});
