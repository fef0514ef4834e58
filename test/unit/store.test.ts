import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, StorageError, UsageError } from '../../src/core/errors.js';
import { deleteMemories, purgeMemories, restoreMemory } from '../../src/core/lifecycle.js';
import { newId } from '../../src/core/ids.js';
import { recordCreation } from '../../src/core/history.js';
import { schemaVersion } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.js';
import { openInMemoryStore, openUserStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';

function insert(store: SqliteStore, ...overrides: Parameters<typeof makeMemory>[0][]): string[] {
  return store.write(() =>
    overrides.map((o) => {
      const m = makeMemory(o);
      store.memories.insert(m);
      recordCreation(store, m, { actor: 'test', at: m.createdAt });
      return m.id;
    }),
  );
}

function ftsIntegrity(store: SqliteStore): void {
  store.db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('memory repository (in memory)', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = openInMemoryStore('tester');
  });
  afterEach(() => store.close());

  it('round-trips every field as typed camelCase objects', () => {
    const m = makeMemory({
      eventAt: '2024-08-20T14:00:00-04:00',
      eventGrain: 'minute',
      eventText: 'tomorrow at 2pm',
      source: { messageId: null, ref: 'chat:1', session: 's1' },
      entities: ['Biggie', 'Costco'],
    });
    store.write(() => store.memories.insert(m));
    expect(store.memories.get(m.id)).toEqual(m);
  });

  it('resolves unique prefixes, reports ambiguous ones and unknown ids', () => {
    const [a, b] = insert(store, { id: newId('mem', Date.UTC(2020, 0, 1)) }, { id: newId('mem', Date.UTC(2021, 0, 1)) });
    expect(store.memories.resolveId(a!)).toBe(a);
    expect(store.memories.resolveId(a!.slice(0, 12))).toBe(a);
    expect(store.memories.resolveId(a!.slice(4).toUpperCase())).toBe(a);
    expect(() => store.memories.resolveId('mem_')).toThrow(UsageError);
    expect(() => store.memories.resolveId('mem_0')).toThrow(/ambiguous/);
    expect(() => store.memories.resolveId('mem_zzzz')).toThrow(NotFoundError);
    expect(() => store.memories.resolveId('../etc')).toThrow(NotFoundError);
    expect(b).not.toBe(a);
  });

  it('filters by type, category with children, status, times and confidence', () => {
    insert(
      store,
      { type: 'relational', category: 'pets/dogs', createdAt: '2024-01-01T00:00:00.000Z' },
      { type: 'relational', category: 'pets', createdAt: '2024-02-01T00:00:00.000Z' },
      { type: 'preference', category: 'petsitting', confidence: 0.4, createdAt: '2024-03-01T00:00:00.000Z' },
      { type: 'health', category: 'health/allergies', status: 'deleted', createdAt: '2024-04-01T00:00:00.000Z' },
      { type: 'temporal', category: 'events', eventAt: '2024-08-20T14:00:00-04:00', createdAt: '2024-05-01T00:00:00.000Z' },
    );
    const contents = (f: Parameters<typeof store.memories.list>[0]): string[] => store.memories.list(f).map((m) => m.category);
    expect(contents({ categories: ['pets'] })).toEqual(['pets', 'pets/dogs']);
    expect(contents({ types: ['preference'] })).toEqual(['petsitting']);
    expect(contents({ statuses: ['deleted'] })).toEqual(['health/allergies']);
    expect(contents({ minConfidence: 0.5 })).not.toContain('petsitting');
    expect(contents({ since: new Date('2024-02-01T00:00:00Z'), until: new Date('2024-03-01T00:00:00Z') })).toEqual(['pets']);
    expect(contents({ eventAfter: new Date('2024-08-20T18:00:00Z') })).toEqual(['events']);
    expect(contents({ eventAfter: new Date('2024-08-20T18:00:01Z') })).toEqual([]);
    expect(store.memories.count({})).toBe(4);
  });

  it('sorts and pages', () => {
    insert(store, { confidence: 0.5 }, { confidence: 0.9 }, { confidence: 0.7 });
    expect(store.memories.list({}, { sort: 'confidence' }).map((m) => m.confidence)).toEqual([0.9, 0.7, 0.5]);
    expect(store.memories.list({}, { sort: 'confidence', asc: true, limit: 1, offset: 1 }).map((m) => m.confidence)).toEqual([0.7]);
    const created = store.memories.list({}, { sort: 'created' });
    expect(created.map((m) => m.id)).toEqual([...created.map((m) => m.id)].sort().reverse());
  });

  it('keeps the full-text index in step on insert, update and delete', () => {
    const [id] = insert(store, { content: 'User loves his stuffed Costco chicken' });
    const match = (q: string): number => store.db.prepare('SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?').pluck().get(q) as number;
    expect(match('chicken')).toBe(1);
    store.write(() => store.memories.update(id!, { content: 'User loves his yellow ball' }, new Date().toISOString()));
    expect(match('chicken')).toBe(0);
    expect(match('ball')).toBe(1);
    ftsIntegrity(store);
    store.write(() => store.memories.purge(id!));
    expect(match('ball')).toBe(0);
    ftsIntegrity(store);
  });

  it('inserts many memories in a few statements exactly as one by one, full-text index included', () => {
    const many = Array.from({ length: 1203 }, (_, i) => makeMemory({ content: `User met friend number ${i} at the lake`, entities: [`F${i}`] }));
    store.write(() => store.memories.insertMany(many));
    expect(store.memories.count({})).toBe(1203);
    expect(store.memories.get(many[1202]!.id)).toEqual(many[1202]);
    expect(store.conflicts.sameText('user met friend number 700 at the lake').map((m) => m.id)).toEqual([many[700]!.id]);
    expect(store.db.prepare("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'lake'").pluck().get()).toBe(1203);
    ftsIntegrity(store);
    // One refused row refuses its statement: nothing of the call is left half-written inside the transaction.
    const clash = [makeMemory({ content: 'new one' }), { ...many[0]! }];
    expect(() => store.write(() => store.memories.insertMany(clash))).toThrow(/UNIQUE/);
    expect(store.memories.get(clash[0]!.id)).toBeNull();
  });

  it('writes a history row with every change, and soft delete / restore round-trip', () => {
    const [id] = insert(store, {});
    deleteMemories(store, [id!], new Date('2024-01-02T00:00:00Z'));
    expect(store.memories.get(id!)!.status).toBe('deleted');
    expect(store.memories.list({})).toEqual([]);
    const again = deleteMemories(store, [id!], new Date());
    expect(again[0]!.changed).toBe(false);
    const restored = restoreMemory(store, id!, new Date('2024-01-03T00:00:00Z'));
    expect(restored.status).toBe('active');
    expect(restored.version).toBe(3);
    const history = store.history.forMemory(id!);
    expect(history.map((h) => h.action)).toEqual(['created', 'deleted', 'restored']);
    expect(history[1]!.before).toEqual({ status: 'active' });
    expect(history[1]!.after).toEqual({ status: 'deleted' });
    expect(() => restoreMemory(store, id!, new Date())).toThrow(/active/);
  });

  it('purge removes the row, its history and the orphaned message text', () => {
    store.write(() =>
      store.messages.insert({
        id: 'msg_1', content: 'my secret dog Biggie', refAt: new Date().toISOString(), timeZone: 'UTC', session: null, source: null,
        status: 'processed', extractor: 'raw', error: null, attempts: 1, createdAt: new Date().toISOString(), processedAt: null,
      }),
    );
    const [id] = insert(store, { content: 'my secret dog Biggie', source: { messageId: 'msg_1', ref: null, session: null } });
    purgeMemories(store, [id!]);
    expect(store.memories.get(id!)).toBeNull();
    expect(store.history.forMemory(id!)).toEqual([]);
    expect(store.messages.get('msg_1')!.content).toBeNull();
    expect(store.messages.get('msg_1')!.status).toBe('purged');
  });
});

