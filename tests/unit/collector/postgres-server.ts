// A PostgreSQL database of its own for tests that run several collector processes: a fresh
// database on KEHU_TEST_DATABASE_URL's server when that is set (.ci/run sets it), else a
// throwaway cluster started here from the PostgreSQL binaries Debian installs
// (/usr/lib/postgresql/N/bin; as root it runs as the postgres user). Either way it is dropped
// afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  close(): Promise<void>;
}

async function freshDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `kehu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async close() {
      const a = new pg.Client({ connectionString: serverUrl });
      await a.connect();
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Debian's PostgreSQL binaries (the newest version installed), or null when there are none. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  return null;
}

/** A cluster in a temp folder on a free loopback port, trusting local connections. */
export async function ownCluster(): Promise<TestDatabase> {
  const bin = postgresBin();
  if (!bin) {
    throw new Error(
      'these tests need PostgreSQL: set KEHU_TEST_DATABASE_URL, or install the postgresql package (its binaries in /usr/lib/postgresql/N/bin)',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'kehu-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]) => {
    if (asRoot) {
      const quoted = [join(bin, program), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      return spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8', cwd: dir });
    }
    return spawnSync(join(bin, program), args, { encoding: 'utf8', cwd: dir });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const init = run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const start = run('pg_ctl', [
    '-D',
    data,
    '-w',
    '-t',
    '120',
    '-l',
    join(dir, 'log'),
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    'start',
  ]);
  if (start.status !== 0) throw new Error(`pg_ctl start failed: ${start.stderr}${start.stdout}`);
  const stop = () => {
    run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const db = await freshDatabase(`postgres://postgres@127.0.0.1:${port}/postgres`);
    return {
      url: db.url,
      async close() {
        await db.close().catch(() => {});
        stop();
      },
    };
  } catch (e) {
    stop();
    throw e;
  }
}

export function testDatabase(): Promise<TestDatabase> {
  const url = process.env.KEHU_TEST_DATABASE_URL;
  return url ? freshDatabase(url) : ownCluster();
}
