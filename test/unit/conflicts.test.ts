import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyResolution, mergeContent } from '../../src/core/conflicts/apply.js';
import { classify } from '../../src/core/conflicts/classify.js';
import { conflictToJson, RESOLUTIONS, type Conflict, type ConflictKind, type Resolution } from '../../src/core/conflicts/conflict.js';
import { ConflictDetector } from '../../src/core/conflicts/detect.js';
import { parseFact } from '../../src/core/conflicts/facts.js';
import { ConflictPlacer } from '../../src/core/conflicts/placer.js';
import { decide, effectivePolicy } from '../../src/core/conflicts/policy.js';
import { dismissConflict, resolveAll, resolveConflict, undoConflict } from '../../src/core/conflicts/review.js';
import { NotFoundError, UsageError } from '../../src/core/errors.js';
import { recordCreation } from '../../src/core/history.js';
import { newId } from '../../src/core/ids.js';
import { deleteMemories, purgeMemories } from '../../src/core/lifecycle.js';
import { MEMORY_STATUSES, type Memory } from '../../src/core/memory.js';
import type { PlacementContext } from '../../src/core/remember.js';
import { openInMemoryStore, openUserStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';

const T0 = '2024-08-19T10:00:00.000Z';
const T1 = '2024-08-20T10:00:00.000Z';
const T2 = '2024-08-21T10:00:00.000Z';

function insert(store: SqliteStore, overrides: Partial<Memory>): Memory {
  const memory = makeMemory({ createdAt: T0, entities: [], type: 'personal', ...overrides });
  store.write(() => {
    store.memories.insert(memory);
    recordCreation(store, memory, { actor: 'test', at: memory.createdAt });
  });
  return memory;
}

function candidateOf(overrides: Partial<Memory>): Memory {
  return makeMemory({ id: newId('mem'), createdAt: T1, entities: [], type: 'personal', ...overrides });
}

function conflictOf(existing: Memory, candidate: Memory, kind: ConflictKind): Conflict {
  return {
    id: newId('cfl'),
    kind,
    memoryId: existing.id,
    existing,
    candidate,
    similarity: 0.7,
    reason: 'test',
    judge: 'rules',
    suggested: 'update',
    status: 'pending',
    strategy: null,
    touched: [],
    resolvedBy: null,
    messageId: null,
    createdAt: T1,
    resolvedAt: null,
    undoneAt: null,
  };
}

/** Everything a strategy can change: every memory record (any status), the active set, links and history lengths. */
function snapshotOf(store: SqliteStore) {
  return store.read(() => {
    const all = store.memories.list({ statuses: MEMORY_STATUSES }, { sort: 'created', asc: true, limit: null });
    return {
      all,
      active: all.filter((m) => m.status === 'active').map((m) => m.id),
      links: all.flatMap((m) => store.links.forMemory(m.id)),
    };
  });
}

function ctx(overrides: Partial<PlacementContext> = {}): PlacementContext {
  return { at: T1, actor: 'extractor:test', dryRun: false, onConflict: 'auto', ...overrides };
}

let store: SqliteStore;
beforeEach(() => {
  store = openInMemoryStore('tester');
});
afterEach(() => store.close());

describe('classification (rules)', () => {
  const cases: [ConflictKind | null, string, string][] = [
    ['duplicate', "User's name is Jason", 'User is called Jason'],
    ['duplicate', 'User is allergic to peanuts', 'User has a peanut allergy'],
    ['update', 'Biggie loves his stuffed Costco chicken', 'Biggie now loves his yellow ball'],
    ['update', 'User lives in Denver', 'User moved to Austin'],
    ['update', 'User is 34 years old', 'User is 35 years old'],
    ['contradiction', 'User loves steak', 'User does not eat meat'],
    ['contradiction', 'User has a dog called Biggie', 'User has no pets'],
    ['contradiction', 'I love coffee', "I don't like coffee"],
    ['related', 'Biggie loves his yellow ball', 'Biggie is a golden retriever'],
    ['related', 'User speaks Spanish', 'User speaks French'],
    [null, "User's name is Jason", 'User lives in Denver'],
    [null, 'User lives in Boston', "User's sister lives in Paris"],
    [null, 'My name is Jason', "My dog's name is Biggie"],
  ];
  it.each(cases)('%s: "%s" then "%s"', (kind, existing, candidate) => {
    expect(classify(parseFact(candidate), parseFact(existing))?.kind ?? null).toBe(kind);
  });

  it('reads frames from first-person chat and from "Speaker:" turns', () => {
    expect(parseFact('My name is Jason').frames[0]).toMatchObject({ subject: 'user', attribute: 'name', value: ['jason'] });
    expect(parseFact("User's dog Biggie weighs 20 kg").frames[0]).toMatchObject({ subject: 'biggie', attribute: 'weigh', value: ['20', 'kg'] });
    expect(parseFact('Caroline: I went to the support group').frames[0]).toMatchObject({ subject: 'caroline', attribute: 'verb:go' });
  });

  it('never treats two events as an update, and numbers keep lexical near-duplicates apart', () => {
    const a = parseFact('Caroline: I went to the pottery class');
    const b = parseFact('Caroline: I went to a new pottery workshop downtown');
    expect(classify(b, a, { episodic: true })?.kind).toBe('related');
    expect(classify(b, a, { episodic: false })?.kind).not.toBe('duplicate');
    const paid1 = parseFact('paid 40 dollars for groceries at the market on monday with cash today');
    const paid2 = parseFact('paid 45 dollars for groceries at the market on monday with cash today');
    expect(classify(paid2, paid1)?.kind).not.toBe('duplicate');
  });

  it('scores similarity between 0 and 1, higher for duplicates than for related facts', () => {
    const dup = classify(parseFact('User likes jazz'), parseFact('User enjoys jazz'))!;
    const rel = classify(parseFact('User likes pizza'), parseFact('User likes sushi'))!;
    expect(dup.similarity).toBeGreaterThan(rel.similarity);
    for (const s of [dup.similarity, rel.similarity]) expect(s).toBeGreaterThanOrEqual(0), expect(s).toBeLessThanOrEqual(1);
  });
});

describe('detection in a store', () => {
  it('finds the conflicting memory through the full-text index among unrelated ones, and ignores inactive memories', () => {
    const chicken = insert(store, { content: 'Biggie loves his stuffed Costco chicken', category: 'others/likes', entities: ['Biggie', 'Costco'] });
    for (let i = 0; i < 50; i++) insert(store, { content: `User went to meeting number ${i} about budget planning`, category: 'others/likes', createdAt: T1 });
    const detector = new ConflictDetector();
    const candidate = candidateOf({ content: 'Biggie now loves his yellow ball', category: 'others/likes', entities: ['Biggie'] });
    const best = store.read(() => detector.best(store, candidate));
    expect(best).toMatchObject({ kind: 'update', judge: 'rules' });
    expect(best!.existing.id).toBe(chicken.id);
    deleteMemories(store, [chicken.id], new Date(T2));
    expect(store.read(() => detector.best(store, candidate))).toBeNull();
  });

  it('finds a contradiction that shares no word with the candidate ("does not eat meat" / "loves steak")', () => {
    const steak = insert(store, { content: 'User loves steak', category: 'food/likes', entities: [] });
    const candidate = candidateOf({ content: 'User does not eat meat', category: 'health/diet', entities: [] });
    const best = store.read(() => new ConflictDetector().best(store, candidate));
    expect(best?.kind).toBe('contradiction');
    expect(best?.existing.id).toBe(steak.id);
  });

  it('prefers a duplicate over an update when both exist', () => {
    insert(store, { content: 'User lives in Boston', category: 'location/home' });
    const denver = insert(store, { content: 'User lives in Denver', category: 'location/home' });
    const best = store.read(() => new ConflictDetector().best(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' })));
    expect(best).toMatchObject({ kind: 'duplicate' });
    expect(best!.existing.id).toBe(denver.id);
  });
});

describe('strategies', () => {
  const expectations: Record<Resolution, (s: SqliteStore, existing: Memory, candidate: Memory, memory: Memory) => void> = {
    update: (s, existing, candidate, memory) => {
      expect(memory).toMatchObject({ id: existing.id, content: candidate.content, version: 2, status: 'active' });
      expect(s.memories.get(candidate.id)).toBeNull();
      const history = s.history.forMemory(existing.id);
      expect(history.at(-1)).toMatchObject({ action: 'updated', before: { content: existing.content }, after: { content: candidate.content } });
    },
    replace: (s, existing, candidate, memory) => {
      expect(memory.id).toBe(candidate.id);
      expect(s.memories.get(existing.id)!.status).toBe('superseded');
      expect(s.memories.get(candidate.id)!.status).toBe('active');
    },
    merge: (s, existing, candidate, memory) => {
      expect(memory).toMatchObject({ id: existing.id, content: 'User lives in Boston and Denver' });
      expect(memory.entities).toEqual(['Boston', 'Denver']);
      expect(s.memories.get(candidate.id)).toBeNull();
    },
    link: (s, existing, candidate, memory) => {
      expect(memory.id).toBe(candidate.id);
      expect(s.memories.get(existing.id)!.status).toBe('active');
      expect(s.links.forMemory(existing.id)).toMatchObject([{ memoryA: existing.id, memoryB: candidate.id, kind: 'related' }]);
    },
    create_new: (s, existing, candidate) => {
      expect(s.memories.get(candidate.id)!.status).toBe('active');
      expect(s.memories.get(existing.id)!).toEqual(existing);
      expect(s.links.forMemory(candidate.id)).toEqual([]);
    },
    keep_both: (s, existing, candidate) => {
      expect(s.memories.get(existing.id)!.status).toBe('active');
      expect(s.memories.get(candidate.id)!.status).toBe('active');
      expect(s.links.forMemory(candidate.id)).toMatchObject([{ kind: 'conflicting' }]);
    },
    archive_old: (s, existing, candidate) => {
      expect(s.memories.get(existing.id)!.status).toBe('archived');
      expect(s.memories.get(candidate.id)!.status).toBe('active');
    },
    skip: (s, existing, candidate, memory) => {
      expect(memory).toMatchObject({ id: existing.id, content: existing.content, confidence: 0.95, lastSeenAt: T1, version: 2 });
      expect(s.memories.get(candidate.id)).toBeNull();
    },
  };
  const actions: Record<Resolution, string> = {
    update: 'updated',
    replace: 'replaced',
    merge: 'merged',
    link: 'linked',
    create_new: 'created',
    keep_both: 'created',
    archive_old: 'archived_old',
    skip: 'skipped',
  };

  it.each(RESOLUTIONS.map((r) => [r]))('%s applies as specified, records history and the conflict, and undo restores the exact previous state', (resolution) => {
    const existing = insert(store, { content: 'User lives in Boston', category: 'location/home', entities: ['Boston'], confidence: 0.8 });
    insert(store, { content: 'User likes jazz', category: 'music', entities: [] });
    const candidate = candidateOf({ content: 'User lives in Denver', category: 'location/home', entities: ['Denver'], confidence: 0.95 });
    const before = snapshotOf(store);
    const conflict = conflictOf(existing, candidate, 'update');

    const outcome = store.write(() => applyResolution(store, conflict, resolution, { actor: 'user', at: T1, dryRun: false, resolvedBy: 'user' }, true));
    expect(outcome.action).toBe(actions[resolution]);
    expectations[resolution](store, existing, candidate, outcome.memory);
    const saved = store.conflicts.get(conflict.id)!;
    expect(saved).toMatchObject({ status: 'applied', strategy: resolution, resolvedAt: T1 });
    expect(saved.touched.length).toBeGreaterThan(0);
    for (const id of saved.touched) {
      expect(store.history.forMemory(id).some((h) => h.conflictId === conflict.id)).toBe(true);
    }

    const undone = undoConflict(store, conflict.id, new Date(T2));
    expect(undone.conflict.status).toBe('undone');
    expect(snapshotOf(store)).toEqual(before);
    expect(store.conflicts.get(conflict.id)!.status).toBe('undone');
  });

  it('a dry run writes nothing but reports what would happen', () => {
    const existing = insert(store, { content: 'User lives in Boston', category: 'location/home' });
    const candidate = candidateOf({ content: 'User lives in Denver', category: 'location/home' });
    const before = snapshotOf(store);
    const conflict = conflictOf(existing, candidate, 'update');
    const outcome = store.read(() => applyResolution(store, conflict, 'update', { actor: 'user', at: T1, dryRun: true, resolvedBy: 'user' }, true));
    expect(outcome).toMatchObject({ action: 'updated', memory: { id: existing.id, content: 'User lives in Denver' } });
    expect(snapshotOf(store)).toEqual(before);
    expect(store.conflicts.list()).toEqual([]);
  });

  it('merges sentences that share their start, and keeps the longer one when one holds the other', () => {
    expect(mergeContent('User likes pizza', 'User likes sushi')).toBe('User likes pizza and sushi');
    expect(mergeContent('User has a dog', 'User has a dog called Biggie')).toBe('User has a dog called Biggie');
    expect(mergeContent('Biggie loves his chicken', 'User walks Biggie daily')).toBe('Biggie loves his chicken; User walks Biggie daily');
  });

  it('refuses strategies that change a memory that is no longer active', () => {
    const existing = insert(store, { content: 'User lives in Boston' });
    deleteMemories(store, [existing.id], new Date(T1));
    const conflict = conflictOf(existing, candidateOf({ content: 'User lives in Denver' }), 'update');
    expect(() => store.write(() => applyResolution(store, conflict, 'update', { actor: 'user', at: T2, dryRun: false, resolvedBy: 'user' }, true))).toThrow(
      /is deleted/,
    );
    expect(store.write(() => applyResolution(store, conflict, 'create_new', { actor: 'user', at: T2, dryRun: false, resolvedBy: 'user' }, true)).action).toBe('created');
  });
});

describe('undo', () => {
  it('refuses when a memory it touched changed since, and works again once the later change is undone', () => {
    const existing = insert(store, { content: 'User lives in Boston', category: 'location/home' });
    const placer = new ConflictPlacer();
    const first = store.write(() => placer.place(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' }), ctx()));
    const second = store.write(() => placer.place(store, candidateOf({ content: 'User lives in Austin', category: 'location/home' }), ctx({ at: T2 })));
    expect(first.action).toBe('updated');
    expect(second.action).toBe('updated');
    const firstId = first.conflicts[0]!.id;
    const secondId = second.conflicts[0]!.id;
    expect(() => undoConflict(store, firstId, new Date(T2))).toThrow(UsageError);
    undoConflict(store, secondId, new Date(T2));
    expect(store.memories.get(existing.id)!.content).toBe('User lives in Denver');
    undoConflict(store, firstId, new Date(T2));
    expect(store.memories.get(existing.id)).toEqual(existing);
  });

  it('refuses to remove a memory another conflict depends on', () => {
    insert(store, { content: 'User speaks Spanish', category: 'skills/languages' });
    const placer = new ConflictPlacer();
    const french = store.write(() => placer.place(store, candidateOf({ content: 'User speaks French', category: 'skills/languages' }), ctx()));
    expect(french.action).toBe('linked');
    const again = store.write(() => placer.place(store, candidateOf({ content: 'User speaks French fluently', category: 'skills/languages' }), ctx({ onConflict: 'ask' })));
    expect(again.conflicts[0]).toMatchObject({ memoryId: french.memory.id, status: 'pending' });
    expect(() => undoConflict(store, french.conflicts[0]!.id, new Date(T2))).toThrow(/is the subject of conflict cfl_\w+ \(pending\)/);
    dismissConflict(store, again.conflicts[0]!.id, new Date(T2));
    undoConflict(store, french.conflicts[0]!.id, new Date(T2));
    expect(store.memories.get(french.memory.id)).toBeNull();
  });

  it('only undoes applied conflicts', () => {
    insert(store, { content: 'User lives in Boston', category: 'location/home' });
    const pending = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' }), ctx({ onConflict: 'ask' })));
    expect(() => undoConflict(store, pending.conflicts[0]!.id, new Date(T2))).toThrow(/pending; only applied/);
    expect(() => undoConflict(store, 'cfl_zzzz', new Date(T2))).toThrow(NotFoundError);
  });
});

describe('policy', () => {
  const rules = [
    { scope: 'default' as const, value: '', strategy: 'ask' as const, updatedAt: T0 },
    { scope: 'type' as const, value: 'health', strategy: 'keep_both' as const, updatedAt: T0 },
    { scope: 'category' as const, value: 'pets', strategy: 'replace' as const, updatedAt: T0 },
    { scope: 'category' as const, value: 'pets/dogs', strategy: 'archive_old' as const, updatedAt: T0 },
  ];

  it('takes the most specific category, then the type, then the user default, then the configured default', () => {
    expect(effectivePolicy(rules, makeMemory({ category: 'pets/dogs/toys', type: 'health' }), 'auto')).toEqual({ value: 'archive_old', origin: 'policy:category:pets/dogs' });
    expect(effectivePolicy(rules, makeMemory({ category: 'pets/cats', type: 'health' }), 'auto').value).toBe('replace');
    expect(effectivePolicy(rules, makeMemory({ category: 'petsitting', type: 'health' }), 'auto').value).toBe('keep_both');
    expect(effectivePolicy(rules, makeMemory({ category: 'work', type: 'personal' }), 'auto').value).toBe('ask');
    expect(effectivePolicy([], makeMemory({ category: 'work' }), 'merge')).toEqual({ value: 'merge', origin: 'config' });
  });

  it('auto skips duplicates, updates updates and contradictions, links related memories', () => {
    expect((['duplicate', 'update', 'contradiction', 'related'] as const).map((k) => decide('auto', k))).toEqual(['skip', 'update', 'update', 'link']);
    expect(decide('ask', 'update')).toBe('ask');
    expect(decide('replace', 'related')).toBe('replace');
  });

  it('the stored policy beats the configured default; --on-conflict beats both', () => {
    insert(store, { content: 'User lives in Boston', category: 'location/home' });
    store.write(() => store.policies.set({ scope: 'category', value: 'location', strategy: 'ask', updatedAt: T0 }));
    const stored = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' }), ctx({ onConflict: 'replace' })));
    expect(stored.action).toBe('pending');
    expect(stored.conflicts[0]).toMatchObject({ status: 'pending', suggested: 'update' });
    const flag = store.write(() => new ConflictPlacer({ flagGiven: true }).place(store, candidateOf({ content: 'User lives in Austin', category: 'location/home' }), ctx({ onConflict: 'archive_old' })));
    expect(flag.action).toBe('archived_old');
    expect(flag.conflicts[0]).toMatchObject({ resolvedBy: 'flag:archive_old' });
  });
});

describe('each kind through the placer (auto)', () => {
  const cases: [string, string, string, string][] = [
    ['duplicate', "User's name is Jason", "User's name is Jason", 'skipped'],
    ['update', 'User works at Google', 'User now works at Microsoft', 'updated'],
    ['contradiction', 'User likes jazz', 'User hates jazz', 'updated'],
    ['related', 'Biggie loves his yellow ball', 'Biggie is a golden retriever', 'linked'],
  ];
  it.each(cases)('%s: "%s" then "%s" is %s', (kind, existing, content, action) => {
    const old = insert(store, { content: existing, category: 'general' });
    const placement = store.write(() => new ConflictPlacer().place(store, candidateOf({ content, category: 'general' }), ctx()));
    expect(placement.action).toBe(action);
    expect(placement.conflicts).toMatchObject([{ kind, status: 'applied', memoryId: old.id, existing: { content: existing }, candidate: { content } }]);
    expect(store.conflicts.list()).toHaveLength(1);
    // The stored snapshots are the record's.
    const conflict = conflictToJson(placement.conflicts[0]!);
    const row = store.db.prepare('SELECT existing, candidate FROM conflicts').get() as { existing: string; candidate: string };
    expect(row).toEqual({ existing: JSON.stringify(conflict.existing), candidate: JSON.stringify(conflict.candidate) });
  });

  it('an unrelated memory is simply created, with no conflict', () => {
    insert(store, { content: "User's name is Jason", category: 'identity/name' });
    const placement = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' }), ctx()));
    expect(placement).toMatchObject({ action: 'created', conflicts: [] });
  });
});

describe('review queue', () => {
  it('resolves with the suggested strategy by default, or the one given; dismisses; resolves all pending', () => {
    insert(store, { content: 'User lives in Boston', category: 'location/home' });
    insert(store, { content: 'User works at Google', category: 'work' });
    insert(store, { content: 'User likes jazz', category: 'music' });
    const ask = new ConflictPlacer({ flagGiven: true });
    const place = (content: string, category: string) => store.write(() => ask.place(store, candidateOf({ content, category }), ctx({ onConflict: 'ask' })));
    const a = place('User lives in Denver', 'location/home').conflicts[0]!.id;
    const b = place('User works at Microsoft', 'work').conflicts[0]!.id;
    const c = place('User hates jazz', 'music').conflicts[0]!.id;
    expect(resolveConflict(store, a.slice(0, 20), undefined, new Date(T2))).toMatchObject({ action: 'updated', conflict: { strategy: 'update', resolvedBy: 'user' } });
    expect(() => resolveConflict(store, a, 'replace', new Date(T2))).toThrow(/already applied/);
    expect(dismissConflict(store, b, new Date(T2)).status).toBe('dismissed');
    expect(() => dismissConflict(store, a, new Date(T2))).toThrow(/undo it instead|only pending/);
    const all = resolveAll(store, 'keep_both', new Date(T2));
    expect(all.resolved.map((r) => r.conflict.id)).toEqual([c]);
    expect(all.failed).toEqual([]);
    expect(store.memories.list({}).map((m) => m.content).sort()).toEqual(['User hates jazz', 'User likes jazz', 'User lives in Denver', 'User works at Google']);
  });

  it('an undone conflict can be resolved again with another strategy', () => {
    const existing = insert(store, { content: 'User lives in Boston', category: 'location/home' });
    const placed = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'User lives in Denver', category: 'location/home' }), ctx()));
    const id = placed.conflicts[0]!.id;
    undoConflict(store, id, new Date(T2));
    const again = resolveConflict(store, id, 'replace', new Date(T2));
    expect(again.action).toBe('replaced');
    expect(store.memories.get(existing.id)!.status).toBe('superseded');
  });
});

describe('purge', () => {
  it('erases the conflicts and links that name a purged memory', () => {
    const existing = insert(store, { content: 'Biggie loves his yellow ball', category: 'pets' });
    const placed = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'Biggie is a golden retriever', category: 'pets' }), ctx()));
    expect(placed.action).toBe('linked');
    purgeMemories(store, [placed.memory.id]);
    expect(store.conflicts.list()).toEqual([]);
    expect(store.links.forMemory(existing.id)).toEqual([]);
    const updated = store.write(() => new ConflictPlacer().place(store, candidateOf({ content: 'Biggie now loves his rope toy', category: 'pets' }), ctx()));
    expect(updated.action).toBe('updated');
    purgeMemories(store, [existing.id]);
    expect(store.conflicts.list()).toEqual([]);
    const text = store.db.prepare("SELECT count(*) FROM conflicts WHERE candidate LIKE '%rope toy%' OR existing LIKE '%rope toy%'").pluck().get();
    expect(text).toBe(0);
  });
});

