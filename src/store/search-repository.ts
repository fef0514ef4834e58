import type { Memory, MemoryType } from '../core/memory.js';
import type { MemoryFilter, SearchCandidate, SearchRepository } from '../core/ports.js';
import { COLUMN_WEIGHTS, searchMemories, type SearchHit, type SearchOptions } from '../core/search.js';
import type { Db } from './db.js';
import { SqliteRepository } from './statements.js';
import { filterClause, RECORD_COLUMNS, tupleToMemory, type RecordTuple } from './memory-repository.js';

/**
 * The SQL of full-text search. Matches come from the FTS5 index alone (bm25 over the index, no join), which is
 * what makes a search at 100k memories cost about the same as the bare MATCH; the few fields ranking reads are
 * then fetched for the pool by rowid. Filters other than status need the join, so they take the joined query.
 */

/**
 * Candidate rows come back as arrays (better-sqlite3 `raw()`): a pool is tens of rows per search and objects cost
 * more than the lookups. Columns: candidateColumns(), then bm when ranked.
 */
type CandidateRow = [
  seq: number,
  type: string,
  category: string,
  confidence: number,
  session: string | null,
  lastSeenAt: string,
  eventAt: string | null,
  eventEnd: string | null,
  head: string,
  saidAt: string | null,
  saidTz: string | null,
  bm?: number,
];

const WEIGHTS = COLUMN_WEIGHTS.join(', ');
const BM25 = `bm25(memories_fts, ${WEIGHTS})`;
const HEAD_CHARS = 64;
const HEAD = `substr(m.content, 1, ${HEAD_CHARS})`;
/**
 * What ranking reads of a candidate (CandidateRow's columns up to said_tz). Every column is a value better-sqlite3
 * turns into a JavaScript one, so what ranking will not read is left NULL or empty: the event and said times unless
 * the query names a date, and the head unless it has the colon of a "Speaker: " prefix.
 */
const HEAD_IF_SPEAKER = `iif(instr(${HEAD}, ':') > 0, ${HEAD}, '') AS head`;
const CANDIDATE_COLUMNS_WITH_DATES = `m.seq, m.type, m.category, m.confidence, m.session, m.last_seen_at, m.event_at, m.event_end, ${HEAD_IF_SPEAKER}, g.ref_at AS said_at, g.tz AS said_tz`;
const CANDIDATE_COLUMNS = `m.seq, m.type, m.category, m.confidence, m.session, m.last_seen_at, NULL, NULL, ${HEAD_IF_SPEAKER}, NULL AS said_at, NULL AS said_tz`;
function candidateColumns(withDates: boolean): string {
  return withDates ? CANDIDATE_COLUMNS_WITH_DATES : CANDIDATE_COLUMNS;
}
const SAID_JOIN = 'LEFT JOIN messages g ON g.id = m.message_id';
const LOAD_RECORDS = `SELECT ${RECORD_COLUMNS} FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value`;

/**
 * A LIMIT written into the SQL rather than bound: with a bound LIMIT, as with a bound status (see filterClause),
 * SQLite prepared the pool statement again on every run (measured: ~15 us and more each). Pool sizes are few, so the
 * statements stay few.
 */
function sqlLimit(limit: number): number {
  return Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : -1;
}

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
    seq: row[0],
    relevance,
    type: row[1] as MemoryType,
    category: row[2],
    confidence: row[3],
    session: row[4],
    lastSeenAt: row[5],
    eventAt: row[6],
    eventEnd: row[7],
    head: row[8],
    saidAt: row[9],
    saidTimeZone: row[10],
  };
}

export class SqliteSearchRepository extends SqliteRepository implements SearchRepository {

  constructor(
    db: Db,
    private readonly user: string,
  ) {
    super(db);
  }


  /** The whole search (core/search.ts ranks; this class only reads). */
  search(text: string, filter: MemoryFilter, options: SearchOptions): SearchHit[] {
    return searchMemories(this, text, filter, options);
  }

