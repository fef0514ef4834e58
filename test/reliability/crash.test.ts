/**
 * Crashes: `remember --batch` killed with SIGKILL at seeded random moments. After every kill the file passes
 * `PRAGMA quick_check` and the FTS integrity check, every message reported on stdout before the kill is there with
 * its memories, and re-running the batch with the same sources stores nothing twice. Kill moments are chosen as
 * counts of output lines (deterministic), not wall-clock guesses.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reply, startOllamaServer, type OllamaServer } from '../helpers/ollama-server.js';
import {
  checkIntegrity,
  figure,
  FULL,
  harmonia,
  makeHome,
  ndjson,
  openDb,
  printFigures,
  seeded,
  size,
  spawnHarmonia,
  storeFacts,
  Watched,
  type Home,
} from './harness.js';

const TIMEOUT = FULL ? 900_000 : 240_000;

let home: Home;
let server: OllamaServer | undefined;
beforeEach(() => {
  home = makeHome();
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  home.cleanup();
});
afterAll(() => printFigures());

interface Output {
  message_id: string;
  memories: { id: string; content: string }[];
  already_remembered?: boolean;
}

/** K distinct kill moments (output line counts) in [1, n - 1], ascending, from a fixed seed. */
function killMoments(n: number, k: number, seed: number): number[] {
  const random = seeded(seed);
  const moments = new Set<number>();
  while (moments.size < k) moments.add(1 + Math.floor(random() * (n - 1)));
  return [...moments].sort((a, b) => a - b);
}

/** Runs the batch and SIGKILLs it once `after` lines have been printed; returns the complete lines seen. */
async function runAndKill(args: string[], env: Record<string, string>, input: string, after: number): Promise<{ reported: Output[]; killed: boolean }> {
  const watched = new Watched(spawnHarmonia(args, env));
  watched.child.stdin!.end(input);
  await watched.untilLines(after);
  const killed = watched.child.exitCode === null && watched.child.kill('SIGKILL');
  const exit = await watched.exited;
  if (!killed) throw new Error(`the batch ended before line ${after} (exit ${exit.code}): ${watched.stderr}`);
  return { reported: watched.lines.map((l) => JSON.parse(l) as Output), killed };
}

/** Every reported message is stored, processed, with exactly the reported memories and their text. */
function verifyReported(path: string, reported: Output[]): void {
  const db = openDb(path);
  try {
    const message = db.prepare('SELECT status FROM messages WHERE id = ?').pluck();
    const memories = db.prepare('SELECT id, content FROM memories WHERE message_id = ? ORDER BY id');
    for (const line of reported) {
      expect(message.get(line.message_id), line.message_id).toBe('processed');
      const stored = memories.all(line.message_id) as { id: string; content: string }[];
      expect(stored).toEqual(line.memories.map((m) => ({ id: m.id, content: m.content })).sort((a, b) => a.id.localeCompare(b.id)));
    }
  } finally {
    db.close();
  }
}

function lines(n: number, tag: string): string {
  return ndjson(
    Array.from({ length: n }, (_, i) => ({
      message: `${tag} note ${i}: I moved the ${['piano', 'sofa', 'lamp', 'desk', 'plant'][i % 5]} to room ${i}`,
      source: `${tag}:${i}`,
      ...(i % 7 === 0 ? { session: `s${i % 3}` } : {}),
    })),
  );
}

