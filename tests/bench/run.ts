// `npm run bench [-- PREFIX…]`: runs every benchmark (tests/bench/*.bench.ts), each in its own
// process so that timings and memory are not disturbed by the others, then writes
// bench-results.json (format: docs/INTERFACES.md) and bench-results.md, and prints the table.
// A benchmark file declares what it measures on its first line: `// metrics: a.b c.d …`, and
// prints one JSON line `{"metrics": {name: {value, unit, target?, better?}}}` as its last output.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Metric {
  value: number;
  unit: string;
  target?: number;
  /** Whether lower (times, sizes) or higher (throughput) values are better; default lower. */
  better?: 'lower' | 'higher';
}

const DIR = import.meta.dirname;
const prefixes = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const matches = (name: string) => prefixes.length === 0 || prefixes.some((p) => name.startsWith(p));

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();

const metrics: Record<string, Metric> = {};
const failures: string[] = [];
for (const file of files) {
  const declared = (readFileSync(join(DIR, file), 'utf8').split('\n')[0] ?? '').replace(/^\/\/\s*metrics:\s*/, '').split(/\s+/);
  if (!declared.some(matches)) continue;
  console.log(`▶ ${file}`);
  const r = spawnSync(process.execPath, ['--expose-gc', join(DIR, file), ...prefixes], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '')
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{"metrics"'));
  if (r.status !== 0 || !line) {
    failures.push(file);
    process.stdout.write(r.stdout ?? '');
    console.error(`✘ ${file} failed (exit ${r.status})`);
    continue;
  }
  for (const [name, m] of Object.entries(JSON.parse(line).metrics as Record<string, Metric>))
    if (matches(name)) metrics[name] = m;
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const out = { machine, at: new Date().toISOString(), metrics };
writeFileSync('bench-results.json', `${JSON.stringify(out, null, 2)}\n`);

const meets = (m: Metric) =>
  m.target === undefined ? '' : (m.better === 'higher' ? m.value >= m.target : m.value <= m.target) ? '✔' : '✘';
const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString('en') : n.toLocaleString('en', { maximumFractionDigits: 2 }));
const rows = Object.entries(metrics).map(
  ([name, m]) =>
    `| ${name} | ${fmt(m.value)} | ${m.unit} | ${m.target === undefined ? '' : `${m.better === 'higher' ? '≥' : '≤'} ${fmt(m.target)}`} | ${meets(m)} |`,
);
const table = ['| metric | value | unit | target | met |', '|---|---:|---|---|:-:|', ...rows].join('\n');
writeFileSync('bench-results.md', `Measured ${out.at} on ${machine} with \`npm run bench\`.\n\n${table}\n`);
console.log(`\n${table}\n\nwrote bench-results.json and bench-results.md`);
if (failures.length) {
  console.error(`benchmarks that failed: ${failures.join(', ')}`);
  process.exit(1);
}
