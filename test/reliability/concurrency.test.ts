/**
 * Concurrent writers on one user file (SPEC section 6): WAL, a busy timeout and BEGIN IMMEDIATE for every
 * read-modify-write transaction, so several processes writing at once all succeed; a clear exit 5 only when the
 * lock is held past the timeout.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkIntegrity,
  figure,
  FULL,
  harmonia,
  isCleanError,
  makeHome,
  ndjson,
  openDb,
  printFigures,
  seeded,
  size,
  snapshotStore,
  storeFacts,
  type Home,
} from './harness.js';

/**
 * Every message becomes its own memory: conflict detection still runs (and records conflicts, concurrently too) but
 * `create_new` keeps similar notes apart, so the counts below are exact. The default policy has its own test.
 */
const WRITE = ['remember', '--extractor', 'raw', '--on-conflict', 'create_new'];
const WRITERS = 8;
const PER_WRITER = size(250, 40);
const TIMEOUT = FULL ? 600_000 : 180_000;

let home: Home;
beforeEach(() => {
  home = makeHome();
});
afterEach(() => home.cleanup());
afterAll(() => printFigures());

interface Output {
  message_id: string;
  memories: { id: string; content: string; action: string; version: number }[];
  already_remembered?: boolean;
}

function batchFor(writer: number, count: number, tag = 'w'): string {
  return ndjson(
    Array.from({ length: count }, (_, i) => ({
      message: `Writer ${writer} says note ${i}: the ${['red', 'green', 'blue', 'amber'][i % 4]} kite flew over hill ${writer * 1000 + i}`,
      source: `${tag}${writer}:${i}`,
    })),
  );
}

const READS = [
  ['search', 'kite hill', '--limit', '5', '--json'],
  ['list', '--limit', '5', '--json'],
  ['search', 'amber OR "blue kite"', '--json'],
];

/** Readers search and list in a loop until `stop` is set; returns how many reads ran (failures are collected). */
async function readLoop(env: Record<string, string>, stop: { done: boolean }, failures: string[]): Promise<number> {
  let reads = 0;
  while (!stop.done) {
    const args = READS[reads % READS.length]!;
    const result = await harmonia(args, env);
    if (result.exitCode !== 0 || result.stderr !== '') failures.push(`${args[0]} exit ${result.exitCode}: ${result.stderr}`);
    else if (!Array.isArray(JSON.parse(result.stdout))) failures.push(`${args[0]} printed ${result.stdout.slice(0, 80)}`);
    reads++;
  }
  return reads;
}

