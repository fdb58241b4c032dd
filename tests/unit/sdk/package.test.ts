// The published package: built fresh into a temporary folder, then checked the way npm users
// meet it (publint, arethetypeswrong), and held to its size budget.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../..');
/**
 * The budget: loader ≤ 2,500 B, and everything a page loads to show and send one answer (loader, UI
 * with the submission check and the send queue, one language's texts) ≤ 16,000 B, gzip.
 */
const BUDGET = { loader: 2500, total: 16_000 };

let dir: string;
const gz = (file: string) => gzipSync(readFileSync(join(dir, file))).length;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kehu-sdk-'));
  const r = spawnSync(process.execPath, ['sdk/build.mjs', '--outdir', dir], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sdk/build.mjs failed:\n${r.stdout}${r.stderr}`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kehu-sdk package', () => {
  it('holds every file its package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('kehu-sdk');
    for (const f of [...pkg.files, 'README.md', 'LICENSE']) expect(existsSync(join(dir, f)), f).toBe(true);
  });

  it('passes publint (strict)', async () => {
    const { messages } = await publint({ pkgDir: dir, strict: true });
    expect(messages).toEqual([]);
  });

  it('passes arethetypeswrong (an ES module package: require() users import() it)', () => {
    const r = spawnSync(
      join(REPO, 'node_modules/.bin/attw'),
      ['--pack', dir, '--profile', 'esm-only', '--format', 'json', '--no-color'],
      { cwd: REPO, encoding: 'utf8' },
    );
    // The esm-only profile accepts that require() cannot load an ES module in older Node versions.
    const problems = Object.keys(JSON.parse(r.stdout).problems ?? {}).filter((p) => p !== 'CJSResolvesToESM');
    expect(problems, r.stdout).toEqual([]);
    expect(r.status).toBe(0);
  });

  it('can be imported where there is no DOM (server-side rendering) without doing anything', async () => {
    const kehu = await import(join(dir, 'kehu.mjs'));
    expect(Object.keys(kehu).sort()).toEqual(['close', 'init', 'open', 'track']);
    kehu.init({ triggers: [{ open: 'nps', afterSeconds: 0 }] });
    expect(kehu.open('nps')).toBeNull();
    kehu.track('x');
    kehu.close();
  });

  it('stays within its size budget (gzip)', () => {
    const loader = Math.max(gz('kehu.js'), gz('kehu.mjs'));
    // What a page with widgets downloads to show and send an answer: the loader, the UI (with the
    // check and the queue) and the texts of its language.
    const total = gz('kehu.js') + gz('kehu-ui.mjs') + Math.max(gz('kehu-en.mjs'), gz('kehu-zh-CN.mjs'));
    console.log(`sdk sizes (gzip): loader ${loader} B, loader + UI + texts (showing and sending) ${total} B`);
    expect(loader).toBeLessThanOrEqual(BUDGET.loader);
    expect(total).toBeLessThanOrEqual(BUDGET.total);
  });
});
