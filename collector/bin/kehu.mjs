#!/usr/bin/env node
// The `kehu` command line. It runs the TypeScript sources directly: Node ≥ 22.18 strips types.
// Under an older Node (a shell whose `node` is the system's Node 20), it re-runs itself with the
// Node 22.18+ that the project's `node` devDependency installed (package.json engines says the same).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const node22 = fileURLToPath(new URL('../../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(node22)) {
    console.error(`kehu needs Node 22.18 or newer (this is ${process.version}); run "npm install" in the Kehu folder first.`);
    process.exit(1);
  }
  const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
