import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StorageError } from '../core/errors.js';
import { registerFactKeys } from './fact-keys.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  busyTimeoutMs: number;
  /** Create the file (and its folders) when it does not exist. Read-only commands pass false. */
  create: boolean;
}

let addonPath: string | null | undefined;

/**
 * The compiled SQLite addon, named directly: better-sqlite3 otherwise finds it through the `bindings` package, which
 * searches a dozen paths on every start. Undefined (let better-sqlite3 search) when it is not where npm builds it.
 */
export function nativeBinding(): string | undefined {
  if (addonPath === undefined) {
    try {
      const root = dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json'));
      const path = join(root, 'build', 'Release', 'better_sqlite3.node');
      addonPath = existsSync(path) ? path : null;
    } catch {
      addonPath = null;
    }
  }
  return addonPath ?? undefined;
}

/** Creates `dir` and any missing parents with 0700; existing folders are left as they are (doctor reports them). */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  ensurePrivateDir(dirname(dir));
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw storageFailure(error, dir);
  }
  chmodSync(dir, 0o700); // mkdir's mode is filtered by the umask; be exact.
}

/** Creates the file 0600 before SQLite opens it, so no other user can ever read it (SQLite gives -wal/-shm the same mode). */
function ensurePrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  } catch (error) {
    throw storageFailure(error, path);
  }
}

/**
 * Opens (and migrates) a user's database with the pragmas of SPEC section 6. Returns null when the file does not
 * exist and `create` is false.
 */
export function openDatabase(path: string, options: OpenOptions): Db | null {
  const exists = existsSync(path);
  if (!exists && !options.create) return null;
  if (!exists) {
    ensurePrivateDir(dirname(path));
    ensurePrivateFile(path);
  }
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true, timeout: options.busyTimeoutMs, nativeBinding: nativeBinding() });
  } catch (error) {
    throw storageFailure(error, path);
  }
  try {
    configure(db, options.busyTimeoutMs);
    migrate(db);
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
    }
  } catch (error) {
    db.close();
    throw storageFailure(error, path);
  }
  return db;
}

/** An in-memory database with the full schema, for tests and dry runs. */
export function openMemoryDatabase(): Db {
  const db = new Database(':memory:', { nativeBinding: nativeBinding() });
  configure(db, 0);
  migrate(db);
  return db;
}

function configure(db: Db, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (db.pragma('journal_mode', { simple: true }) !== 'wal' && db.name !== ':memory:') {
    db.pragma('journal_mode = WAL');
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Freed pages are zeroed, so erased memories (rm --purge) leave no text behind in the file.
  db.pragma('secure_delete = ON');
  registerFactKeys(db);
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db): void {
  const current = schemaVersion(db);
  if (current === SCHEMA_VERSION) return;
  if (current > SCHEMA_VERSION) {
    throw new StorageError(
      `${db.name} has schema version ${current}, newer than this harmonia understands (${SCHEMA_VERSION})`,
      { hint: 'upgrade harmonia', code: 'storage' },
    );
  }
  db.transaction(() => {
    // Another process may have migrated while we waited for the write lock.
    const now = schemaVersion(db);
    for (const migration of MIGRATIONS) {
      if (migration.version <= now) continue;
      db.exec(migration.sql);
      migration.run?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

const SQLITE_STORAGE_CODES: Record<string, { code: 'locked' | 'corrupt' | 'storage'; what: string; hint?: string }> = {
  SQLITE_BUSY: { code: 'locked', what: 'is locked by another process', hint: 'try again, or raise storage.busyTimeoutMs' },
  SQLITE_LOCKED: { code: 'locked', what: 'is locked', hint: 'try again' },
  SQLITE_CORRUPT: { code: 'corrupt', what: 'is corrupt', hint: 'run `harmonia doctor`' },
  SQLITE_NOTADB: { code: 'corrupt', what: 'is not a database or is corrupt', hint: 'run `harmonia doctor`' },
  SQLITE_READONLY: { code: 'storage', what: 'is read-only', hint: 'check the permissions of the data directory' },
  SQLITE_FULL: { code: 'storage', what: 'cannot grow: the disk is full' },
  SQLITE_IOERR: { code: 'storage', what: 'could not be read or written (I/O error)' },
  SQLITE_CANTOPEN: { code: 'storage', what: 'cannot be opened', hint: 'check the path and its permissions' },
  SQLITE_PERM: { code: 'storage', what: 'cannot be accessed (permission denied)' },
};

/** Turns a SQLite or file-system failure into a StorageError (exit 5); anything else is returned unchanged. */
export function storageFailure(error: unknown, path: string): unknown {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    const base = code.startsWith('SQLITE_') ? code.split('_').slice(0, 2).join('_') : code;
    const known = SQLITE_STORAGE_CODES[base];
    if (known) return new StorageError(`database ${path} ${known.what}`, { code: known.code, hint: known.hint, cause: error });
    if (['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'ENOTDIR', 'EISDIR', 'ELOOP'].includes(code)) {
      return new StorageError(`cannot use ${path}: ${(error as Error).message}`, { cause: error });
    }
  }
  return error;
}
