#!/usr/bin/env node
// Builds the team console into dist/console/ (or --outdir DIR): index.html, console.js (Preact,
// bundled and minified by esbuild) and console.css. `kehu serve` serves the folder at /console/.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';

const HERE = import.meta.dirname;
const REPO = resolve(HERE, '..');
const { values: args } = parseArgs({ options: { outdir: { type: 'string', default: join(REPO, 'dist/console') } } });
const out = resolve(args.outdir);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: { console: join(HERE, 'src/main.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  absWorkingDir: REPO,
});
await esbuild.build({
  entryPoints: { console: join(HERE, 'src/styles.css') },
  outdir: out,
  bundle: true,
  minify: true,
  logLevel: 'warning',
});
copyFileSync(join(HERE, 'src/index.html'), join(out, 'index.html'));
