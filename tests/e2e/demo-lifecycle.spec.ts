// `npm start` as a user runs it, without a display: it gets ready and says where everything is;
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops every process it started,
// frees its ports and closes the embedded database; a second start reuses the workspace and data.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO } from './harness.ts';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm start -- --headless …` in its own process group, like a command typed in a terminal. */
function npmStart(dir: string): Started {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '', LANG: 'C.UTF-8' };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  const child = spawn(
    'npm',
    ['start', '--', '--headless', '--no-build', '--data', dir, '--collector-port', '0', '--pages-port', '0'],
    { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => boolean, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The processes in a process group, from /proc. */
function processGroup(pgid: number): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z') pids.push(Number(name));
    } catch {
      // the process ended while being read
    }
  }
  return pids;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Start, wait until ready, check it serves; Ctrl-C; check nothing is left. Returns what it printed. */
async function runOnce(dir: string): Promise<{ output: string; token: string; customers: number }> {
  const started = npmStart(dir);
  const pgid = started.child.pid as number;
  try {
    await until('"Kehu demo is ready"', () => started.output().includes('Kehu demo is ready') || started.child.exitCode !== null);
    expect(started.output(), started.output()).toContain('Kehu demo is ready');
    const running = JSON.parse(readFileSync(join(dir, 'running.json'), 'utf8')) as { collectorUrl: string; pagesUrl: string };
    const workspace = JSON.parse(readFileSync(join(dir, 'workspace.json'), 'utf8')) as { token: string };
    expect((await fetch(`${running.collectorUrl}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${running.pagesUrl}/shop/`)).text()).toContain('<kehu-survey kind="nps"');
    const exported = await fetch(`${running.collectorUrl}/v1/export/customers.ndjson`, {
      headers: { authorization: `Bearer ${workspace.token}` },
    });
    const customers = (await exported.text()).trim().split('\n').length;
    // Headless: it says how to load and connect the extension.
    expect(started.output()).toContain('dist/extension/chrome-mv3');
    expect(started.output()).toContain(workspace.token);
    expect(processGroup(pgid).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'data', 'kehu.lock'))).toBe(true);

    // Ctrl-C in the terminal: SIGINT to every process of the group.
    // npm itself ends on the signal at once; the demo (its child) stops everything, then exits.
    process.kill(-pgid, 'SIGINT');
    await started.exited;
    await until('the process group to end', () => processGroup(pgid).length === 0, 30_000);
    await until('"Stopped."', () => started.output().includes('Stopped.'), 5_000);
    for (const url of [running.collectorUrl, running.pagesUrl])
      expect(await portIsFree(Number(new URL(url).port)), url).toBe(true);
    // The embedded database was closed: its lock and socket are gone.
    expect(existsSync(join(dir, 'data', 'kehu.lock'))).toBe(false);
    expect(existsSync(join(dir, 'running.json'))).toBe(false);
    return { output: started.output(), token: workspace.token, customers };
  } finally {
    if (processGroup(pgid).length > 0) process.kill(-pgid, 'SIGKILL');
  }
}

test('npm start without a display: ready, Ctrl-C stops everything, a second start reuses the data, a lost store is reloaded', async () => {
  test.setTimeout(300_000);
  const dir = mkdtempSync(join(tmpdir(), 'kehu-demo-start-'));
  try {
    const first = await runOnce(dir);
    expect(first.output).toContain('Loading the demo data into the collector');
    expect(first.customers).toBe(600);

    const second = await runOnce(dir);
    expect(second.output).toContain('Reusing the demo workspace');
    expect(second.output).not.toContain('Loading the demo data');
    expect(second.token).toBe(first.token);
    expect(second.customers).toBe(600);

    // The collector's data folder removed by hand: the next start notices and loads the data again.
    rmSync(join(dir, 'data'), { recursive: true, force: true });
    const third = await runOnce(dir);
    expect(third.output).toContain('Loading the demo data into the collector');
    expect(third.customers).toBe(600);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
