import { NotFoundError, UsageError } from '../core/errors.js';
import { normaliseIdPrefix } from '../core/ids.js';
import type { Message, MessageRepository, MessageStatus } from '../core/ports.js';
import type { Db } from './db.js';
import type { WriteStage } from './stage.js';
import { insertRowsSql, SqliteRepository } from './statements.js';

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

const WRITE_COLUMNS = ['id', 'content', 'ref_at', 'tz', 'session', 'source', 'status', 'extractor', 'error', 'attempts', 'created_at', 'processed_at'] as const;
const COLUMNS = WRITE_COLUMNS.join(', ');
// Statements run for every line of a batch, built once: a statement is found by its text, and a text built per call
// is hashed per call.
const BY_ID = `SELECT ${COLUMNS} FROM messages WHERE id = ?`;
const TWIN = `SELECT ${COLUMNS} FROM messages WHERE source = ? AND content = ? ORDER BY seq LIMIT 1`;

/** A message's values in WRITE_COLUMNS order. */
export function messageValues(m: Message): unknown[] {
  return [m.id, m.content, m.refAt, m.timeZone, m.session, m.source, m.status, m.extractor, m.error, m.attempts, m.createdAt, m.processedAt];
}

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

  constructor(db: Db, stage?: WriteStage) {
    super(db, stage);
  }

  insert(m: Message): void {
    if (this.staging) this.stage!.stageMessage(m, messageValues(m));
    else this.stmt(insertRowsSql('messages', WRITE_COLUMNS, 1)).run(...messageValues(m));
  }

  /** Rows in WRITE_COLUMNS order (a batch's held rows), with multi-row INSERTs. */
  insertRows(rows: readonly unknown[][]): void {
    this.insertValues('messages', WRITE_COLUMNS, rows);
  }

  get(id: string): Message | null {
    // A message a batch still holds back, or a stored one (the held rows need not be written out to look).
    const held = this.staging ? this.stage!.message(id) : null;
    if (held) return held;
    const row = this.prepared(BY_ID).get(id) as MessageRow | undefined;
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
    // Stored messages are older than any a batch holds back, so they come first.
    const row = this.prepared(TWIN).get(source, content) as MessageRow | undefined;
    if (row) return rowToMessage(row);
    return this.staging ? this.stage!.messageFrom(source, content) : null;
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
