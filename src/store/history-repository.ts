import type { HistoryEntry, HistoryRepository } from '../core/ports.js';
import type { Db } from './db.js';
import type { WriteStage } from './stage.js';
import { insertRowsSql, SqliteRepository } from './statements.js';

interface HistoryRow {
  memory_id: string;
  version: number;
  action: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  actor: string;
  conflict_id: string | null;
  at: string;
}

const WRITE_COLUMNS = ['memory_id', 'version', 'action', 'before', 'after', 'reason', 'actor', 'conflict_id', 'at'] as const;

/** An entry's values in WRITE_COLUMNS order. */
export function historyValues(e: HistoryEntry): unknown[] {
  return [
    e.memoryId, e.version, e.action, e.before === null ? null : JSON.stringify(e.before), e.after === null ? null : JSON.stringify(e.after),
    e.reason, e.actor, e.conflictId, e.at,
  ];
}

export class SqliteHistoryRepository extends SqliteRepository implements HistoryRepository {
  constructor(db: Db, stage?: WriteStage) {
    super(db, stage);
  }

  record(e: HistoryEntry): void {
    if (this.staging) this.stage!.stageRow('history', historyValues(e));
    else this.stmt(insertRowsSql('memory_history', WRITE_COLUMNS, 1)).run(...historyValues(e));
  }

  /** Rows in WRITE_COLUMNS order (a batch's held rows), with multi-row INSERTs. */
  insertRows(rows: readonly unknown[][]): void {
    this.insertValues('memory_history', WRITE_COLUMNS, rows);
  }

  forMemory(memoryId: string): HistoryEntry[] {
    const sql = `SELECT memory_id, version, action, before, after, reason, actor, conflict_id, at
       FROM memory_history WHERE memory_id = ? ORDER BY seq`;
    return (this.stmt(sql).all(memoryId) as HistoryRow[]).map((row) => ({
      memoryId: row.memory_id,
      version: row.version,
      action: row.action,
      before: row.before === null ? null : (JSON.parse(row.before) as Record<string, unknown>),
      after: row.after === null ? null : (JSON.parse(row.after) as Record<string, unknown>),
      reason: row.reason,
      actor: row.actor,
      conflictId: row.conflict_id,
      at: row.at,
    }));
  }

  purgeMemory(memoryId: string): void {
    this.stmt('DELETE FROM memory_history WHERE memory_id = ?').run(memoryId);
  }
}