describe('SIGKILL during remember --batch', () => {
  it(
    'raw extractor: integrity, reported messages present, re-runs never duplicate',
    async () => {
      const n = size(10_000, 1_000);
      const kills = size(20, 5);
      const input = lines(n, 'crash');
      const args = ['remember', '--batch', '--extractor', 'raw', '--on-conflict', 'create_new', '--format', 'ndjson'];
      let survived = 0;
      let committedUnreported = 0;
      const started = performance.now();
      for (const moment of killMoments(n, kills, 20240819)) {
        const { reported } = await runAndKill(args, home.env, input, moment);
        expect(reported.length).toBeGreaterThanOrEqual(moment);
        checkIntegrity(home.dbPath());
        verifyReported(home.dbPath(), reported);
        const facts = storeFacts(home.dbPath());
        expect(facts).toMatchObject({ pending: 0, duplicateSources: 0, badHistory: 0, orphans: 0 });
        expect(facts.memories).toBe(facts.messages);
        expect(facts.messages).toBeGreaterThanOrEqual(reported.length);
        committedUnreported += facts.messages - reported.length;
        survived++;
      }
      const before = storeFacts(home.dbPath()).messages;
      const final = await harmonia(args, home.env, input, TIMEOUT);
      expect(final.stderr).toBe('');
      expect(final.exitCode).toBe(0);
      const out = final.stdout.trim().split('\n').map((l) => JSON.parse(l) as Output);
      expect(out).toHaveLength(n);
      expect(out.filter((o) => o.already_remembered)).toHaveLength(before);
      expect(storeFacts(home.dbPath())).toEqual({
        messages: n,
        processed: n,
        pending: 0,
        memories: n,
        duplicateSources: 0,
        badHistory: 0,
        orphans: 0,
      });
      checkIntegrity(home.dbPath());
      figure('crash', `SIGKILLs survived (raw, ${n}-line batch)`, `${survived}/${kills}`);
      figure('crash', 'messages committed but unprinted when killed', `${committedUnreported} messages (kept, not duplicated)`);
      figure('crash', 'kill rounds + final run', `${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    TIMEOUT,
  );

  it(
    'ollama extractor: a kill between storing the message (pending) and its memories never duplicates on re-run',
    async () => {
      const n = size(300, 60);
      const kills = size(8, 3);
      server = await startOllamaServer({
        chat: (request: { messages: { content: string }[] }) => {
          const text = request.messages.at(-1)!.content;
          return reply.slow(15, reply.memories([{ content: `User said: ${text}`, type: 'episodic', category: 'conversation' }]));
        },
      });
      home.config({ ollama: { timeoutMs: 20_000, concurrency: 4 } });
      const env = { ...home.env, OLLAMA_HOST: server.url };
      const input = lines(n, 'llm');
      const args = ['remember', '--batch', '--extractor', 'ollama', '--on-conflict', 'create_new', '--format', 'ndjson'];
      let pendingSeen = 0;
      for (const moment of killMoments(n, kills, 7)) {
        const { reported } = await runAndKill(args, env, input, moment);
        checkIntegrity(home.dbPath());
        verifyReported(home.dbPath(), reported);
        const facts = storeFacts(home.dbPath());
        expect(facts).toMatchObject({ duplicateSources: 0, badHistory: 0, orphans: 0 });
        expect(facts.memories).toBe(facts.processed);
        pendingSeen += facts.pending;
      }
      // The kills landed while messages were stored and their extraction in flight.
      expect(pendingSeen).toBeGreaterThan(0);
      const final = await harmonia(args, env, input, TIMEOUT);
      expect(final.stderr).toBe('');
      expect(final.exitCode).toBe(0);
      expect(storeFacts(home.dbPath())).toEqual({
        messages: n,
        processed: n,
        pending: 0,
        memories: n,
        duplicateSources: 0,
        badHistory: 0,
        orphans: 0,
      });
      const retry = await harmonia(['remember', '--retry', '--extractor', 'ollama', '--json'], env);
      expect(retry.exitCode).toBe(0);
      expect(JSON.parse(retry.stdout)).toEqual([]);
      figure('crash', `SIGKILLs between message and memories (ollama, ${n} lines)`, `${kills}/${kills} survived, ${pendingSeen} pending messages resumed`);
    },
    TIMEOUT,
  );
});

/** A complete export document of n memories (with source messages and history), as `harmonia export` writes it. */
function exportDocument(n: number): string {
  const at = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
  const records = Array.from({ length: n }, (_, i) => {
    const id = i.toString(36).padStart(10, '0');
    const content = `Imported fact ${i}: the ${['heron', 'otter', 'badger', 'lynx'][i % 4]} visits pond ${i}`;
    return {
      id: `mem_${id}`,
      user: 'tester',
      content,
      type: 'episodic',
      category: 'conversation',
      confidence: 1,
      status: i % 50 === 0 ? 'archived' : 'active',
      entities: [],
      event_at: null,
      event_end: null,
      event_grain: null,
      event_text: null,
      created_at: at(i),
      updated_at: at(i),
      last_seen_at: at(i),
      version: 1,
      source: { message_id: `msg_${id}`, ref: `import:${i}`, session: null },
      message: {
        id: `msg_${id}`, content, at: at(i), tz: 'UTC', session: null, source: `import:${i}`, status: 'processed',
        extractor: 'raw', error: null, attempts: 1, created_at: at(i), processed_at: at(i),
      },
      history: [{ version: 1, action: 'created', at: at(i), actor: 'extractor:raw', reason: null, conflict_id: null, before: null, after: { content } }],
    };
  });
  return JSON.stringify({ format: 'harmonia-export', version: 1, user: 'tester', exported_at: at(n), memories: records }, null, 1);
}

/** Waits until `condition` holds or the child has exited; true when it held first. */
async function until(condition: () => boolean, exited: () => boolean): Promise<boolean> {
  for (;;) {
    if (condition()) return true;
    if (exited()) return false;
    await tick();
  }
}

describe('SIGKILL during import and export -o', () => {
  it(
    'import: integrity after each kill, what was imported is whole, re-running imports the rest without duplicates',
    async () => {
      const n = size(30_000, 3_000);
      const kills = size(20, 5);
      const file = join(home.dir, 'export.json');
      writeFileSync(file, exportDocument(n));
      const args = ['-u', 'copy', 'import', file, '--json'];
      const path = home.dbPath('copy');
      let survived = 0;
      let finishedFirst = 0;
      for (const moment of killMoments(n, kills, 31337)) {
        const watched = new Watched(spawnHarmonia(args, home.env));
        watched.child.stdin!.end();
        let db: Database.Database | null = null;
        const exited = () => watched.child.exitCode !== null;
        // Kill once the file holds at least `moment` memories: the import is then inside a later batch.
        const reached = await until(() => {
          if (!db) {
            if (!existsSync(path)) return false;
            try {
              db = openDb(path);
            } catch {
              return false;
            }
          }
          try {
            return (db.prepare('SELECT count(*) FROM memories').pluck().get() as number) >= moment;
          } catch {
            return false; // the schema is being created
          }
        }, exited);
        (db as Database.Database | null)?.close();
        if (reached && !exited()) watched.child.kill('SIGKILL');
        else finishedFirst++;
        await watched.exited;
        checkIntegrity(path);
        const facts = storeFacts(path);
        expect(facts).toMatchObject({ duplicateSources: 0, badHistory: 0, orphans: 0, pending: 0 });
        expect(facts.messages).toBe(facts.memories);
        survived++;
      }
      const before = storeFacts(path).memories;
      const final = await harmonia(args, home.env, undefined, TIMEOUT);
      expect(final.exitCode, final.stderr).toBe(0);
      expect(JSON.parse(final.stdout)).toMatchObject({ imported: n - before, existing: before, invalid: 0 });
      expect(storeFacts(path)).toEqual({ messages: n, processed: n, pending: 0, memories: n, duplicateSources: 0, badHistory: 0, orphans: 0 });
      checkIntegrity(path);
      // Lossless: the copy exports the same records as the file it came from.
      const copy = await harmonia(['-u', 'copy', 'export', '--format', 'ndjson', '--include-history'], home.env, undefined, TIMEOUT);
      const original = JSON.parse(readFileSync(file, 'utf8')).memories as { id: string; content: string; status: string }[];
      const exported = copy.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; content: string; status: string });
      const byId = new Map(exported.map((r) => [r.id, r]));
      expect(byId.size).toBe(n);
      for (const record of original) expect(byId.get(record.id)).toMatchObject({ content: record.content, status: record.status });
      figure('crash', `SIGKILLs survived (import of ${n} memories)`, `${survived}/${kills}${finishedFirst ? ` (${finishedFirst} finished before the kill)` : ''}`);
    },
    TIMEOUT,
  );

  it(
    'export -o: the target is always the previous complete file or the new complete one, never half a file',
    async () => {
      const n = size(30_000, 3_000);
      const kills = size(20, 5);
      const file = join(home.dir, 'seed.json');
      writeFileSync(file, exportDocument(n));
      expect((await harmonia(['import', file], home.env, undefined, TIMEOUT)).exitCode).toBe(0);
      const target = join(home.dir, 'out', 'backup.json');
      const args = ['export', '-o', target, '--include-history'];
      await import('node:fs').then((fs) => fs.mkdirSync(dirname(target)));
      const first = await harmonia(args, home.env, undefined, TIMEOUT);
      expect(first.exitCode, first.stderr).toBe(0);
      const previous = readFileSync(target);
      const size0 = previous.length;
      const random = seeded(4242);
      const temps = (): string[] => readdirSync(dirname(target)).filter((f) => f.startsWith(`.${basename(target)}.`) && f.endsWith('.tmp'));
      let killed = 0;
      let finishedFirst = 0;
      for (let round = 0; round < kills; round++) {
        const leftovers = new Set(temps());
        const fraction = 0.02 + random() * 0.96;
        const watched = new Watched(spawnHarmonia(args, home.env));
        watched.child.stdin!.end();
        const exited = () => watched.child.exitCode !== null;
        // Kill once the temporary file holds `fraction` of a full export.
        const reached = await until(() => {
          const temp = temps().find((f) => !leftovers.has(f));
          if (!temp) return false;
          try {
            return statSync(join(dirname(target), temp)).size >= fraction * size0;
          } catch {
            return false;
          }
        }, exited);
        // A reader at this moment sees a whole file.
        expect(JSON.parse(readFileSync(target, 'utf8')).memories).toHaveLength(n);
        if (reached && !exited()) {
          watched.child.kill('SIGKILL');
          killed++;
        } else finishedFirst++;
        await watched.exited;
        const after = readFileSync(target);
        if (!after.equals(previous)) {
          const doc = JSON.parse(after.toString('utf8')) as { format: string; memories: unknown[] };
          expect(doc.format).toBe('harmonia-export');
          expect(doc.memories).toHaveLength(n);
        }
      }
      expect(killed).toBeGreaterThan(0);
      const leftover = temps().length;
      figure('crash', `SIGKILLs during export -o (${n} memories, ${(size0 / 1024 / 1024).toFixed(1)} MB)`, `${killed} killed mid-write${finishedFirst ? `, ${finishedFirst} finished first` : ''}; target always complete`);
      figure('crash', 'temporary files left next to the target by SIGKILL', leftover);
    },
    TIMEOUT,
  );
});
