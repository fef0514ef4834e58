#!/usr/bin/env node
// Bundles the CLI for start-up speed, then trains V8's code cache for it.
//
// Node 20 pays per module file it loads and compiles every function it runs, every time: our ~40 small modules (and
// commander's) become one CommonJS file, dist/bundle/harmonia.cjs, which bin/harmonia.js compiles with the code cache
// written here (dist/bundle/harmonia.cjs.cache) after running the everyday commands once in this process. tsc still
// emits dist/ (the module tree that tests, scripts and library users import).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/bundle');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// commander and better-sqlite3's JavaScript (not its native addon, which src/store/db.ts names directly) go into the
// bundle: every command needs them. The heavy libraries only some commands use stay outside, required when first used.
const BUNDLED = new Set(['commander', 'better-sqlite3']);
const external = Object.keys(pkg.dependencies).filter((name) => !BUNDLED.has(name));
// The heavy libraries that several commands use go into a second bundle with a code cache of its own
// (dist/bundle/deps.cjs, see bin/harmonia.js): compiling zod alone cost `remember` 30 ms. Each is initialised on
// first use. The CLI bundle requires them through bin/harmonia.js's requireDependency.
const DEPENDENCIES = ['zod', 'luxon', 'chrono-node/en'];
const packageOf = (specifier) => specifier.split('/')[0];

rmSync(out, { recursive: true, force: true });

// commander requires child_process (and with it net, dgram and streams) only to run `git`-style executable
// subcommands, which Harmonia does not have: it is required when first used instead of at every start.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const eager = "const childProcess = require('node:child_process');";
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes(eager)) throw new Error(`${args.path}: commander no longer requires child_process as expected`);
      const lazy = "const childProcess = { get spawn() { return require('node:child_process').spawn; } };";
      return { contents: source.replace(eager, lazy), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  external,
  // No keepNames: it wraps every named function in a call that sets its name, each time a closure is made (20-40 ms of
  // a 10k rules batch). esbuild renames a few classes and functions to keep the bundle's names apart ("CommanderError2"),
  // so nothing may depend on a bundled class's name: our typed errors name themselves (core/errors.ts), commander's
  // are told by their codes (cli/errors.ts), and the chrono parsers dropped by class name are checked (time/resolve.ts).
  keepNames: false,
  plugins: [lazyChildProcess],
  logLevel: 'warning',
  legalComments: 'none',
};

