#!/usr/bin/env node
// Builds the SDK into dist/sdk/ (or --outdir DIR), which is also the publishable package kehu-sdk:
//   kehu.js                 loader for a script tag (IIFE, global `Kehu`)
//   kehu.mjs                loader for npm / ES modules
//   kehu-ui.mjs             the UI chunk both loaders import() when an element is shown (or answers
//                           wait in the queue): the widgets, the submission check (a JSON Schema
//                           generated here from the shared zod schema, and the shared cross-field
//                           rules) and the send queue
//   kehu-en.mjs, kehu-zh-CN.mjs  the texts of one language each; a page loads the one it shows
//   custom-elements.min.js  the polyfill, loaded only where customElements is missing
//   kehu.d.ts               type declarations; react.d.ts, vue.d.ts: JSX typings of the elements
//   custom-elements.json    the Custom Elements Manifest (from sdk/src/manifest.ts)
//   package.json, README.md, LICENSE
// With --metafile, also writes esbuild's metafiles next to the output folder (what each import costs).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { minify } from '@swc/core';
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
  // esbuild keeps the blanks in custom property values and after commas in lists; they mean nothing there
  // (the stylesheet has no comma inside a string).
  .replace(/(--[\w-]+): /g, '$1:')
  .replace(/, /g, ',');

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

// Lazy imports of the other entry points (the ESM loader → UI and texts; the UI → texts) point at
// their separately built files, which sit next to each other in the output folder.
const chunksExternal = {
  name: 'chunks-external',
  setup(build) {
    build.onResolve({ filter: /\/ui\/index\.tsx$/, namespace: 'file' }, (a) =>
      a.kind === 'dynamic-import' ? { path: './kehu-ui.mjs', external: true } : undefined,
    );
    build.onResolve({ filter: /\/locales\/(en|zh-CN)\.ts$/, namespace: 'file' }, (a) =>
      a.kind === 'dynamic-import' ? { path: `./kehu-${/(en|zh-CN)\.ts$/.exec(a.path)?.[1]}.mjs`, external: true } : undefined,
    );
  },
};

/** Runs a TypeScript module here, in Node, and returns its exports. Bundled first, so that any Node runs it. */
async function runModule(file) {
  const bundled = await esbuild.build({ entryPoints: [file], bundle: true, format: 'esm', platform: 'node', write: false });
  return import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);
}

// The submission check's schema is computed here, from the shared zod schema, and shipped as a JSON literal:
// the module is run in Node and replaced by its result, so zod stays out of the bundle.
const buildTimeSchema = {
  name: 'build-time-schema',
  setup(build) {
    build.onLoad({ filter: /\/send\/submission-schema\.ts$/ }, async (a) => {
      const { SUBMISSION_SCHEMA } = await runModule(a.path);
      return { contents: `export const SUBMISSION_SCHEMA = ${JSON.stringify(SUBMISSION_SCHEMA)};`, loader: 'js' };
    });
  },
};

const builds = {
  'kehu-ui.mjs': {
    ...common,
    entryPoints: [join(SDK, 'src/ui/index.tsx')],
    format: 'esm',
    jsx: 'transform',
    jsxFactory: 'h',
    jsxFragment: 'Fragment',
    inject: [join(SDK, 'src/ui/jsx.ts')],
    plugins: [chunksExternal, buildTimeSchema],
  },
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
    entryPoints: [join(SDK, 'src/script.ts')],
    format: 'iife',
    define: { ...common.define, __ESM__: 'false' },
    // import.meta is dead code in the IIFE (guarded by __ESM__), but esbuild still warns about it.
    logOverride: { 'empty-import-meta': 'silent' },
  },
};

const metafiles = {};
for (const [file, options] of Object.entries(builds)) {
  const result = await esbuild.build({ ...options, outfile: join(out, file), write: false });
  metafiles[file] = result.metafile;
  // A second pass through swc's minifier, which compresses harder than esbuild's: about 400 B gzip
  // less on a page with a widget.
  const { code } = await minify(result.outputFiles[0].text, {
    module: options.format === 'esm',
    ecma: 2020,
    compress: { passes: 2 },
    mangle: { toplevel: true },
  });
  writeFileSync(join(out, file), code);
}

const polyfill = join(REPO, 'node_modules/@webcomponents/custom-elements/custom-elements.min.js');
// The polyfill's own source map reference points at a file we do not ship.
writeFileSync(
  join(out, 'custom-elements.min.js'),
  readFileSync(polyfill, 'utf8').replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'),
);
for (const types of ['kehu.d.ts', 'react.d.ts', 'vue.d.ts']) copyFileSync(join(SDK, types), join(out, types));
const { customElementsManifest } = await runModule(join(SDK, 'src/manifest.ts'));
writeFileSync(join(out, 'custom-elements.json'), `${JSON.stringify(customElementsManifest(), null, 2)}\n`);
copyFileSync(join(SDK, 'README.md'), join(out, 'README.md'));
copyFileSync(join(SDK, 'LICENSE'), join(out, 'LICENSE'));
const pkg = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8'));
delete pkg['//'];
// Where the code lives: the project's own repository and homepage, when its package.json names them.
const project = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
const repository = typeof project.repository === 'string' ? { type: 'git', url: project.repository } : project.repository;
if (repository?.url) pkg.repository = { ...repository, directory: 'sdk' };
if (project.homepage) pkg.homepage = project.homepage;
writeFileSync(join(out, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);

if (args.metafile) {
  const dir = dirname(out);
  for (const [file, meta] of Object.entries(metafiles)) writeFileSync(join(dir, `sdk-meta.${file}.json`), JSON.stringify(meta));
}
