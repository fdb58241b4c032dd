#!/usr/bin/env node
// `npm run build`: the extension for Chrome/Edge (MV3) and Firefox, the SDK and the team console.
//   dist/extension/chrome-mv3/   unpacked extension for Chrome and Edge
//   dist/extension/firefox-mv2/  unpacked extension for Firefox
//   dist/sdk/                    kehu.js (script tag), kehu.mjs (npm) and the UI chunk
//   dist/extension-test/         the test build of both (KEHU_TEST_BUILD=1): badge shadow roots open
//                                and labelled with address and level, for end-to-end tests and axe;
//                                never packaged (scripts/package.mjs packs dist/extension only)
//   dist/console/                the team console, served by kehu serve at /console/
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['extension (Chrome/Edge)', 'node_modules/.bin/wxt', ['build', 'extension', '-b', 'chrome']],
  ['extension (Firefox)', 'node_modules/.bin/wxt', ['build', 'extension', '-b', 'firefox']],
  [
    'extension test build (Chrome/Edge)',
    'node_modules/.bin/wxt',
    ['build', 'extension', '-b', 'chrome'],
    { KEHU_TEST_BUILD: '1' },
  ],
  ['extension test build (Firefox)', 'node_modules/.bin/wxt', ['build', 'extension', '-b', 'firefox'], { KEHU_TEST_BUILD: '1' }],
];
if (existsSync('sdk/build.mjs')) steps.push(['SDK', process.execPath, ['sdk/build.mjs']]);
if (existsSync('console/build.mjs')) steps.push(['team console', process.execPath, ['console/build.mjs']]);

for (const [name, cmd, args, env = {}] of steps) {
  const started = Date.now();
  // The shipped build never inherits the switch from the caller's environment.
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, KEHU_TEST_BUILD: '', ...env },
  });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    console.error(`✘ build ${name} failed`);
    process.exit(1);
  }
  console.log(`✔ built ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
