// metrics: collector.collect_rps collector.collect_p99_ms collector.baseline_rps
// POST /v1/collect under load on loopback (autocannon), against the real `kehu serve` on PGlite
// in a fresh data folder (durable commits: group commit + WAL fdatasync), beside a bare Hono
// hello-world measured the same way in the same run. Each server runs in its own process; the
// load generator runs here. Targets: collect ≥ 0.5 × baseline, p99 ≤ 50 ms at that load.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { report, round } from './lib.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const KEHU = join(REPO, 'collector/bin/kehu.mjs');
const CONNECTIONS = 100; // a busy site: 100 answers in flight at once, for both servers
const SECONDS = 10;
const ORIGIN = 'https://bench.example';

/** Start a server process and wait for the port it prints. */
function start(args: string[], ready: RegExp): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d;
      const m = ready.exec(seen);
      if (m) {
        // From here on the server's output (the collector's request log) is read and dropped.
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ child, port: Number(m[1]) });
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function load(options: autocannon.Options): Promise<autocannon.Result> {
  // Warm up (JIT, connection pools), then measure.
  await autocannon({ ...options, duration: 2 });
  return autocannon({ ...options, duration: SECONDS });
}

// The baseline: the smallest Hono app on the same Node server adapter.
const hello = `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log('port ' + info.port));
`;
const baselineServer = await start(['--input-type=module', '-e', hello], /port (\d+)/);
const baseline = await load({ url: `http://127.0.0.1:${baselineServer.port}/`, connections: CONNECTIONS });
await stop(baselineServer.child);

// The collector, as `npx kehu serve` runs it, with a site key for the bench origin.
const dir = mkdtempSync(join(tmpdir(), 'kehu-bench-'));
const data = join(dir, 'data');
const site = spawnSync(process.execPath, [KEHU, 'keys', 'site', '--data', data, '--name', 'bench', '--origin', ORIGIN], {
  encoding: 'utf8',
});
if (site.status !== 0) throw new Error(site.stderr);
const siteKey = site.stdout.trim();
const collector = await start(
  [KEHU, 'serve', '--data', data, '--port', '0', '--rate-limit', '100000000'],
  /"msg":"listening","url":"http:\/\/127\.0\.0\.1:(\d+)"/,
);
let n = 0;
const collect = await load({
  url: `http://127.0.0.1:${collector.port}`,
  connections: CONNECTIONS,
  requests: [
    {
      method: 'POST',
      path: `/v1/collect/${siteKey}`,
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      setupRequest: (request) => {
        n++;
        // A realistic answer: one in three names a respondent (resolved against contacts).
        const body = {
          clientId: `bench-${process.pid}-${n}`,
          kind: 'nps',
          score: n % 11,
          comment: n % 2 ? 'Delivery was late and support did not answer.' : undefined,
          respondent: n % 3 === 0 ? { email: `person${n}@customer${n % 50}.example.com`, consent: true } : undefined,
          pageUrl: 'https://bench.example/orders/thanks?ref=mail',
          locale: 'en',
          elapsedMs: 6000,
          submittedAt: '2026-06-01T10:00:00.000Z',
        };
        return { ...request, body: JSON.stringify(body) };
      },
    },
  ],
});
await stop(collector.child);
rmSync(dir, { recursive: true, force: true });

const ok = (r: autocannon.Result) => r['2xx'] / r.duration;
if (collect.non2xx > 0 || collect.errors > 0) {
  console.error(`collect: ${collect.non2xx} answers were not 2xx, ${collect.errors} errors`);
  process.exit(1);
}
console.error(
  `baseline ${Math.round(ok(baseline))} req/s; collect ${Math.round(ok(collect))} req/s (${round(ok(collect) / ok(baseline), 2)} of baseline), p99 ${collect.latency.p99} ms, ${CONNECTIONS} connections`,
);
report({
  'collector.baseline_rps': { value: Math.round(ok(baseline)), unit: 'req/s', better: 'higher' },
  'collector.collect_rps': {
    value: Math.round(ok(collect)),
    unit: 'req/s',
    better: 'higher',
    target: Math.round(ok(baseline) * 0.5),
  },
  'collector.collect_p99_ms': { value: collect.latency.p99, unit: 'ms', target: 50 },
});
