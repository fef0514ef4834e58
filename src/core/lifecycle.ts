import { UsageError } from './errors.js';
import { recordChange } from './history.js';
import type { Memory, MemoryStatus } from './memory.js';
import type { MemoryStore } from './ports.js';

export interface LifecycleResult {
  memory: Memory;
  /** false when the memory was already in the requested state. */
  changed: boolean;
}

/** Soft delete (SPEC `rm`): status `deleted`, gone from search and list, kept with its history. */
export function deleteMemories(store: MemoryStore, ids: readonly string[], at: Date, actor = 'user'): LifecycleResult[] {
  const when = at.toISOString();
  return store.write(() =>
    ids.map((id) => {
      const before = store.memories.get(id)!;
      if (before.status === 'deleted') return { memory: before, changed: false };
      const after = store.memories.update(id, { status: 'deleted' }, when);
      recordChange(store, 'deleted', before, after, { actor, at: when, reason: 'rm' });
      return { memory: after, changed: true };
    }),
  );
}

const RESTORABLE: readonly MemoryStatus[] = ['deleted', 'archived', 'superseded'];

/** Undoes a soft delete (or brings back an archived or superseded memory). */
export function restoreMemory(store: MemoryStore, id: string, at: Date, actor = 'user'): Memory {
  const when = at.toISOString();
  return store.write(() => {
    const before = store.memories.get(id)!;
    if (!RESTORABLE.includes(before.status)) {
      throw new UsageError(`memory ${id} is ${before.status}; only deleted, archived or superseded memories can be restored`);
    }
    const after = store.memories.update(id, { status: 'active' }, when);
    recordChange(store, 'restored', before, after, { actor, at: when, reason: `restore from ${before.status}` });
    return after;
  });
}

/**
 * Erases memories for good: the row, its history, its index entries, the conflicts and links that name it (their
 * snapshots carry its text), and the text of its source message and of its conflicts' messages when no other
 * memory came from them. The caller
 * scrubs the file afterwards (checkpoint) so no copy stays in the WAL.
 */
export function purgeMemories(store: MemoryStore, ids: readonly string[]): Memory[] {
  return store.write(() => {
    const purged = ids.map((id) => {
      const memory = store.memories.get(id)!;
      // A conflict's message may have no memory of its own (its fact was written into this one by `update`/`merge`).
      const messages = new Set(store.conflicts.forMemory(id).map((c) => c.messageId));
      if (memory.source.messageId) messages.add(memory.source.messageId);
      store.conflicts.purgeForMemory(id);
      store.links.purgeForMemory(id);
      store.history.purgeMemory(id);
      store.memories.purge(id);
      for (const message of messages) if (message) store.messages.purgeIfOrphan(message);
      return memory;
    });
    store.memories.compactIndex();
    return purged;
  });
}
