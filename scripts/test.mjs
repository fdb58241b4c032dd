#!/usr/bin/env node
// `npm test`: every check, in order — typecheck, lint, import boundaries, build, unit tests,
// end-to-end tests in Chromium and Firefox. All steps run even when one fails, so one run shows everything.
// Writes test-results/summary.json and ends with the line `N passed, N failed`, summed over every
// runner (each static check counts as one test; vitest and Playwright count their own tests).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { ensureChromium, ensureFirefox } from './ensure-browsers.mjs';

const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
const want = (name) => only.length === 0 || only.includes(name);

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

const results = [];

function run(name, cmd, args, opts = {}) {
  console.log(`\n▶ ${name}: ${[cmd, ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return ok;
}

function check(name, cmd, args, opts) {
  const ok = run(name, cmd, args, opts);
  results.push({ runner: name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

/** Counts from a vitest or Playwright JSON report; a missing report counts as one failure. */
function countReport(runner, file, ok, kind) {
  if (!existsSync(file)) {
    results.push({ runner, passed: 0, failed: 1, note: 'no report: the runner did not complete' });
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let passed;
  let failed;
  if (kind === 'vitest') {
    passed = report.numPassedTests;
    failed =
      report.numFailedTests +
      (report.numRuntimeErrorTestSuites ?? 0) +
      (report.numFailedTestSuites && !report.numFailedTests ? report.numFailedTestSuites : 0);
    // Skipped or todo tests hide missing work: count them as failures.
    failed += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  } else {
    const s = report.stats;
    passed = s.expected;
    failed = s.unexpected + s.flaky + s.skipped;
    if (report.errors?.length) failed += report.errors.length;
  }
  if (!ok && failed === 0) failed = 1; // the runner failed outside any test
  results.push({ runner, passed, failed });
}

const bin = (name) => `node_modules/.bin/${name}`;

if (want('typecheck')) {
  check('typecheck shared/ (pure: no DOM, no Node)', bin('tsc'), ['-p', 'shared']);
  check('typecheck sdk/, collector/, tests/, scripts/', bin('tsc'), ['-p', 'tsconfig.json']);
  run('prepare extension types', bin('wxt'), ['prepare', 'extension'], { stdio: 'ignore' });
  check('typecheck extension/', bin('tsc'), ['-p', 'extension']);
}
if (want('lint')) check('lint and format (biome)', bin('biome'), ['check', '.']);
if (want('boundaries')) {
  const parts = ['shared', 'sdk', 'collector', 'console', 'extension', 'tests'].filter((d) => existsSync(d));
  check('import boundaries (dependency-cruiser)', bin('depcruise'), [...parts, '--config', '.dependency-cruiser.cjs']);
}

let built = true;
if (want('e2e') || want('build')) built = check('build', 'npm', ['run', '--silent', 'build']);
if ((want('e2e') || want('build')) && built && existsSync('dist/extension/firefox-mv2/manifest.json')) {
  // Mozilla's addons-linter on the Firefox build: errors fail (warnings are reported, not counted).
  check('Firefox build passes addons-linter (web-ext lint)', bin('web-ext'), [
    'lint',
    '--source-dir',
    'dist/extension/firefox-mv2',
    '--no-config-discovery',
  ]);
}

if (want('unit')) {
  const ok = run('unit tests (vitest)', bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/unit.json',
  ]);
  countReport('unit tests (vitest)', 'test-results/unit.json', ok, 'vitest');
}

if (want('e2e')) {
  const chrome = ensureChromium();
  const firefox = ensureFirefox();
  if (!built) {
    results.push({ runner: 'end-to-end tests (Playwright)', passed: 0, failed: 1, note: 'not run: the build failed' });
  } else {
    const ok = run('end-to-end tests (Playwright: Chromium, and Firefox through puppeteer-core)', bin('playwright'), ['test'], {
      env: { ...process.env, CHROME_PATH: chrome, FIREFOX_PATH: firefox },
    });
    countReport('end-to-end tests (Playwright)', 'test-results/e2e.json', ok, 'playwright');
  }
}

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
writeFileSync('test-results/summary.json', `${JSON.stringify({ passed, failed, results }, null, 2)}\n`);
console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.failed ? '✘' : '✔'} ${r.runner}: ${r.passed} passed, ${r.failed} failed${r.note ? ` (${r.note})` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
