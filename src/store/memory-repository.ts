import { NotFoundError, UsageError } from '../core/errors.js';
import { normaliseIdPrefix } from '../core/ids.js';
import { isMemoryStatus, type EventGrain, type Memory, type MemoryStatus, type MemoryType } from '../core/memory.js';
import type { ListOptions, MemoryFilter, MemoryPatch, MemoryRepository } from '../core/ports.js';
import type { Db } from './db.js';
import type { StagedUpdate, WriteStage } from './stage.js';
import { insertRowsSql, SqliteRepository } from './statements.js';
import { textKey } from './text-key.js';

/** Every stored column of a memory, in the order `memoryValues` gives their values. */
export const MEMORY_WRITE_COLUMNS = [
  'id', 'content', 'type', 'category', 'confidence', 'status', 'entities', 'event_at', 'event_end', 'event_grain',
  'event_text', 'event_utc', 'created_at', 'updated_at', 'last_seen_at', 'version', 'message_id', 'source_ref', 'session',
  'text_key',
] as const;

const INSERT_MEMORY = insertRowsSql('memories', MEMORY_WRITE_COLUMNS, 1);

/** Columns an update may change and still be a refresh (a duplicate seen again): none that lookups read. */
const REFRESH_COLUMNS: ReadonlySet<string> = new Set(['last_seen_at', 'confidence']);

export function memoryValues(m: Memory): unknown[] {
  return [
    m.id, m.content, m.type, m.category, m.confidence, m.status, JSON.stringify(m.entities), m.eventAt, m.eventEnd,
    m.eventGrain, m.eventText, eventUtc(m.eventAt), m.createdAt, m.updatedAt, m.lastSeenAt, m.version,
    m.source.messageId, m.source.ref, m.source.session, textKey(m.content),
  ];
}

/**
 * A memory record's columns. Memories are read with raw(), which returns arrays: better-sqlite3 builds an array for
 * a row in about half the time it builds an object. `tupleToMemory` reads them.
 */
export const RECORD_COLUMNS =
  'm.seq, m.id, m.content, m.type, m.category, m.confidence, m.status, m.entities, m.event_at, m.event_end, ' +
  'm.event_grain, m.event_text, m.created_at, m.updated_at, m.last_seen_at, m.version, m.message_id, m.source_ref, m.session';

const MEMORY_BY_ID = `SELECT ${RECORD_COLUMNS} FROM memories m WHERE m.id = ?`;

export type RecordTuple = [
  seq: number,
  id: string,
  content: string,
  type: string,
  category: string,
  confidence: number,
  status: string,
  entities: string,
  eventAt: string | null,
  eventEnd: string | null,
  eventGrain: string | null,
  eventText: string | null,
  createdAt: string,
  updatedAt: string,
  lastSeenAt: string,
  version: number,
  messageId: string | null,
  sourceRef: string | null,
  session: string | null,
];

export function tupleToMemory(r: RecordTuple, user: string): Memory {
  return {
    id: r[1],
    user,
    content: r[2],
    type: r[3] as MemoryType,
    category: r[4],
    confidence: r[5],
    status: r[6] as MemoryStatus,
    entities: JSON.parse(r[7]) as string[],
    eventAt: r[8],
    eventEnd: r[9],
    eventGrain: r[10] as EventGrain | null,
    eventText: r[11],
    createdAt: r[12],
    updatedAt: r[13],
    lastSeenAt: r[14],
    version: r[15],
    source: { messageId: r[16], ref: r[17], session: r[18] },
  };
}

