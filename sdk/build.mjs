#!/usr/bin/env node
// Builds the SDK into dist/sdk/ (or --outdir DIR), which is also the publishable package kehu-sdk:
//   kehu.js                 loader for a script tag (IIFE, global `Kehu`)
//   kehu.mjs                loader for npm / ES modules
//   kehu-ui.mjs             the UI chunk both loaders import() when an element is shown
//   kehu-send.mjs           the shared submission schema (zod) and the send queue, imported when
//                           someone starts answering or answers wait in the queue
//   kehu-en.mjs, kehu-zh-CN.mjs  the texts of one language each; a page loads the one it shows
//   custom-elements.min.js  the polyfill, loaded only where customElements is missing
//   kehu.d.ts               type declarations
//   package.json, README.md, LICENSE
// With --metafile, also writes esbuild's metafiles next to the output folder (what each import costs).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const SDK = import.meta.dirname;
const REPO = resolve(SDK, '..');
const { values: args } = parseArgs({
  options: { outdir: { type: 'string', default: join(REPO, 'dist/sdk') }, metafile: { type: 'boolean', default: false } },
});
const out = resolve(args.outdir);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const css = (await esbuild.transform(readFileSync(join(SDK, 'src/ui/styles.css'), 'utf8'), { loader: 'css', minify: true })).code
  .trim()
  // esbuild keeps the blanks in custom property values; they mean nothing there.
  .replace(/(--[\w-]+): /g, '$1:')
  .replace(/, (#|\d)/g, ',$1');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  minify: true,
  // Dynamic import() (the lazy UI chunk) sets the floor: every browser with it has these too.
  target: 'es2020',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: REPO,
  // Plain assignments for class fields: no defineProperty helper in every file.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  define: { __CSS__: JSON.stringify(css) },
};

// Lazy imports of the other entry points (the ESM loader → UI, send chunk and texts; the UI → send chunk and texts) point at
// their separately built files, which sit next to each other in the output folder.
const chunksExternal = {
  name: 'chunks-external',
  setup(build) {
    build.onResolve({ filter: /\/ui\/index\.tsx$/, namespace: 'file' }, (a) =>
      a.kind === 'dynamic-import' ? { path: './kehu-ui.mjs', external: true } : undefined,
    );
    build.onResolve({ filter: /\/send\/index\.ts$/, namespace: 'file' }, (a) =>
      a.kind === 'dynamic-import' ? { path: './kehu-send.mjs', external: true } : undefined,
    );
    build.onResolve({ filter: /\/locales\/(en|zh-CN)\.ts$/, namespace: 'file' }, (a) =>
      a.kind === 'dynamic-import' ? { path: `./kehu-${/(en|zh-CN)\.ts$/.exec(a.path)?.[1]}.mjs`, external: true } : undefined,
    );
  },
};

const builds = {
  'kehu-ui.mjs': { ...common, entryPoints: [join(SDK, 'src/ui/index.tsx')], format: 'esm', plugins: [chunksExternal] },
  'kehu-send.mjs': { ...common, entryPoints: [join(SDK, 'src/send/index.ts')], format: 'esm' },
  'kehu-en.mjs': { ...common, entryPoints: [join(SDK, 'src/ui/locales/en.ts')], format: 'esm' },
  'kehu-zh-CN.mjs': { ...common, entryPoints: [join(SDK, 'src/ui/locales/zh-CN.ts')], format: 'esm' },
  'kehu.mjs': {
    ...common,
    entryPoints: [join(SDK, 'src/loader.ts')],
    format: 'esm',
    define: { ...common.define, __ESM__: 'true' },
    plugins: [chunksExternal],
  },
  'kehu.js': {
    ...common,
    entryPoints: [join(SDK, 'src/loader.ts')],
    format: 'iife',
    globalName: 'Kehu',
    define: { ...common.define, __ESM__: 'false' },
    // import.meta is dead code in the IIFE (guarded by __ESM__), but esbuild still warns about it.
    logOverride: { 'empty-import-meta': 'silent' },
  },
};

const metafiles = {};
for (const [file, options] of Object.entries(builds)) {
  const result = await esbuild.build({ ...options, outfile: join(out, file) });
  metafiles[file] = result.metafile;
}

const polyfill = join(REPO, 'node_modules/@webcomponents/custom-elements/custom-elements.min.js');
// The polyfill's own source map reference points at a file we do not ship.
writeFileSync(
  join(out, 'custom-elements.min.js'),
  readFileSync(polyfill, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'),
);
copyFileSync(join(SDK, 'kehu.d.ts'), join(out, 'kehu.d.ts'));
copyFileSync(join(SDK, 'README.md'), join(out, 'README.md'));
copyFileSync(join(SDK, 'LICENSE'), join(out, 'LICENSE'));
const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8'));
delete pkg['//'];
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

if (args.metafile) {
  const dir = dirname(out);
  for (const [file, meta] of Object.entries(metafiles)) writeFileSync(join(dir, `sdk-meta.${file}.json`), JSON.stringify(meta));
}
