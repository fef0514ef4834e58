import type Database from 'better-sqlite3';
import type { Db } from './db.js';

/** A repository over one connection whose statements are prepared once, on first use, and reused. */
export abstract class SqliteRepository {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(protected readonly db: Db) {}

  protected stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
