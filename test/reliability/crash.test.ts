/**
 * Crashes: `remember --batch` killed with SIGKILL at seeded random moments. After every kill the file passes
 * `PRAGMA quick_check` and the FTS integrity check, every message reported on stdout before the kill is there with
 * its memories, and re-running the batch with the same sources stores nothing twice. Kill moments are chosen as
 * counts of output lines (deterministic), not wall-clock guesses.
 */
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
      const n = size(10_000, 2_000);
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
