import { storedMemoryKeys } from '../core/conflicts/keys.js';
import { TURN_CATEGORY } from '../core/memory.js';
import type { Db } from './db.js';
import { hash53 } from './text-key.js';

/** The SQL function the fact-key triggers call (migration 5): a memory's keys as a JSON array of their hashes. */
export const FACT_KEYS_FUNCTION = 'harmonia_fact_keys';

/**
 * What memory_keys stores for a fact key (core/conflicts/keys.ts): a 53-bit hash. Eight bytes a key keep the table a
 * third of its size with the text, so a batch or an import dirties fewer of its pages; two keys with the same
 * hash only make a few more memories neighbours, which classifying them sorts out.
 */
export function hashFactKey(key: string): number {
  return hash53(key);
}

/** The function's answer for a list of keys storedMemoryKeys gave (it gives the same list while it remembers them). */
const hashed = new WeakMap<readonly string[], string>();

/**
 * Registers the fact-key function on a connection. Every connection needs it before it writes memories: SQLite
 * compiles the triggers that call it into any statement that inserts or changes a memory.
 */
export function registerFactKeys(db: Db): void {
  db.function(FACT_KEYS_FUNCTION, { deterministic: true }, (content: unknown, entities: unknown) => {
    const keys = storedMemoryKeys(String(content), typeof entities === 'string' ? entities : '[]');
    let json = hashed.get(keys);
    if (json === undefined) {
      json = JSON.stringify(keys.map(hashFactKey));
      hashed.set(keys, json);
    }
    return json;
  });
}

/** SQL for "the memory `row` has fact keys": active, and not a verbatim chat turn (core/memory.ts isVerbatimTurn). */
export function hasFactKeysSql(row: string): string {
  return `${row}.status = 'active' AND NOT (${row}.type = 'episodic' AND ${row}.category = '${TURN_CATEGORY}')`;
}
