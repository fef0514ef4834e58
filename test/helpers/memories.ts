import { newId } from '../../src/core/ids.js';
import type { Memory } from '../../src/core/memory.js';

/** A memory record with sensible defaults, for store and domain tests. */
export function makeMemory(overrides: Partial<Memory> = {}): Memory {
  const at = overrides.createdAt ?? new Date().toISOString();
  return {
    id: newId('mem'),
    user: 'tester',
    content: 'User has a dog called Biggie',
    type: 'relational',
    category: 'pets/dogs',
    confidence: 0.9,
    status: 'active',
    entities: ['Biggie'],
    eventAt: null,
    eventEnd: null,
    eventGrain: null,
    eventText: null,
    createdAt: at,
    updatedAt: at,
    lastSeenAt: at,
    version: 1,
    source: { messageId: null, ref: null, session: null },
    ...overrides,
  };
}
