import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { classify } from '../../src/core/conflicts/classify.js';
import { ConflictDetector } from '../../src/core/conflicts/detect.js';
import { parseFact } from '../../src/core/conflicts/facts.js';
import { hasFactKeys, lookupKeys, memoryKeys } from '../../src/core/conflicts/keys.js';
import { recordCreation } from '../../src/core/history.js';
import { newId } from '../../src/core/ids.js';
import { TURN_CATEGORY, type Memory } from '../../src/core/memory.js';
import { userDbPath } from '../../src/config/paths.js';
import { extractFacts } from '../../src/extract/rules.js';
import { hashFactKey } from '../../src/store/fact-keys.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { memoryValues, MEMORY_WRITE_COLUMNS } from '../../src/store/memory-repository.js';
import { openUserStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';
import { freshStorePerTest } from '../helpers/store.js';

/** The fact keys of the labelled sentences as migration 5 gives them (see the last test). */
const FINGERPRINT = 1075437136278337;

const fixture = (name: string) =>
  readFileSync(join(__dirname, '..', 'fixtures', name), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { existing: string; candidate: string });

const shares = (candidate: string, existing: string): boolean => {
  const wanted = new Set(lookupKeys(parseFact(candidate)));
  return memoryKeys(parseFact(existing)).some((key) => wanted.has(key));
};

describe('fact keys (what a memory says, as index keys)', () => {
  it('a candidate with frames shares a key with every memory the rules relate it to', () => {
    // Every sentence of the labelled pairs, and the facts the rules extractor writes for a few chat lines.
    const sentences = new Set<string>();
    for (const pair of [...fixture('conflict-pairs.jsonl'), ...fixture('conflict-pairs-holdout.jsonl')]) sentences.add(pair.existing).add(pair.candidate);
    const chat = ['My sister Anna is a nurse in Boston', 'I have two cats and a parrot', "I'm vegan now", 'We moved to Lisbon last year', 'Biggie hates the vacuum'];
    for (const line of chat) for (const c of extractFacts(line, { referenceTime: new Date('2024-08-20T10:00:00Z'), timeZone: 'UTC' })) sentences.add(c.content);
    const facts = [...sentences].map((text) => ({ text, fact: parseFact(text) }));
    let related = 0;
    const missed: string[] = [];
    for (const a of facts) {
      if (a.fact.frames.length === 0) continue; // related by words alone: the full-text index finds those
      const wanted = new Set(lookupKeys(a.fact));
      for (const b of facts) {
        if (a === b || !classify(a.fact, b.fact)) continue;
        related++;
        if (!memoryKeys(b.fact).some((key) => wanted.has(key))) missed.push(`${a.text} / ${b.text}`);
      }
    }
    expect(related).toBeGreaterThan(500);
    expect(missed).toEqual([]);
  });

  it('finds the home from a move, a class from a possession and back, a value among an attribute\'s, and names', () => {
    expect(shares('User moved to Austin', 'User lives in Denver')).toBe(true);
    expect(shares('User has no pets', 'User has a dog called Biggie')).toBe(true);
    expect(shares('User has a dog called Biggie', 'User has no pets')).toBe(true);
    expect(shares('User is vegetarian', 'User loves steak')).toBe(true);
    expect(shares('User loves pizza', 'User likes pizza')).toBe(true);
    expect(shares('Biggie loves his yellow ball', 'User has a dog called Biggie')).toBe(true);
    expect(shares('User lives in Denver', 'User likes jazz')).toBe(false);
  });

  it('gives keys to active facts only, not to verbatim chat turns', () => {
    expect(hasFactKeys({ status: 'active', type: 'personal', category: 'identity/name' })).toBe(true);
    expect(hasFactKeys({ status: 'active', type: 'episodic', category: 'events' })).toBe(true);
    expect(hasFactKeys({ status: 'archived', type: 'personal', category: 'identity/name' })).toBe(false);
    expect(hasFactKeys({ status: 'active', type: 'episodic', category: TURN_CATEGORY })).toBe(false);
  });
});

const fresh = freshStorePerTest('harmonia-keys-');
let dir: string;
let store: SqliteStore;
beforeEach(() => {
  ({ dir, store } = fresh);
});

function insert(overrides: Partial<Memory>): Memory {
  const memory = makeMemory({ id: newId('mem'), entities: [], type: 'personal', ...overrides });
  store.write(() => {
    store.memories.insert(memory);
    recordCreation(store, memory, { actor: 'test', at: memory.createdAt });
  });
  return memory;
}

/** The keys memory_keys holds for a memory. */
function keysOf(id: string): number[] {
  return store.db
    .prepare('SELECT k.key FROM memory_keys k JOIN memories m ON m.seq = k.seq WHERE m.id = ? ORDER BY k.key')
    .pluck()
    .all(id) as number[];
}

/** The hashes memory_keys holds for a text, in the order keysOf reads them. */
const expected = (content: string, entities: string[] = []) => memoryKeys(parseFact(content, entities)).map(hashFactKey).sort((a, b) => a - b);

describe('memory_keys (kept by triggers)', () => {
  it('holds the keys of active facts through insert, update, archive, restore and erase', () => {
    const m = insert({ content: 'User lives in Denver', category: 'location/home' });
    expect(keysOf(m.id)).toEqual(expected('User lives in Denver'));
    const at = new Date().toISOString();
    const moved = store.write(() => store.memories.update(m.id, { content: 'User lives in Austin' }, at, m));
    expect(keysOf(m.id)).toEqual(expected('User lives in Austin'));
    const archived = store.write(() => store.memories.update(m.id, { status: 'archived' }, at, moved));
    expect(keysOf(m.id)).toEqual([]);
    store.write(() => store.memories.update(m.id, { status: 'active' }, at, archived));
    expect(keysOf(m.id)).toEqual(expected('User lives in Austin'));
    store.write(() => store.db.prepare('DELETE FROM memories WHERE id = ?').run(m.id));
    expect(store.db.prepare('SELECT count(*) FROM memory_keys').pluck().get()).toBe(0);
  });

  it('gives a verbatim chat turn none, and one that becomes a fact its keys', () => {
    const turn = insert({ content: 'I live in Denver now', type: 'episodic', category: TURN_CATEGORY });
    expect(keysOf(turn.id)).toEqual([]);
    store.write(() => store.memories.update(turn.id, { category: 'location/home' }, new Date().toISOString(), turn));
    expect(keysOf(turn.id)).toEqual(expected('I live in Denver now'));
  });

  it('migration 5 computes the keys of the memories a store already has', () => {
    const path = userDbPath(dir, 'legacy');
    mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 4)) {
      db.exec(migration.sql);
      migration.run?.(db);
    }
    db.pragma('user_version = 4');
    const memories = [
      makeMemory({ id: newId('mem'), content: 'User has a dog called Biggie', entities: ['Biggie'] }),
      makeMemory({ id: newId('mem'), content: 'User likes jazz', entities: [], status: 'archived' }),
      makeMemory({ id: newId('mem'), content: 'hello there', entities: [], type: 'episodic', category: TURN_CATEGORY }),
    ];
    const insertRow = db.prepare(`INSERT INTO memories (${MEMORY_WRITE_COLUMNS.join(', ')}) VALUES (${MEMORY_WRITE_COLUMNS.map(() => '?').join(', ')})`);
    for (const m of memories) insertRow.run(memoryValues(m));
    db.close();
    openUserStore({ dataDir: dir, user: 'legacy', busyTimeoutMs: 1000, create: false })!.close();
    const reopened = new Database(path);
    const stored = reopened.prepare('SELECT m.id, k.key FROM memory_keys k JOIN memories m ON m.seq = k.seq ORDER BY k.key').all() as { id: string; key: number }[];
    reopened.close();
    expect(stored.map((r) => r.key)).toEqual(expected('User has a dog called Biggie', ['Biggie']));
    expect(new Set(stored.map((r) => r.id))).toEqual(new Set([memories[0]!.id]));
  });
});

