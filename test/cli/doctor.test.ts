import Database from 'better-sqlite3';
import { chmodSync, closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Check, DoctorReport } from '../../src/core/doctor.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';

type Env = Record<string, string>;

let home: ReturnType<typeof tempHome>;
let env: Env;
let server: OllamaServer;
let closedPort: number;

/** A port nothing listens on: Ollama "down" answers at once with ECONNREFUSED. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  server = await startOllamaServer({ models: ['llama3.2:3b'], version: '0.6.4' });
  closedPort = await freePort();
});
afterAll(() => server.close());

beforeEach(() => {
  home = tempHome();
  env = { ...home.env, OLLAMA_HOST: server.url };
});
afterEach(() => home.cleanup());

async function doctor(extra: string[] = [], overrides: Env = {}): Promise<{ exitCode: number; report: DoctorReport; stderr: string }> {
  const r = await runCli(['doctor', '--json', ...extra], { env: { ...env, ...overrides } });
  return { exitCode: r.exitCode, report: r.json<DoctorReport>(), stderr: r.stderr };
}

function find(report: DoctorReport, id: string, user?: string): Check {
  const check = report.checks.find((c) => c.id === id && c.user === user);
  if (!check) throw new Error(`no check ${id}${user ? ` for ${user}` : ''} in ${JSON.stringify(report.checks.map((c) => c.id))}`);
  return check;
}

async function remember(user = 'tester', text = 'I have a dog called Biggie'): Promise<string> {
  const r = await runCli(['remember', '-u', user, '--extractor', 'raw', text], { env });
  expect(r.exitCode).toBe(0);
  return join(env.HARMONIA_HOME!, 'users', `${user}.db`);
}

/** Folds the WAL into the main file, so damage written to the file is what SQLite reads. */
function checkpoint(path: string): void {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}

