/**
 * Shared machinery of the reliability suite (test/reliability/*.test.ts). Every test drives the built binary
 * (bin/harmonia.js -> dist/) in a temporary HARMONIA_HOME; `npm run test:reliability` sets HARMONIA_RELIABILITY=full
 * for the full sizes, plain `npm test` runs reduced sizes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { BIN as BUILT_BIN, runCli, tempHome, type CliResult } from '../helpers/cli.js';

const require = createRequire(import.meta.url);

export const FULL = process.env.HARMONIA_RELIABILITY === 'full';

/** The binary under test: bin/harmonia.js, or HARMONIA_TEST_BIN (a private build, when others rebuild dist/). */
export const BIN = process.env.HARMONIA_TEST_BIN ?? BUILT_BIN;

/** The full size for `npm run test:reliability`, the reduced one for `npm test`. */
export function size(full: number, reduced: number): number {
  return FULL ? full : reduced;
}

export type Env = Record<string, string>;

export interface Home {
  dir: string;
  env: Env;
  dataDir: string;
  dbPath(user?: string): string;
  /** Writes the config file HARMONIA_CONFIG points at. */
  config(value: unknown): void;
  cleanup(): void;
}

export function makeHome(): Home {
  const home = tempHome();
  const env: Env = { ...home.env, OLLAMA_HOST: 'http://127.0.0.1:9' };
  return {
    dir: home.dir,
    env,
    dataDir: env.HARMONIA_HOME!,
    dbPath: (user = env.HARMONIA_USER!) => join(env.HARMONIA_HOME!, 'users', `${user}.db`),
    config: (value) => writeFileSync(env.HARMONIA_CONFIG!, typeof value === 'string' ? value : JSON.stringify(value)),
    cleanup: home.cleanup,
  };
}

/** Runs the binary to its end (stdin given or empty). */
export async function harmonia(args: string[], env: Env, input?: string | Buffer, timeout = 120_000): Promise<CliResult> {
  const child = await execa('node', [BIN, ...args], {
    env,
    extendEnv: true,
    input: input ?? '',
    reject: false,
    timeout,
    maxBuffer: 256 * 1024 * 1024,
    stripFinalNewline: false,
  });
  const stdout = String(child.stdout);
  return { exitCode: child.exitCode ?? 1, stdout, stderr: String(child.stderr), json: <T>() => JSON.parse(stdout) as T };
}

