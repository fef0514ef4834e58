import {
  type Conflict,
  type ConflictKind,
  type ConflictStatus,
  type Resolution,
} from '../core/conflicts/conflict.js';
import { NotFoundError, UsageError } from '../core/errors.js';
import { normaliseIdPrefix } from '../core/ids.js';
import { memoryFromJson, memoryToJson, type Memory, type MemoryJson, type MemoryType } from '../core/memory.js';
import type { ConflictFilter, ConflictRepository, Neighbour, NeighbourQuery } from '../core/ports.js';
import type { Db } from './db.js';
import type { WriteStage } from './stage.js';
import { hashFactKey } from './fact-keys.js';
import { insertRowsSql, SqliteRepository } from './statements.js';
import { textKey } from './text-key.js';
import { MEMORY_WRITE_COLUMNS, memoryValues, RECORD_COLUMNS, tupleToMemory, type RecordTuple } from './memory-repository.js';

interface ConflictRow {
  id: string;
  kind: string;
  memory_id: string;
  existing: string;
  candidate_id: string;
  candidate: string;
  similarity: number;
  reason: string | null;
  judge: string;
  suggested: string;
  status: string;
  strategy: string | null;
  touched: string;
  resolved_by: string | null;
  message_id: string | null;
  created_at: string;
  resolved_at: string | null;
  undone_at: string | null;
}

const CONFLICT_WRITE_COLUMNS = [
  'id', 'kind', 'memory_id', 'existing', 'candidate_id', 'candidate', 'similarity', 'reason', 'judge', 'suggested', 'status', 'strategy',
  'touched', 'resolved_by', 'message_id', 'created_at', 'resolved_at', 'undone_at',
] as const;
const CONFLICT_COLUMNS = CONFLICT_WRITE_COLUMNS.join(', ');

/** A conflict's values in CONFLICT_WRITE_COLUMNS order. */
function conflictValues(c: Conflict): unknown[] {
  return [
    c.id, c.kind, c.memoryId, JSON.stringify(memoryToJson(c.existing)), c.candidate.id, JSON.stringify(memoryToJson(c.candidate)), c.similarity, c.reason,
    c.judge, c.suggested, c.status, c.strategy, JSON.stringify(c.touched), c.resolvedBy, c.messageId, c.createdAt, c.resolvedAt,
    c.undoneAt,
  ];
}

/** Active memories with the same text (the key is a hash: the text itself is compared too). Built once: it runs per candidate. */
const SAME_TEXT = `SELECT ${RECORD_COLUMNS} FROM memories m
  WHERE m.text_key = ? AND m.status = 'active' AND lower(m.content) = lower(?)
  ORDER BY m.seq LIMIT 5`;

/** Neighbour lookups read memories (and their index) only, and none of the columns a refresh changes. */
const READS_MEMORIES = { tables: ['memories'], writes: false, ignoresRefreshes: true } as const;

function rowToConflict(row: ConflictRow): Conflict {
  return {
    id: row.id,
    kind: row.kind as ConflictKind,
    memoryId: row.memory_id,
    existing: memoryFromJson(JSON.parse(row.existing) as MemoryJson),
    candidate: memoryFromJson(JSON.parse(row.candidate) as MemoryJson),
    similarity: row.similarity,
    reason: row.reason,
    judge: row.judge === 'llm' ? 'llm' : 'rules',
    suggested: row.suggested as Resolution,
    status: row.status as ConflictStatus,
    strategy: row.strategy as Resolution | null,
    touched: JSON.parse(row.touched) as string[],
    resolvedBy: row.resolved_by,
    messageId: row.message_id,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    undoneAt: row.undone_at,
  };
}

/** A memory's entities column (JSON); most memories name none. */
function parseEntities(json: string): string[] {
  return json === '[]' ? [] : (JSON.parse(json) as string[]);
}

/** FTS5 query text: every term or phrase quoted (inner quotes doubled), so no user text is read as query syntax. */
function ftsQuery(terms: readonly string[]): string {
  return `{content entities} : (${terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ')})`;
}

const COMMON_CACHE_SIZE = 10_000;