describe('user database files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'harmonia-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are created 0600 in 0700 folders, in WAL mode, migrated to the latest schema', () => {
    const oldUmask = process.umask(0);
    try {
      const store = openUserStore({ dataDir: join(dir, 'data'), user: 'alice', busyTimeoutMs: 1000, create: true })!;
      insert(store, {});
      expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'data', 'users')).mode & 0o777).toBe(0o700);
      expect(statSync(store.path).mode & 0o777).toBe(0o600);
      expect(statSync(`${store.path}-wal`).mode & 0o777).toBe(0o600);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
      store.close();
    } finally {
      process.umask(oldUmask);
    }
  });

  it('migrate a schema-3 file: exact duplicates are then found by the text key, ignoring case', () => {
    const path = join(dir, 'users', 'x.db');
    mkdirSync(join(dir, 'users'), { mode: 0o700 });
    const old = new Database(path);
    for (const migration of MIGRATIONS.filter((m) => m.version <= 3)) old.exec(migration.sql);
    old.pragma('user_version = 3');
    const m = makeMemory({ content: 'Sam: We adopted a puppy called Biscuit!' });
    old.prepare(
      `INSERT INTO memories (id, content, type, category, confidence, status, entities, created_at, updated_at, last_seen_at, version)
       VALUES (?, ?, 'episodic', 'conversation', 1, 'active', '[]', ?, ?, ?, 1)`,
    ).run(m.id, m.content, m.createdAt, m.updatedAt, m.lastSeenAt);
    old.close();
    const store = openUserStore({ dataDir: dir, user: 'x', busyTimeoutMs: 1000, create: false })!;
    try {
      expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
      expect(store.conflicts.sameText('sam: we adopted a PUPPY called biscuit!').map((d) => d.id)).toEqual([m.id]);
      expect(store.conflicts.sameText('Sam: we adopted a puppy called Biscuit')).toEqual([]);
      // Written by this version: a changed text moves its key with it.
      store.write(() => store.memories.update(m.id, { content: 'Sam: the puppy is called Biscuit' }, new Date().toISOString()));
      expect(store.conflicts.sameText('SAM: THE PUPPY IS CALLED BISCUIT').map((d) => d.id)).toEqual([m.id]);
      expect(store.conflicts.sameText('Sam: We adopted a puppy called Biscuit!')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('are not created by reads', () => {
    expect(openUserStore({ dataDir: join(dir, 'data'), user: 'alice', busyTimeoutMs: 1000, create: false })).toBeNull();
    expect(() => statSync(join(dir, 'data'))).toThrow();
  });

  it('that are not databases give a storage error', () => {
    const path = join(dir, 'data', 'users', 'alice.db');
    openUserStore({ dataDir: join(dir, 'data'), user: 'alice', busyTimeoutMs: 1000, create: true })!.close();
    writeFileSync(path, 'this is not a database'.repeat(300));
    expect(() => openUserStore({ dataDir: join(dir, 'data'), user: 'alice', busyTimeoutMs: 1000, create: false })).toThrow(StorageError);
  });

  it('keep no trace of purged text once scrubbed', () => {
    const store = openUserStore({ dataDir: join(dir, 'data'), user: 'alice', busyTimeoutMs: 1000, create: true })!;
    const secret = 'Zanzibar-quokka-7731 is my password hint';
    const [id] = insert(store, { content: secret }, { content: 'something else entirely' });
    purgeMemories(store, [id!]);
    store.scrub();
    const bytes = Buffer.concat([readFileSync(store.path), readFileSync(`${store.path}-wal`)]);
    expect(bytes.includes(Buffer.from('Zanzibar'))).toBe(false);
    expect(bytes.includes(Buffer.from('quokka'))).toBe(false);
    store.close();
  });
});
