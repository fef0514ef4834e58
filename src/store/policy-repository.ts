import type { PolicyRule, PolicyScope } from '../core/conflicts/conflict.js';
import type { ConflictPolicyRepository } from '../core/ports.js';
import type { OnConflict } from '../core/strategies.js';
import type { Db } from './db.js';
import type { WriteStage } from './stage.js';
import { SqliteRepository } from './statements.js';

interface PolicyRow {
  scope: string;
  value: string;
  strategy: string;
  updated_at: string;
}

export class SqliteConflictPolicyRepository extends SqliteRepository implements ConflictPolicyRepository {
  constructor(db: Db, stage?: WriteStage) {
    super(db, stage);
  }

  list(): PolicyRule[] {
    const sql = `SELECT scope, value, strategy, updated_at FROM conflict_policy
       ORDER BY CASE scope WHEN 'default' THEN 0 WHEN 'type' THEN 1 ELSE 2 END, value`;
    return (this.stmtWith({ tables: [], writes: false }, sql).all() as PolicyRow[]).map((row) => ({
      scope: row.scope as PolicyScope,
      value: row.value,
      strategy: row.strategy as OnConflict,
      updatedAt: row.updated_at,
    }));
  }

  set(rule: PolicyRule): void {
    this.stmt(
      `INSERT INTO conflict_policy (scope, value, strategy, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope, value) DO UPDATE SET strategy = excluded.strategy, updated_at = excluded.updated_at`,
    ).run(rule.scope, rule.value, rule.strategy, rule.updatedAt);
  }

  unset(scope: PolicyScope, value: string): boolean {
    return this.stmt('DELETE FROM conflict_policy WHERE scope = ? AND value = ?').run(scope, value).changes > 0;
  }
}
