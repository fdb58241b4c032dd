// What a command-line user expects of `kehu`: --version, a bare `kehu` that exits 2 with the usage,
// `-` for standard input and output, a quiet end when the reader closes the pipe (`| head`), and
// HOST, PORT, KEHU_DATA and DATABASE_URL from the environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveLocation } from '../../../collector/db/open.ts';
import { atLevel } from '../../../collector/log-level.ts';
import { KEHU, REPO, kehu } from './process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kehu-cli-conv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Interactions of `customers` customers, five orders each. */
function interactions(customers: number): string {
  const lines = ['customer_id,occurred_at,kind,amount,currency,summary,ref'];
  for (let c = 0; c < customers; c++) {
    for (let k = 1; k <= 5; k++) lines.push(`c${c},2024-0${k}-1${k}T10:00:00Z,order,${10 + k},EUR,,`);
  }
  return `${lines.join('\n')}\n`;
}

describe('kehu conventions', () => {
  it('prints its version, and a bare kehu exits 2 with the usage on standard error, in both languages', () => {
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    const v = kehu(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(version);
    const bare = kehu([]);
    expect(bare.status).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('usage: kehu <command>');
    const zh = kehu([], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('用法：kehu <命令>');
    expect(zh.stderr).toContain('导入存储');
    expect(kehu(['frobnicate'], { env: { LANG: 'zh_CN.UTF-8' } }).stderr).toContain('没有“frobnicate”这个命令');
  });

  it('kehu risk reads - as standard input and writes --out - to standard output', () => {
    const r = kehu(['risk', '--interactions', '-', '--as-of', '2024-12-31', '--out', '-'], { input: interactions(3) });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toContain('customer_id,score,level,reasons');
    expect(r.stdout.trim().split('\n')).toHaveLength(4);
    const two = kehu(['risk', '--interactions', '-', '--customers', '-', '--as-of', '2024-12-31'], { input: '' });
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('only one FILE can be -');
  });

  it('ends quietly when the reader closes the pipe (kehu risk … | head -1)', async () => {
    // 20,000 rows of CSV are far more than a pipe holds, so kehu is still writing when the reader goes.
    const child = spawn(process.execPath, [KEHU, 'risk', '--interactions', '-', '--as-of', '2024-12-31'], {
      cwd: REPO,
      env: { ...process.env, LANG: 'C.UTF-8' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.stdin.end(interactions(20_000));
    const first = await new Promise<string>((resolve) => {
      let text = '';
      const onData = (d: Buffer) => {
        text += d;
        if (text.includes('\n')) {
          child.stdout.off('data', onData);
          child.stdout.destroy(); // what head does after its line
          resolve((text.split('\n')[0] as string).trimEnd());
        }
      };
      child.stdout.on('data', onData);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(first).toBe('customer_id,score,level,reasons');
    expect(stderr).not.toMatch(/EPIPE|Error:|\n\s+at /);
    expect(code).toBe(0);
  }, 120_000);

  it('imports from standard input into the KEHU_DATA folder and exports to standard output', () => {
    const data = join(dir, 'data');
    const env = { KEHU_DATA: data };
    const csv = 'id,name,domains,industry,tier,stage,owner,cadence_days,tags,notes\ncu1,Acme,acme.example,,key,,,,,\n';
    const imported = kehu(['import', '--entity', 'customers', '--format', 'csv', '-'], { input: csv, env });
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('standard input: 1 added');
    const out = kehu(['export', '--entity', 'customers', '--format', 'ndjson', '--out', '-'], { env });
    expect(out.status, out.stderr).toBe(0);
    expect(JSON.parse(out.stdout.trim())).toMatchObject({ id: 'cu1', name: 'Acme' });
    const bad = kehu(['import', '--entity', 'customers', '--format', 'csv', '-'], {
      input: 'id,name\n,\n',
      env: { ...env, LANG: 'zh_CN.UTF-8' },
    });
    expect(bad.status).toBe(1);
    // The line's reason in Chinese too, from its code (not the English sentence).
    expect(bad.stderr).toMatch(/第 2 行.*为必填项/);
  }, 180_000);

  it('takes the store from DATABASE_URL, else KEHU_DATA, unless a flag says otherwise', () => {
    expect(resolveLocation({}, { KEHU_DATA: '/srv/kehu' })).toEqual({ kind: 'pglite', dir: '/srv/kehu' });
    expect(resolveLocation({}, { KEHU_DATA: '/srv/kehu', DATABASE_URL: 'postgres://db/kehu' })).toEqual({
      kind: 'postgres',
      url: 'postgres://db/kehu',
    });
    expect(resolveLocation({ data: '/tmp/x' }, { KEHU_DATA: '/srv/kehu' })).toEqual({ kind: 'pglite', dir: '/tmp/x' });
  });

  it('kehu serve listens on HOST and PORT from the environment', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(process.execPath, [KEHU, 'serve', '--data', join(dir, 'serve-data')], {
      cwd: REPO,
      env: { ...process.env, LANG: 'C.UTF-8', HOST: '127.0.0.1', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /"url":"([^"]+)"/.exec(out);
          if (m) resolve(m[1] as string);
        });
        child.once('exit', (c) => reject(new Error(`kehu serve exited with ${c}`)));
      });
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 180_000);
});

describe('kehu serve --log-level', () => {
  it('keeps the entries at the chosen level and above', () => {
    const seen: string[] = [];
    const log = (e: Record<string, unknown>) => seen.push(String(e.msg));
    atLevel('warn', log)({ level: 'info', msg: 'request' });
    atLevel('warn', log)({ level: 'error', msg: 'failed' });
    atLevel('warn', log)({ msg: 'no level counts as info' });
    atLevel('off', log)({ level: 'error', msg: 'silenced' });
    atLevel('debug', log)({ level: 'debug', msg: 'detail' });
    expect(seen).toEqual(['failed', 'detail']);
  });

  it('refuses an unknown level with the usage', () => {
    const r = kehu(['serve', '--log-level', 'loud']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--log-level must be one of debug, info, warn, error, off');
  });
});