  matches(expression: string, filter: MemoryFilter, limit: number, withDates: boolean): SearchCandidate[] {
    return statusOnly(filter) ? this.rankedThenFiltered(expression, filter, limit, withDates) : this.joined(expression, filter, limit, withDates);
  }

  /**
   * Ranks the index alone, then keeps the pool's rows whose status passes. Inactive memories are few, so the pool
   * nearly always holds enough; when fewer than half of it pass, the pool grows until the index has no more.
   */
  private rankedThenFiltered(expression: string, filter: MemoryFilter, limit: number, withDates: boolean): SearchCandidate[] {
    const where = filterClause(filter, { inlineStatus: true });
    const said = withDates ? SAID_JOIN : '';
    const rows = this.stmt(
      `SELECT ${candidateColumns(withDates)}, t.bm FROM ` +
        `(SELECT rowid AS seq, ${BM25} AS bm FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm LIMIT ${sqlLimit(limit)}) t ` +
        `CROSS JOIN memories m ON m.seq = t.seq ${said} WHERE ${where.sql} ORDER BY t.bm`,
    )
      .raw()
      .all(expression, ...where.params) as CandidateRow[];
    if (rows.length * 2 >= limit) return rows.map((row) => toCandidate(row, -row[11]!));
    const ranked = this.stmt(`SELECT rowid AS seq, ${BM25} AS bm FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm LIMIT ?`);
    const light = this.stmt(
      `SELECT ${candidateColumns(withDates)} ` +
        `FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value ${said} WHERE ${where.sql}`,
    ).raw();
    for (let pool = limit * 4; ; pool *= 4) {
      const hits = ranked.all(expression, pool) as { seq: number; bm: number }[];
      const passing = light.all(JSON.stringify(hits.map((h) => h.seq)), ...where.params) as CandidateRow[];
      if (passing.length * 2 >= limit || hits.length < pool) {
        const score = new Map(hits.map((h) => [h.seq, -h.bm]));
        return passing
          .map((row) => toCandidate(row, score.get(row[0])!))
          .sort((x, y) => y.relevance - x.relevance)
          .slice(0, limit);
      }
    }
  }

  /** Narrow filters (type, category, times, confidence) are applied while ranking, index first. */
  private joined(expression: string, filter: MemoryFilter, limit: number, withDates: boolean): SearchCandidate[] {
    const where = filterClause(filter, { inlineStatus: true });
    const rows = this.stmt(
      `SELECT ${candidateColumns(withDates)}, ${BM25} AS bm ` +
        `FROM memories_fts CROSS JOIN memories m ON m.seq = memories_fts.rowid ${withDates ? SAID_JOIN : ''} ` +
        `WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm LIMIT ${sqlLimit(limit)}`,
    )
      .raw()
      .all(expression, ...where.params) as CandidateRow[];
    return rows.map((row) => toCandidate(row, -row[11]!));
  }

  context(seqs: readonly number[], filter: MemoryFilter, withDates: boolean): SearchCandidate[] {
    const where = filterClause(filter, { inlineStatus: true });
    const rows = this.stmt(
      `SELECT ${candidateColumns(withDates)} ` +
        `FROM json_each(?) j CROSS JOIN memories m ON m.seq = j.value ${withDates ? SAID_JOIN : ''} WHERE ${where.sql}`,
    )
      .raw()
      .all(JSON.stringify(seqs), ...where.params) as CandidateRow[];
    return rows.map((row) => toCandidate(row, 0));
  }

  load(seqs: readonly number[]): Memory[] {
    const rows = this.stmt(LOAD_RECORDS)
      .raw()
      .all(JSON.stringify(seqs)) as RecordTuple[];
    const bySeq = new Map(rows.map((row) => [row[0], row]));
    return seqs.map((seq) => {
      const row = bySeq.get(seq);
      if (!row) throw new Error(`memory row ${seq} vanished during a search`);
      return tupleToMemory(row, this.user);
    });
  }
}
