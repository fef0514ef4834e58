import { newMemory, type Memory } from '../../src/core/memory.js';

/** A memory record with sensible defaults, for store and domain tests. */
export function makeMemory(overrides: Partial<Memory> = {}): Memory {
  const memory = newMemory({
    user: 'tester',
    content: 'User has a dog called Biggie',
    type: 'relational',
    category: 'pets/dogs',
    confidence: 0.9,
    entities: ['Biggie'],
    at: overrides.createdAt ?? new Date().toISOString(),
  });
  return { ...memory, ...overrides };
}