/** The columns of a memory conflict detection reads to classify it (`Neighbour`). */
const NEIGHBOUR_COLUMNS = 'm.id, m.content, m.entities, m.type';

interface NeighbourRow {
  id: string;
  content: string;
  entities: string;
  type: string;
}

const newestUnderKeys = new Map<string, string>();

/**
 * Each of `count` keys' newest active memories (its stretch of the primary key walked backwards, each row found by
 * its seq), up to `limit`, tagged with the key's place; in that order. One statement instead of one per key (a
 * candidate looks up about six), with the limit written in: bound, it keeps SQLite from planning the walk as well.
 * Only active facts have keys; the status is checked all the same.
 */
function newestUnderKeysSql(count: number, limit: number): string {
  const id = `${count} ${limit}`;
  let sql = newestUnderKeys.get(id);
  if (sql === undefined) {
    const n = Math.max(0, Math.floor(limit));
    const perKey = Array.from(
      { length: count },
      (_, i) => `SELECT * FROM (SELECT seq, ${i} AS place FROM memory_keys WHERE key = ? ORDER BY seq DESC LIMIT ${n})`,
    );
    sql = `SELECT k.place, ${NEIGHBOUR_COLUMNS} FROM (${perKey.join(' UNION ALL ')}) k
      CROSS JOIN memories m ON m.seq = k.seq WHERE m.status = 'active' ORDER BY k.place, k.seq DESC`;
    newestUnderKeys.set(id, sql);
  }
  return sql;
}

export class SqliteConflictRepository extends SqliteRepository implements ConflictRepository {
  /**
   * How many memories hold a word (counted up to just past `commonAbove`), and how big the store was when counted.
   * A count grows with the store, so it is counted again once the store has doubled; past the cap it is final.
   */
  private readonly held = new Map<string, { count: number; size: number }>();

  constructor(
    db: Db,
    private readonly user: string,
    stage?: WriteStage,
  ) {
    super(db, stage);
  }

  insert(c: Conflict): void {
    const values = conflictValues(c);
    if (this.staging) this.stage!.stageRow('conflicts', values);
    else this.stmt(insertRowsSql('conflicts', CONFLICT_WRITE_COLUMNS, 1)).run(...values);
  }

  /** Rows in CONFLICT_WRITE_COLUMNS order (a batch's held rows), with multi-row INSERTs. */
  insertRows(rows: readonly unknown[][]): void {
    this.insertValues('conflicts', CONFLICT_WRITE_COLUMNS, rows);
  }

  save(c: Conflict): void {
    const result = this.stmt(
      `UPDATE conflicts SET status = ?, strategy = ?, suggested = ?, touched = ?, resolved_by = ?, resolved_at = ?, undone_at = ?
       WHERE id = ?`,
    ).run(c.status, c.strategy, c.suggested, JSON.stringify(c.touched), c.resolvedBy, c.resolvedAt, c.undoneAt, c.id);
    if (result.changes === 0) throw new NotFoundError(`conflict ${c.id} does not exist`);
  }

  get(id: string): Conflict | null {
    const row = this.stmt(`SELECT ${CONFLICT_COLUMNS} FROM conflicts WHERE id = ?`).get(id) as ConflictRow | undefined;
    return row ? rowToConflict(row) : null;
  }

  resolveId(input: string): string {
    const prefix = normaliseIdPrefix(input, 'cfl');
    if (prefix === 'cfl_') throw new UsageError('a conflict id must not be empty');
    const notFound = () => new NotFoundError(`no conflict matches ${JSON.stringify(input)}`, { hint: 'see `harmonia conflicts list --all`' });
    if (!/^cfl_[0-9a-z]+$/.test(prefix)) throw notFound();
    const ids = this.stmt('SELECT id FROM conflicts WHERE id >= ? AND id < ? ORDER BY id LIMIT 6')
      .pluck()
      .all(prefix, `${prefix}~`) as string[];
    if (ids.length === 0) throw notFound();
    if (ids.includes(prefix)) return prefix;
    if (ids.length > 1) {
      throw new UsageError(`conflict id prefix ${JSON.stringify(input)} is ambiguous: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`, {
        code: 'ambiguous',
        hint: 'type more characters of the id',
      });
    }
    return ids[0]!;
  }

