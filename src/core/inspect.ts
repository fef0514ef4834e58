import type { Memory } from './memory.js';
import type { HistoryEntry, Message, MemoryStore } from './ports.js';

export interface MemoryDetails {
  memory: Memory;
  history: HistoryEntry[];
  message: Message | null;
}

/** Everything `show` prints about one memory: the record, its history (oldest first) and its source message. */
export function describeMemory(store: MemoryStore, input: string): MemoryDetails {
  return store.read(() => {
    const id = store.memories.resolveId(input);
    const memory = store.memories.get(id)!;
    return {
      memory,
      history: store.history.forMemory(id),
      message: memory.source.messageId ? store.messages.get(memory.source.messageId) : null,
    };
  });
}
