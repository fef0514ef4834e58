import type Database from 'better-sqlite3';
import type { HistoryEntry, HistoryRepository } from '../core/ports.js';
import type { Db } from './db.js';

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

export class SqliteHistoryRepository implements HistoryRepository {
  private readonly insertStmt: Database.Statement;
  private readonly selectStmt: Database.Statement;
  private readonly purgeStmt: Database.Statement;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO memory_history (memory_id, version, action, before, after, reason, actor, conflict_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectStmt = db.prepare(
      `SELECT memory_id, version, action, before, after, reason, actor, conflict_id, at
       FROM memory_history WHERE memory_id = ? ORDER BY seq`,
    );
    this.purgeStmt = db.prepare('DELETE FROM memory_history WHERE memory_id = ?');
  }

  record(e: HistoryEntry): void {
    this.insertStmt.run(
      e.memoryId,
      e.version,
      e.action,
      e.before === null ? null : JSON.stringify(e.before),
      e.after === null ? null : JSON.stringify(e.after),
      e.reason,
      e.actor,
      e.conflictId,
      e.at,
    );
  }

  forMemory(memoryId: string): HistoryEntry[] {
    return (this.selectStmt.all(memoryId) as HistoryRow[]).map((row) => ({
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
    this.purgeStmt.run(memoryId);
  }
}
