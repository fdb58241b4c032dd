// `npm run package` (scripts/package.mjs) on the build: the store zips hold their manifests and
// every file the manifests name, the Firefox build passes Mozilla's linter, and the SDK tarball,
// installed as a user installs it, loads in Node, types-checks and ships every file its code loads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { REPO } from './harness.ts';

const ENV = { ...process.env, NODE_OPTIONS: '' };
const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;

let out = '';
let printed = '';

test.beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'kehu-package-'));
  const r = spawnSync(process.execPath, ['scripts/package.mjs', '--no-build', '--out', out], {
    cwd: REPO,
    env: ENV,
    encoding: 'utf8',
  });
  printed = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`npm run package failed:\n${printed}`);
});
test.afterAll(() => rmSync(out, { recursive: true, force: true }));

function zipEntries(name: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(readFileSync(join(out, name))));
}

/** Files a manifest names: background, content scripts, pages, icons, locales. */
function namedFiles(manifest: Record<string, unknown>): string[] {
  const m = manifest as {
    background?: { service_worker?: string; scripts?: string[] };
    content_scripts?: { js?: string[]; css?: string[] }[];
    side_panel?: { default_path?: string };
    sidebar_action?: { default_panel?: string };
    action?: { default_popup?: string };
    browser_action?: { default_popup?: string };
    options_ui?: { page?: string };
    icons?: Record<string, string>;
    default_locale?: string;
  };
  return [
    m.background?.service_worker,
    ...(m.background?.scripts ?? []),
    ...(m.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
    m.side_panel?.default_path,
    m.sidebar_action?.default_panel,
    m.action?.default_popup,
    m.browser_action?.default_popup,
    m.options_ui?.page,
    ...Object.values(m.icons ?? {}),
    m.default_locale ? `_locales/${m.default_locale}/messages.json` : undefined,
  ].filter((f): f is string => !!f);
}

test('the Chrome/Edge zip: an MV3 manifest and every file it names', () => {
  const files = zipEntries(`kehu-chrome-${version}.zip`);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array));
  expect(manifest).toMatchObject({ manifest_version: 3, version, name: 'Kehu 客户' });
  const named = namedFiles(manifest);
  expect(named).toContain(manifest.background.service_worker);
  for (const f of named) expect(files[f], f).toBeDefined();
  expect(Object.keys(files)).toContain('content-scripts/page.js'); // registered at run time
});

test('the Firefox zip: an MV2 manifest with its add-on id, every file it names, no addons-linter errors', () => {
  const files = zipEntries(`kehu-firefox-${version}.zip`);
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array));
  expect(manifest).toMatchObject({ manifest_version: 2, version, browser_specific_settings: { gecko: { id: 'kehu@kehu.dev' } } });
  for (const f of namedFiles(manifest)) expect(files[f], f).toBeDefined();
  expect(printed).toContain('web-ext lint dist/extension/firefox-mv2: 0 errors');
  // The sources for Mozilla's review: the repository as committed, with what builds it.
  const sources = Object.keys(zipEntries(`kehu-${version}-sources.zip`));
  for (const f of ['package.json', 'package-lock.json', 'extension/wxt.config.ts', 'scripts/build.mjs'])
    expect(sources).toContain(f);
});

test('the SDK tarball installs with its types and every file its code loads', () => {
  expect(printed).toContain('publint dist/sdk: no problems');
  const tarball = join(out, readdirSync(out).find((f) => /^kehu-sdk-.*\.tgz$/.test(f)) as string);
  const project = mkdtempSync(join(tmpdir(), 'kehu-sdk-user-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
    const install = spawnSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball], {
      cwd: project,
      env: ENV,
      encoding: 'utf8',
    });
    expect(install.status, install.stderr).toBe(0);
    const pkgDir = join(project, 'node_modules/kehu-sdk');
    const installed = new Set(readdirSync(pkgDir));

    // Every file the loader and the UI load (chunks, language texts, the polyfill) is in the package.
    for (const file of [...installed].filter((f) => /\.m?js$/.test(f))) {
      const code = readFileSync(join(pkgDir, file), 'utf8');
      for (const [, loaded] of code.matchAll(/\b(kehu[\w-]*\.mjs|custom-elements\.min\.js)\b/g)) {
        expect(installed.has(loaded as string), `${file} loads ${loaded}`).toBe(true);
      }
    }

    // The entry point loads in Node (a server-side render): the four functions, no DOM needed.
    const load = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', "const k = await import('kehu-sdk'); console.log(Object.keys(k).sort().join(','))"],
      { cwd: project, env: ENV, encoding: 'utf8' },
    );
    expect(load.stderr).toBe('');
    expect(load.stdout.trim()).toBe('close,init,open,track');

    // Its types: a correct use checks, a wrong one is caught (so the types are really there).
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          noEmit: true,
          lib: ['ES2022', 'DOM'],
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = (source: string) => {
      writeFileSync(join(project, 'use.ts'), source);
      return spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', project], { cwd: project, env: ENV, encoding: 'utf8' });
    };
    const good = tsc(
      "import { init, open, type Submission } from 'kehu-sdk';\ninit({ endpoint: 'https://c.example', siteKey: 'ks_x', locale: 'zh-CN' });\nconst el: HTMLElement | null = open('nps');\nexport const s: Submission['kind'] = 'complaint';\nexport { el };\n",
    );
    expect(good.status, good.stdout).toBe(0);
    const bad = tsc("import { open } from 'kehu-sdk';\nopen('bogus');\n");
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('bogus');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
