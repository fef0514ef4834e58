import { keysOfMemory } from '../core/conflicts/keys.js';
import { StorageError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { Message } from '../core/ports.js';
import type { Db } from './db.js';
import { textKey } from './text-key.js';

/** The tables whose inserts a stage holds back, in the order they are written (each after those it refers to). */
export const STAGED_TABLES = ['messages', 'memories', 'history', 'conflicts', 'links'] as const;
export type StagedTable = (typeof STAGED_TABLES)[number];

/** Held rows by table, each already in the column order of its table's multi-row INSERT. */
export type StagedRows = Record<StagedTable, unknown[][]>;

/** A deferred UPDATE of one memory that changes none of what lookups or the full-text index read. */
export interface StagedUpdate {
  id: string;
  sql: string;
  values: unknown[];
}

/** Writes held rows with multi-row INSERTs (STAGED_TABLES order), then the deferred updates in order. */
export type StagedRowWriter = (rows: StagedRows, updates: readonly StagedUpdate[]) => void;

/**
 * What a statement can read or write of the staged tables, so that it writes held rows out only when it could
 * see them. Without one, a statement may touch anything: everything held is written out first.
 */
export interface Access {
  /** Only these rows (memory or message ids); otherwise every row of `tables`. */
  ids?: readonly string[];
  /** The staged tables it reads or writes (none: an empty list). */
  tables?: readonly StagedTable[];
  /** It changes rows, so a line's savepoint must be open first. */
  writes: boolean;
  /** It reads no column a refresh changes (last-seen time, confidence, version, updated time): refreshes may stay held. */
  ignoresRefreshes?: boolean;
}

interface Held {
  rows: StagedRows;
  updates: StagedUpdate[];
  /**
   * The objects behind held messages and memories, and memories as their deferred updates left them: one for each
   * row of `rows.messages` and `rows.memories` and each of `updates`, in the same order.
   */
  messages: Message[];
  memories: Memory[];
  updated: Memory[];
}

interface Line {
  /** How much of each list was held when the line began. */
  marks: Record<StagedTable | 'updates', number>;
  savepoint: boolean;
  /** Earlier lines' work written out inside this line's savepoint: held again if the line rolls back. */
  written: Held;
}

const LINE_SAVEPOINT = 'harmonia_line';

/** SQLite's lower(): ASCII letters only, so a held row matches exactly what the index lookup would. */
function sqliteLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

function empty(): Held {
  return { rows: { messages: [], memories: [], history: [], conflicts: [], links: [] }, updates: [], messages: [], memories: [], updated: [] };
}

function marksOf(held: Held): Line['marks'] {
  return {
    messages: held.rows.messages.length,
    memories: held.rows.memories.length,
    history: held.rows.history.length,
    conflicts: held.rows.conflicts.length,
    links: held.rows.links.length,
    updates: held.updates.length,
  };
}

/** `first` followed by the part of `then` before `marks`. */
function joined(first: Held, then: Held, marks: Line['marks']): Held {
  const rows = {} as StagedRows;
  for (const table of STAGED_TABLES) rows[table] = [...first.rows[table], ...then.rows[table].slice(0, marks[table])];
  return {
    rows,
    updates: [...first.updates, ...then.updates.slice(0, marks.updates)],
    // The objects run beside their rows and updates, one for one.
    messages: [...first.messages, ...then.messages.slice(0, marks.messages)],
    memories: [...first.memories, ...then.memories.slice(0, marks.memories)],
    updated: [...first.updated, ...then.updated.slice(0, marks.updates)],
  };
}

/** The part of `held` from `marks` on (what `joined` leaves out of it). */
function from(held: Held, marks: Line['marks']): Held {
  const rows = {} as StagedRows;
  for (const table of STAGED_TABLES) rows[table] = held.rows[table].slice(marks[table]);
  return {
    rows,
    updates: held.updates.slice(marks.updates),
    messages: held.messages.slice(marks.messages),
    memories: held.memories.slice(marks.memories),
    updated: held.updated.slice(marks.updates),
  };
}

/**
 * Write-behind for a batch's commit group (`remember --batch` with an in-process extractor).
 *
 * SQLite pays per statement, not per row: the full-text index writes out its pending terms at the end of every
 * statement that touches it and at every savepoint, so a line that writes its message, memory, history, conflict and link
 * rows with statements of its own, in a savepoint of its own, costs several times what the same rows cost inside
 * multi-row INSERTs. While a stage is open, those inserts are held here and written together, a few statements
 * for hundreds of lines; so are updates that only refresh a memory (its last-seen time, confidence, version).
 *
 * What keeps that invisible to the rest of the pipeline:
 * - The lookups the remember path makes on every line (a message's twin by source and text, a message by id, active
 *   memories with the same text or under a fact key, a memory by id) see held rows and deferred refreshes as well as
 *   the stored rows.
 * - Any other statement first writes everything held out (`touch`), so what it reads or writes is exactly what it
 *   would have been without the stage, in program order. A statement that says what it can see (`Access`: a few
 *   rows by id, or some of the staged tables) writes them out only when something it could see is held.
 * - A line (a `store.write` while the stage is open) rolls back alone. What it held is dropped; once it changes
 *   rows or writes held ones out it runs in a savepoint. Earlier lines' work is written out before the savepoint
 *   opens when it can be; written inside it (the savepoint was already open), it is held again.
 * - Held rows that SQLite then refuses cannot be told apart by line, so that is a storage failure: the batch stops
 *   and the group rolls back, none of its output printed.
 */
export class WriteStage {
  private open = false;
  private epochs = 0;
  private held: Held = empty();
  private messagesById = new Map<string, Message>();
  private messagesBySource = new Map<string, Message>();
  private memoriesById = new Map<string, Memory>();
  private memoriesByKey = new Map<number, Memory[]>();
  /** Held memories by fact key (core/conflicts/keys.ts), oldest first. */
  private memoriesByFactKey = new Map<string, Memory[]>();
  /** Stored memories with deferred refreshes, as those leave them. */
  private refreshed = new Map<string, Memory>();
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

  /**
   * A number that changes at each group's `begin` and whenever a line rolls back: what a repository read of the store
   * and kept for the group is good while it stays the same.
   */
  get epoch(): number {
    return this.epochs;
  }

  /** Starts holding rows back; the caller has opened the group's transaction. */
  begin(): void {
    this.open = true;
    this.epochs++;
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
    this.held.rows.messages.push(values);
    this.held.messages.push(copy);
    this.indexMessage(copy);
  }

  /** `values` in the memories INSERT's column order, the text key last. */
  stageMemory(memory: Memory, values: unknown[]): void {
    const copy = { ...memory };
    this.held.rows.memories.push(values);
    this.held.memories.push(copy);
    this.indexMemory(copy, values[values.length - 1] as number);
  }

  stageRow(table: 'history' | 'conflicts' | 'links', values: unknown[]): void {
    this.held.rows[table].push(values);
  }

  /** A refresh of a memory, held or stored: `after` is the memory as the UPDATE leaves it. */
  stageRefresh(update: StagedUpdate, after: Memory): void {
    const copy = { ...after };
    this.held.updates.push(update);
    this.held.updated.push(copy);
    this.noteRefresh(copy);
  }

  /** A held message with this id. */
  message(id: string): Message | null {
    return this.messagesById.get(id) ?? null;
  }

  /** The first held message with this source and text. */
  messageFrom(source: string, content: string): Message | null {
    return this.messagesBySource.get(`${source}\u0000${content}`) ?? null;
  }

  /** A held memory with this id, as its deferred refreshes leave it. */
  memory(id: string): Memory | null {
    return this.memoriesById.get(id) ?? null;
  }

  /** A stored memory as its deferred refreshes leave it (or the stored record when it has none). */
  current(stored: Memory): Memory {
    return this.refreshed.get(stored.id) ?? stored;
  }

  /** Held active memories with this text, compared as the stored ones are (SQLite's lower()). */
  memoriesWithText(content: string): Memory[] {
    const same = this.memoriesByKey.get(textKey(content));
    if (!same) return [];
    const lower = sqliteLower(content);
    return same.filter((m) => m.status === 'active' && sqliteLower(m.content) === lower);
  }

  /**
   * Held memories under a fact key, newest first (as memory_keys will have them: only active facts), as their
   * deferred refreshes leave them. They are newer than every stored memory.
   */
  memoriesWithFactKey(key: string): Memory[] {
    const held = this.memoriesByFactKey.get(key);
    if (!held) return [];
    const out: Memory[] = [];
    for (let i = held.length - 1; i >= 0; i--) out.push(this.memoriesById.get(held[i]!.id) ?? held[i]!);
    return out;
  }

  /** Called before a statement runs on the connection (see Access). */
  touch(access?: Access): void {
    if (!this.open || this.writing) return;
    const flush = this.pending() && (!access || this.concerns(access));
    const line = this.line;
    if (line && !line.savepoint && (flush || !access || access.writes)) {
      // What earlier lines hold is theirs, whatever this line does: written out before its savepoint, it is not
      // copied into the savepoint's journal, nor held again if the line rolls back.
      if (flush) this.flushEarlierLines(line);
      this.db.exec(`SAVEPOINT ${LINE_SAVEPOINT}`);
      line.savepoint = true;
    }
    if (flush) this.flush();
  }

  /** Runs one line: a nested call runs inside the line it is part of. */
  runLine<T>(fn: () => T): T {
    if (this.line) return fn();
    const start = this.held;
    const line: Line = { marks: marksOf(start), savepoint: false, written: empty() };
    this.line = line;
    try {
      const result = fn();
      if (line.savepoint) this.db.exec(`RELEASE ${LINE_SAVEPOINT}`);
      return result;
    } catch (error) {
      this.epochs++;
      if (line.savepoint) {
        this.db.exec(`ROLLBACK TO ${LINE_SAVEPOINT}`);
        this.db.exec(`RELEASE ${LINE_SAVEPOINT}`);
      }
      // Hold again what earlier lines wrote out inside the savepoint, then what they still held; drop the line's own.
      // (After a flush `start` is no longer the held state and the marks are zero: only `written` is kept.)
      this.held = joined(line.written, start, line.marks);
      this.reindex();
      throw error;
    } finally {
      this.line = null;
    }
  }

  private pending(): boolean {
    const { rows, updates } = this.held;
    return updates.length > 0 || STAGED_TABLES.some((table) => rows[table].length > 0);
  }

  private concerns(access: Access): boolean {
    if (access.ids) return access.ids.some((id) => this.memoriesById.has(id) || this.messagesById.has(id) || this.refreshed.has(id));
    const tables = access.tables ?? STAGED_TABLES;
    const refreshes = !access.ignoresRefreshes && this.held.updates.length > 0;
    return tables.some((table) => this.held.rows[table].length > 0 || (table === 'memories' && refreshes));
  }

  private flush(): void {
    const held = this.held;
    const line = this.line;
    if (line) {
      // Work held before the line began: if the line rolls back to its savepoint, it must be held again.
      line.written = joined(line.written, held, line.marks);
      line.marks = marksOf(empty());
    }
    this.held = empty();
    this.reindex();
    this.write(held);
  }

  /** Writes what was held before `line` began (before its savepoint opens); the line's own work stays held. */
  private flushEarlierLines(line: Line): void {
    const marks = line.marks;
    if (marks.updates === 0 && STAGED_TABLES.every((table) => marks[table] === 0)) return;
    const earlier = joined(empty(), this.held, marks);
    this.held = from(this.held, marks);
    line.marks = marksOf(empty());
    this.reindex();
    this.write(earlier);
  }

  private write(held: Held): void {
    const count = STAGED_TABLES.reduce((n, table) => n + held.rows[table].length, held.updates.length);
    this.writing = true;
    try {
      this.writeRows(held.rows, held.updates);
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

  private indexMemory(memory: Memory, key = textKey(memory.content)): void {
    this.memoriesById.set(memory.id, memory);
    const same = this.memoriesByKey.get(key);
    if (same) same.push(memory);
    else this.memoriesByKey.set(key, [memory]);
    // The keys the insert trigger will give the row (the same function, on the same columns).
    for (const factKey of keysOfMemory(memory)) {
      const under = this.memoriesByFactKey.get(factKey);
      if (under) under.push(memory);
      else this.memoriesByFactKey.set(factKey, [memory]);
    }
  }

  /** A refresh changes neither text nor status: the memory keeps its place in the lookups, with the new fields. */
  private noteRefresh(after: Memory): void {
    const held = this.memoriesById.get(after.id);
    if (!held) {
      this.refreshed.set(after.id, after);
      return;
    }
    this.memoriesById.set(after.id, after);
    const same = this.memoriesByKey.get(textKey(after.content));
    const at = same?.indexOf(held) ?? -1;
    if (same && at >= 0) same[at] = after;
  }

  /** Rebuilds the lookups from what is held now. */
  private reindex(): void {
    this.messagesById.clear();
    this.messagesBySource.clear();
    this.memoriesById.clear();
    this.memoriesByKey.clear();
    this.memoriesByFactKey.clear();
    this.refreshed.clear();
    for (const message of this.held.messages) this.indexMessage(message);
    for (const memory of this.held.memories) this.indexMemory(memory);
    for (const memory of this.held.updated) this.noteRefresh(memory);
  }
}
