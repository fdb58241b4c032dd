import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import pkg from '../package.json' with { type: 'json' };

// Kehu's browser extension. Build: `npm run build` → dist/extension/chrome-mv3 and firefox-mv2.
//
// KEHU_TEST_BUILD=1 makes the test build instead, in dist/extension-test/: the same extension with
// the badges' shadow roots open and their address and level as attributes (src/overlay/badge-host.ts),
// so end-to-end tests and axe can look inside. Never shipped: scripts/package.mjs packs dist/extension.
const testBuild = process.env.KEHU_TEST_BUILD === '1';

export default defineConfig({
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  outDir: testBuild ? '../dist/extension-test' : '../dist/extension',
  modules: [],
  manifest: ({ browser }) => ({
    name: 'Kehu 客户',
    version: pkg.version,
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // Webmail hosts only; "all web pages" is an optional permission the rep grants in options.
    host_permissions: [
      'https://mail.google.com/*',
      'https://outlook.live.com/*',
      'https://outlook.office.com/*',
      'https://outlook.office365.com/*',
    ],
    // scripting: the "all web pages" content script is registered only while that permission is granted.
    permissions: ['storage', 'alarms', 'notifications', 'scripting', ...(browser === 'firefox' ? [] : ['sidePanel'])],
    // Firefox MV2 has no optional_host_permissions: hosts go in optional_permissions there.
    ...(browser === 'firefox' ? { optional_permissions: ['<all_urls>'] } : { optional_host_permissions: ['<all_urls>'] }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            // Kehu collects and transmits nothing on its own: data leaves the browser only to the
            // team's own collector, when the rep configures one.
            gecko: { id: 'kehu@kehu.dev', strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
          },
        }
      : {}),
  }),
  // `wxt zip` (scripts/package.mjs): the store zips, and for Mozilla's review the sources that build
  // the extension: the repository root's manifests and build script, extension/ and shared/ —
  // not the demo data, tests, the SDK, the collector or the console, which the add-on never loads.
  zip: {
    artifactTemplate: 'kehu-{{browser}}-{{version}}.zip',
    sourcesTemplate: 'kehu-{{version}}-sources.zip',
    sourcesRoot: resolve(import.meta.dirname, '..'),
    includeSources: [
      'package.json',
      'package-lock.json',
      'tsconfig.base.json',
      'README.md',
      'scripts/build.mjs',
      'extension/**',
      'shared/**',
    ],
    excludeSources: ['dist/**', 'extension/.wxt/**', 'extension/.output/**'],
  },
  vite: () => ({
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
    define: { __KEHU_TEST_BUILD__: JSON.stringify(testBuild) },
  }),
});