/** UTC instant of an ISO time with offset, for range filters; null when absent or unreadable. */
export function eventUtc(eventAt: string | null): string | null {
  if (eventAt === null) return null;
  const ms = Date.parse(eventAt);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/**
 * The WHERE clause shared by list, search and export (alias `m`). With `inlineStatus`, the statuses (only ever the
 * four a memory can have, safe to write into SQL as they are) are part of the text instead of bound values.
 */
export function filterClause(filter: MemoryFilter, options: { inlineStatus?: boolean } = {}): SqlFragment {
  const where: string[] = [];
  const params: unknown[] = [];
  const statuses = filter.statuses ?? ['active'];
  // Written into the SQL when asked: a bound status lets the planner weigh the partial index on active memories
  // against its value, and SQLite then prepares the statement again on every run (~15 us or more each time).
  const inline = options.inlineStatus === true && statuses.every(isMemoryStatus);
  const value = (status: string): string => (inline ? `'${status}'` : '?');
  if (statuses.length === 1) {
    where.push(`m.status = ${value(statuses[0]!)}`);
    if (!inline) params.push(statuses[0]);
  } else if (statuses.length < 4) {
    where.push(`m.status IN (${statuses.map(value).join(', ')})`);
    if (!inline) params.push(...statuses);
  }
  if (filter.types && filter.types.length > 0) {
    where.push(`m.type IN (${filter.types.map(() => '?').join(', ')})`);
    params.push(...filter.types);
  }
  if (filter.categories && filter.categories.length > 0) {
    const parts: string[] = [];
    for (const category of filter.categories) {
      const path = category.replace(/^\/+|\/+$/g, '').toLowerCase();
      parts.push('(m.category = ? OR substr(m.category, 1, ?) = ?)');
      params.push(path, path.length + 1, `${path}/`);
    }
    where.push(`(${parts.join(' OR ')})`);
  }
  if (filter.since) {
    where.push('m.created_at >= ?');
    params.push(filter.since.toISOString());
  }
  if (filter.until) {
    where.push('m.created_at < ?');
    params.push(filter.until.toISOString());
  }
  if (filter.eventAfter) {
    where.push('m.event_utc >= ?');
    params.push(filter.eventAfter.toISOString());
  }
  if (filter.eventBefore) {
    where.push('m.event_utc < ?');
    params.push(filter.eventBefore.toISOString());
  }
  if (filter.eventNotOverAt) {
    // Both branches are ranges of the event index: what starts from then on, and what started in the two years
    // before (the longest span a phrase gives is a year) and ends after it. event_end keeps its offset; julianday()
    // reads it as the instant it is.
    const at = filter.eventNotOverAt;
    where.push('(m.event_utc >= ? OR (m.event_utc >= ? AND m.event_end IS NOT NULL AND julianday(m.event_end) > julianday(?)))');
    params.push(at.toISOString(), new Date(at.getTime() - 2 * 366 * 86_400_000).toISOString(), at.toISOString());
  }
  if (filter.minConfidence !== undefined) {
    where.push('m.confidence >= ?');
    params.push(filter.minConfidence);
  }
  if (filter.messageId !== undefined) {
    where.push('m.message_id = ?');
    params.push(filter.messageId);
  }
  return { sql: where.length > 0 ? where.join(' AND ') : '1', params };
}

const SORT_COLUMNS = {
  created: 'm.created_at',
  updated: 'm.updated_at',
  event: 'm.event_utc',
  confidence: 'm.confidence',
} as const;

export function orderClause(options: ListOptions): string {
  const column = SORT_COLUMNS[options.sort ?? 'created'];
  const dir = options.asc ? 'ASC' : 'DESC';
  // Events without a time go last whichever way the list is sorted; ids break ties by creation.
  const nulls = options.sort === 'event' ? `${column} IS NULL, ` : '';
  return `${nulls}${column} ${dir}, m.id ${dir}`;
}

function pageClause(options: ListOptions): SqlFragment {
  if (options.limit === null || options.limit === undefined) {
    return options.offset ? { sql: 'LIMIT -1 OFFSET ?', params: [options.offset] } : { sql: '', params: [] };
  }
  return { sql: 'LIMIT ? OFFSET ?', params: [options.limit, options.offset ?? 0] };
}

export class SqliteMemoryRepository extends SqliteRepository implements MemoryRepository {

  constructor(
    db: Db,
    private readonly user: string,
    stage?: WriteStage,
  ) {
    super(db, stage);
  }

  insert(m: Memory): void {
    if (this.staging) this.stage!.stageMemory(m, memoryValues(m));
    else this.stmt(INSERT_MEMORY).run(...memoryValues(m));
  }

  /**
   * Several memories, with multi-row INSERTs (insertValues). The full-text index pays per statement (its pending terms
   * are written out at each statement's end), so a bulk import that writes one statement per memory spends half its
   * time there; one statement of many rows writes them out once.
   */
  insertMany(memories: readonly Memory[]): void {
    this.stage?.touch();
    this.insertRows(memories.map(memoryValues));
  }

  /** A batch's deferred refreshes, in order. */
  applyUpdates(updates: readonly StagedUpdate[]): void {
    for (const update of updates) this.prepared(update.sql).run(update.values);
  }

  /** Rows already in `memoryValues` order (a batch's held rows), with multi-row INSERTs. */
  insertRows(rows: readonly unknown[][]): void {
    this.insertValues('memories', MEMORY_WRITE_COLUMNS, rows);
  }

  get(id: string): Memory | null {
    if (this.staging) {
      // A memory a batch holds, or a stored one as its held refreshes leave it: nothing need be written out.
      let current = this.stage!.memory(id);
      if (!current) {
        const row = this.prepared(MEMORY_BY_ID).raw().get(id) as RecordTuple | undefined;
        current = row ? this.stage!.current(tupleToMemory(row, this.user)) : null;
      }
      // A copy: the stage's own object must not change under it.
      return current && { ...current, entities: [...current.entities], source: { ...current.source } };
    }
    const row = this.stmt(MEMORY_BY_ID).raw().get(id) as RecordTuple | undefined;
    return row ? tupleToMemory(row, this.user) : null;
  }

  resolveId(input: string): string {
    const prefix = normaliseIdPrefix(input, 'mem');
    if (prefix === 'mem_') throw new UsageError('a memory id must not be empty');
    if (!/^mem_[0-9a-z]+$/.test(prefix)) throw new NotFoundError(`no memory matches ${JSON.stringify(input)}`);
    const rows = this.stmt('SELECT id FROM memories WHERE id >= ? AND id < ? ORDER BY id LIMIT 6').all(
      prefix,
      `${prefix}~`,
    ) as { id: string }[];
    if (rows.length === 0) throw new NotFoundError(`no memory matches ${JSON.stringify(input)}`, { hint: 'see `harmonia list --status all`' });
    const exact = rows.find((r) => r.id === prefix);
    if (exact) return exact.id;
    if (rows.length > 1) {
      const shown = rows.slice(0, 5).map((r) => r.id).join(', ');
      throw new UsageError(`memory id prefix ${JSON.stringify(input)} is ambiguous: ${shown}${rows.length > 5 ? ', ...' : ''}`, {
        code: 'ambiguous',
        hint: 'type more characters of the id',
      });
    }
    return rows[0]!.id;
  }

  private selectSql(filter: MemoryFilter, options: ListOptions): SqlFragment {
    const where = filterClause(filter);
    const page = pageClause(options);
    return {
      sql: `SELECT ${RECORD_COLUMNS} FROM memories m WHERE ${where.sql} ORDER BY ${orderClause(options)} ${page.sql}`,
      params: [...where.params, ...page.params],
    };
  }

  list(filter: MemoryFilter, options: ListOptions = {}): Memory[] {
    const { sql, params } = this.selectSql(filter, options);
    return (this.stmt(sql).raw().all(...params) as RecordTuple[]).map((row) => tupleToMemory(row, this.user));
  }

  *iterate(filter: MemoryFilter, options: ListOptions = {}): IterableIterator<Memory> {
    const { sql, params } = this.selectSql(filter, options);
    // A fresh statement: an iterating statement cannot be reused until it is done.
    this.stage?.touch();
    for (const row of this.db.prepare(sql).raw().iterate(...params) as IterableIterator<RecordTuple>) {
      yield tupleToMemory(row, this.user);
    }
  }

  count(filter: MemoryFilter): number {
    const where = filterClause(filter);
    return (this.stmt(`SELECT count(*) AS n FROM memories m WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  allIds(filter: MemoryFilter): string[] {
    const where = filterClause(filter);
    return this.stmt(`SELECT m.id FROM memories m WHERE ${where.sql} ORDER BY m.id`)
      .pluck()
      .all(...where.params) as string[];
  }

  update(id: string, patch: MemoryPatch, at: string, read?: Memory): Memory {
    const current = read ?? this.get(id);
    if (!current) throw new NotFoundError(`memory ${id} does not exist`);
    const next: Memory = { ...current, ...patch, version: current.version + 1, updatedAt: at };
    // Only the columns that change are written: SQLite rewrites the index entries (and the full-text row) of every
    // column named in SET, so refreshing a duplicate's last-seen time must not name its content.
    const columns: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, before: unknown, after: unknown): void => {
      if (before !== after) {
        columns.push(column);
        values.push(after);
      }
    };
    set('content', current.content, next.content);
    if (current.content !== next.content) {
      // The duplicate key follows the text.
      columns.push('text_key');
      values.push(textKey(next.content));
    }
    set('type', current.type, next.type);
    set('category', current.category, next.category);
    set('confidence', current.confidence, next.confidence);
    set('status', current.status, next.status);
    set('entities', JSON.stringify(current.entities), JSON.stringify(next.entities));
    set('event_at', current.eventAt, next.eventAt);
    set('event_end', current.eventEnd, next.eventEnd);
    set('event_grain', current.eventGrain, next.eventGrain);
    set('event_text', current.eventText, next.eventText);
    set('event_utc', eventUtc(current.eventAt), eventUtc(next.eventAt));
    set('last_seen_at', current.lastSeenAt, next.lastSeenAt);
    const refresh = columns.every((c) => REFRESH_COLUMNS.has(c));
    columns.push('updated_at', 'version');
    values.push(next.updatedAt, next.version);
    const sql = `UPDATE memories SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`;
    // A refresh changes nothing that lookups or the full-text index read: a batch can hold it back with its rows.
    if (refresh && this.staging) this.stage!.stageRefresh({ id, sql, values: [...values, id] }, next);
    else this.stmtWith({ ids: [id], writes: true }, sql).run(...values, id);
    return next;
  }

  purge(id: string): void {
    this.stmt('DELETE FROM memories WHERE id = ?').run(id);
  }

  compactIndex(): void {
    this.stmt("INSERT INTO memories_fts(memories_fts) VALUES ('optimize')").run();
  }
}
