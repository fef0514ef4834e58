import type { MemoryLink } from '../core/conflicts/conflict.js';
import type { ExportOrder, ExportSource, RecordBatch, RecordBatchOptions } from '../core/export.js';
import { MEMORY_TYPES, type EventGrain, type Memory, type MemoryStatus, type MemoryType } from '../core/memory.js';
import type { HistoryEntry, MemoryFilter, Message } from '../core/ports.js';
import { filterClause } from './memory-repository.js';
import type { Statement } from 'better-sqlite3';
import { isUtf8 } from 'node:buffer';
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
    /** Memories per batch of recordBatches (about a megabyte of JSON at 1000). */
    private readonly batchSize = 1000,
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

  /**
   * The records of json and ndjson exports, built by SQLite as JSON text in batches of `batchSize` memories (in
   * `memories('created')` order), handed over as UTF-8 bytes: no object, string or JSON.stringify per memory, and no
   * decoding and re-encoding of the text on its way to the file. recordSql says why the bytes are exactly those of
   * exportRecordTexts; test/unit/export-source.test.ts compares the two on hostile content.
   *
   * Each batch is one statement: a window of the next `batchSize` memories by id after the last one seen (the id
   * index, whatever the filter), the filter applied inside it (twice, so that the record text is built once per
   * memory). Every batch reads the same snapshot when the caller holds a read transaction, as export does.
   */
  *recordBatches(options: RecordBatchOptions): Generator<RecordBatch> {
    const db = this.store.db;
    db.function(JSON_NUMBER, { deterministic: true }, (value) => JSON.stringify(value));
    const where = filterClause(this.filter);
    const hasLinks = db.prepare('SELECT EXISTS (SELECT 1 FROM memory_links)').pluck().get() === 1;
    const record = recordSql({ includeHistory: options.includeHistory, links: hasLinks });
    const statement = db
      .prepare(
        `SELECT max(m.id), count(CASE WHEN ${where.sql} THEN 1 END),
           CAST(group_concat(CASE WHEN ${where.sql} THEN concat(:before, ${record}, :after) END, '') AS BLOB)
         FROM (SELECT * FROM memories WHERE id > :last ORDER BY id LIMIT :limit) AS m
         LEFT JOIN messages g ON g.id = m.message_id`,
      )
      .raw();
    const named = { user: this.store.user, before: options.before, after: options.after, limit: this.batchSize, last: '' };
    for (;;) {
      const [last, count, text] = statement.get(...where.params, ...where.params, named) as [string | null, number, Buffer | null];
      if (last === null) return;
      named.last = last;
      if (count > 0 && text !== null) yield { count, text: isUtf8(text) ? text : Buffer.from(text.toString('utf8')) };
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

/** JSON.stringify of a number, as an SQL function (see recordSql). */
const JSON_NUMBER = 'harmonia_json_number';

/**
 * `{"key":value,...}` with concat(): each value an SQL expression giving JSON text; `more`, when given, is an
 * expression for optional `,"key":value` text at the end (NULL for none).
 */
function objectSql(pairs: [key: string, json: string][], more?: string): string {
  const members = pairs.map(([key, json], i) => `'${i === 0 ? '{' : ','}"${key}":', ${json}`);
  if (more) members.push(more);
  return `concat(${members.join(', ')}, '}')`;
}

const str = (column: string): string => `json_quote(${column})`;

const MESSAGE_SQL = `CASE WHEN g.id IS NULL THEN 'null' ELSE ${objectSql([
  ['id', str('g.id')],
  ['content', str('g.content')],
  ['at', str('g.ref_at')],
  ['tz', str('g.tz')],
  ['session', str('g.session')],
  ['source', str('g.source')],
  ['status', str('g.status')],
  ['extractor', str('g.extractor')],
  ['error', str('g.error')],
  ['attempts', 'g.attempts'],
  ['created_at', str('g.created_at')],
  ['processed_at', str('g.processed_at')],
])} END`;

const HISTORY_ENTRY_SQL = objectSql([
  ['version', 'h.version'],
  ['action', str('h.action')],
  ['at', str('h.at')],
  ['actor', str('h.actor')],
  ['reason', str('h.reason')],
  ['conflict_id', str('h.conflict_id')],
  ['before', "coalesce(json(h.before), 'null')"],
  ['after', "coalesce(json(h.after), 'null')"],
]);

const LINK_SQL = objectSql([
  ['memory_id', str('l.memory_b')],
  ['kind', str('l.kind')],
  ['conflict_id', str('l.conflict_id')],
  ['created_at', str('l.created_at')],
]);

/**
 * One memory's export record as JSON text, in SQL: `m` a memories row, `g` its message or NULLs, :user the store's
 * user. SQLite's concat() skips NULL arguments. It gives exactly JSON.stringify(exportRecord(...)):
 * - keys in memoryToJson / messageToJson / historyToJson / linkToJson order, optional keys (`history`, `links`) as
 *   exportRecordTexts writes them;
 * - strings and nulls through json_quote, which escapes exactly as JSON.stringify does (quote, backslash, the
 *   control characters, short forms for \b \f \n \r \t); text SQLite cannot hold as valid UTF-8 (lone surrogates)
 *   is decoded by the same V8 decoder either way (recordBatches checks the bytes);
 * - integers (version, attempts) as SQLite prints them, the same digits;
 * - REALs (confidence) through JSON.stringify itself: SQLite prints 1 as 1.0 and some doubles with 17 digits;
 * - entities and history snapshots are JSON text written by JSON.stringify: json() checks them and returns them
 *   unchanged (JSON.stringify(JSON.parse(text)) === text for such text);
 * - history, links and the records of a batch in order: group_concat reads an ordered subquery (a co-routine) in
 *   its order.
 */
function recordSql(options: { includeHistory: boolean; links: boolean }): string {
  const pairs: [string, string][] = [
    ['id', str('m.id')],
    ['user', str(':user')],
    ['content', str('m.content')],
    ['type', str('m.type')],
    ['category', str('m.category')],
    ['confidence', `${JSON_NUMBER}(m.confidence)`],
    ['status', str('m.status')],
    ['entities', 'json(m.entities)'],
    ['event_at', str('m.event_at')],
    ['event_end', str('m.event_end')],
    ['event_grain', str('m.event_grain')],
    ['event_text', str('m.event_text')],
    ['created_at', str('m.created_at')],
    ['updated_at', str('m.updated_at')],
    ['last_seen_at', str('m.last_seen_at')],
    ['version', 'm.version'],
    ['source', objectSql([['message_id', str('m.message_id')], ['ref', str('m.source_ref')], ['session', str('m.session')]])],
    ['message', MESSAGE_SQL],
  ];
  if (options.includeHistory) {
    const entries = `SELECT ${HISTORY_ENTRY_SQL} AS entry FROM memory_history h WHERE h.memory_id = m.id ORDER BY h.seq`;
    pairs.push(['history', `(SELECT concat('[', group_concat(entry, ','), ']') FROM (${entries}))`]);
  }
  if (!options.links) return objectSql(pairs);
  // `links` only when the memory has some: NULL otherwise.
  const links = `SELECT ${LINK_SQL} AS link FROM memory_links l WHERE l.memory_a = m.id ORDER BY l.seq`;
  return objectSql(pairs, `(SELECT ',"links":[' || group_concat(link, ',') || ']' FROM (${links}))`);
}
