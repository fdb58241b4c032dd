// Running the real `kehu` command line in child processes, for the crash and command-line tests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KEHU = fileURLToPath(new URL('../../../collector/bin/kehu.mjs', import.meta.url));
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));

/** The environment for a child: English unless the test asks for another locale. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', ...extra };
  for (const k of ['LC_ALL', 'LC_MESSAGES'] as const) if (!(k in extra)) delete env[k];
  return env;
}

export function kehu(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [KEHU, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? REPO,
    env: childEnv(options.env),
    ...(options.input !== undefined ? { input: options.input } : {}),
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Served {
  child: ChildProcess;
  url: string;
  /** Everything the server printed on standard output (its JSON log). */
  log: string[];
  stop(): Promise<number | null>;
}

const started = new Set<ChildProcess>();

/** Kill every server a test started that is still running (a failed or timed-out test leaves none behind). */
export function killServers(): void {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  started.clear();
}

/** Start `kehu serve` and wait for its "listening" log line. */
export function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [KEHU, 'serve', '--port', '0', ...args], {
    cwd: REPO,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const log: string[] = [];
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (d) => {
      buffered += d;
      let nl = buffered.indexOf('\n');
      while (nl !== -1) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        log.push(line);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'listening' && entry.url) {
            resolve({
              child,
              url: entry.url,
              log,
              stop: () =>
                new Promise((done) => {
                  if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
                  child.once('exit', (code) => done(code));
                  child.kill('SIGTERM');
                }),
            });
          }
        } catch {}
        nl = buffered.indexOf('\n');
      }
    });
    child.once('exit', (code, signal) => reject(new Error(`kehu serve exited (${code ?? signal}) before listening:\n${stderr}`)));
  });
}
