import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { CommitGroup } from '../../src/cli/commit-group.js';
import { recordCreation } from '../../src/core/history.js';
import { openUserStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';
import { freshStorePerTest } from '../helpers/store.js';

const fresh = freshStorePerTest('harmonia-group-');
let dir: string;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, store } = fresh);
});

function remember(content: string, fail = false): void {
  store.write(() => {
    const m = makeMemory({ content });
    store.memories.insert(m);
    recordCreation(store, m, { actor: 'test', at: m.createdAt });
    if (fail) throw new Error('this line is bad');
  });
}

/** What another connection sees: only committed rows. */
function committed(): string[] {
  const other = openUserStore({ dataDir: dir, user: 'tester', busyTimeoutMs: 1000, create: false })!;
  try {
    return other.memories.list({}, { sort: 'created', asc: true, limit: null }).map((m) => m.content);
  } finally {
    other.close();
  }
}

describe('CommitGroup', () => {
  it('commits several lines at once, a failed line rolled back alone, output printed only once stored', async () => {
    const printed: string[] = [];
    const group = new CommitGroup((text) => void printed.push(text));
    group.join(store);
    remember('one');
    group.hold('1\n');
    expect(() => remember('bad', true)).toThrow('this line is bad');
    remember('three');
    group.hold('3\n');
    expect(committed()).toEqual([]);
    expect(printed).toEqual([]);
    await group.commit();
    expect(committed()).toEqual(['one', 'three']);
    expect(printed).toEqual(['1\n3\n']);
    expect(group.open).toBe(false);
  });

  it('rolls back and prints nothing when the batch fails', async () => {
    const printed: string[] = [];
    const group = new CommitGroup((text) => void printed.push(text));
    group.join(store);
    remember('lost');
    group.hold('lost\n');
    group.rollback();
    expect(committed()).toEqual([]);
    expect(printed).toEqual([]);
    expect(store.db.inTransaction).toBe(false);
  });

  it('is due after maxLines lines or maxMs', () => {
    let now = 1000;
    const group = new CommitGroup(() => undefined, { maxLines: 2, maxMs: 50 }, () => now);
    expect(group.due).toBe(false);
    group.hold('a');
    expect(group.due).toBe(false);
    group.hold('b');
    expect(group.due).toBe(true);
    const aged = new CommitGroup(() => undefined, { maxLines: 100, maxMs: 50 }, () => now);
    aged.hold('a');
    now += 50;
    expect(aged.due).toBe(true);
  });
});

describe('remember --batch with group commit', () => {
  it('stores and prints each line before waiting for the next one from a slow writer', async () => {
    const env = { HARMONIA_HOME: dir, HARMONIA_USER: 'tester', HARMONIA_TZ: 'UTC', HARMONIA_CONFIG: join(dir, 'none.json') };
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.resume();
    const io: Io = { stdin, stdout, stderr, env, stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, columns: undefined, now: () => new Date() };
    const run = main(['remember', '--batch', '--extractor', 'raw', '--on-conflict', 'create_new', '--format', 'ndjson'], io);
    const waitFor = async (check: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(check()).toBe(true);
    };
    stdin.write(`${JSON.stringify({ message: 'first line', source: 's:1' })}\n`);
    await waitFor(() => out.split('\n').length === 2);
    expect(committed()).toContain('first line');
    stdin.write(`${JSON.stringify({ message: 'second line', source: 's:2' })}\n{"message": 5}\n`);
    await waitFor(() => out.split('\n').length === 3);
    expect(committed()).toEqual(['first line', 'second line']);
    stdin.end();
    expect(await run).toBe(2); // the bad third line
    expect(out.trim().split('\n')).toHaveLength(2);
  });
});
