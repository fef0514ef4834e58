import { NotFoundError, UsageError } from '../core/errors.js';
import { normaliseIdPrefix } from '../core/ids.js';
import type { Message, MessageRepository, MessageStatus } from '../core/ports.js';
import type { Db } from './db.js';
import { SqliteRepository } from './statements.js';

interface MessageRow {
  id: string;
  content: string | null;
  ref_at: string;
  tz: string;
  session: string | null;
  source: string | null;
  status: string;
  extractor: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  processed_at: string | null;
}

const COLUMNS = 'id, content, ref_at, tz, session, source, status, extractor, error, attempts, created_at, processed_at';

function rowToMessage(row: MessageRow): Message {
  return {
    id: row.id,
    content: row.content,
    refAt: row.ref_at,
    timeZone: row.tz,
    session: row.session,
    source: row.source,
    status: row.status as MessageStatus,
    extractor: row.extractor,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    processedAt: row.processed_at,
  };
}

export class SqliteMessageRepository extends SqliteRepository implements MessageRepository {

  constructor(db: Db) {
    super(db);
  }


  insert(m: Message): void {
    this.stmt(
      `INSERT INTO messages (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      m.id,
      m.content,
      m.refAt,
      m.timeZone,
      m.session,
      m.source,
      m.status,
      m.extractor,
      m.error,
      m.attempts,
      m.createdAt,
      m.processedAt,
    );
  }

  get(id: string): Message | null {
    const row = this.stmt(`SELECT ${COLUMNS} FROM messages WHERE id = ?`).get(id) as MessageRow | undefined;
    return row ? rowToMessage(row) : null;
  }

  resolveId(input: string): string {
    const prefix = normaliseIdPrefix(input, 'msg');
    const rows = /^msg_[0-9a-z]+$/.test(prefix)
      ? (this.stmt('SELECT id FROM messages WHERE id >= ? AND id < ? ORDER BY id LIMIT 6').all(prefix, `${prefix}~`) as {
          id: string;
        }[])
      : [];
    if (rows.length === 0) throw new NotFoundError(`no message matches ${JSON.stringify(input)}`);
    const exact = rows.find((r) => r.id === prefix);
    if (exact) return exact.id;
    if (rows.length > 1) {
      throw new UsageError(`message id prefix ${JSON.stringify(input)} is ambiguous: ${rows.map((r) => r.id).join(', ')}`, {
        code: 'ambiguous',
      });
    }
    return rows[0]!.id;
  }

  findDuplicate(source: string, content: string): Message | null {
    const row = this.stmt(
      `SELECT ${COLUMNS} FROM messages WHERE source = ? AND content = ? ORDER BY seq LIMIT 1`,
    ).get(source, content) as MessageRow | undefined;
    return row ? rowToMessage(row) : null;
  }

  markProcessed(id: string, extractor: string, at: string): void {
    this.stmt(
      `UPDATE messages SET status = 'processed', extractor = ?, error = NULL, attempts = attempts + 1, processed_at = ?
       WHERE id = ?`,
    ).run(extractor, at, id);
  }

  markFailed(id: string, error: string): void {
    this.stmt(`UPDATE messages SET error = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending'`).run(error, id);
  }

  pending(limit = -1): Message[] {
    return (
      this.stmt(`SELECT ${COLUMNS} FROM messages WHERE status = 'pending' ORDER BY seq LIMIT ?`).all(limit) as MessageRow[]
    ).map(rowToMessage);
  }

  countPending(): number {
    return this.stmt(`SELECT count(*) FROM messages WHERE status = 'pending'`).pluck().get() as number;
  }

  purgeIfOrphan(id: string): void {
    this.stmt(
      `UPDATE messages SET content = NULL, status = 'purged', error = NULL
       WHERE id = ? AND NOT EXISTS (SELECT 1 FROM memories WHERE message_id = ?)`,
    ).run(id, id);
  }
}
