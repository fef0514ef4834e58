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
  /**
   * The rules as a batch commit group read them (conflict placement asks for every candidate): no other connection
   * can change them while the group's transaction holds the write lock; this repository's own changes drop them, and
   * so does a line rolled back (the stage's epoch).
   */
  private cached: { epoch: number; rules: readonly PolicyRule[] } | null = null;

  constructor(db: Db, stage?: WriteStage) {
    super(db, stage);
  }

  list(): readonly PolicyRule[] {
    const epoch = this.staging ? this.stage!.epoch : null;
    if (epoch !== null && this.cached?.epoch === epoch) return this.cached.rules;
    const sql = `SELECT scope, value, strategy, updated_at FROM conflict_policy
       ORDER BY CASE scope WHEN 'default' THEN 0 WHEN 'type' THEN 1 ELSE 2 END, value`;
    const rules = (this.stmtWith({ tables: [], writes: false }, sql).all() as PolicyRow[]).map((row) => ({
      scope: row.scope as PolicyScope,
      value: row.value,
      strategy: row.strategy as OnConflict,
      updatedAt: row.updated_at,
    }));
    this.cached = epoch === null ? null : { epoch, rules };
    return rules;
  }

  set(rule: PolicyRule): void {
    this.cached = null;
    this.stmt(
      `INSERT INTO conflict_policy (scope, value, strategy, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope, value) DO UPDATE SET strategy = excluded.strategy, updated_at = excluded.updated_at`,
    ).run(rule.scope, rule.value, rule.strategy, rule.updatedAt);
  }

  unset(scope: PolicyScope, value: string): boolean {
    this.cached = null;
    return this.stmt('DELETE FROM conflict_policy WHERE scope = ? AND value = ?').run(scope, value).changes > 0;
  }
}