  list(filter: ConflictFilter = {}): Conflict[] {
    const params: unknown[] = [];
    let where = '1';
    if (filter.statuses && filter.statuses.length > 0) {
      where = `status IN (${filter.statuses.map(() => '?').join(', ')})`;
      params.push(...filter.statuses);
    }
    const limit = filter.limit === null || filter.limit === undefined ? '' : 'LIMIT ?';
    if (limit) params.push(filter.limit);
    return (this.stmt(`SELECT ${CONFLICT_COLUMNS} FROM conflicts WHERE ${where} ORDER BY seq ${limit}`).all(...params) as ConflictRow[]).map(
      rowToConflict,
    );
  }

  count(statuses: readonly ConflictStatus[]): number {
    if (statuses.length === 0) return 0;
    return this.stmt(`SELECT count(*) FROM conflicts WHERE status IN (${statuses.map(() => '?').join(', ')})`)
      .pluck()
      .get(...statuses) as number;
  }

  forMemory(memoryId: string): Conflict[] {
    return (
      this.stmt(`SELECT ${CONFLICT_COLUMNS} FROM conflicts WHERE memory_id = ? OR candidate_id = ? ORDER BY seq`).all(
        memoryId,
        memoryId,
      ) as ConflictRow[]
    ).map(rowToConflict);
  }

  purgeForMemory(memoryId: string): void {
    this.stmt('DELETE FROM conflicts WHERE memory_id = ? OR candidate_id = ?').run(memoryId, memoryId);
  }

  /** The store's size, read as the newest memory's seq: an upper bound (deleted memories count), one index step. */
  private size(): number {
    return this.stmtWith(READS_MEMORIES, 'SELECT coalesce(max(seq), 0) FROM memories').pluck().get() as number;
  }

  /** Memories holding the word, up to `cap + 1`: the count stops there, so a common word costs no more than that. */
  private heldBy(term: string, cap: number, size: number): number {
    const cached = this.held.get(term);
    if (cached && (cached.count > cap || size <= 2 * cached.size + 32)) return cached.count;
    const count = this.stmtWith(READS_MEMORIES, 'SELECT count(*) FROM (SELECT 1 FROM memories_fts WHERE memories_fts MATCH ? LIMIT ?)').pluck().get(ftsQuery([term]), cap + 1) as number;
    if (!cached && this.held.size >= COMMON_CACHE_SIZE) this.held.clear();
    this.held.set(term, { count, size });
    return count;
  }

