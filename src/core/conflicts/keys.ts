import { isVerbatimTurn, type Memory } from '../memory.js';
import { readFact, type Fact, type Frame } from './facts.js';

/**
 * Fact keys: what a memory says, as exact index keys, so that conflict detection finds the memories a candidate can
 * conflict with by looking them up rather than by ranking the full-text index.
 *
 * The rules (classify.ts) relate two memories only through
 * - a frame of each with the same subject and attribute (a possession also matches its class: "a dog" and "pets"),
 *   which then compares their values;
 * - a subject or name one of them speaks of and the other mentions;
 * - their words, when one of them has no frames.
 * A memory is indexed under a key for each of those (`memoryKeys`), and a candidate looks up the same keys and the
 * keys of its words (`lookupKeys`), so every memory the rules could relate to it shares a key with it. A key held by
 * many memories is read newest first, up to a limit: the value keys keep an old "User likes pizza" within reach
 * of "User loves pizza" however many other likes are newer.
 *
 * The store keeps the keys of active memories in `memory_keys` (its triggers call `storedMemoryKeys`); a verbatim
 * chat turn has none (`hasFactKeys`).
 * Changing what keys a memory gets needs a migration that rebuilds them (see `rebuildFactKeys` in migrations.ts).
 */

/** At most this many keys per memory or lookup: long values add a key per word. */
export const MAX_KEYS = 32;

const SEP = '\t';

/** The attributes a frame is found under: its own, and for a possession the classes it belongs to ("have:pet"). */
function attributesOf(frame: Frame): string[] {
  if (!frame.attribute.startsWith('have:')) return [frame.attribute];
  return [frame.attribute, ...frame.classes.map((c) => `have:${c}`)];
}

function add(keys: string[], seen: Set<string>, key: string): void {
  if (keys.length < MAX_KEYS && !seen.has(key)) {
    seen.add(key);
    keys.push(key);
  }
}

/**
 * The keys a memory is indexed under: per frame its subject and attribute(s), and for an attribute with many values
 * (likes, possessions) the subject, attribute and each word or class of the value; the subjects and names it
 * mentions; and, for a memory without frames, its words.
 */
export function memoryKeys(fact: Fact): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const frame of fact.frames) {
    for (const attribute of attributesOf(frame)) add(keys, seen, `a${SEP}${frame.subject}${SEP}${attribute}`);
  }
  for (const name of fact.subjects) add(keys, seen, `n${SEP}${name}`);
  for (const name of fact.entities) add(keys, seen, `n${SEP}${name}`);
  for (const frame of fact.frames) {
    // A single-valued attribute (home, age, employer) has one current value: its attribute key finds it.
    if (frame.single) continue;
    for (const word of [...frame.value, ...frame.classes]) add(keys, seen, `v${SEP}${frame.subject}${SEP}${frame.attribute}${SEP}${word}`);
  }
  if (fact.frames.length === 0) for (const word of fact.stems) add(keys, seen, `w${SEP}${word}`);
  return keys;
}

/** The keys a candidate looks up: its own (`memoryKeys`), and its words, which memories without frames are under. */
export function lookupKeys(fact: Fact): string[] {
  const keys = memoryKeys(fact);
  if (fact.frames.length === 0) return keys;
  const seen = new Set(keys);
  for (const word of fact.stems) add(keys, seen, `w${SEP}${word}`);
  return keys;
}

/** Does the memory have fact keys: an active fact (not a verbatim chat turn, which is never updated). */
export function hasFactKeys(m: Pick<Memory, 'status' | 'type' | 'category'>): boolean {
  return m.status === 'active' && !isVerbatimTurn(m);
}

const CACHE_SIZE = 2000;
const cache = new Map<string, readonly string[]>();

/** How the cache tells a memory's text and entities column apart. */
function cacheId(content: string, entities: string): string {
  return `${entities}\u0000${content}`;
}

/** The cached keys under `id`, else `memoryKeys` of the text with the names `names()` gives, remembered. */
function cachedKeys(id: string, content: string, names: () => readonly string[]): readonly string[] {
  let keys = cache.get(id);
  if (keys === undefined) {
    keys = memoryKeys(readFact(content, names()));
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(id, keys);
  }
  return keys;
}

/**
 * `memoryKeys` of a stored memory, from its content and its entities column (a JSON array). The last few are
 * cached: a memory a batch just parsed to place it is written a moment later.
 */
export function storedMemoryKeys(content: string, entities: string): readonly string[] {
  return cachedKeys(cacheId(content, entities), content, () => {
    let names: unknown;
    try {
      names = JSON.parse(entities);
    } catch {
      names = [];
    }
    return Array.isArray(names) ? names.filter((e): e is string => typeof e === 'string') : [];
  });
}

/** The keys memory_keys gives a memory in this state (none unless it is an active fact). */
export function keysOfMemory(m: Pick<Memory, 'status' | 'type' | 'category' | 'content' | 'entities'>): readonly string[] {
  return hasFactKeys(m) ? cachedKeys(cacheId(m.content, JSON.stringify(m.entities)), m.content, () => m.entities) : [];
}

/** A memory's text and entities column, and its keys as `storedMemoryKeys` gives them. */
export interface KnownKeys {
  content: string;
  entities: string;
  keys: readonly string[];
}

/**
 * Hands `storedMemoryKeys` the keys of memories about to be written, worked out elsewhere (an import's reader
 * thread reads the records' text while this one writes): they are not read again. At most the cache's size.
 */
export function primeStoredMemoryKeys(known: readonly KnownKeys[]): void {
  if (cache.size + known.length > CACHE_SIZE) cache.clear();
  for (const { content, entities, keys } of known.slice(0, CACHE_SIZE)) cache.set(cacheId(content, entities), keys);
}
