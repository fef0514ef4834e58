import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN_DIR = resolve(import.meta.dirname, '../../bin');
const scratch = mkdtempSync(join(tmpdir(), 'harmonia-bundle-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `code` in a fresh Node (a script file: `node -e` itself loads node:crypto) with `cli` = bin/harmonia.js. */
function probe(code: string): unknown {
  const file = join(scratch, `probe-${Math.random().toString(36).slice(2)}.cjs`);
  writeFileSync(file, `const cli = require(${JSON.stringify(join(BIN_DIR, 'harmonia.js'))});\n${code}\n`);
  return JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }));
}

// The built CLI (npm test builds first): bin/harmonia.js runs the bundle with the code cache the build trained.
describe('the bundled CLI', () => {
  it('is compiled with a code cache V8 accepts', () => {
    const result = probe(`
      const { cacheRejected } = cli.loadCli();
      console.log(JSON.stringify({ cacheRejected, cache: require('node:fs').existsSync(cli.CODE_CACHE) }));`);
    expect(result).toEqual({ cacheRejected: false, cache: true });
  });

  it('compiles the batch extraction worker with a code cache V8 accepts, and loaded outside a worker it serves nothing', () => {
    const result = probe(`
      const body = require('node:path').join(require('node:path').dirname(cli.BUNDLE), 'extract-worker-body.cjs');
      const { exports: worker, cacheRejected } = cli.loadBundle(body, body + '.cache', true);
      worker.answer(7, { text: 'I have a dog called Biggie', refAt: '2024-05-01T10:00:00.000Z', timeZone: 'UTC' }).then((reply) =>
        console.log(JSON.stringify({ cacheRejected, reply: { id: reply.id, contents: reply.memories.map((m) => m.content) } })));`);
    expect(result).toEqual({ cacheRejected: false, reply: { id: 7, contents: ['User has a dog called Biggie'] } });
  });

  it("keeps the typed errors' names, which the bundle does not keep for classes, across the worker's replies", () => {
    // The worker sends an error as {name, message, code}; this thread rebuilds the class by its name.
    const result = probe(`
      const body = require('node:path').join(require('node:path').dirname(cli.BUNDLE), 'extract-worker-body.cjs');
      const { exports: worker } = cli.loadBundle(body, body + '.cache', true);
      worker.answer(3, { text: 'I have a meeting tomorrow at 3pm', refAt: '2024-05-01T10:00:00.000Z', timeZone: 'Nowhere/Bogus' }).then((reply) =>
        console.log(JSON.stringify(reply.error)));`);
    expect(result).toMatchObject({ name: 'UsageError', code: 'usage' });
  });

  it('tells commander errors by their code: --version and an unknown option exit 0 and 2', () => {
    const version = spawnSync(process.execPath, [join(BIN_DIR, 'harmonia.js'), '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const unknown = spawnSync(process.execPath, [join(BIN_DIR, 'harmonia.js'), '--no-such-flag'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^harmonia: unknown option '--no-such-flag'\n/);
  });

  it('loads neither node:crypto nor child_process to answer a read-only command', async () => {
    const loaded = probe(`
      const io = { stdout: { write: () => true }, stderr: process.stderr, env: {}, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined, now: () => new Date() };
      cli.loadCli().exports.main(['--version'], io).then(() =>
        console.log(JSON.stringify(process.moduleLoadList.filter((m) => /^NativeModule (crypto|child_process)$/.test(m)))));`);
    expect(loaded).toEqual([]);
  });

  it('takes zod, luxon and chrono from the code-cached dependency bundle, and only for a command that needs them', () => {
    const result = probe(`
      const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: { HARMONIA_TZ: 'UTC', HARMONIA_HOME: ${JSON.stringify(join(scratch, 'home'))}, HARMONIA_CONFIG: ${JSON.stringify(join(scratch, 'none.json'))} }, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined, now: () => new Date() };
      const { main } = cli.loadCli().exports;
      (async () => {
        await main(['--version'], io);
        const afterVersion = cli.loadedDependencies() !== null;
        const code = await main(['remember', '--dry-run', '--extractor', 'rules', 'I have a dentist appointment next Tuesday at 3pm'], io);
        const loaded = cli.loadedDependencies();
        console.log(JSON.stringify({ afterVersion, code, loaded: loaded !== null, cacheRejected: loaded?.cacheRejected, zod: typeof cli.requireDependency('zod').z?.object }));
      })();`);
    expect(result).toEqual({ afterVersion: false, code: 0, loaded: true, cacheRejected: false, zod: 'function' });
  });

  it('says how to build, in one line, when the bundle is missing', () => {
    const bin = join(scratch, 'unbuilt', 'bin');
    mkdirSync(bin, { recursive: true });
    for (const name of ['harmonia.js', 'package.json']) copyFileSync(join(BIN_DIR, name), join(bin, name));
    const child = spawnSync(process.execPath, [join(bin, 'harmonia.js'), 'list'], { encoding: 'utf8' });
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/^harmonia: .*dist\/bundle\/harmonia\.cjs is missing: run `npm run build` in the package folder\n$/);
  });
});
