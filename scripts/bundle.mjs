#!/usr/bin/env node
// Bundles the CLI for start-up speed: Node 20 pays per module file it loads, so our ~40 small modules (and
// commander's) become one entry plus one lazily loaded chunk per command. tsc still emits dist/ (the module tree
// that tests, scripts and library users import); bin/harmonia.js runs dist/bundle/main.js.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Everything but commander stays an ordinary import: the native better-sqlite3, and the heavy libraries that only
// some commands load (they are imported lazily anyway).
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'commander');

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outdir: join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  chunkNames: 'chunks/[name]-[hash]',
  // commander is CommonJS: give the bundle a real `require` for the Node built-ins it asks for.
  banner: { js: "import { createRequire as __harmoniaRequire } from 'node:module'; const require = __harmoniaRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