// Imports of the dependency bundle's libraries, in the CLI bundle: taken from the dependency bundle at first use.
const fromDependencyBundle = {
  name: 'from-dependency-bundle',
  setup(build) {
    const filter = new RegExp(`^(${DEPENDENCIES.map((d) => d.replace(/[/.-]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'harmonia-dependency' }));
    build.onLoad({ filter: /.*/, namespace: 'harmonia-dependency' }, (args) => ({
      contents: `module.exports = __harmoniaDependency(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

// The CLI: one CommonJS file. Modules a command imports lazily stay lazy (esbuild initialises them on first import),
// and so do the external libraries: `import('ollama')` becomes a require() at that point, which a code-cached script
// can make (a dynamic import() from a script compiled with a code cache has no loader to call on Node 20).
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(out, 'harmonia.cjs'),
  format: 'cjs',
  external: external.filter((name) => !DEPENDENCIES.some((d) => packageOf(d) === name)),
  plugins: [...common.plugins, fromDependencyBundle],
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__harmoniaUrl' },
  banner: {
    js: [
      "const __harmoniaUrl = require('node:url').pathToFileURL(__filename).href;",
      "const __harmoniaDependency = (name) => require('../../bin/harmonia.js').requireDependency(name);",
    ].join(' '),
  },
});

// The dependency bundle: each library behind a function, so that loading the bundle initialises none of them.
await build({
  ...common,
  stdin: {
    contents: `module.exports = {\n${DEPENDENCIES.map((d) => `  ${JSON.stringify(d)}: () => require(${JSON.stringify(d)}),`).join('\n')}\n};\n`,
    resolveDir: root,
    sourcefile: 'dependencies.cjs',
    loader: 'js',
  },
  outfile: join(out, 'deps.cjs'),
  format: 'cjs',
  external: [],
});

// The batch extractor's worker (src/cli/extract-thread.ts starts it from the file beside the bundle): its first answers
// are on a batch's critical path, so it is one CommonJS file with the libraries it uses inside (as ES modules they
// took 50 ms more to load).
// It is compiled with a code cache of its own like the CLI: extract-worker.cjs, written here, loads the bundle
// (extract-worker-body.cjs) through bin/harmonia.js's loadBundle with extract-worker-body.cjs.cache, trained below.
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/extract-worker.ts')],
  outfile: join(out, 'extract-worker-body.cjs'),
  format: 'cjs',
  external: [],
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__harmoniaUrl' },
  banner: { js: "const __harmoniaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeFileSync(
  join(out, 'extract-worker.cjs'),
  [
    "'use strict';",
    '// The batch extraction worker: its bundle, compiled with its code cache (scripts/bundle.mjs).',
    "const { join } = require('node:path');",
    "const { loadBundle } = require('../../bin/harmonia.js');",
    "const body = join(__dirname, 'extract-worker-body.cjs');",
    'loadBundle(body, `${body}.cache`, true);',
    '',
  ].join('\n'),
);

// The import reader's worker (src/cli/import-input.ts starts it from the file beside the bundle): an ES module of its own.
await build({
  ...common,
  entryPoints: [join(root, 'src/cli/import-worker.ts')],
  outfile: join(out, 'import-worker.js'),
  format: 'esm',
  banner: {
    js: [
      "import { createRequire as __harmoniaRequire } from 'node:module';",
      'const require = __harmoniaRequire(import.meta.url);',
    ].join(' '),
  },
});

// The training run: the everyday commands, in process, against a throw-away store; then the cache of everything V8
// compiled meanwhile.
const { loadBundle, loadCli, loadDependencies, CODE_CACHE, DEPENDENCIES_CACHE } = createRequire(import.meta.url)('../bin/harmonia.js');
const { exports: cli, script } = loadCli({ cache: false });
const { script: dependencies } = loadDependencies({ cache: false });
const home = mkdtempSync(join(tmpdir(), 'harmonia-train-'));
try {
  const sink = () => new Writable({ write: (_chunk, _encoding, done) => done() });
  const harmonia = async (...argv) => {
    let out = '';
    const stdout = new Writable({ write: (chunk, _encoding, done) => ((out += chunk), done()) });
    const stdin = new PassThrough();
    stdin.end();
    const env = { HARMONIA_HOME: home, HARMONIA_USER: 'train', HARMONIA_CONFIG: join(home, 'config.json'), HARMONIA_TZ: 'UTC' };
    const io = { stdout, stderr: sink(), stdin, env, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined, now: () => new Date() };
    const code = await cli.main(argv, io);
    if (code !== 0) throw new Error(`training run \`harmonia ${argv.join(' ')}\` exited ${code}`);
    return out;
  };
  await harmonia('--version');
  const { memories } = JSON.parse(await harmonia('remember', '--extractor', 'raw', '--json', '--at', '2024-05-01T10:00:00Z', 'Ada: we went hiking by the lake yesterday'));
  // The rules extractor and conflict detection: remember's default when no model is running.
  await harmonia('remember', '--extractor', 'rules', '--json', '--at', '2024-05-01T10:00:00Z', "My name is Ada and my sister Grace lives in Lisbon. I have a dog called Biggie and I'm allergic to peanuts. We have a dentist appointment next Tuesday at 3pm");
  await harmonia('remember', '--extractor', 'rules', '--json', '--at', '2024-05-02T10:00:00Z', 'Biggie now loves his yellow ball and my sister Grace moved to Porto');
  await harmonia('list');
  await harmonia('list', '--json');
  await harmonia('search', 'lake');
  await harmonia('search', 'hiking lake', '--json');
  await harmonia('show', memories[0].id);
} finally {
  rmSync(home, { recursive: true, force: true });
}
// The extraction worker's bundle, loaded here (where it serves nothing) and run over the same kind of chat.
const workerBody = join(out, 'extract-worker-body.cjs');
const { exports: worker, script: workerScript } = loadBundle(workerBody, `${workerBody}.cache`, false);
const said = [
  'My name is Ada and I live in Lisbon with my dog Biggie.', 'I work as a nurse and I love sushi, but I hate olives.',
  'We have a dentist appointment next Tuesday at 3pm.', 'My sister Grace moved to Porto last month.', 'Thanks, what time is it?',
];
for (const [id, text] of said.entries()) await worker.answer(id, { text, refAt: '2024-05-01T10:00:00.000Z', timeZone: 'Europe/Lisbon' });
for (const [compiled, file] of [[script, CODE_CACHE], [dependencies, DEPENDENCIES_CACHE], [workerScript, `${workerBody}.cache`]]) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, compiled.createCachedData());
  renameSync(temporary, file);
}
