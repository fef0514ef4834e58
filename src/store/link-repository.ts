import type { LinkKind, MemoryLink } from '../core/conflicts/conflict.js';
import type { LinkRepository } from '../core/ports.js';
import type { Db } from './db.js';
import type { WriteStage } from './stage.js';
import { insertRowsSql, SqliteRepository } from './statements.js';

interface LinkRow {
  memory_a: string;
  memory_b: string;
  kind: string;
  conflict_id: string | null;
  created_at: string;
}

function rowToLink(row: LinkRow): MemoryLink {
  return { memoryA: row.memory_a, memoryB: row.memory_b, kind: row.kind as LinkKind, conflictId: row.conflict_id, createdAt: row.created_at };
}

const WRITE_COLUMNS = ['memory_a', 'memory_b', 'kind', 'conflict_id', 'created_at'] as const;

export class SqliteLinkRepository extends SqliteRepository implements LinkRepository {
  constructor(db: Db, stage?: WriteStage) {
    super(db, stage);
  }

  insert(link: MemoryLink): void {
    const values = [link.memoryA, link.memoryB, link.kind, link.conflictId, link.createdAt];
    if (this.staging) this.stage!.stageRow('links', values);
    else this.stmt(insertRowsSql('memory_links', WRITE_COLUMNS, 1)).run(...values);
  }

  /** Rows in WRITE_COLUMNS order (a batch's held rows), with multi-row INSERTs. */
  insertRows(rows: readonly unknown[][]): void {
    this.insertValues('memory_links', WRITE_COLUMNS, rows);
  }

  forMemory(memoryId: string): MemoryLink[] {
    const sql = 'SELECT memory_a, memory_b, kind, conflict_id, created_at FROM memory_links WHERE memory_a = ? OR memory_b = ? ORDER BY seq';
    return (this.stmt(sql).all(memoryId, memoryId) as LinkRow[]).map(rowToLink);
  }

  removeForConflict(conflictId: string): void {
    this.stmt('DELETE FROM memory_links WHERE conflict_id = ?').run(conflictId);
  }

  purgeForMemory(memoryId: string): void {
    this.stmt('DELETE FROM memory_links WHERE memory_a = ? OR memory_b = ?').run(memoryId, memoryId);
  }
}