describe('doctor', () => {
  it('reports every check ok on a healthy installation with Ollama and its model, exit 0', async () => {
    await remember();
    const { exitCode, report } = await doctor();
    expect(exitCode).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    const ids = report.checks.map((c) => c.id);
    for (const id of ['node', 'sqlite', 'data-dir', 'users-dir', 'config', 'timezone', 'ollama-host', 'ollama', 'ollama-model']) expect(ids).toContain(id);
    for (const id of ['quick-check', 'fts-integrity', 'schema', 'journal-mode', 'pending']) expect(find(report, id, 'tester').status).toBe('ok');
    expect(find(report, 'ollama').message).toContain('0.6.4');
    expect(report.facts.databases[0]).toMatchObject({ user: 'tester', journalMode: 'wal', memories: 1, pendingMessages: 0 });
    const human = await runCli(['doctor', '--format', 'table'], { env });
    expect(human.stdout).toMatch(/^ok {4}node /m);
    expect(human.stdout).toMatch(/0 failures\n$/);
  });

  it('catches a file that is not a database at all', async () => {
    const path = await remember();
    checkpoint(path);
    writeFileSync(path, Buffer.alloc(8192, 0x41));
    const { exitCode, report } = await doctor();
    expect(exitCode).toBe(1);
    expect(find(report, 'database', 'tester')).toMatchObject({ status: 'fail', message: expect.stringMatching(/not a database or is corrupt/) });
  });

  it('catches a database whose pages are damaged (quick_check), and --fix does not touch it', async () => {
    const path = await remember();
    for (let i = 0; i < 40; i++) await remember('tester', `fact number ${i} `.repeat(40));
    checkpoint(path);
    const pages = statSync(path).size / 4096;
    expect(pages).toBeGreaterThan(4);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(4096 * 2, 0x5a), 0, 4096 * 2, 4096 * 2); // pages 3 and 4: table b-tree pages
    closeSync(fd);
    const before = await doctor();
    expect(before.exitCode).toBe(1);
    const damaged = before.report.checks.filter((c) => c.user === 'tester' && c.status === 'fail');
    expect(damaged.map((c) => c.id)).toContain('quick-check');
    const bytes = statSync(path).mtimeMs;
    const fixed = await doctor(['--fix']);
    expect(fixed.exitCode).toBe(1);
    expect(fixed.report.fixed).toEqual([]);
    expect(statSync(path).mtimeMs).toBe(bytes);
  });

  it('catches a full-text index out of step with its table, and --fix rebuilds it', async () => {
    const path = await remember();
    const db = new Database(path);
    db.prepare("INSERT INTO memories_fts(rowid, content, entities, category, type) VALUES (999, 'ghost', '[]', 'x', 'personal')").run();
    db.close();
    const before = await doctor();
    expect(before.exitCode).toBe(1);
    expect(find(before.report, 'fts-integrity', 'tester')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/doctor --fix/) });
    const after = await doctor(['--fix']);
    expect(after.report.fixed).toEqual([expect.stringMatching(/rebuilt tester's full-text index/)]);
    expect(find(after.report, 'fts-integrity', 'tester').status).toBe('ok');
    expect(after.exitCode).toBe(0);
    const search = await runCli(['search', 'ghost', '--json'], { env });
    expect(search.json()).toEqual([]);
  });

  it('catches a data dir with 0777 permissions and a readable database; --fix tightens them to 0700/0600', async () => {
    const path = await remember();
    chmodSync(env.HARMONIA_HOME!, 0o777);
    chmodSync(path, 0o644);
    const before = await doctor();
    expect(before.exitCode).toBe(1);
    expect(find(before.report, 'data-dir')).toMatchObject({ status: 'fail', message: expect.stringMatching(/is 0777: other users can change it/), fix: expect.stringMatching(/chmod 700/) });
    expect(find(before.report, 'database-permissions', 'tester')).toMatchObject({ status: 'fail', message: expect.stringMatching(/0644/) });
    const after = await doctor(['--fix']);
    expect(after.exitCode).toBe(0);
    expect(statSync(env.HARMONIA_HOME!).mode & 0o777).toBe(0o700);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('catches an invalid config file, naming the key, and an invalid time zone', async () => {
    writeFileSync(env.HARMONIA_CONFIG!, JSON.stringify({ extractor: 'magic' }));
    const config = await doctor();
    expect(config.exitCode).toBe(1);
    expect(find(config.report, 'config')).toMatchObject({ status: 'fail', message: expect.stringMatching(/extractor/), fix: expect.stringMatching(/harmonia config unset extractor/) });
    const table = await runCli(['doctor'], { env, tty: true });
    expect(table.exitCode).toBe(1);
    expect(table.stdout).toMatch(/^fail {2}config +invalid config file .*extractor/m);
    writeFileSync(env.HARMONIA_CONFIG!, '{"ollama": {"host": ');
    expect(find((await doctor()).report, 'config')).toMatchObject({ status: 'fail', message: expect.stringMatching(/not valid JSON/) });
    writeFileSync(env.HARMONIA_CONFIG!, '{}');
    const zone = await doctor([], { HARMONIA_TZ: 'Mars/Olympus_Mons' });
    expect(zone.exitCode).toBe(1);
    expect(find(zone.report, 'timezone')).toMatchObject({ status: 'fail', message: 'invalid time zone "Mars/Olympus_Mons" (from HARMONIA_TZ)' });
  });

  it('warns on an old schema and a rollback journal; --fix migrates and switches to WAL', async () => {
    const path = await remember();
    const db = new Database(path);
    // Back to schema 1: undo migrations 5, 4, 3 and 2.
    db.exec('DROP TRIGGER memory_keys_insert; DROP TRIGGER memory_keys_delete; DROP TRIGGER memory_keys_update; DROP TABLE memory_keys');
    db.exec('DROP INDEX memories_active_text_key; ALTER TABLE memories DROP COLUMN text_key');
    db.exec('DROP TABLE conflict_policy; DROP TABLE memory_links; DROP TABLE conflicts');
    db.pragma('user_version = 1');
    db.pragma('journal_mode = DELETE');
    db.close();
    const before = await doctor();
    expect(before.exitCode).toBe(0);
    expect(find(before.report, 'schema', 'tester')).toMatchObject({ status: 'warn', message: expect.stringMatching(/schema version 1, current is \d/) });
    expect(find(before.report, 'journal-mode', 'tester')).toMatchObject({ status: 'warn', message: expect.stringMatching(/journal mode delete/) });
    const after = await doctor(['--fix']);
    expect(after.report.fixed).toEqual([expect.stringMatching(/migrated tester's database and set WAL/)]);
    expect(after.report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect((await runCli(['list', '--json'], { env })).json()).toHaveLength(1);
  });

  it('does not call a database busy with another writer damaged, and --fix leaves it alone', async () => {
    const path = await remember();
    writeFileSync(env.HARMONIA_CONFIG!, JSON.stringify({ storage: { busyTimeoutMs: 100 } }), { mode: 0o600 });
    const writer = new Database(path);
    writer.exec('BEGIN IMMEDIATE');
    try {
      const { exitCode, report } = await doctor(['--fix']);
      expect(find(report, 'fts-integrity', 'tester')).toMatchObject({ status: 'warn', message: expect.stringMatching(/not checked: another process was writing/) });
      expect(report.fixed).toEqual([]);
      expect(exitCode).toBe(0);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('warns about messages left pending by a failed extraction, with the retry command', async () => {
    const failed = await runCli(['remember', '--extractor', 'ollama', 'I have a dog'], { env: { ...env, OLLAMA_HOST: `http://127.0.0.1:${closedPort}` } });
    expect(failed.exitCode).toBe(4);
    const { report } = await doctor();
    expect(find(report, 'pending', 'tester')).toMatchObject({ status: 'warn', message: '1 message waits for extraction (the extractor failed)', fix: 'harmonia remember --retry -u tester' });
  });

  it('warns when Ollama is down (auto falls back to rules) and fails when the extractor is ollama', async () => {
    const down = await doctor([], { OLLAMA_HOST: `http://127.0.0.1:${closedPort}` });
    expect(down.exitCode).toBe(0);
    expect(find(down.report, 'ollama')).toMatchObject({ status: 'warn', message: expect.stringMatching(/not reachable.*falls back to the rules extractor/) });
    const required = await doctor([], { OLLAMA_HOST: `http://127.0.0.1:${closedPort}`, HARMONIA_EXTRACTOR: 'ollama' });
    expect(required.exitCode).toBe(1);
    expect(find(required.report, 'ollama').status).toBe('fail');
    const rules = await doctor([], { OLLAMA_HOST: `http://127.0.0.1:${closedPort}`, HARMONIA_EXTRACTOR: 'rules' });
    expect(find(rules.report, 'ollama')).toMatchObject({ status: 'ok', message: 'not checked: the extractor is rules' });
  });

  it('warns when Ollama answers without the model', async () => {
    const { report } = await doctor([], { HARMONIA_MODEL: 'qwen3:4b' });
    expect(find(report, 'ollama').status).toBe('ok');
    expect(find(report, 'ollama-model')).toMatchObject({ status: 'warn', message: expect.stringMatching(/'qwen3:4b' is not pulled/), fix: 'ollama pull qwen3:4b' });
  });

  it('warns when the Ollama host is not this machine: memories would leave it', async () => {
    writeFileSync(env.HARMONIA_CONFIG!, JSON.stringify({ ollama: { probeTimeoutMs: 50 } }));
    const { report } = await doctor([], { OLLAMA_HOST: 'http://192.0.2.10:11434' });
    expect(find(report, 'ollama-host')).toMatchObject({ status: 'warn', message: expect.stringMatching(/not this machine: remembered messages would leave it/) });
    expect(find((await doctor()).report, 'ollama-host').status).toBe('ok');
  });
});
