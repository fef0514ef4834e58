import type Database from 'better-sqlite3';
import type { MemoryType } from '../core/memory.js';
import type { MemoryFilter, SearchCandidate, SearchRepository } from '../core/ports.js';
import { COLUMN_WEIGHTS, RAW_MARKS, searchMemories, type SearchHit, type SearchOptions } from '../core/search.js';
import type { Db } from './db.js';
import { filterClause, MEMORY_COLUMNS, rowToMemory, type MemoryRow } from './memory-repository.js';

/**
 * The SQL of full-text search. Matches come from the FTS5 index alone (bm25 over the index, no join), which is
 * what makes a search at 100k memories cost about the same as the bare MATCH; the few fields ranking reads are
 * then fetched for the pool by rowid. Filters other than status need the join, so they take the joined query.
 */

interface CandidateRow {
  seq: number;
  bm: number;
  type: string;
  category: string;
  confidence: number;
  session: string | null;
  last_seen_at: string;
  event_at: string | null;
  event_end: string | null;
  head: string;
  said_at: string | null;
  said_tz: string | null;
}

const WEIGHTS = COLUMN_WEIGHTS.join(', ');
const BM25 = `bm25(memories_fts, ${WEIGHTS})`;
const HEAD_CHARS = 64;
const LIGHT_COLUMNS =
  `m.seq, m.type, m.category, m.confidence, m.session, m.last_seen_at, m.event_at, m.event_end, ` +
  `substr(m.content, 1, ${HEAD_CHARS}) AS head`;
const SAID_COLUMNS = 'g.ref_at AS said_at, g.tz AS said_tz';
const NO_SAID_COLUMNS = 'NULL AS said_at, NULL AS said_tz';
const SAID_JOIN = 'LEFT JOIN messages g ON g.id = m.message_id';

/** Only a status condition: the index can be ranked alone and rows checked afterwards. */
function statusOnly(filter: MemoryFilter): boolean {
  return (
    !filter.types?.length &&
    !filter.categories?.length &&
    !filter.since &&
    !filter.until &&
    !filter.eventAfter &&
    !filter.eventBefore &&
    filter.minConfidence === undefined &&
    filter.messageId === undefined
  );
}

function toCandidate(row: CandidateRow, relevance: number): SearchCandidate {
  return {
    seq: row.seq,
    relevance,
    type: row.type as MemoryType,
    category: row.category,
    confidence: row.confidence,
    session: row.session,
    lastSeenAt: row.last_seen_at,
    eventAt: row.event_at,
    eventEnd: row.event_end,
    head: row.head,
    saidAt: row.said_at,
    saidTimeZone: row.said_tz,
  };
}

export class SqliteSearchRepository implements SearchRepository {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Db,
    private readonly user: string,
  ) {}

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** The whole search (core/search.ts ranks; this class only reads). */
  search(text: string, filter: MemoryFilter, options: SearchOptions): SearchHit[] {
    return searchMemories(this, text, filter, options);
  }

  matches(expression: string, filter: MemoryFilter, limit: number, withSaidAt: boolean): SearchCandidate[] {
    return statusOnly(filter) ? this.rankedThenFiltered(expression, filter, limit, withSaidAt) : this.joined(expression, filter, limit, withSaidAt);
  }

  /**
   * Ranks the index alone, then keeps the rows whose status passes. Inactive memories are few, so the first pool
   * nearly always suffices; when it does not, the pool grows until the index has nothing more to give.
   */
  private rankedThenFiltered(expression: string, filter: MemoryFilter, limit: number, withSaidAt: boolean): SearchCandidate[] {
    const ranked = this.stmt(`SELECT rowid AS seq, ${BM25} AS bm FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm LIMIT ?`);
    const where = filterClause(filter);
    const light = this.stmt(
      `SELECT ${LIGHT_COLUMNS}, ${withSaidAt ? SAID_COLUMNS : NO_SAID_COLUMNS} FROM memories m ${withSaidAt ? SAID_JOIN : ''} ` +
        `WHERE m.seq IN (SELECT value FROM json_each(?)) AND ${where.sql}`,
    );
    for (let pool = limit; ; pool *= 4) {
      const hits = ranked.all(expression, pool) as { seq: number; bm: number }[];
      if (hits.length === 0) return [];
      const score = new Map(hits.map((h) => [h.seq, -h.bm]));
      const rows = light.all(JSON.stringify(hits.map((h) => h.seq)), ...where.params) as CandidateRow[];
      if (rows.length >= limit || hits.length < pool) {
        return rows
          .map((row) => toCandidate(row, score.get(row.seq)!))
          .sort((a, b) => b.relevance - a.relevance)
          .slice(0, limit);
      }
    }
  }

  /** Narrow filters (type, category, times, confidence) are applied while ranking, index first. */
  private joined(expression: string, filter: MemoryFilter, limit: number, withSaidAt: boolean): SearchCandidate[] {
    const where = filterClause(filter);
    const rows = this.stmt(
      `SELECT ${LIGHT_COLUMNS}, ${withSaidAt ? SAID_COLUMNS : NO_SAID_COLUMNS}, ${BM25} AS bm ` +
        `FROM memories_fts CROSS JOIN memories m ON m.seq = memories_fts.rowid ${withSaidAt ? SAID_JOIN : ''} ` +
        `WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm LIMIT ?`,
    ).all(expression, ...where.params, limit) as CandidateRow[];
    return rows.map((row) => toCandidate(row, -row.bm));
  }

  context(seqs: readonly number[], filter: MemoryFilter, withSaidAt: boolean): SearchCandidate[] {
    const where = filterClause(filter);
    const rows = this.stmt(
      `SELECT ${LIGHT_COLUMNS}, ${withSaidAt ? SAID_COLUMNS : NO_SAID_COLUMNS} FROM memories m ${withSaidAt ? SAID_JOIN : ''} ` +
        `WHERE m.seq IN (SELECT value FROM json_each(?)) AND ${where.sql}`,
    ).all(JSON.stringify(seqs), ...where.params) as CandidateRow[];
    return rows.map((row) => toCandidate(row, 0));
  }

  load(seqs: readonly number[], expression: string): { memory: ReturnType<typeof rowToMemory>; marked: string }[] {
    const rows = this.stmt(`SELECT ${MEMORY_COLUMNS} FROM memories m WHERE m.seq IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(seqs),
    ) as MemoryRow[];
    const bySeq = new Map(rows.map((row) => [row.seq, row]));
    // highlight() only runs inside a MATCH; seeking each row by rowid keeps it to the page, not every match. The
    // CAST matters: better-sqlite3 binds numbers as REAL, and FTS5 silently ignores a REAL rowid constraint.
    const highlight = this.stmt(
      `SELECT highlight(memories_fts, 0, char(${RAW_MARKS.open.charCodeAt(0)}), char(${RAW_MARKS.close.charCodeAt(0)})) ` +
        'FROM memories_fts WHERE memories_fts MATCH ? AND rowid = CAST(? AS INTEGER)',
    ).pluck();
    return seqs.map((seq) => {
      const row = bySeq.get(seq);
      if (!row) throw new Error(`memory row ${seq} vanished during a search`);
      const marked = (highlight.get(expression, seq) as string | undefined) ?? row.content;
      return { memory: rowToMemory(row, this.user), marked };
    });
  }
}
