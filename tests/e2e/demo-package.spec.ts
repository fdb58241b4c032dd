// `npm run package` (scripts/package.mjs) on the build: the store zips hold their manifests and
// every file the manifests name, the Firefox build passes Mozilla's linter, and the SDK tarball,
// installed as a user installs it, loads in Node, types-checks (in plain TypeScript, React JSX and
// Vue), ships every file its code loads and its Custom Elements Manifest.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  // wxt zip builds the extension for each browser: minutes on a busy machine, not seconds.
  test.setTimeout(600_000);
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
});

test('the sources zip for Mozilla holds what builds the add-on, without the demo data, and builds the same manifest', () => {
  test.setTimeout(600_000);
  const entries = zipEntries(`kehu-${version}-sources.zip`);
  const sources = Object.keys(entries);
  for (const f of [
    'package.json',
    'package-lock.json',
    'extension/wxt.config.ts',
    'scripts/build.mjs',
    'shared/src/model/index.ts',
  ])
    expect(sources).toContain(f);
  // Only what the add-on is built from: no 7 MB of demo orders, no tests, no collector or console.
  expect(sources.filter((f) => /^(data|tests|collector|console|sdk|dist|node_modules)\//.test(f))).toEqual([]);

  // A reviewer unpacks it, installs (here: the same node_modules) and builds: the same manifest.
  const dir = mkdtempSync(join(tmpdir(), 'kehu-sources-'));
  try {
    for (const [name, bytes] of Object.entries(entries)) {
      if (name.endsWith('/')) continue;
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const r = spawnSync(join(dir, 'node_modules/.bin/wxt'), ['build', 'extension', '-b', 'firefox'], {
      cwd: dir,
      env: { ...ENV, KEHU_TEST_BUILD: '' },
      encoding: 'utf8',
    });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const built = JSON.parse(readFileSync(join(dir, 'dist/extension/firefox-mv2/manifest.json'), 'utf8'));
    const shipped = JSON.parse(strFromU8(zipEntries(`kehu-firefox-${version}.zip`)['manifest.json'] as Uint8Array));
    expect(built).toEqual(shipped);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

    // Its types: a correct use checks, a wrong one is caught (so the types are really there). React's
    // and Vue's own types come from this repository's devDependencies, as a user's project has them.
    mkdirSync(join(project, 'node_modules/@types'), { recursive: true });
    symlinkSync(join(REPO, 'node_modules/@types/react'), join(project, 'node_modules/@types/react'));
    symlinkSync(join(REPO, 'node_modules/vue'), join(project, 'node_modules/vue'));
    const tsc = (source: string, file = 'use.ts') => {
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
            jsx: 'react-jsx',
            skipLibCheck: true,
          },
          files: [file],
        }),
      );
      writeFileSync(join(project, file), source);
      return spawnSync(join(REPO, 'node_modules/.bin/tsc'), ['-p', project], { cwd: project, env: ENV, encoding: 'utf8' });
    };
    const good = tsc(
      "import { init, open, type Submission } from 'kehu-sdk';\ninit({ endpoint: 'https://c.example', siteKey: 'ks_x', locale: 'zh-CN' });\nconst el: HTMLElement | null = open('nps');\nexport const s: Submission['kind'] = 'complaint';\nexport { el };\n",
    );
    expect(good.status, good.stdout).toBe(0);
    const bad = tsc("import { open } from 'kehu-sdk';\nopen('bogus');\n");
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toContain('bogus');

    // JSX in React: the elements, their attributes and events are typed.
    const react = (jsx: string) => tsc(`import type {} from 'kehu-sdk/react';\nexport const el = ${jsx};\n`, 'use-react.tsx');
    const reactGood = react(
      '<><kehu-survey kind="nps" site-key="ks_x" endpoint="https://c.example" theme="dark" onkehu-submit={(e) => e.detail.score} /><kehu-feedback topic="complaint" respondent-email="a@b.example" onkehu-error={(e) => e.detail.code} /></>',
    );
    expect(reactGood.status, reactGood.stdout).toBe(0);
    const reactBad = react('<kehu-survey kind="bogus" />');
    expect(reactBad.status).not.toBe(0);
    expect(reactBad.stdout).toContain('bogus');

    // Vue templates (what Volar checks them against): the props and events of both elements.
    const vue = (props: string) =>
      tsc(
        `import type { GlobalComponents } from 'vue';\nimport type {} from 'kehu-sdk/vue';\ntype Props<T extends keyof GlobalComponents> = InstanceType<GlobalComponents[T]>['$props'];\n${props}\n`,
      );
    const vueGood = vue(
      "export const a: Props<'kehu-survey'> = { kind: 'csat', 'site-key': 'ks_x', onKehuSubmit: (e) => void e.detail.clientId };\nexport const b: Props<'kehu-feedback'> = { topic: 'exit', locale: 'zh-CN' };",
    );
    expect(vueGood.status, vueGood.stdout).toBe(0);
    const vueBad = vue("export const a: Props<'kehu-feedback'> = { topic: 'bogus' };");
    expect(vueBad.status).not.toBe(0);
    expect(vueBad.stdout).toContain('bogus');

    // The Custom Elements Manifest ships and names both elements with their attributes and events.
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(pkgDir, pkg.customElements), 'utf8'));
    const elements = manifest.modules.flatMap((m: { declarations: { tagName?: string }[] }) => m.declarations);
    expect(elements.map((d: { tagName?: string }) => d.tagName)).toEqual(['kehu-survey', 'kehu-feedback']);
    for (const d of elements) {
      const attrs = d.attributes.map((a: { name: string }) => a.name);
      expect(attrs).toEqual(expect.arrayContaining(['site-key', 'endpoint', 'locale', 'theme', 'respondent-email']));
      expect(attrs).toContain(d.tagName === 'kehu-survey' ? 'kind' : 'topic');
      expect(d.events.map((e: { name: string }) => e.name)).toEqual(['kehu-submit', 'kehu-error']);
    }
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});
