import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../src/core/errors.js';
import { recordCreation } from '../../src/core/history.js';
import { newId } from '../../src/core/ids.js';
import type { Message } from '../../src/core/ports.js';
import type { SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';
import { freshStorePerTest } from '../helpers/store.js';

const fresh = freshStorePerTest('harmonia-stage-');
let store: SqliteStore;
beforeEach(() => {
  ({ store } = fresh);
});

function message(content: string, source: string | null = null): Message {
  const at = new Date().toISOString();
  return {
    id: newId('msg'), content, refAt: at, timeZone: 'UTC', session: null, source, status: 'processed', extractor: 'raw', error: null,
    attempts: 1, createdAt: at, processedAt: at,
  };
}

/** One line as the raw remember path writes it: message, memory, creation history. */
function line(content: string, options: { source?: string; fail?: boolean; then?: () => void } = {}): { messageId: string; memoryId: string } {
  return store.write(() => {
    const msg = message(content, options.source ?? null);
    store.messages.insert(msg);
    const memory = makeMemory({ content, source: { messageId: msg.id, ref: msg.source, session: null } });
    store.memories.insert(memory);
    recordCreation(store, memory, { actor: 'test', at: memory.createdAt });
    options.then?.();
    if (options.fail) throw new Error('this line is bad');
    return { messageId: msg.id, memoryId: memory.id };
  });
}

/** Row counts as the connection itself sees them now (held rows are not in the database yet). */
function stored(): { messages: number; memories: number; history: number; fts: number } {
  const count = (sql: string): number => store.db.prepare(sql).pluck().get() as number;
  return {
    messages: count('SELECT count(*) FROM messages'),
    memories: count('SELECT count(*) FROM memories'),
    history: count('SELECT count(*) FROM memory_history'),
    fts: count("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'lake OR river OR sea OR pond'"),
  };
}

/** Conflict detection's neighbour lookup for one word (ranked, no category). */
function neighbourIds(term: string): string[] {
  const query = { terms: [term], phrases: [], category: null, ftsLimit: 5, recentLimit: 5, categoryLimit: 0, commonAbove: 1000, commonShare: 0.5, commonFloor: 100 };
  return store.conflicts.nearest(query).map((n) => n.id);
}

/** After a group of a good line, a failed one and a good one: the good lines' rows, every one of them, in order. */
function expectOnlyTheGoodLines(): void {
  expect(store.memories.list({}, { sort: 'created', asc: true }).map((m) => m.content)).toEqual(['User swam in the lake', 'User fished in the pond']);
  expect(stored()).toEqual({ messages: 2, memories: 2, history: 2, fts: 2 });
}

function begin(): void {
  store.db.exec('BEGIN IMMEDIATE');
  store.stage.begin();
}

function commit(): void {
  store.stage.end();
  store.db.exec('COMMIT');
}

describe('WriteStage (a batch commit group holding its inserts back)', () => {
  it('holds the lines\' rows until the group ends, then writes them all, full-text index included', () => {
    begin();
    line('User swam in the lake');
    line('User rowed on the river');
    expect(stored()).toEqual({ messages: 0, memories: 0, history: 0, fts: 0 });
    commit();
    expect(stored()).toEqual({ messages: 2, memories: 2, history: 2, fts: 2 });
    store.db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
    expect(store.memories.list({}, { sort: 'created', asc: true }).map((m) => m.content)).toEqual(['User swam in the lake', 'User rowed on the river']);
  });

  it('writes any number of rows (the fixed statement sizes cover every count)', () => {
    begin();
    for (let i = 0; i < 343; i++) line(`User counted pebble ${i} by the lake`);
    commit();
    expect(stored()).toEqual({ messages: 343, memories: 343, history: 343, fts: 343 });
    const contents = store.memories.list({}, { sort: 'created', asc: true, limit: null }).map((m) => m.content);
    expect(contents[0]).toBe('User counted pebble 0 by the lake');
    expect(contents[342]).toBe('User counted pebble 342 by the lake');
  });

  it('lets the remember path\'s lookups see held rows: a message by id, its twin by source and text, the same text', () => {
    begin();
    const { messageId } = line('User swam in the LAKE', { source: 'chat:1' });
    expect(stored().messages).toBe(0);
    expect(store.messages.get(messageId)?.content).toBe('User swam in the LAKE');
    expect(store.messages.findDuplicate('chat:1', 'User swam in the LAKE')?.id).toBe(messageId);
    expect(store.messages.findDuplicate('chat:2', 'User swam in the LAKE')).toBeNull();
    // As SQLite's lower() compares: ASCII case only.
    expect(store.conflicts.sameText('user swam in the lake').map((m) => m.content)).toEqual(['User swam in the LAKE']);
    expect(stored().messages).toBe(0);
    commit();
    expect(store.conflicts.sameText('user swam in the lake')).toHaveLength(1);
  });

  it('writes held rows out before any other statement, so reads see them in program order', () => {
    begin();
    line('User swam in the lake');
    expect(store.memories.count({})).toBe(1);
    expect(stored().memories).toBe(1);
    commit();
    expect(stored().memories).toBe(1);
  });

  it('reads a memory by id from what it holds, or a stored one as its held refreshes leave it, writing nothing out', () => {
    const stale = store.memories.get(line('User sailed on the sea').memoryId)!;
    begin();
    const { memoryId } = line('User swam in the lake');
    const at = '2030-01-01T00:00:00.000Z';
    store.write(() => store.memories.update(stale.id, { lastSeenAt: at }, at, stale));
    const held = store.memories.get(memoryId)!;
    expect(held).toMatchObject({ id: memoryId, content: 'User swam in the lake', version: 1 });
    expect(store.memories.get(stale.id)).toMatchObject({ version: 2, lastSeenAt: at });
    expect(stored()).toMatchObject({ memories: 1, history: 1 });
    // A copy: changing it does not change what the stage holds.
    const entities = [...held.entities];
    held.entities.push('Lake');
    expect(store.memories.get(memoryId)?.entities).toEqual(entities);
    commit();
    expect(store.memories.get(memoryId)).toEqual({ ...held, entities });
    expect(store.memories.get(stale.id)).toMatchObject({ version: 2, lastSeenAt: at });
  });

  it('an update that names a stored memory leaves held rows held; one that names a held memory writes them out first', () => {
    const existing = store.memories.get(line('User sailed on the sea').memoryId)!;
    begin();
    line('User swam in the lake');
    expect(stored().memories).toBe(1);
    store.write(() => store.memories.update(existing.id, { category: 'hobbies/sailing' }, new Date().toISOString(), existing));
    expect(stored().memories).toBe(1);
    const { memoryId } = line('User rowed on the river');
    const held = store.conflicts.sameText('User rowed on the river')[0]!;
    expect(held.id).toBe(memoryId);
    store.write(() => store.memories.update(memoryId, { category: 'hobbies/rowing' }, new Date().toISOString(), held));
    expect(stored().memories).toBe(3);
    commit();
    expect(store.memories.get(existing.id)?.category).toBe('hobbies/sailing');
    expect(store.memories.get(memoryId)?.category).toBe('hobbies/rowing');
    expect(store.memories.get(memoryId)?.version).toBe(2);
  });

  it('holds refreshes (a duplicate seen again) back too; lookups and reads by id see the refreshed record', () => {
    const stale = store.memories.get(line('User sailed on the sea').memoryId)!;
    begin();
    const refresh = (at: string): void => {
      const [current] = store.conflicts.sameText('User sailed on the sea');
      store.write(() => store.memories.update(current!.id, { lastSeenAt: at, confidence: 1 }, at, current));
    };
    refresh('2030-01-01T00:00:00.000Z');
    refresh('2030-01-02T00:00:00.000Z');
    const unwritten = store.db.prepare('SELECT version, last_seen_at FROM memories WHERE id = ?').get(stale.id);
    expect(unwritten).toEqual({ version: 1, last_seen_at: stale.lastSeenAt });
    expect(store.conflicts.sameText('User sailed on the sea')[0]).toMatchObject({ version: 3, lastSeenAt: '2030-01-02T00:00:00.000Z', confidence: 1 });
    // Conflict detection's neighbour lookup reads nothing a refresh changes: the refreshes stay held.
    expect(neighbourIds('sea')).toEqual([stale.id]);
    expect(store.db.prepare('SELECT version FROM memories WHERE id = ?').pluck().get(stale.id)).toBe(1);
    // A line that refreshes and then fails leaves no refresh behind.
    expect(() =>
      store.write(() => {
        store.memories.update(stale.id, { lastSeenAt: '2031-01-01T00:00:00.000Z' }, '2031-01-01T00:00:00.000Z', store.conflicts.sameText('User sailed on the sea')[0]);
        throw new Error('this line is bad');
      }),
    ).toThrow('this line is bad');
    expect(store.conflicts.sameText('User sailed on the sea')[0]?.version).toBe(3);
    expect(store.memories.get(stale.id)).toMatchObject({ version: 3, lastSeenAt: '2030-01-02T00:00:00.000Z' });
    commit();
    expect(store.memories.get(stale.id)).toMatchObject({ version: 3, lastSeenAt: '2030-01-02T00:00:00.000Z', confidence: 1 });
  });

  it('a neighbour lookup writes held memories out first: a line sees the memories of the lines before it', () => {
    begin();
    const { memoryId } = line('User swam in the lake');
    expect(neighbourIds('lake')).toEqual([memoryId]);
    commit();
  });

  it('holds links between memories and writes them after the memories they join', () => {
    const { memoryId: old } = line('User sailed on the sea');
    begin();
    const { memoryId } = line('User swam in the lake');
    store.write(() => store.links.insert({ memoryA: old, memoryB: memoryId, kind: 'related', conflictId: null, createdAt: new Date().toISOString() }));
    expect(store.db.prepare('SELECT count(*) FROM memory_links').pluck().get()).toBe(0);
    commit();
    expect(store.links.forMemory(memoryId)).toMatchObject([{ memoryA: old, memoryB: memoryId, kind: 'related' }]);
  });

  it('a failed line that only held rows drops them and keeps the earlier lines\'', () => {
    begin();
    line('User swam in the lake');
    expect(() => line('User rowed on the river', { fail: true })).toThrow('this line is bad');
    expect(store.conflicts.sameText('User rowed on the river')).toEqual([]);
    line('User fished in the pond');
    commit();
    expectOnlyTheGoodLines();
  });

  it('a failed line that wrote held rows out rolls back to its savepoint; the earlier lines\' rows, written before it, stay', () => {
    begin();
    line('User swam in the lake');
    // Reading the store writes every held row out: the earlier line's before the failing line's savepoint, its own in it.
    expect(() => line('User rowed on the river', { fail: true, then: () => void store.memories.count({}) })).toThrow('this line is bad');
    expect(stored()).toEqual({ messages: 1, memories: 1, history: 1, fts: 1 });
    expect(store.conflicts.sameText('User swam in the lake')).toHaveLength(1);
    expect(store.conflicts.sameText('User rowed on the river')).toEqual([]);
    line('User fished in the pond');
    commit();
    expectOnlyTheGoodLines();
  });

  it('a failed line whose savepoint was open before it wrote held rows out holds the earlier lines\' rows again', () => {
    const existing = store.memories.get(line('User sailed on the sea').memoryId)!;
    begin();
    line('User swam in the lake');
    const failing = () =>
      line('User rowed on the river', {
        fail: true,
        then: () => {
          // An update of a stored memory opens the line's savepoint and writes nothing held out; the read after it
          // writes everything out inside the savepoint, the earlier line's rows too.
          store.memories.update(existing.id, { category: 'hobbies/sailing' }, new Date().toISOString(), existing);
          void store.memories.count({});
        },
      });
    expect(failing).toThrow('this line is bad');
    expect(stored()).toEqual({ messages: 1, memories: 1, history: 1, fts: 1 });
    expect(store.conflicts.sameText('User swam in the lake')).toHaveLength(1);
    line('User fished in the pond');
    commit();
    expect(store.memories.get(existing.id)?.category).toBe(existing.category);
    expect(store.memories.list({}, { sort: 'created', asc: true }).map((m) => m.content)).toEqual(['User sailed on the sea', 'User swam in the lake', 'User fished in the pond']);
    expect(stored()).toEqual({ messages: 3, memories: 3, history: 3, fts: 3 });
  });

  it('reads the conflict policy once per group; a change through the store, a line rolled back, or another connection\'s change before the next group is seen', () => {
    const at = new Date().toISOString();
    begin();
    expect(store.policies.list()).toEqual([]);
    expect(store.policies.list()).toBe(store.policies.list());
    store.write(() => store.policies.set({ scope: 'type', value: 'episodic', strategy: 'keep_both', updatedAt: at }));
    expect(store.policies.list().map((r) => r.strategy)).toEqual(['keep_both']);
    // A line that set a rule, read the rules and then failed leaves neither the rule nor its reading behind.
    expect(() =>
      store.write(() => {
        store.policies.set({ scope: 'category', value: 'music', strategy: 'ask', updatedAt: at });
        expect(store.policies.list()).toHaveLength(2);
        throw new Error('this line is bad');
      }),
    ).toThrow('this line is bad');
    expect(store.policies.list().map((r) => r.strategy)).toEqual(['keep_both']);
    commit();
    const other = new Database(store.path);
    other.prepare("INSERT INTO conflict_policy (scope, value, strategy, updated_at) VALUES ('default', '', 'ask', ?)").run(at);
    other.close();
    begin();
    expect(store.policies.list().map((r) => r.strategy)).toEqual(['ask', 'keep_both']);
    commit();
  });

  it('rows SQLite refuses at the end of the group are a storage failure, and nothing of the group is stored', () => {
    const { memoryId } = line('User sailed on the sea');
    begin();
    line('User swam in the lake');
    // A held memory whose id is taken: the group's INSERT fails as a whole.
    store.write(() => store.memories.insert(makeMemory({ id: memoryId, content: 'User dived in the sea' })));
    expect(() => store.stage.end()).toThrow(StorageError);
    store.stage.discard();
    store.db.exec('ROLLBACK');
    expect(stored()).toEqual({ messages: 1, memories: 1, history: 1, fts: 1 });
  });

  it('discarding the group drops what it held', () => {
    begin();
    line('User swam in the lake');
    store.stage.discard();
    store.db.exec('ROLLBACK');
    expect(store.stage.active).toBe(false);
    expect(stored()).toEqual({ messages: 0, memories: 0, history: 0, fts: 0 });
    expect(store.conflicts.sameText('User swam in the lake')).toEqual([]);
  });
});
