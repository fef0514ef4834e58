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
//
// The libraries that only some commands use and that cost most to compile (zod, luxon, chrono-node's English
// parser) are a second bundle, dist/bundle/deps.cjs, with a code cache of its own: it is compiled only by a command
// that needs one of them (`requireDependency`), so the commands that do not (search, list, show) pay nothing for it.
const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

// Two V8 flags, set before the CLI is compiled: V8 takes a code cache only under the flags it was made with, and
// scripts/bundle.mjs makes the caches in a process that loaded this file, so under the same flags. That goes for
// Node's own modules too, whose built-in cache was made under Node's defaults: the ones every command needs (the
// output streams, os) are loaded before the flags change, so a short command compiles none of them.
// - V8 runs a regular expression's first match in its bytecode interpreter and compiles it to machine code from the
//   second. The extractors' expressions and chrono-node's are large alternations, and interpreting their first
//   matches cost more than compiling them: the rules extractor's first 12 lines took 112 ms in a new process, 55 ms
//   with machine code from the start, and a 10k rules batch 60-80 ms less. So expressions are compiled at their
//   first match.
// - V8 optimizes a function once it has run a budget of bytecode. On a machine with few cores the optimizing
//   compiler's thread takes time from the batch's own two threads (its main thread and the extraction worker).
//   With four times Node 20's budget (V8 11.3: 66 KiB) a 10k rules batch optimizes 241 functions instead of 473 and
//   takes 55-95 ms less (200-400 ms less CPU); an import of 100k memories is 0.1-0.2 s faster, exports and search
//   are as they were, a raw batch (one busy thread) 2% slower (README, Performance). Other V8 versions tier
//   differently and were not measured: they keep their own budget.
void process.stdout;
void process.stderr;
require('node:os');
const v8 = require('node:v8');
v8.setFlagsFromString('--no-regexp-tier-up');
if (process.versions.v8.startsWith('11.')) v8.setFlagsFromString(`--interrupt-budget=${4 * 66 * 1024}`);

const BUNDLE = join(__dirname, '..', 'dist', 'bundle', 'harmonia.cjs');
const CODE_CACHE = `${BUNDLE}.cache`;
const DEPENDENCIES = join(__dirname, '..', 'dist', 'bundle', 'deps.cjs');
const DEPENDENCIES_CACHE = `${DEPENDENCIES}.cache`;

/**
 * Compiles and runs a bundle as CommonJS would, with its code cache unless `cache` is false; returns its exports and
 * the script (to make a cache from).
 */
function loadBundle(file, cacheFile, cache) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    process.stderr.write(`harmonia: ${file} is missing: run \`npm run build\` in the package folder\n`);
    process.exit(1);
  }
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // no cache: compile from source
    }
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const bundle = { exports: {} };
  script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));
  return { exports: bundle.exports, script, cacheRejected: cachedData !== undefined && script.cachedDataRejected === true };
}

/**
 * The CLI bundle's exports and script.
 * @param {{ cache?: boolean }} [options] `cache: false` compiles from source (the training run).
 */
function loadCli({ cache = true } = {}) {
  return loadBundle(BUNDLE, CODE_CACHE, cache);
}

let dependencies = null;

/** The dependency bundle, loaded once (`cache: false` on the first call compiles it from source: the training run). */
function loadDependencies({ cache = true } = {}) {
  return (dependencies ??= loadBundle(DEPENDENCIES, DEPENDENCIES_CACHE, cache));
}

/** One of the libraries in the dependency bundle (the CLI bundle requires them through this). */
function requireDependency(name) {
  const load = loadDependencies().exports[name];
  if (!load) throw new Error(`${name} is not in ${DEPENDENCIES}`);
  return load();
}

/** The dependency bundle if a command has loaded it (null otherwise): its exports, script and whether V8 took its cache. */
function loadedDependencies() {
  return dependencies;
}

module.exports = { loadBundle, loadCli, loadDependencies, loadedDependencies, requireDependency, BUNDLE, CODE_CACHE, DEPENDENCIES, DEPENDENCIES_CACHE };

if (require.main === module) loadCli().exports.run();