  nearest(query: NeighbourQuery): Neighbour[] {
    const seen = new Set<string>();
    const out: Neighbour[] = [];
    const add = (rows: NeighbourRow[]) => {
      for (const row of rows) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        out.push({ id: row.id, content: row.content, entities: parseEntities(row.entities), type: row.type as MemoryType });
      }
    };
    // Ranked in the index alone, then joined: joining first loads every matching row before the sort. Twice the
    // limit is ranked so that memories no longer active (filtered after the join) rarely leave the list short.
    // bm25() is the index's default rank; named as a function, SQLite keeps only the best rows while sorting
    // instead of the index sorting every match.
    const ranked = `SELECT ${NEIGHBOUR_COLUMNS} FROM
       (SELECT rowid AS seq, bm25(memories_fts) AS score FROM memories_fts WHERE memories_fts MATCH ? ORDER BY score LIMIT ?) f
       CROSS JOIN memories m ON m.seq = f.seq WHERE m.status = 'active' ORDER BY f.score LIMIT ?`;
    // Newest first: FTS5 walks the index in rowid order and stops at the limit, whatever the number of matches.
    // (CROSS JOIN keeps SQLite from scanning every active memory against the list instead.)
    const recent = `SELECT ${NEIGHBOUR_COLUMNS} FROM
       (SELECT rowid AS seq FROM memories_fts WHERE memories_fts MATCH ? ORDER BY rowid DESC LIMIT ?) f
       CROSS JOIN memories m ON m.seq = f.seq WHERE m.status = 'active'`;
    // Common: held by more than `commonAbove` memories, or by more than `commonShare` of them (once that is past
    // `commonFloor`): ranking a word costs a step per memory holding it, and a word many memories hold says little
    // about which of them are near.
    const size = this.size();
    const above = Math.min(query.commonAbove, Math.max(query.commonFloor, Math.floor(size * query.commonShare)));
    const isCommon = (term: string) => this.heldBy(term, query.commonAbove, size) > above;
    const rare: string[] = [];
    const common: string[] = [];
    for (const term of query.terms) (isCommon(term) ? common : rare).push(term);
    if (rare.length > 0 && query.ftsLimit > 0) add(this.stmtWith(READS_MEMORIES, ranked).all(ftsQuery(rare), query.ftsLimit * 2, query.ftsLimit) as NeighbourRow[]);
    if (common.length > 0 && query.recentLimit > 0) add(this.stmtWith(READS_MEMORIES, recent).all(ftsQuery(common), query.recentLimit) as NeighbourRow[]);
    // A phrase is only worth its cost (it walks the subject's postings) when its verb is common: a selective verb
    // is already among the ranked words.
    const phrases = query.phrases
      .filter((p) => p.length > 1 && isCommon(p[p.length - 1]!))
      .map((p) => p.join(' '));
    if (phrases.length > 0 && query.recentLimit > 0) add(this.stmtWith(READS_MEMORIES, recent).all(ftsQuery(phrases), query.recentLimit) as NeighbourRow[]);
    if (query.category !== null && query.categoryLimit > 0) {
      add(
        this.stmtWith(
          READS_MEMORIES,
          `SELECT ${NEIGHBOUR_COLUMNS} FROM memories m INDEXED BY memories_category
           WHERE m.category = ? AND m.status = 'active' ORDER BY m.seq DESC LIMIT ?`,
        ).all(query.category, query.categoryLimit) as NeighbourRow[],
      );
    }
    return out;
  }

  withKeys(keys: readonly string[], limit: number): Neighbour[] {
    if (keys.length === 0 || limit <= 0) return [];
    // Each key's newest memories: those a batch holds (newer than any stored; they need not be written out), then
    // the newest stored ones, up to the limit.
    const stored = this.prepared(newestUnderKeysSql(keys.length, limit)).raw().all(keys.map(hashFactKey)) as [number, string, string, string, MemoryType][];
    const out: Neighbour[] = [];
    const seen = new Set<string>();
    // Entities as a held memory has them, or as the stored JSON column (parsed only for a memory not yet seen).
    const add = (id: string, content: string, entities: string[] | string, type: MemoryType) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ id, content, entities: typeof entities === 'string' ? parseEntities(entities) : entities, type });
    };
    let row = 0;
    keys.forEach((key, place) => {
      const held = this.staging ? this.stage!.memoriesWithFactKey(key).slice(0, limit) : [];
      for (const m of held) add(m.id, m.content, m.entities, m.type);
      for (let taken = held.length; row < stored.length && stored[row]![0] === place; row++) {
        if (taken++ >= limit) continue;
        const [, id, content, entities, type] = stored[row]!;
        add(id, content, entities, type);
      }
    });
    return out;
  }

  sameText(content: string): Memory[] {
    // Stored memories, then those a batch still holds back (they are newer); the held rows need not be written out.
    const rows = this.prepared(SAME_TEXT).raw().all(textKey(content), content) as RecordTuple[];
    const stored = rows.map((row) => tupleToMemory(row, this.user));
    if (!this.staging) return stored;
    // As the batch's deferred refreshes leave them, then the memories it holds.
    const current = stored.map((m) => this.stage!.current(m));
    return current.length < 5 ? [...current, ...this.stage!.memoriesWithText(content)].slice(0, 5) : current;
  }

  restoreMemory(m: Memory): void {
    // Every column but the id, as it was: version and times included.
    const [id, ...values] = memoryValues(m);
    const result = this.stmt(`UPDATE memories SET ${MEMORY_WRITE_COLUMNS.slice(1).map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...values, id);
    if (result.changes === 0) throw new NotFoundError(`memory ${m.id} does not exist`);
  }
}