describe('concurrent writers on one user file', () => {
  it(
    `${WRITERS} processes each remembering ${PER_WRITER} messages at once, with readers in between: all stored, no error, history consistent`,
    async () => {
      const started = performance.now();
      const stop = { done: false };
      const readFailures: string[] = [];
      // The writers start together on a file that does not exist yet: creation and migration race too.
      const writers = Array.from({ length: WRITERS }, (_, w) =>
        harmonia([...WRITE, '--batch', '--format', 'ndjson'], home.env, batchFor(w, PER_WRITER), TIMEOUT),
      );
      const readers = [readLoop(home.env, stop, readFailures), readLoop(home.env, stop, readFailures)];
      const results = await Promise.all(writers);
      const seconds = (performance.now() - started) / 1000;
      stop.done = true;
      const reads = (await Promise.all(readers)).reduce((a, b) => a + b, 0);

      for (const [w, result] of results.entries()) {
        expect(result.stderr, `writer ${w} stderr`).toBe('');
        expect(result.exitCode, `writer ${w}`).toBe(0);
        const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Output);
        expect(lines).toHaveLength(PER_WRITER);
        for (const line of lines) {
          expect(line.memories).toHaveLength(1);
          expect(line.memories[0]!.action).toBe('created');
          expect(line.memories[0]!.version).toBe(1);
        }
      }
      expect(readFailures).toEqual([]);

      const total = WRITERS * PER_WRITER;
      const facts = storeFacts(home.dbPath());
      expect(facts).toEqual({
        messages: total,
        processed: total,
        pending: 0,
        memories: total,
        duplicateSources: 0,
        badHistory: 0,
        orphans: 0,
      });
      checkIntegrity(home.dbPath());
      const listed = await harmonia(['list', '--all', '--json'], home.env);
      const contents = new Set((JSON.parse(listed.stdout) as { content: string }[]).map((m) => m.content));
      expect(contents.size).toBe(total);
      for (let w = 0; w < WRITERS; w++) expect(contents).toContain(`Writer ${w} says note 0: the red kite flew over hill ${w * 1000}`);

      // How interleaved the writers really were: writer changes between consecutive commits.
      const db = openDb(home.dbPath());
      const order = db.prepare('SELECT source FROM messages ORDER BY seq').pluck().all() as string[];
      db.close();
      const switches = order.filter((source, i) => i > 0 && source.split(':')[0] !== order[i - 1]!.split(':')[0]).length;
      figure('concurrency', `${WRITERS} writers x ${PER_WRITER} messages (raw)`, `${total} stored in ${seconds.toFixed(1)} s`);
      figure('concurrency', 'writer switches between consecutive commits', switches);
      figure('concurrency', 'throughput with 8 writers + 2 readers', `${Math.round(total / seconds)} messages/s`);
      figure('concurrency', 'reads between writes (search, list)', `${reads}, 0 failed`);
      figure('concurrency', 'errors surfaced', 0);
    },
    TIMEOUT,
  );

  it(
    `${WRITERS} processes each remembering ${PER_WRITER} messages with the rules extractor at once: all processed, every reported memory stored`,
    async () => {
      const random = seeded(99);
      const syllables = ['ka', 'zu', 'mi', 'tor', 'vel', 'quo', 'rin', 'bax', 'lem', 'sif', 'dru', 'wen'];
      const name = (): string => {
        const n = Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
        return n[0]!.toUpperCase() + n.slice(1);
      };
      const templates = [
        () => `I have a dog called ${name()}`,
        () => `My brother ${name()} likes chess`,
        () => `I work at ${name()} Labs`,
        () => `hello there, how are you today?`,
      ];
      const inputs = Array.from({ length: WRITERS }, (_, w) =>
        ndjson(Array.from({ length: PER_WRITER }, (_, i) => ({ message: templates[i % templates.length]!(), source: `rules${w}:${i}` }))),
      );
      const started = performance.now();
      const results = await Promise.all(
        inputs.map((input) => harmonia(['remember', '--extractor', 'rules', '--on-conflict', 'create_new', '--batch', '--format', 'ndjson'], home.env, input, TIMEOUT)),
      );
      const seconds = (performance.now() - started) / 1000;
      const reported: Output[] = [];
      for (const result of results) {
        expect(result.stderr).toBe('');
        expect(result.exitCode).toBe(0);
        reported.push(...result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Output));
      }
      const total = WRITERS * PER_WRITER;
      expect(reported).toHaveLength(total);
      const created = reported.flatMap((r) => r.memories.filter((m) => m.action === 'created'));
      expect(created.length).toBeGreaterThan(total / 2);
      expect(storeFacts(home.dbPath())).toMatchObject({
        messages: total,
        processed: total,
        pending: 0,
        memories: created.length,
        duplicateSources: 0,
        badHistory: 0,
      });
      const db = openDb(home.dbPath());
      const content = db.prepare('SELECT content FROM memories WHERE id = ?').pluck();
      for (const m of created) expect(content.get(m.id)).toBe(m.content);
      db.close();
      checkIntegrity(home.dbPath());
      figure('concurrency', `${WRITERS} writers x ${PER_WRITER} messages (rules)`, `${created.length} memories from ${total} messages in ${seconds.toFixed(1)} s`);
    },
    TIMEOUT,
  );

  it(
    'the same batch run by 4 processes at once is remembered once (the duplicate check holds under concurrency)',
    async () => {
      const count = size(200, 40);
      const input = batchFor(0, count, 'same');
      const results = await Promise.all(
        Array.from({ length: 4 }, () => harmonia([...WRITE, '--batch', '--format', 'ndjson'], home.env, input, TIMEOUT)),
      );
      let created = 0;
      for (const result of results) {
        expect(result.stderr).toBe('');
        expect(result.exitCode).toBe(0);
        const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Output);
        expect(lines).toHaveLength(count);
        created += lines.filter((l) => !l.already_remembered).length;
      }
      expect(created).toBe(count);
      expect(storeFacts(home.dbPath())).toMatchObject({ messages: count, memories: count, duplicateSources: 0, badHistory: 0, orphans: 0 });
      figure('concurrency', '4 processes running the same batch', `${count} lines stored once`);
    },
    TIMEOUT,
  );

  it(
    'the default conflict policy under concurrency: the same facts from 8 processes at once are stored once each',
    async () => {
      const facts = size(40, 12);
      const random = seeded(42);
      const syllables = ['ka', 'zu', 'mi', 'tor', 'vel', 'quo', 'rin', 'bax', 'lem', 'sif', 'dru', 'wen'];
      const word = (): string => Array.from({ length: 3 }, () => syllables[Math.floor(random() * syllables.length)]).join('');
      // Unrelated made-up sentences: the only conflict between them is the exact duplicate from another writer.
      const texts = Array.from({ length: facts }, (_, i) => `${word()} ${word()} ${i} ${word()} ${word()}`);
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) =>
          harmonia(
            ['remember', '--extractor', 'raw', '--batch', '--format', 'ndjson'],
            home.env,
            ndjson(texts.map((message, i) => ({ message, source: `fact${w}:${i}` }))),
            TIMEOUT,
          ),
        ),
      );
      const actions = new Map<string, string[]>();
      for (const result of results) {
        expect(result.stderr).toBe('');
        expect(result.exitCode).toBe(0);
        for (const line of result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Output)) {
          for (const m of line.memories) actions.set(m.content, [...(actions.get(m.content) ?? []), m.action]);
        }
      }
      for (const text of texts) {
        const seen = actions.get(text) ?? [];
        expect(seen.filter((a) => a === 'created'), text).toHaveLength(1);
        expect(seen.filter((a) => a !== 'created').every((a) => a === 'skipped'), seen.join(',')).toBe(true);
      }
      const db = openDb(home.dbPath());
      const active = db.prepare("SELECT content, count(*) AS n FROM memories WHERE status = 'active' GROUP BY content").all() as { content: string; n: number }[];
      db.close();
      expect(active.map((r) => r.content).sort()).toEqual([...texts].sort());
      expect(active.every((r) => r.n === 1)).toBe(true);
      expect(storeFacts(home.dbPath())).toMatchObject({ messages: facts * WRITERS, pending: 0, memories: facts, badHistory: 0 });
      checkIntegrity(home.dbPath());
      figure('concurrency', `${WRITERS} writers x the same ${facts} facts (default policy)`, `${facts} memories, ${facts * (WRITERS - 1)} duplicates skipped`);
    },
    TIMEOUT,
  );

  it(
    'one-shot remember processes racing (open, migrate, write, close) all succeed',
    async () => {
      const rounds = size(12, 4);
      const started = performance.now();
      const workers = Array.from({ length: WRITERS }, async (_, w) => {
        const failures: string[] = [];
        for (let i = 0; i < rounds; i++) {
          const result = await harmonia([...WRITE, '--source', `one${w}:${i}`, `one-shot ${w}/${i}`], home.env);
          if (result.exitCode !== 0 || result.stderr !== '') failures.push(`${w}/${i}: exit ${result.exitCode} ${result.stderr}`);
        }
        return failures;
      });
      const failures = (await Promise.all(workers)).flat();
      const seconds = (performance.now() - started) / 1000;
      expect(failures).toEqual([]);
      expect(storeFacts(home.dbPath())).toMatchObject({ messages: WRITERS * rounds, memories: WRITERS * rounds, badHistory: 0, orphans: 0 });
      checkIntegrity(home.dbPath());
      figure('concurrency', `${WRITERS} x ${rounds} one-shot processes`, `${WRITERS * rounds} stored in ${seconds.toFixed(1)} s`);
    },
    TIMEOUT,
  );
});

