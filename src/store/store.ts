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

/** One user's SQLite file with its repositories. */
export class SqliteStore implements MemoryStore {
  readonly memories: SqliteMemoryRepository;
  readonly messages: SqliteMessageRepository;
  readonly history: SqliteHistoryRepository;
  readonly conflicts: SqliteConflictRepository;
  readonly links: SqliteLinkRepository;
  readonly policies: SqliteConflictPolicyRepository;

  constructor(
    readonly db: Db,
    readonly user: string,
    readonly path: string,
  ) {
    this.memories = new SqliteMemoryRepository(db, user);
    this.messages = new SqliteMessageRepository(db);
    this.history = new SqliteHistoryRepository(db);
    this.conflicts = new SqliteConflictRepository(db, user);
    this.links = new SqliteLinkRepository(db);
    this.policies = new SqliteConflictPolicyRepository(db);
  }

  write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      throw storageFailure(error, this.path);
    }
  }

  read<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).deferred();
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
