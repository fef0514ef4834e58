import type Database from 'better-sqlite3';
import type { LinkKind, MemoryLink } from '../core/conflicts/conflict.js';
import type { LinkRepository } from '../core/ports.js';
import type { Db } from './db.js';

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

export class SqliteLinkRepository implements LinkRepository {
  private readonly insertStmt: Database.Statement;
  private readonly forMemoryStmt: Database.Statement;
  private readonly removeStmt: Database.Statement;
  private readonly purgeStmt: Database.Statement;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO memory_links (memory_a, memory_b, kind, conflict_id, created_at) VALUES (?, ?, ?, ?, ?)');
    this.forMemoryStmt = db.prepare(
      `SELECT memory_a, memory_b, kind, conflict_id, created_at FROM memory_links
       WHERE memory_a = ? OR memory_b = ? ORDER BY seq`,
    );
    this.removeStmt = db.prepare('DELETE FROM memory_links WHERE conflict_id = ?');
    this.purgeStmt = db.prepare('DELETE FROM memory_links WHERE memory_a = ? OR memory_b = ?');
  }

  insert(link: MemoryLink): void {
    this.insertStmt.run(link.memoryA, link.memoryB, link.kind, link.conflictId, link.createdAt);
  }

  forMemory(memoryId: string): MemoryLink[] {
    return (this.forMemoryStmt.all(memoryId, memoryId) as LinkRow[]).map(rowToLink);
  }

  removeForConflict(conflictId: string): void {
    this.removeStmt.run(conflictId);
  }

  purgeForMemory(memoryId: string): void {
    this.purgeStmt.run(memoryId, memoryId);
  }
}
