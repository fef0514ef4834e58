import type Database from 'better-sqlite3';
import { chmodSync, existsSync, rmSync } from 'node:fs';
import type { MemoryStore } from '../core/ports.js';
import { userDbPath } from '../config/paths.js';
import { openDatabase, openMemoryDatabase, storageFailure, type Db } from './db.js';
import { SqliteConflictRepository } from './conflict-repository.js';
import { SqliteHistoryRepository } from './history-repository.js';
import { SqliteLinkRepository } from './link-repository.js';
import { SqliteMemoryRepository } from './memory-repository.js';
import { SqliteMessageRepository } from './message-repository.js';
import { SqliteConflictPolicyRepository } from './policy-repository.js';
import { WriteStage } from './stage.js';

/** One user's SQLite file with its repositories, each made (and its statements prepared) on first use. */
export class SqliteStore implements MemoryStore {
  private memoryRepository?: SqliteMemoryRepository;
  private messageRepository?: SqliteMessageRepository;
  private historyRepository?: SqliteHistoryRepository;
  private conflictRepository?: SqliteConflictRepository;
  private linkRepository?: SqliteLinkRepository;
  private policyRepository?: SqliteConflictPolicyRepository;
  private readonly transaction: Database.Transaction<<T>(fn: () => T) => T>;
  /** A batch's commit group holds the inserts of its lines here and writes them together (see WriteStage). */
  readonly stage: WriteStage;

  constructor(
    readonly db: Db,
    readonly user: string,
    readonly path: string,
  ) {
    // One transaction wrapper for every call (building one per call showed in ingest profiles).
    this.transaction = db.transaction(<T>(fn: () => T): T => fn());
    this.stage = new WriteStage(db, path, (rows, updates) => {
      // Each table's rows after those they refer to: messages, their memories, the memories' history, conflicts and
      // links; then the refreshes, in order (they change no row the inserts read).
      this.messages.insertRows(rows.messages);
      this.memories.insertRows(rows.memories);
      this.history.insertRows(rows.history);
      this.conflicts.insertRows(rows.conflicts);
      this.links.insertRows(rows.links);
      this.memories.applyUpdates(updates);
    });
  }

  get memories(): SqliteMemoryRepository {
    return (this.memoryRepository ??= new SqliteMemoryRepository(this.db, this.user, this.stage));
  }

  get messages(): SqliteMessageRepository {
    return (this.messageRepository ??= new SqliteMessageRepository(this.db, this.stage));
  }

  get history(): SqliteHistoryRepository {
    return (this.historyRepository ??= new SqliteHistoryRepository(this.db, this.stage));
  }

  get conflicts(): SqliteConflictRepository {
    return (this.conflictRepository ??= new SqliteConflictRepository(this.db, this.user, this.stage));
  }

  get links(): SqliteLinkRepository {
    return (this.linkRepository ??= new SqliteLinkRepository(this.db, this.stage));
  }

  get policies(): SqliteConflictPolicyRepository {
    return (this.policyRepository ??= new SqliteConflictPolicyRepository(this.db, this.stage));
  }

  write<T>(fn: () => T): T {
    try {
      // In a batch's commit group, a line: its inserts are held, and it rolls back alone (WriteStage.runLine).
      if (this.stage.active) return this.stage.runLine(fn);
      return this.transaction.immediate(fn) as T;
    } catch (error) {
      throw storageFailure(error, this.path);
    }
  }

  read<T>(fn: () => T): T {
    try {
      // A read inside an open transaction already sees one consistent snapshot.
      return this.db.inTransaction ? fn() : (this.transaction.deferred(fn) as T);
    } catch (error) {
      throw storageFailure(error, this.path);
    }
  }

  /**
   * Makes sure erased text is gone from the files: freed pages are zeroed (secure_delete) and the WAL, which still
   * holds old page images, is checkpointed and truncated.
   */
  scrub(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      throw storageFailure(error, this.path);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export interface OpenStoreOptions {
  dataDir: string;
  user: string;
  busyTimeoutMs: number;
  create: boolean;
}

/** Opens a user's store; null when it does not exist and `create` is false (a read of an unknown user is empty). */
export function openUserStore(options: OpenStoreOptions): SqliteStore | null {
  const path = userDbPath(options.dataDir, options.user);
  const db = openDatabase(path, { busyTimeoutMs: options.busyTimeoutMs, create: options.create });
  return db ? new SqliteStore(db, options.user, path) : null;
}

export function openInMemoryStore(user: string): SqliteStore {
  return new SqliteStore(openMemoryDatabase(), user, ':memory:');
}

/** Deletes a user's database and its WAL/SHM files (rm --all --purge). */
export function deleteUserFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    const file = path + suffix;
    if (existsSync(file)) {
      try {
        chmodSync(file, 0o600);
        rmSync(file, { force: true });
      } catch (error) {
        throw storageFailure(error, file);
      }
    }
  }
}
