/// <reference types="chrome" />
// Helpers for the end-to-end tests that join the parts: a real collector (`kehu serve` on a free
// port with a temporary data folder), its keys made with `kehu keys` (through the running server's
// control socket), its store read after it stops, and the extension's sync driven and watched.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Worker } from '@playwright/test';
import { REPO } from './harness.ts';

const KEHU = join(REPO, 'collector/bin/kehu.mjs');
/** Child processes run plain Node: without the test runner's own loader options. */
const ENV = { ...process.env, NODE_OPTIONS: '' };

export interface RunningCollector {
  url: string;
  dir: string;
  /** A team token (`kehu keys token`). */
  token(name: string, scopes?: string): string;
  /** A site key for these origins (`kehu keys site`). */
  siteKey(name: string, origins: string[]): string;
  /** `kehu export` of an entity as parsed NDJSON records. */
  exportRecords<T = Record<string, unknown>>(entity: string): T[];
  /** Stop the server (SIGTERM: it finishes what is in flight and closes the store). */
  stop(): Promise<void>;
  /** Start it again on the same port and data folder. */
  restart(): Promise<void>;
  /** After stop(): run a query on the stored data folder and return its rows. */
  query<T = Record<string, unknown>>(text: string): T[];
  /** Stop if still running and delete the data folder. */
  dispose(): Promise<void>;
}

/** Run a `kehu` command (the repository's bin) and return its standard output. */
export function kehu(args: string[]): string {
  const r = spawnSync(process.execPath, [KEHU, ...args], { cwd: REPO, env: ENV, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`kehu ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `kehu serve` on a data folder (or, with `data` null, on the `--database-url` in `extra`); resolves with its address once it listens. */
export async function serve(
  data: string | null,
  port: number,
  extra: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const where = data === null ? [] : ['--data', data];
  const child: ChildProcess = spawn(process.execPath, [KEHU, 'serve', ...where, '--port', String(port), ...extra], {
    cwd: REPO,
    env: ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d;
      const m = /"msg":"listening","url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(seen);
      if (m) {
        child.stdout?.off('data', onData);
        child.stdout?.resume(); // the request log from here on is read and dropped
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`kehu serve exited (${code}) before listening: ${stderr}`)));
  });
  return { child, url };
}

/** SIGTERM, and wait for the process to end. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function startCollector(extra: string[] = []): Promise<RunningCollector> {
  const dir = mkdtempSync(join(tmpdir(), 'kehu-sync-e2e-'));
  const data = join(dir, 'data');
  let { child, url } = await serve(data, 0, extra);
  let stopped = false;
  const stop = async () => {
    await stopChild(child);
    stopped = true;
  };
  return {
    url,
    dir: data,
    token: (name, scopes = 'read,write') => kehu(['keys', 'token', '--data', data, '--name', name, '--scopes', scopes]).trim(),
    siteKey: (name, origins) =>
      kehu(['keys', 'site', '--data', data, '--name', name, ...origins.flatMap((o) => ['--origin', o])]).trim(),
    exportRecords: <T>(entity: string) =>
      kehu(['export', '--data', data, '--entity', entity, '--format', 'ndjson'])
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l) as T),
    stop,
    async restart() {
      await stop();
      ({ child, url } = await serve(data, Number(new URL(url).port), extra));
      stopped = false;
    },
    query<T>(text: string): T[] {
      if (!stopped) throw new Error('stop the collector before reading its data folder');
      const open = join(REPO, 'collector/db/open.ts');
      const script = `const { openSql } = await import(${JSON.stringify(open)});
const sql = await openSql({ kind: 'pglite', dir: ${JSON.stringify(data)} });
try { console.log(JSON.stringify(await sql.query(${JSON.stringify(text)}))); } finally { await sql.close(); }`;
      const file = join(dir, 'query.mjs');
      writeFileSync(file, script);
      const r = spawnSync(process.execPath, [file], { cwd: REPO, env: ENV, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`query failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '[]') as T[];
    },
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

type KehuApi = Record<string, (input?: unknown) => Promise<unknown>>;

/** Call the extension's API in the service worker (globalThis.kehu). */
export function call<T = unknown>(sw: Worker, method: string, input?: unknown): Promise<T> {
  return sw.evaluate(([m, i]) => (globalThis as unknown as { kehu: KehuApi }).kehu[m as string]!(i), [
    method,
    input,
  ] as const) as Promise<T>;
}

export interface SyncView {
  configured: boolean;
  state: string;
  pending: number;
  lastSyncedAt: string | null;
  lastAttemptAt: string | null;
  error: { kind: string; status?: number } | null;
  progress: { pushed: number; pulled: number; conflicts: number };
}

/** The sync status the background keeps in storage.local (readable while the worker runs). */
export function storedSyncStatus(sw: Worker): Promise<SyncView | null> {
  return sw.evaluate(async () => {
    const area = (globalThis as unknown as { chrome: typeof chrome }).chrome.storage.local;
    return ((await area.get('kehu.sync'))['kehu.sync'] ?? null) as SyncView | null;
  });
}

/**
 * Stop the extension's service worker, as the browser does when it is idle or under memory
 * pressure, through the DevTools protocol's ServiceWorker domain (attached from an extension
 * document that runs no script, so nothing wakes the worker again). Resolves once it is stopped.
 */
export async function stopServiceWorker(context: BrowserContext, extensionId: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    const cdp = await context.newCDPSession(page);
    const versions = new Map<string, string>();
    let onUpdate: () => void = () => {};
    cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
      for (const v of e.versions)
        if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) versions.set(v.versionId, v.runningStatus);
      onUpdate();
    });
    const waitForUpdate = () =>
      new Promise<void>((resolve) => {
        onUpdate = resolve;
        setTimeout(resolve, 100);
      });
    await cdp.send('ServiceWorker.enable');
    const running = () => [...versions].filter(([, s]) => s !== 'stopped').map(([id]) => id);
    // The versions arrive as events after enable: wait until the running worker has been reported.
    const seenBy = Date.now() + 10_000;
    while (running().length === 0) {
      if (Date.now() > seenBy) throw new Error('no running service worker of the extension was reported');
      await waitForUpdate();
    }
    for (const versionId of running()) await cdp.send('ServiceWorker.stopWorker', { versionId });
    const deadline = Date.now() + 15_000;
    while (running().length > 0) {
      if (Date.now() > deadline) throw new Error(`the service worker did not stop: ${JSON.stringify([...versions])}`);
      await waitForUpdate();
    }
    await cdp.detach().catch(() => {});
  } finally {
    await page.close();
  }
}
