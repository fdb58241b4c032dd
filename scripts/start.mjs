#!/usr/bin/env node
// `npm start`: builds the product and says what was built and where to find it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const r = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);

const out = (p) => resolve(p);
console.log(`
Kehu is built.

  Browser extension for Chrome and Edge (unpacked): ${out('dist/extension/chrome-mv3')}
    Load it: open chrome://extensions, turn on "Developer mode", click "Load unpacked" and pick that folder.
  Browser extension for Firefox: ${out('dist/extension/firefox-mv2')}
    Load it: open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…" and pick manifest.json there.${
      existsSync('dist/sdk/kehu.js')
        ? `
  Feedback and survey SDK: ${out('dist/sdk')} (kehu.js for a script tag, kehu.mjs for npm)`
        : ''
    }
`);