/** A child running the binary with piped stdio, for tests that watch its output and kill it. */
export function spawnHarmonia(args: string[], env: Env, options: { umask?: string } = {}): ChildProcess {
  const command = options.umask === undefined ? 'node' : 'sh';
  const argv = options.umask === undefined ? [BIN, ...args] : ['-c', `umask ${options.umask} && exec node "$0" "$@"`, BIN, ...args];
  return spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Collects a child's stdout as complete lines and its stderr, and tells when it has ended. */
export class Watched {
  readonly lines: string[] = [];
  stderr = '';
  private partial = '';
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stderr!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      const parts = (this.partial + chunk).split('\n');
      this.partial = parts.pop()!;
      this.lines.push(...parts.filter((l) => l !== ''));
      this.waiters = this.waiters.filter((w) => {
        if (this.lines.length < w.count) return true;
        w.resolve();
        return false;
      });
    });
    child.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    child.stdin!.on('error', () => undefined); // EPIPE after a kill
    this.exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => {
      for (const w of this.waiters) w.resolve();
      this.waiters = [];
    });
  }

  /** Resolves once `count` stdout lines have arrived (or the process has ended). */
  untilLines(count: number): Promise<void> {
    if (this.lines.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

/** Seeded PRNG (mulberry32): the suite's random moments are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Opens a user's file directly (read-write: the FTS integrity check is an INSERT command). */
export function openDb(path: string): Database.Database {
  return new Database(path, { fileMustExist: true, timeout: 30_000 });
}

/**
 * Keeps a connection open on a database from another process, so the WAL is not checkpointed and removed when
 * harmonia exits: what a scan then finds in -wal is what harmonia itself left there. (A connection in this process
 * would not do: reading the file's bytes here closes a descriptor, which drops all of this process's POSIX locks.)
 * Returns a function that closes it.
 */
export async function holdOpen(path: string): Promise<() => Promise<void>> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(${JSON.stringify(path)}, { fileMustExist: true });
    db.prepare('SELECT count(*) FROM memories').get();
    process.stdout.write('ready\\n');
    process.stdin.on('end', () => { db.close(); process.exit(0); }).resume();`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
  const watched = new Watched(child);
  await watched.untilLines(1);
  if (watched.lines[0] !== 'ready') throw new Error(`could not hold the database open: ${watched.stderr}`);
  return async () => {
    child.stdin!.end();
    await watched.exited;
  };
}

/** `PRAGMA quick_check` and the FTS5 integrity check; throws with the reason when either fails. */
export function checkIntegrity(path: string): void {
  const db = openDb(path);
  try {
    const quick = db.pragma('quick_check', { simple: true });
    if (quick !== 'ok') throw new Error(`quick_check: ${String(quick)}`);
    db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
  } finally {
    db.close();
  }
}

export interface StoreFacts {
  messages: number;
  processed: number;
  pending: number;
  memories: number;
  /** Sources with more than one message. */
  duplicateSources: number;
  /** Memories whose history does not start with exactly one `created` row at version 1. */
  badHistory: number;
  /** Memories whose source message is missing, and processed messages without a memory (raw: one each). */
  orphans: number;
}

/** Counts that every consistent store satisfies, read straight from the file. */
export function storeFacts(path: string): StoreFacts {
  const db = openDb(path);
  try {
    const one = (sql: string): number => db.prepare(sql).pluck().get() as number;
    return {
      messages: one('SELECT count(*) FROM messages'),
      processed: one("SELECT count(*) FROM messages WHERE status = 'processed'"),
      pending: one("SELECT count(*) FROM messages WHERE status = 'pending'"),
      memories: one('SELECT count(*) FROM memories'),
      duplicateSources: one(
        'SELECT count(*) FROM (SELECT source FROM messages WHERE source IS NOT NULL GROUP BY source HAVING count(*) > 1)',
      ),
      badHistory: one(`SELECT count(*) FROM memories m WHERE
          (SELECT count(*) FROM memory_history h WHERE h.memory_id = m.id AND h.action = 'created') <> 1
          OR (SELECT min(h.version) FROM memory_history h WHERE h.memory_id = m.id) <> 1
          OR m.version <> (SELECT max(h.version) FROM memory_history h WHERE h.memory_id = m.id)`),
      orphans:
        one('SELECT count(*) FROM memories m WHERE m.message_id IS NULL OR NOT EXISTS (SELECT 1 FROM messages g WHERE g.id = m.message_id)') +
        one(`SELECT count(*) FROM messages g WHERE g.status = 'processed' AND NOT EXISTS (SELECT 1 FROM memories m WHERE m.message_id = g.id)`),
    };
  } finally {
    db.close();
  }
}

/**
 * The whole store as `list --all --status all --json` shows it, plus the messages table: what "nothing changed"
 * compares. The list runs in-process through the real command tree (no process start: the hostile table takes
 * hundreds of snapshots).
 */
export async function snapshotStore(home: Home, user?: string): Promise<string> {
  const args = ['list', '--all', '--status', 'all', '--json', ...(user ? ['-u', user] : [])];
  const listed = await runCli(args, { env: home.env });
  if (listed.exitCode !== 0) throw new Error(`snapshot failed: ${listed.stderr}`);
  const path = home.dbPath(user);
  let messages = '[]';
  if (existsSync(path)) {
    const db = openDb(path);
    try {
      messages = JSON.stringify(db.prepare('SELECT id, content, status, source, attempts FROM messages ORDER BY seq').all());
    } finally {
      db.close();
    }
  }
  return `${listed.stdout}\n${messages}`;
}

/** Every file under a folder, recursively (relative paths). */
export function filesUnder(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** The files (db, -wal, -shm, anything else under the data dir) whose bytes contain `needle`. */
export function filesContaining(dir: string, needle: string | Buffer): string[] {
  const bytes = typeof needle === 'string' ? Buffer.from(needle, 'utf8') : needle;
  return filesUnder(dir).filter((file) => readFileSync(join(dir, file)).includes(bytes));
}

export function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** A stderr that is the contract's error shape: `harmonia: …` lines and `hint: …` lines only, never a stack. */
export function isCleanError(stderr: string): boolean {
  const lines = stderr.split('\n').filter((l) => l !== '');
  return lines.length > 0 && lines.every((l) => /^(harmonia: |hint: |\{"error":)/.test(l)) && !/\n\s+at /.test(stderr);
}

const figures: { section: string; name: string; value: string }[] = [];

/** Records one figure of the suite (for the README); printed as a table to stderr in full mode. */
export function figure(section: string, name: string, value: string | number): void {
  figures.push({ section, name, value: String(value) });
}

/** Prints the figures recorded by the calling test file (call from afterAll). */
export function printFigures(): void {
  if (figures.length === 0 || (!FULL && !process.env.HARMONIA_RELIABILITY_REPORT)) return;
  const width = Math.max(...figures.map((f) => `${f.section}: ${f.name}`.length));
  const lines = figures.map((f) => `  ${`${f.section}: ${f.name}`.padEnd(width)}  ${f.value}`);
  const header = `harmonia reliability figures (${FULL ? 'full' : 'reduced'} size)`;
  process.stderr.write(`\n${header}\n${lines.join('\n')}\n`);
  const report = process.env.HARMONIA_RELIABILITY_REPORT;
  if (report) {
    const previous = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')) as unknown[]) : [];
    writeFileSync(report, JSON.stringify([...previous, ...figures.map((f) => ({ ...f, full: FULL }))], null, 2));
  }
  figures.length = 0;
}

export function ndjson(rows: unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
