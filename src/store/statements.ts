import type Database from 'better-sqlite3';
import type { Db } from './db.js';
import type { Access, WriteStage } from './stage.js';

/** A repository over one connection whose statements are prepared once, on first use, and reused. */
export abstract class SqliteRepository {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    protected readonly db: Db,
    /** The store's write-behind for batch commit groups; absent for a repository made on its own. */
    protected readonly stage?: WriteStage,
  ) {}

  /** A statement to run now: rows a batch holds back are written out first, so it sees the store as it is. */
  protected stmt(sql: string): Database.Statement {
    this.stage?.touch();
    return this.prepared(sql);
  }

  /** A statement that says what it can read or write of the tables a batch holds rows for (see Access). */
  protected stmtWith(access: Access, sql: string): Database.Statement {
    this.stage?.touch(access);
    return this.prepared(sql);
  }

  /**
   * A statement that does not write held rows out first: for the held-row writers themselves, and for the lookups
   * that consult the stage's rows as well as the database's.
   */
  protected prepared(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /**
   * Writes rows (each in `columns` order) with multi-row INSERTs. A few fixed sizes of statement (256, 64, 16, 4 and
   * 1 rows) cover any count, so each is prepared once and reused: a large INSERT costs about a millisecond to prepare.
   * Does not write held rows out first (it writes them).
   */
  protected insertValues(table: string, columns: readonly string[], rows: readonly unknown[][]): void {
    let i = 0;
    for (const size of INSERT_SIZES) {
      if (rows.length - i < size) continue;
      const statement = this.prepared(insertRowsSql(table, columns, size));
      for (; rows.length - i >= size; i += size) statement.run(rows.slice(i, i + size).flat());
    }
  }

  /** True while a batch's commit group holds this store's inserts back. */
  protected get staging(): boolean {
    return this.stage?.active === true;
  }
}

/** The row counts of insertValues' statements, largest first; 256 rows of up to 127 columns stay under SQLite's 32,766 parameters. */
const INSERT_SIZES = [256, 64, 16, 4, 1] as const;

const insertSql = new Map<string, string>();

/** An INSERT of `rows` rows into `table`'s `columns` (the text is built once per table, columns and size). */
export function insertRowsSql(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join()})\u0000${rows}`;
  let sql = insertSql.get(key);
  if (sql === undefined) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => row).join(', ')}`;
    insertSql.set(key, sql);
  }
  return sql;
}