describe('conflict detection through fact keys', () => {
  it('finds an old memory however many newer ones share its attribute, and the current value of a single one', () => {
    const pizza = insert({ content: 'User likes pizza', category: 'food/likes' });
    const home = insert({ content: 'User lives in Denver', category: 'location/home' });
    store.write(() => {
      for (let i = 0; i < 300; i++) {
        const m = makeMemory({ id: newId('mem'), content: `User likes dish number ${i}`, entities: [], category: 'food/likes' });
        store.memories.insert(m);
      }
    });
    const detector = new ConflictDetector();
    const candidate = (content: string) => makeMemory({ id: newId('mem'), content, entities: [], type: 'personal' });
    expect(store.read(() => detector.best(store, candidate('User loves pizza')))).toMatchObject({ existing: { id: pizza.id }, kind: 'duplicate' });
    expect(store.read(() => detector.best(store, candidate('User moved to Austin')))).toMatchObject({ existing: { id: home.id }, kind: 'update' });
  });

  it("a batch's held memories are found by key without being written out, newest first, as they are once written", () => {
    const older = insert({ content: 'User likes jazz' });
    const key = memoryKeys(parseFact('User likes jazz')).find((k) => k.startsWith('a\t'))!;
    store.db.exec('BEGIN IMMEDIATE');
    store.stage.begin();
    const held = [makeMemory({ id: newId('mem'), content: 'User likes blues', entities: [] }), makeMemory({ id: newId('mem'), content: 'User likes soul', entities: [] })];
    for (const m of held) store.write(() => store.memories.insert(m));
    const before = store.conflicts.withKeys([key], 2).map((n) => n.id);
    const all = store.conflicts.withKeys([key], 10).map((n) => n.id);
    expect(store.db.prepare('SELECT count(*) FROM memories').pluck().get()).toBe(1);
    expect(before).toEqual([held[1]!.id, held[0]!.id]);
    expect(all).toEqual([held[1]!.id, held[0]!.id, older.id]);
    store.stage.end();
    store.db.exec('COMMIT');
    expect(store.conflicts.withKeys([key], 2).map((n) => n.id)).toEqual(before);
    expect(store.conflicts.withKeys([key], 10).map((n) => n.id)).toEqual(all);
  });
});

describe('the keys stored memories have', () => {
  it('stay what they were: a change to them (or to the grammar) needs a migration that calls rebuildFactKeys', () => {
    // Stores keep the keys their memories were given, and a memory's old keys are found again from its text when it
    // changes. Keys worked out differently from then on would leave stored ones stale: when this fingerprint
    // changes on purpose, add a migration that runs rebuildFactKeys (store/migrations.ts), then record the new value.
    const sentences = new Set<string>();
    for (const pair of [...fixture('conflict-pairs.jsonl'), ...fixture('conflict-pairs-holdout.jsonl')]) sentences.add(pair.existing).add(pair.candidate);
    let fingerprint = 0;
    for (const text of [...sentences].sort()) fingerprint = hashFactKey(`${fingerprint} ${memoryKeys(parseFact(text)).join('|')}`);
    expect(fingerprint).toBe(FINGERPRINT);
  });
});
