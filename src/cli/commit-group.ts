import { storageFailure } from '../store/db.js';
import type { SqliteStore } from '../store/store.js';

export interface CommitGroupLimits {
  /** Lines per group at most. */
  maxLines: number;
  /** Age of a group, in ms, after which it commits at the next line. */
  maxMs: number;
}

export const DEFAULT_COMMIT_GROUP: CommitGroupLimits = { maxLines: 500, maxMs: 100 };

/**
 * Group commit for `remember --batch` with an extractor that runs in process. A SQLite commit costs far more than
 * the few rows one message writes (WAL frames, a new full-text segment), so the lines that arrive together share
 * one write transaction, and the store holds back the lines' inserts to write them with a few multi-row statements
 * at commit (src/store/stage.ts). Each line is still a unit of its own (`store.write` while the stage is open), so a
 * bad line rolls back alone and the others are kept. A line's output is held until its group commits: whatever was
 * printed is stored. The batch commits before it waits for more input, and at most every `maxLines` lines or
 * `maxMs`, so other writers wait no longer than that.
 */
export class CommitGroup {
  private readonly stores = new Set<SqliteStore>();
  private held: string[] = [];
  private lines = 0;
  private startedAt = 0;

  constructor(
    private readonly print: (text: string) => Promise<void> | void,
    private readonly limits: CommitGroupLimits = DEFAULT_COMMIT_GROUP,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Something is written or held that a commit would settle. */
  get open(): boolean {
    return this.stores.size > 0 || this.held.length > 0;
  }

  /** True once the group should commit: enough lines, or old enough. */
  get due(): boolean {
    return this.open && (this.lines >= this.limits.maxLines || this.clock() - this.startedAt >= this.limits.maxMs);
  }

  /** Puts `store` inside the group's write transaction before a line writes to it. */
  join(store: SqliteStore): void {
    if (this.stores.has(store)) return;
    if (!this.open) this.startedAt = this.clock();
    try {
      store.db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      throw storageFailure(error, store.path);
    }
    store.stage.begin();
    this.stores.add(store);
  }

  /** A line's output, printed when the group commits. */
  hold(text: string): void {
    if (!this.open) this.startedAt = this.clock();
    this.held.push(text);
    this.lines++;
  }

  async commit(): Promise<void> {
    for (const store of this.stores) {
      try {
        store.stage.end();
        if (store.db.inTransaction) store.db.exec('COMMIT');
      } catch (error) {
        throw storageFailure(error, store.path);
      }
    }
    this.stores.clear();
    const text = this.held.join('');
    this.held = [];
    this.lines = 0;
    if (text !== '') await this.print(text);
  }

  /** Abandons the group when the batch fails: nothing held was stored, so nothing held is printed. */
  rollback(): void {
    for (const store of this.stores) {
      store.stage.discard();
      if (store.db.open && store.db.inTransaction) store.db.exec('ROLLBACK');
    }
    this.stores.clear();
    this.held = [];
    this.lines = 0;
  }
}
