import type Database from 'better-sqlite3';
import type { PolicyRule, PolicyScope } from '../core/conflicts/conflict.js';
import type { ConflictPolicyRepository } from '../core/ports.js';
import type { OnConflict } from '../core/strategies.js';
import type { Db } from './db.js';

interface PolicyRow {
  scope: string;
  value: string;
  strategy: string;
  updated_at: string;
}

export class SqliteConflictPolicyRepository implements ConflictPolicyRepository {
  private readonly listStmt: Database.Statement;
  private readonly setStmt: Database.Statement;
  private readonly unsetStmt: Database.Statement;

  constructor(db: Db) {
    this.listStmt = db.prepare(
      `SELECT scope, value, strategy, updated_at FROM conflict_policy
       ORDER BY CASE scope WHEN 'default' THEN 0 WHEN 'type' THEN 1 ELSE 2 END, value`,
    );
    this.setStmt = db.prepare(
      `INSERT INTO conflict_policy (scope, value, strategy, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope, value) DO UPDATE SET strategy = excluded.strategy, updated_at = excluded.updated_at`,
    );
    this.unsetStmt = db.prepare('DELETE FROM conflict_policy WHERE scope = ? AND value = ?');
  }

  list(): PolicyRule[] {
    return (this.listStmt.all() as PolicyRow[]).map((row) => ({
      scope: row.scope as PolicyScope,
      value: row.value,
      strategy: row.strategy as OnConflict,
      updatedAt: row.updated_at,
    }));
  }

  set(rule: PolicyRule): void {
    this.setStmt.run(rule.scope, rule.value, rule.strategy, rule.updatedAt);
  }

  unset(scope: PolicyScope, value: string): boolean {
    return this.unsetStmt.run(scope, value).changes > 0;
  }
}
