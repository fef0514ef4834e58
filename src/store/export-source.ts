import type { MemoryLink } from '../core/conflicts/conflict.js';
import type { ExportOrder, ExportSource } from '../core/export.js';
import { MEMORY_TYPES, type EventGrain, type Memory, type MemoryStatus, type MemoryType } from '../core/memory.js';
import type { HistoryEntry, MemoryFilter, Message } from '../core/ports.js';
import { filterClause } from './memory-repository.js';
import type { Statement } from 'better-sqlite3';
import type { SqliteStore } from './store.js';

/** Types in the contract's order, for grouped (Markdown) exports. */
const TYPE_RANK = `CASE m.type ${MEMORY_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} ELSE ${MEMORY_TYPES.length} END`;

/**
 * An export's view of one user's store: the filtered memories, streamed with `iterate` (the connection may still
 * read history and messages while it iterates, but not write), plus per-memory history and source messages.
 */
export class SqliteExportSource implements ExportSource {
  private links: Map<string, MemoryLink[]> | null = null;
  private messageStatement: Statement | null = null;
  private messageCursor: { row: unknown[] | null; next(): void; close(): void } | null = null;

  constructor(
    private readonly store: SqliteStore,
    private readonly filter: MemoryFilter,
  ) {}

  get user(): string {
    return this.store.user;
  }

  count(): number {
    return this.store.memories.count(this.filter);
  }

  /**
   * Oldest first by id (ids sort by creation time, imported ones included): an index walk with no sort step. Rows
   * come as arrays (`raw()`), which halves better-sqlite3's per-row cost on large exports.
   */
  *memories(order: ExportOrder): Generator<Memory> {
    const where = filterClause(this.filter);
    // When most statuses are wanted (the default export), `+m.status` keeps SQLite off the status index: walking the
    // id index needs no sort step and is faster.
    if ((this.filter.statuses?.length ?? 4) >= 3) where.sql = where.sql.replace(/\bm\.status\b/g, '+m.status');
    const orderBy = order === 'created' ? 'm.id' : `${TYPE_RANK}, m.category, m.created_at, m.id`;
    const sql = `SELECT ${COLUMNS} FROM memories m WHERE ${where.sql} ORDER BY ${orderBy}`;
    const user = this.store.user;
    for (const row of this.store.db.prepare(sql).raw().iterate(...where.params) as IterableIterator<unknown[]>) {
      yield rawRowToMemory(row, user);
    }
  }

  history(memoryId: string): HistoryEntry[] {
    return this.store.history.forMemory(memoryId);
  }

  /**
   * Memories come oldest first, and mostly from messages in that same order: rather than one lookup per message, a
   * cursor walks the messages forward in step (a few rows at most), and seeks afresh (`id >= ?`) when the message
   * asked for is behind it or far ahead. Each message is read once either way.
   */
  message(messageId: string): Message | null {
    const cursor = this.messageCursor;
    if (cursor?.row && (cursor.row[0] as string) <= messageId) {
      for (let steps = 0; steps < 16 && cursor.row && (cursor.row[0] as string) < messageId; steps++) cursor.next();
      if (cursor.row === null || (cursor.row[0] as string) > messageId) return cursor.row === null ? this.seekMessage(messageId) : null;
      if (cursor.row[0] === messageId) return rawRowToMessage(cursor.row);
    }
    return this.seekMessage(messageId);
  }

  private seekMessage(messageId: string): Message | null {
    this.messageCursor?.close();
    this.messageStatement ??= this.store.db.prepare(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE id >= ? ORDER BY id`).raw();
    const iterator = this.messageStatement.iterate(messageId) as IterableIterator<unknown[]>;
    const cursor = {
      row: null as unknown[] | null,
      next(): void {
        const step = iterator.next();
        cursor.row = step.done ? null : step.value;
      },
      close(): void {
        iterator.return?.();
        cursor.row = null;
      },
    };
    cursor.next();
    this.messageCursor = cursor;
    return cursor.row !== null && cursor.row[0] === messageId ? rawRowToMessage(cursor.row) : null;
  }

  /** Ends the message cursor: the connection cannot commit or write while a statement is still stepping. */
  close(): void {
    this.messageCursor?.close();
    this.messageCursor = null;
  }

  /** Links are few next to memories: read them all once (none at all in most stores) rather than once per memory. */
  linksFrom(memoryId: string): MemoryLink[] {
    this.links ??= this.loadLinks();
    return this.links.get(memoryId) ?? [];
  }

  private loadLinks(): Map<string, MemoryLink[]> {
    const byMemory = new Map<string, MemoryLink[]>();
    const rows = this.store.db
      .prepare('SELECT memory_a, memory_b, kind, conflict_id, created_at FROM memory_links ORDER BY seq')
      .all() as { memory_a: string; memory_b: string; kind: string; conflict_id: string | null; created_at: string }[];
    for (const row of rows) {
      const link: MemoryLink = { memoryA: row.memory_a, memoryB: row.memory_b, kind: row.kind as MemoryLink['kind'], conflictId: row.conflict_id, createdAt: row.created_at };
      const list = byMemory.get(link.memoryA);
      if (list) list.push(link);
      else byMemory.set(link.memoryA, [link]);
    }
    return byMemory;
  }
}

const MESSAGE_COLUMNS = 'id, content, ref_at, tz, session, source, status, extractor, error, attempts, created_at, processed_at';

function rawRowToMessage(row: unknown[]): Message {
  return {
    id: row[0] as string,
    content: row[1] as string | null,
    refAt: row[2] as string,
    timeZone: row[3] as string,
    session: row[4] as string | null,
    source: row[5] as string | null,
    status: row[6] as Message['status'],
    extractor: row[7] as string | null,
    error: row[8] as string | null,
    attempts: row[9] as number,
    createdAt: row[10] as string,
    processedAt: row[11] as string | null,
  };
}

/** The columns rawRowToMemory reads, in its order. */
const COLUMNS =
  'm.id, m.content, m.type, m.category, m.confidence, m.status, m.entities, m.event_at, m.event_end, m.event_grain, ' +
  'm.event_text, m.created_at, m.updated_at, m.last_seen_at, m.version, m.message_id, m.source_ref, m.session';

/** A row of COLUMNS as `raw()` returns it. */
function rawRowToMemory(row: unknown[], user: string): Memory {
  return {
    id: row[0] as string,
    user,
    content: row[1] as string,
    type: row[2] as MemoryType,
    category: row[3] as string,
    confidence: row[4] as number,
    status: row[5] as MemoryStatus,
    entities: JSON.parse(row[6] as string) as string[],
    eventAt: row[7] as string | null,
    eventEnd: row[8] as string | null,
    eventGrain: row[9] as EventGrain | null,
    eventText: row[10] as string | null,
    createdAt: row[11] as string,
    updatedAt: row[12] as string,
    lastSeenAt: row[13] as string,
    version: row[14] as number,
    source: { messageId: row[15] as string | null, ref: row[16] as string | null, session: row[17] as string | null },
  };
}
