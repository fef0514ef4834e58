#!/usr/bin/env node
'use strict';
// The executable. CommonJS (bin/package.json says so), because Node 20's ES module loader alone costs a short
// command 5 ms of its start-up.
//
// It runs the bundled CLI (dist/bundle/harmonia.cjs, made by scripts/bundle.mjs) with V8's code cache
// (dist/bundle/harmonia.cjs.cache): Node 20 has no compile cache of its own (module.enableCompileCache arrives in
// Node 22.1), and compiling the CLI's JavaScript was a third of a short command's time. `npm run build` writes the
// cache after a training run of the everyday commands; V8 checks it against this source, this V8 and its flags and
// ignores it when anything differs (another Node, --cpu-prof...), which only costs the compile it would have saved.
// The CLI never writes the cache itself.
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'harmonia.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;

/**
 * Compiles and runs the bundle as CommonJS would; returns its exports and the script (to make a cache from).
 * @param {{ cache?: boolean }} [options] `cache: false` compiles from source (the training run).
 */
function loadCli({ cache = true } = {}) {
  let source;
  try {
    source = readFileSync(BUNDLE, 'utf8');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    process.stderr.write(`harmonia: ${BUNDLE} is missing: run \`npm run build\` in the package folder\n`);
    process.exit(1);
  }
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(CODE_CACHE);
    } catch {
      // no cache: compile from source
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: BUNDLE, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, dirname(BUNDLE));
  return { exports: bundle.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

module.exports = { loadCli, BUNDLE, CODE_CACHE };

if (require.main === module) loadCli().exports.run();