describe('a write lock held by another process', () => {
  async function seed(): Promise<void> {
    const seeded = await harmonia(['remember', '--extractor', 'raw', 'I keep my bike in the shed'], home.env);
    expect(seeded.exitCode).toBe(0);
  }

  it('past storage.busyTimeoutMs: exit 5 with a one-line "locked" error, nothing half-written', async () => {
    await seed();
    const id = (JSON.parse((await harmonia(['list', '--json'], home.env)).stdout) as { id: string }[])[0]!.id;
    const backup = join(home.dir, 'backup.json');
    expect((await harmonia(['export', '-o', backup], home.env)).exitCode).toBe(0);
    expect((await harmonia(['rm', '--purge', id], home.env)).exitCode).toBe(0);
    await seed();
    const id2 = (JSON.parse((await harmonia(['list', '--json'], home.env)).stdout) as { id: string }[])[0]!.id;
    home.config({ storage: { busyTimeoutMs: 300 } });
    const before = await snapshotStore(home);
    const holder = openDb(home.dbPath());
    holder.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const single = await harmonia(['remember', '--extractor', 'raw', 'I have a cat called Miso'], home.env);
      const waited = performance.now() - started;
      expect(single.exitCode).toBe(5);
      expect(single.stdout).toBe('');
      expect(single.stderr).toMatch(/^harmonia: database .*tester\.db is locked by another process\nhint: .*busyTimeoutMs.*\n$/);
      expect(isCleanError(single.stderr)).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(300);

      const batch = await harmonia(
        ['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson', '--json'],
        home.env,
        ndjson([{ message: 'first' }, { message: 'second' }]),
      );
      expect(batch.exitCode).toBe(5);
      expect(batch.stdout).toBe('');
      expect(batch.stderr.split('\n')[0]).toMatch(/^harmonia: database .* is locked by another process$/);
      expect(batch.stderr).toContain('{"error":{"code":"locked"');
      expect(isCleanError(batch.stderr)).toBe(true);

      // Every other writing command fails the same way.
      for (const args of [['rm', id2], ['rm', '--purge', id2], ['rm', '--all', '--yes'], ['import', backup], ['remember', '--extractor', 'rules', 'I live in Lisbon']]) {
        const result = await harmonia(args, home.env);
        expect(result.exitCode, args.join(' ')).toBe(5);
        expect(result.stderr.split('\n')[0], args.join(' ')).toMatch(/^harmonia: database .* is locked by another process$/);
        expect(isCleanError(result.stderr)).toBe(true);
      }

      // Readers are never blocked by a writer (WAL).
      const listed = await harmonia(['list', '--json'], home.env);
      expect(listed.exitCode).toBe(0);
      expect(JSON.parse(listed.stdout)).toHaveLength(1);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await snapshotStore(home)).toBe(before);
    checkIntegrity(home.dbPath());
  });

  it('released within the busy timeout: the writer waits and succeeds', async () => {
    await seed();
    home.config({ storage: { busyTimeoutMs: 20_000 } });
    const holder = new Database(home.dbPath());
    holder.exec('BEGIN IMMEDIATE');
    holder.prepare("UPDATE messages SET attempts = attempts WHERE 0").run();
    const release = setTimeout(() => {
      holder.exec('COMMIT');
    }, 1_500);
    try {
      const started = performance.now();
      const result = await harmonia(['remember', '--extractor', 'raw', '--json', 'I have a cat called Miso'], home.env);
      const waited = performance.now() - started;
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(waited).toBeGreaterThanOrEqual(1_000);
      figure('concurrency', 'writer waiting on a lock held 1.5 s', `succeeded after ${(waited / 1000).toFixed(1)} s`);
    } finally {
      clearTimeout(release);
      if (holder.inTransaction) holder.exec('COMMIT');
      holder.close();
    }
    expect(storeFacts(home.dbPath())).toMatchObject({ messages: 2, memories: 2, badHistory: 0 });
  });
});
