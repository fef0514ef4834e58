import type { Conflict, MemoryLink } from './conflicts/conflict.js';
import type { Memory } from './memory.js';
import type { HistoryEntry, Message, MemoryStore } from './ports.js';

/** A link seen from one memory: the memory at the other end (null if it is gone). */
export interface LinkedMemory {
  link: MemoryLink;
  other: Memory | null;
}

export interface MemoryDetails {
  memory: Memory;
  history: HistoryEntry[];
  message: Message | null;
  links: LinkedMemory[];
  /** Conflicts where the memory is the existing one or the candidate, oldest first. */
  conflicts: Conflict[];
}

/**
 * Everything `show` prints about one memory: the record, its history (oldest first), its source message, its links
 * and its conflicts.
 */
export function describeMemory(store: MemoryStore, input: string): MemoryDetails {
  return store.read(() => {
    const id = store.memories.resolveId(input);
    const memory = store.memories.get(id)!;
    return {
      memory,
      history: store.history.forMemory(id),
      message: memory.source.messageId ? store.messages.get(memory.source.messageId) : null,
      links: store.links.forMemory(id).map((link) => ({ link, other: store.memories.get(link.memoryA === id ? link.memoryB : link.memoryA) })),
      conflicts: store.conflicts.forMemory(id),
    };
  });
}
