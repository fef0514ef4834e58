import Database from 'better-sqlite3';
import type { DatabaseFacts } from '../core/doctor.js';
import { nativeBinding, openDatabase, schemaVersion, storageFailure } from './db.js';

/** What doctor reads from SQLite, and the repairs it may make. Nothing here migrates or writes unless asked to. */

export function sqliteFacts(): { version: string | null; fts5: boolean; error: string | null } {
  try {
    const db = new Database(':memory:', { nativeBinding: nativeBinding() });
    try {
      const version = db.prepare('SELECT sqlite_version()').pluck().get() as string;
      let fts5 = true;
      try {
        db.exec('CREATE VIRTUAL TABLE probe USING fts5(x)');
      } catch {
        fts5 = false;
      }
      return { version, fts5, error: null };
    } finally {
      db.close();
    }
  } catch (error) {
    return { version: null, fts5: false, error: (error as Error).message };
  }
}

/** "database /x/alice.db is not a database or is corrupt", as other commands would say it. */
function describe(error: unknown, path: string): string {
  const mapped = storageFailure(error, path);
  return (mapped instanceof Error ? mapped : (error as Error)).message;
}

type Inspection = Pick<DatabaseFacts, 'openError' | 'quickCheck' | 'ftsIntegrity' | 'schemaVersion' | 'journalMode' | 'memories' | 'pendingMessages'>;

/** Opens the file as it is (no migration, no pragma that changes it) and reads its health. */
export function inspectDatabase(path: string, busyTimeoutMs: number): Inspection {
  const facts: Inspection = {
    openError: null,
    quickCheck: null,
    ftsIntegrity: null,
    schemaVersion: null,
    journalMode: null,
    memories: null,
    pendingMessages: null,
  };
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true, timeout: busyTimeoutMs, nativeBinding: nativeBinding() });
  } catch (error) {
    facts.openError = describe(error, path);
    return facts;
  }
  try {
    try {
      facts.schemaVersion = schemaVersion(db);
      facts.journalMode = String(db.pragma('journal_mode', { simple: true }));
    } catch (error) {
      facts.openError = describe(error, path);
      return facts;
    }
    try {
      facts.quickCheck = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check);
    } catch (error) {
      facts.quickCheck = [describe(error, path)];
    }
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    if (tables.has('memories_fts')) {
      try {
        db.prepare("INSERT INTO memories_fts(memories_fts, rank) VALUES ('integrity-check', 1)").run();
        facts.ftsIntegrity = 'ok';
      } catch (error) {
        // The check runs as a write: another process writing past the busy timeout is not damage.
        const code = String((error as { code?: unknown }).code ?? '');
        facts.ftsIntegrity = code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') ? 'busy' : (error as Error).message;
      }
    }
    if (tables.has('memories')) {
      try {
        facts.memories = db.prepare('SELECT count(*) FROM memories').pluck().get() as number;
      } catch {
        // counted as damage by quick_check
      }
    }
    if (tables.has('messages')) {
      try {
        facts.pendingMessages = db.prepare("SELECT count(*) FROM messages WHERE status = 'pending'").pluck().get() as number;
      } catch {
        // idem
      }
    }
  } finally {
    db.close();
  }
  return facts;
}

/** Applies pending migrations and the pragmas of every open (WAL); what any writing command would do. */
export function migrateDatabase(path: string, busyTimeoutMs: number): void {
  openDatabase(path, { busyTimeoutMs, create: false })?.close();
}

/** Rebuilds the full-text index from the memories table (FTS5 'rebuild'). */
export function rebuildFullTextIndex(path: string, busyTimeoutMs: number): void {
  const db = openDatabase(path, { busyTimeoutMs, create: false });
  if (!db) return;
  try {
    db.transaction(() => db.prepare("INSERT INTO memories_fts(memories_fts) VALUES ('rebuild')").run()).immediate();
  } catch (error) {
    throw storageFailure(error, path);
  } finally {
    db.close();
  }
}
