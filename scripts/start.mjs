#!/usr/bin/env node
// `npm start`: builds the SDK and the extension (when their sources changed since the last build),
// then runs the demo (scripts/demo/main.ts): the collector on embedded PGlite with a demo workspace
// and data, the demo shop and mailbox on 127.0.0.1, and Chromium with the extension connected when
// there is a display. Ctrl-C stops everything.
//
//   npm start -- --headless          no browser, even with a display
//   npm start -- --reset             start over with a new demo workspace
//   npm start -- --no-build          run on the build that is there
//   npm start -- --data DIR --collector-port N --pages-port N --customers N
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findChromium } from './ensure-browsers.mjs';

const args = process.argv.slice(2);

/** The newest modification time under the given paths (folders walked; dot folders and node_modules skipped). */
function newest(paths) {
  let t = 0;
  const walk = (p) => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) if (!name.startsWith('.') && name !== 'node_modules') walk(join(p, name));
    } else t = Math.max(t, s.mtimeMs);
  };
  for (const p of paths) walk(p);
  return t;
}

const OUTPUTS = ['dist/extension/chrome-mv3/manifest.json', 'dist/extension/firefox-mv2/manifest.json', 'dist/sdk/kehu.js'];
const SOURCES = ['extension', 'sdk', 'shared/src', 'package.json', 'package-lock.json'];

function buildIsFresh() {
  if (!OUTPUTS.every((f) => existsSync(f))) return false;
  const built = Math.min(...OUTPUTS.map((f) => statSync(f).mtimeMs));
  return newest(SOURCES) < built;
}

if (args.includes('--no-build') || buildIsFresh()) {
  console.log('✔ the build in dist/ is up to date');
} else {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const { main } = await import('./demo/main.ts');
await main(args, findChromium);