describe('pending conflicts survive a restart', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'harmonia-conflicts-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are listed, resolved and undone after the file is reopened', () => {
    const open = () => openUserStore({ dataDir: dir, user: 'tester', busyTimeoutMs: 1000, create: true })!;
    let file = open();
    const existing = makeMemory({ content: 'User lives in Boston', category: 'location/home', createdAt: T0 });
    file.write(() => {
      file.memories.insert(existing);
      recordCreation(file, existing, { actor: 'test', at: T0 });
    });
    const candidate = candidateOf({ content: 'User lives in Denver', category: 'location/home' });
    const placed = file.write(() => new ConflictPlacer({ flagGiven: true }).place(file, candidate, ctx({ onConflict: 'ask' })));
    expect(placed.action).toBe('pending');
    file.close();

    file = open();
    const pending = file.conflicts.list({ statuses: ['pending'] });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ kind: 'update', memoryId: existing.id, candidate, existing, suggested: 'update' });
    resolveConflict(file, pending[0]!.id, 'replace', new Date(T2));
    file.close();

    file = open();
    expect(file.memories.get(candidate.id)).toEqual(candidate);
    expect(file.memories.get(existing.id)!.status).toBe('superseded');
    undoConflict(file, pending[0]!.id, new Date(T2));
    expect(file.memories.get(existing.id)).toEqual(existing);
    expect(file.memories.get(candidate.id)).toBeNull();
    file.close();
  });
});
