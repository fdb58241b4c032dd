// metrics: sdk.loader_gz_bytes sdk.full_gz_bytes sdk.total_gz_bytes sdk.first_render_ms sdk.peer.formbricks_gz_bytes sdk.peer.typeform_embed_gz_bytes sdk.peer.posthog_surveys_gz_bytes sdk.peer.posthog_core_gz_bytes
// The SDK's size and first render, and the published peers' sizes measured the same way: gzip
// (node:zlib, default level) of the files a page downloads to show a survey.
//   sdk.loader_gz_bytes  kehu.js, the script tag every page loads
//   sdk.full_gz_bytes    kehu.js + kehu-ui.mjs + the larger language file (kehu-zh-CN.mjs): everything
//                        needed to show every element (no polyfill)
//   sdk.total_gz_bytes   everything a page loads to show and send one answer. The UI chunk holds the
//                        submission check and the send queue, so this is the same files as full today;
//                        it stays a metric of its own so that any file added to the path counts here.
//   sdk.first_render_ms  kehu.js received and parsed → <kehu-survey> rendered, blank page, cold cache (median of 15)
// Peers live in tests/bench/peers/ (own package.json, installed here when missing; never shipped).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromePath } from '../e2e/harness.ts';
import { report, round } from './lib.ts';
import type { Metric } from './run.ts';

const REPO = resolve(import.meta.dirname, '../..');
const PEERS = join(import.meta.dirname, 'peers');
const gz = (file: string) => gzipSync(readFileSync(file)).length;
const bytes = (value: number, target?: number): Metric => ({ value, unit: 'B', ...(target ? { target } : {}) });

const out = mkdtempSync(join(tmpdir(), 'kehu-sdk-bench-'));
const built = spawnSync(process.execPath, ['sdk/build.mjs', '--outdir', out], { cwd: REPO, encoding: 'utf8' });
if (built.status !== 0) throw new Error(`sdk/build.mjs failed:\n${built.stderr}`);

const metrics: Record<string, Metric> = {};
const loader = gz(join(out, 'kehu.js'));
const ui = gz(join(out, 'kehu-ui.mjs')) + Math.max(gz(join(out, 'kehu-en.mjs')), gz(join(out, 'kehu-zh-CN.mjs')));
metrics['sdk.loader_gz_bytes'] = bytes(loader, 2500);
metrics['sdk.full_gz_bytes'] = bytes(loader + ui, 16_000);
metrics['sdk.total_gz_bytes'] = bytes(loader + ui, 16_000);

// Peers, installed into their own folder the first time.
if (!existsSync(join(PEERS, 'node_modules'))) {
  console.error('installing the peer SDKs into tests/bench/peers …');
  const r = spawnSync('npm', ['install', '--prefix', PEERS, '--no-audit', '--no-fund', '--ignore-scripts'], { stdio: 'inherit' });
  if (r.status !== 0) console.error('could not install the peers; their sizes are left out');
}
const peer = (...files: string[]) => {
  const paths = files.map((f) => join(PEERS, 'node_modules', f));
  return paths.every(existsSync) ? bytes(paths.reduce((sum, p) => sum + gz(p), 0)) : undefined;
};
const peers: Record<string, Metric | undefined> = {
  // The loader a site installs plus the survey UI bundle it loads.
  'sdk.peer.formbricks_gz_bytes': peer('@formbricks/js/dist/index.js', '@formbricks/surveys/dist/index.umd.js'),
  // The script-tag embed and its popup stylesheet; the form itself then loads in an iframe.
  'sdk.peer.typeform_embed_gz_bytes': peer('@typeform/embed/build/embed.js', '@typeform/embed/build/css/popup.css'),
  // The lazily loaded surveys extension, and the core it needs.
  'sdk.peer.posthog_surveys_gz_bytes': peer('posthog-js/dist/surveys.js'),
  'sdk.peer.posthog_core_gz_bytes': peer('posthog-js/dist/array.js'),
};
for (const [name, m] of Object.entries(peers)) if (m) metrics[name] = m;

// First render in Chromium: a blank page with one <kehu-survey>, a fresh context (cold cache) each run.
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>first render</title>
<script>
  // Note when the widget's form first appears in its shadow root.
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new MutationObserver(() => {
      if (!window.rendered && root.querySelector('form')) window.rendered = performance.now();
    }).observe(root, { childList: true, subtree: true });
    return root;
  };
</script>
</head><body><kehu-survey kind="nps"></kehu-survey><script src="/kehu.js"></script></body></html>`;
const server = createServer((req, res) => {
  if (req.url === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  const file = join(out, (req.url ?? '').slice(1));
  if (!file.startsWith(out) || !existsSync(file)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(readFileSync(file));
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: chromePath(), args: CHROMIUM_ARGS, headless: true });
const times: number[] = [];
try {
  for (let i = 0; i < 16; i++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(() => (window as unknown as { rendered?: number }).rendered);
    const ms = await tab.evaluate(() => {
      const script = performance
        .getEntriesByType('resource')
        .find((e) => e.name.endsWith('/kehu.js')) as PerformanceResourceTiming;
      return (window as unknown as { rendered: number }).rendered - script.responseEnd;
    });
    if (i > 0) times.push(ms); // the first run warms up the browser process
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
  rmSync(out, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
metrics['sdk.first_render_ms'] = { value: round(times[Math.floor(times.length / 2)] as number, 1), unit: 'ms' };
report(metrics);
