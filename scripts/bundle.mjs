#!/usr/bin/env node
// Bundles the CLI for start-up speed: Node 20 pays per module file it loads, so our ~40 small modules (and
// commander's) become one entry plus one lazily loaded chunk per command. tsc still emits dist/ (the module tree
// that tests, scripts and library users import); bin/harmonia.js runs dist/bundle/main.js.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync, rmSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// commander and better-sqlite3's JavaScript (not its native addon, which src/store/db.ts names directly) go into the
// bundle: every command needs them. The heavy libraries only some commands load stay ordinary lazy imports.
const BUNDLED = new Set(['commander', 'better-sqlite3']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));

// Chunk names carry content hashes: start from an empty folder so no stale chunk is left behind.
rmSync(join(root, 'dist/bundle'), { recursive: true, force: true });

await build({
  // The import worker is its own entry: import-input.ts starts it from the file next to its own chunk.
  entryPoints: [join(root, 'src/cli/main.ts'), join(root, 'src/cli/import-worker.ts')],
  outdir: join(root, 'dist/bundle'),
  bundle: true,
  splitting: true,
  chunkNames: '[name]-[hash]',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // commander and better-sqlite3 are CommonJS: give the bundle a real `require` for the Node built-ins and the addon.
  banner: {
    js: [
      "import { createRequire as __harmoniaRequire } from 'node:module';",
      "import { fileURLToPath as __harmoniaPath } from 'node:url';",
      'const require = __harmoniaRequire(import.meta.url);',
      'const __filename = __harmoniaPath(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
  // Error classes are told apart by name (CommanderError, our typed errors): keep the names esbuild would rename.
  keepNames: true,
  logLevel: 'warning',
  legalComments: 'none',
});
