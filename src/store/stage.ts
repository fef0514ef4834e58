import { StorageError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { Message } from '../core/ports.js';
import type { Db } from './db.js';
import { textKey } from './text-key.js';

/** The rows a stage holds back, each already in the column order its table's multi-row INSERT takes. */
export interface StagedRows {
  messages: unknown[][];
  memories: unknown[][];
  history: unknown[][];
}

/** Writes held-back rows with multi-row INSERTs, messages before the memories that cite them before their history. */
export type StagedRowWriter = (rows: StagedRows) => void;

interface Held {
  messages: { values: unknown[]; message: Message }[];
  memories: { values: unknown[]; memory: Memory; key: number }[];
  history: unknown[][];
}

interface Line {
  /** How many rows of each table were held when the line began. */
  marks: { messages: number; memories: number; history: number };
  savepoint: boolean;
  /** Earlier lines' rows written out inside this line's savepoint: held again if the line rolls back. */
  written: Held;
}

const LINE_SAVEPOINT = 'harmonia_line';

/** SQLite's lower(): ASCII letters only, so a held row matches exactly what the index lookup would. */
function sqliteLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function empty(): Held {
  return { messages: [], memories: [], history: [] };
}

/**
 * Write-behind for a batch's commit group (`remember --batch` with an in-process extractor).
 *
 * SQLite pays per statement, not per row: the full-text index writes out its pending terms at the end of every
 * statement that touches it and at every savepoint, so a line that inserts its message, memory and history with
 * three statements of its own costs several times what the same rows cost inside multi-row INSERTs. While a stage is
 * open, those inserts are held here and written together, a few statements for hundreds of lines.
 *
 * What keeps that invisible to the rest of the pipeline:
 * - The lookups the remember path makes on every line (a message's twin by source and text, a message by id, active
 *   memories with the same text) see the held rows as well as the stored ones.
 * - Every other statement first writes the held rows out (`touch`), so what it reads or writes is exactly what it
 *   would have been without the stage, in program order. A statement that names the only rows of the messages,
 *   memories and history tables it can read or write (an update of one memory, a conflict that refers to one) says
 *   so, and the held rows are written out only when one of those is held.
 * - A line (a `store.write` while the stage is open) rolls back alone. What it held is dropped; once it runs a
 *   statement it runs in a savepoint, and earlier lines' rows written out inside that savepoint are held again.
 * - Held rows that SQLite then refuses cannot be told apart by line, so that is a storage failure: the batch stops
 *   and the group rolls back, none of its output printed.
 */
export class WriteStage {
  private open = false;
  private held: Held = empty();
  private messagesById = new Map<string, Message>();
  private messagesBySource = new Map<string, Message>();
  private memoriesById = new Map<string, Memory>();
  private memoriesByKey = new Map<number, Memory[]>();
  private line: Line | null = null;
  private writing = false;

  constructor(
    private readonly db: Db,
    private readonly path: string,
    private readonly writeRows: StagedRowWriter,
  ) {}

  get active(): boolean {
    return this.open;
  }

  /** Starts holding rows back; the caller has opened the group's transaction. */
  begin(): void {
    this.open = true;
  }

  /** Writes what is held and stops holding; the caller commits the transaction next. */
  end(): void {
    this.flush();
    this.open = false;
  }

  /** Drops what is held (the group's transaction is being rolled back). */
  discard(): void {
    this.held = empty();
    this.reindex();
    this.open = false;
    this.line = null;
  }

  stageMessage(message: Message, values: unknown[]): void {
    const copy = { ...message };
    this.held.messages.push({ values, message: copy });
    this.indexMessage(copy);
  }

  /** `values` in the memories INSERT's column order, its last the text key. */
  stageMemory(memory: Memory, values: unknown[]): void {
    const entry = { values, memory: { ...memory }, key: values[values.length - 1] as number };
    this.held.memories.push(entry);
    this.indexMemory(entry);
  }

  stageHistory(values: unknown[]): void {
    this.held.history.push(values);
  }

  /** A held message with this id. */
  message(id: string): Message | null {
    return this.messagesById.get(id) ?? null;
  }

  /** The first held message with this source and text. */
  messageFrom(source: string, content: string): Message | null {
    return this.messagesBySource.get(`${source}\u0000${content}`) ?? null;
  }

  /** Held active memories with this text, compared as the stored ones are (SQLite's lower()). */
  memoriesWithText(content: string): Memory[] {
    const same = this.memoriesByKey.get(textKey(content));
    if (!same) return [];
    const lower = sqliteLower(content);
    return same.filter((m) => m.status === 'active' && sqliteLower(m.content) === lower);
  }

  /**
   * Called before a statement runs on the connection. With `ids`, the statement reads or writes no rows of the
   * messages, memories and history tables but those (and rows of other tables): the held rows are written out only
   * when one of them is held. Without, they are always written out first.
   */
  touch(ids?: readonly string[]): void {
    if (!this.open || this.writing) return;
    const line = this.line;
    if (line && !line.savepoint) {
      this.exec(`SAVEPOINT ${LINE_SAVEPOINT}`);
      line.savepoint = true;
    }
    if (ids && !ids.some((id) => this.memoriesById.has(id) || this.messagesById.has(id))) return;
    this.flush();
  }

  /** Runs one line: a nested call runs inside the line it is part of. */
  runLine<T>(fn: () => T): T {
    if (this.line) return fn();
    const h = this.held;
    const line: Line = { marks: { messages: h.messages.length, memories: h.memories.length, history: h.history.length }, savepoint: false, written: empty() };
    this.line = line;
    try {
      const result = fn();
      if (line.savepoint) this.exec(`RELEASE ${LINE_SAVEPOINT}`);
      return result;
    } catch (error) {
      if (line.savepoint) {
        this.exec(`ROLLBACK TO ${LINE_SAVEPOINT}`);
        this.exec(`RELEASE ${LINE_SAVEPOINT}`);
      }
      // Hold again what earlier lines wrote out inside the savepoint, then what they still held; drop the line's own.
      const w = line.written;
      const { marks } = line;
      this.held = {
        messages: [...w.messages, ...h.messages.slice(0, marks.messages)],
        memories: [...w.memories, ...h.memories.slice(0, marks.memories)],
        history: [...w.history, ...h.history.slice(0, marks.history)],
      };
      this.reindex();
      throw error;
    } finally {
      this.line = null;
    }
  }

  private flush(): void {
    const held = this.held;
    if (held.messages.length + held.memories.length + held.history.length === 0) return;
    const line = this.line;
    if (line) {
      // Rows held before the line began: if the line rolls back to its savepoint, they must be held again.
      const { marks, written } = line;
      written.messages.push(...held.messages.slice(0, marks.messages));
      written.memories.push(...held.memories.slice(0, marks.memories));
      written.history.push(...held.history.slice(0, marks.history));
      line.marks = { messages: 0, memories: 0, history: 0 };
    }
    this.held = empty();
    this.reindex();
    const rows: StagedRows = {
      messages: held.messages.map((e) => e.values),
      memories: held.memories.map((e) => e.values),
      history: held.history,
    };
    const count = rows.messages.length + rows.memories.length + rows.history.length;
    this.writing = true;
    try {
      this.writeRows(rows);
    } catch (error) {
      throw new StorageError(`database ${this.path} refused a group of ${count} batch rows: ${(error as Error).message}`, {
        cause: error,
        hint: 'nothing of this group was stored; run `harmonia doctor` and try the batch again',
      });
    } finally {
      this.writing = false;
    }
  }

  private indexMessage(message: Message): void {
    this.messagesById.set(message.id, message);
    if (message.source === null || message.content === null) return;
    const key = `${message.source}\u0000${message.content}`;
    if (!this.messagesBySource.has(key)) this.messagesBySource.set(key, message);
  }

  private indexMemory(entry: Held['memories'][number]): void {
    this.memoriesById.set(entry.memory.id, entry.memory);
    const same = this.memoriesByKey.get(entry.key);
    if (same) same.push(entry.memory);
    else this.memoriesByKey.set(entry.key, [entry.memory]);
  }

  /** Rebuilds the lookups from the rows held now. */
  private reindex(): void {
    this.messagesById.clear();
    this.messagesBySource.clear();
    this.memoriesById.clear();
    this.memoriesByKey.clear();
    for (const { message } of this.held.messages) this.indexMessage(message);
    for (const entry of this.held.memories) this.indexMemory(entry);
  }

  private exec(sql: string): void {
    this.db.exec(sql);
  }
}
