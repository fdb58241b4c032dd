#!/usr/bin/env node
// `npm run package`: what goes to the stores and to npm, in dist/packages/:
//   kehu-chrome-<version>.zip         Chrome Web Store and Edge Add-ons (the MV3 build)
//   kehu-firefox-<version>.zip        addons.mozilla.org (the Firefox build; addons-linter must find no errors)
//   kehu-<version>-sources.zip        the sources Mozilla's reviewers ask for with bundled code (wxt zip:
//                                     the manifests, build script, extension/ and shared/; no demo data)
//   kehu-sdk-<version>.tgz            the SDK's npm package (publint must find nothing)
// The collector is not packaged: a team runs it from this repository with `npx kehu serve`
// (docs/COLLECTOR.md), no container needed.
//
//   npm run package [-- --no-build] [--out DIR]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const OUT = resolve(option('--out') ?? 'dist/packages');
const CHROME = 'dist/extension/chrome-mv3';
const FIREFOX = 'dist/extension/firefox-mv2';
const SDK = 'dist/sdk';
const bin = (name) => resolve('node_modules/.bin', name);

function fail(message) {
  console.error(`✘ ${message}`);
  process.exit(1);
}

function run(cmd, argv, options = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  if (r.status !== 0) fail(`${[cmd, ...argv].join(' ')} failed:\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r.stdout;
}

if (!args.includes('--no-build')) {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
for (const d of [CHROME, FIREFOX, SDK])
  if (!existsSync(join(d, 'manifest.json')) && !existsSync(join(d, 'package.json'))) fail(`${d} is missing: run "npm run build"`);

const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
const sdkVersion = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')).version;
mkdirSync(OUT, { recursive: true });
const made = [];

// ---- the browser extension ----
// `wxt zip` builds the extension for one browser and zips it, and for Firefox also zips the sources
// Mozilla's reviewers ask for (what goes in: extension/wxt.config.ts, `zip`). It always builds, so
// the zips hold exactly what their sources make, even with --no-build.
// wxt writes its zips into dist/extension/; each is moved to OUT as soon as it is made.
const ZIPS = 'dist/extension';
const zipsIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.zip')) : []);
function wxtZip(browser) {
  for (const stale of zipsIn(ZIPS)) rmSync(join(ZIPS, stale));
  run(bin('wxt'), ['zip', 'extension', '-b', browser], { env: { ...process.env, KEHU_TEST_BUILD: '' } });
  for (const name of zipsIn(ZIPS)) {
    renameSync(join(ZIPS, name), join(OUT, name));
    made.push(join(OUT, name));
  }
}
wxtZip('chrome');
wxtZip('firefox');

// Mozilla's addons-linter on the Firefox build: errors would be rejected at upload; warnings are listed.
const lint = spawnSync(bin('web-ext'), ['lint', '--source-dir', FIREFOX, '--no-config-discovery', '--output', 'json'], {
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
let report;
try {
  report = JSON.parse(lint.stdout);
} catch {
  fail(`web-ext lint gave no report:\n${lint.stdout}${lint.stderr}`);
}
if (report.errors.length > 0) {
  for (const e of report.errors) console.error(`  ${e.code} ${e.file ?? ''}: ${e.message}`);
  fail(`web-ext lint: ${report.errors.length} error(s) in ${FIREFOX}`);
}
console.log(`✔ web-ext lint ${FIREFOX}: 0 errors, ${report.warnings.length} warnings`);
for (const w of report.warnings) console.log(`    warning ${w.code} ${w.file ?? ''}${w.line ? `:${w.line}` : ''}: ${w.message}`);

// ---- the SDK's npm package ----
const { messages, pkg } = await publint({ pkgDir: resolve(SDK), strict: true, pack: 'npm' });
if (messages.length > 0) {
  for (const m of messages) console.error(`  ${m.type}: ${formatMessage(m, pkg)}`);
  fail(`publint: ${messages.length} problem(s) in ${SDK}`);
}
console.log(`✔ publint ${SDK}: no problems`);
const tarball = join(OUT, `kehu-sdk-${sdkVersion}.tgz`);
rmSync(tarball, { force: true });
run('npm', ['pack', resolve(SDK), '--pack-destination', OUT, '--silent']);
if (!existsSync(tarball)) fail(`npm pack did not write ${tarball}`);
made.push(tarball);

console.log(`\nPackages in ${relative(process.cwd(), OUT) || '.'}/:`);
for (const file of made) {
  const sha = createHash('sha256').update(readFileSync(file)).digest('hex');
  console.log(
    `  ${relative(OUT, file).padEnd(30)} ${(statSync(file).size / 1024).toFixed(0).padStart(6)} KB  sha256 ${sha.slice(0, 16)}…`,
  );
}
console.log(`
  Chrome Web Store / Edge Add-ons: upload kehu-chrome-${version}.zip.
  addons.mozilla.org: upload kehu-firefox-${version}.zip, with kehu-${version}-sources.zip as the source code
    (to rebuild: npm ci && npm run build; the output is ${FIREFOX}/).
  npm: npm publish ${relative(process.cwd(), tarball)}
  The collector for a team: npx kehu serve --database-url postgres://… (docs/COLLECTOR.md).`);
