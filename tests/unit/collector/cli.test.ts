// The `kehu` command line as a user runs it: keys, import, export on a data folder, the same
// commands while `kehu serve` holds the folder (through its local socket), clear refusals.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { SCHEMA_VERSION } from '../../../collector/db/migrations.ts';
import { PG_URL } from './backends.ts';
import { REPO, kehu, killServers, serve } from './process.ts';

// Each command is a process that opens the data folder (seconds each on a busy machine): the tests
// get room for that; a command that hangs is still stopped by its own time limit (process.ts).
describe('kehu command line', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-'));
  const data = join(dir, 'data');
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeAll(() => {
    // The first command creates the folder (initdb takes a few seconds).
    const r = kehu(['keys', 'site', '--data', data, '--name', 'shop', '--origin', 'https://shop.example']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^ks_[A-Za-z0-9_-]+$/);
    expect(r.stderr).toContain('<kehu-survey');
  }, 180_000);
  afterAll(() => {
    killServers();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists its commands; npx kehu works from the repository root', () => {
    const r = spawnSync('npx', ['--no-install', 'kehu', '--help'], { cwd: REPO, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    for (const c of ['serve', 'keys', 'import', 'export']) expect(r.stdout).toContain(`kehu ${c}`);
    const unknown = kehu(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
  });

  it('speaks Chinese when the locale is Chinese', () => {
    const r = kehu(['keys', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(r.stdout).toContain('创建站点密钥');
    expect(kehu(['export', '--help']).stdout).toContain('Excel');
  });

  it('creates tokens printed once, lists keys without secrets, revokes', () => {
    const token = kehu(['keys', 'token', '--data', data, '--name', 'rep', '--scopes', 'read,write']);
    expect(token.status, token.stderr).toBe(0);
    const secret = token.stdout.trim();
    expect(secret).toMatch(/^kt_/);
    expect(token.stderr).toMatch(/shown only this once/);
    const list = kehu(['keys', 'list', '--data', data]);
    expect(list.stdout).toMatch(/site\s+shop\s+ks_/);
    expect(list.stdout).toMatch(/token\s+rep\s+read,write/);
    expect(list.stdout).not.toContain(secret);
    expect(kehu(['keys', 'revoke', 'token', '--data', data, '--name', 'rep']).status).toBe(0);
    expect(kehu(['keys', 'list', '--data', data]).stdout).toMatch(/token\s+rep.*revoked/);
  });

  it('refuses bad input with a clear message and exit code', () => {
    const origin = kehu(['keys', 'site', '--data', data, '--name', 'x', '--origin', 'shop.example/path']);
    expect(origin.status).toBe(1);
    expect(origin.stderr).toMatch(/origin "shop.example\/path" must be an origin like/);
    const scope = kehu(['keys', 'token', '--data', data, '--name', 'x', '--scopes', 'read,root']);
    expect(scope.status).toBe(1);
    expect(scope.stderr).toContain('unknown scope "root"');
    const usage = kehu(['keys', 'token', '--data', data, '--scopes', 'read']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--name is required');
    const both = kehu(['export', '--entity', 'customers', '--format', 'csv', '--data', data, '--database-url', 'postgres://x']);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('either --data or --database-url');
    const notKehu = join(dir, 'documents');
    mkdirSync(notKehu);
    writeFileSync(join(notKehu, 'thesis.docx'), 'precious');
    const refused = kehu(['keys', 'list', '--data', notKehu]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('is not empty and is not a Kehu data folder');
    expect(readFileSync(join(notKehu, 'thesis.docx'), 'utf8')).toBe('precious');
  });

  it('imports a file, lists rejected lines, and exports to a file and to standard output', () => {
    const csv = file('customers.csv', 'id,name,domains\nacme,ACME,acme.com\nbad,,\nglobex,Globex,globex.com\n');
    const r = kehu(['import', '--data', data, '--entity', 'customers', csv]);
    expect(r.status).toBe(1); // one row was rejected; the others are in
    expect(r.stdout).toContain('customers.csv: 2 added, 0 updated, 0 unchanged, 1 rejected.');
    expect(r.stderr).toContain('line 3, name: is required');
    const out = join(dir, 'out.csv');
    const e = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'csv', '--out', out]);
    expect(e.status, e.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('acme,ACME,acme.com');
    expect(existsSync(`${out}.partial`)).toBe(false);
    const nd = kehu(['export', '--data', data, '--entity', 'customers', '--format', 'ndjson']);
    expect(
      nd.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: string }).id),
    ).toEqual(['acme', 'globex']);
    const again = kehu(['import', '--data', data, '--entity', 'customers', csv]);
    expect(again.stdout).toContain('0 added, 0 updated, 2 unchanged, 1 rejected');
    const nd2 = file(
      'contacts.ndjson',
      '{"id":"p1","customerId":"acme","name":"Wei","emails":["wei@acme.com"]}\n{"id":"p2","emails":["not an address"]}\n',
    );
    const c = kehu(['import', '--data', data, '--entity', 'contacts', nd2]);
    expect(c.stdout).toContain('1 added');
    expect(c.stderr).toMatch(/line 2, emails\.0: must be a normalised email address/);
  });

  it('reaches a running server through its local socket, and refuses a second server on the folder', async () => {
    const served = await serve(['--data', data]);
    try {
      expect(existsSync(join(data, 'kehu.sock'))).toBe(true);
      const token = kehu(['keys', 'token', '--data', data, '--name', 'live', '--scopes', 'export']);
      expect(token.status, token.stderr).toBe(0);
      const csv = file('more.csv', 'id,name\ninitech,Initech\n');
      expect(kehu(['import', '--data', data, '--entity', 'customers', csv]).stdout).toContain('1 added');
      const exported = await fetch(`${served.url}/v1/export/customers.csv`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(await exported.text()).toContain('initech,Initech');
      expect(kehu(['export', '--data', data, '--entity', 'customers', '--format', 'csv']).stdout).toContain('initech');
      // A revocation through the socket holds at once for the server's HTTP port.
      expect(kehu(['keys', 'revoke', 'token', '--data', data, '--name', 'live']).status).toBe(0);
      const revoked = await fetch(`${served.url}/v1/export/customers.csv`, {
        headers: { authorization: `Bearer ${token.stdout.trim()}` },
      });
      expect(revoked.status).toBe(401);
      // The server logged the command line's requests like any others.
      expect(served.log.some((l) => l.includes('"route":"/v1/import/:file"'))).toBe(true);
      const second = kehu(['serve', '--data', data, '--port', '0']);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(/in use by another kehu process \(pid \d+\)/);
    } finally {
      expect(await served.stop()).toBe(0);
    }
    expect(existsSync(join(data, 'kehu.sock'))).toBe(false);
    expect(existsSync(join(data, 'kehu.lock'))).toBe(false);
  }, 120_000);

  it('refuses a database whose schema is newer than this kehu', async () => {
    const copy = join(dir, 'newer');
    const first = kehu(['keys', 'list', '--data', copy]);
    expect(first.status, first.stderr).toBe(0);
    const db = await PGlite.create({ dataDir: copy });
    await db.query(
      "INSERT INTO kehu_schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00.000Z')",
    );
    await db.close();
    const r = kehu(['serve', '--data', copy, '--port', '0']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`schema version 99, but this kehu knows versions up to ${SCHEMA_VERSION}`));
  }, 180_000);

  // Registered only when a PostgreSQL is configured (.ci/run always configures one).
  if (PG_URL)
    it('works on PostgreSQL with --database-url', async () => {
      const pg = await import('pg');
      const schema = `kehu_cli_${process.pid}_${Date.now()}`;
      const admin = new pg.default.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      try {
        const url = new URL(PG_URL as string);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const site = kehu(['keys', 'site', '--database-url', url.toString(), '--name', 'pg', '--origin', 'https://pg.example']);
        expect(site.status, site.stderr).toBe(0);
        const viaEnv = kehu(['keys', 'list'], { env: { DATABASE_URL: url.toString() } });
        expect(viaEnv.stdout).toMatch(/site\s+pg\s+ks_/);
        const rows = await admin.query(`SELECT name FROM ${schema}.kehu_site_keys`);
        expect(rows.rows).toEqual([{ name: 'pg' }]);
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      }
    });
});
