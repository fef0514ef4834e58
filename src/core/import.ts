import type { MemoryLink } from './conflicts/conflict.js';
import { primeStoredMemoryKeys, type KnownKeys } from './conflicts/keys.js';
import { MEMORY_STATUSES, memoryFromJson, type Memory } from './memory.js';
import { historyFromJson, linkFromJson, messageFromJson } from './export-record.js';
import { snapshot } from './history.js';
import type { ImportRecord } from './import-schema.js';
import type { Message, MemoryStore } from './ports.js';

/**
 * Writes imported records into a user's store, as they were: ids, timestamps, versions, statuses, history and
 * source messages are kept. A memory whose id is already there is left alone (never duplicated, never overwritten).
 * Records are written in batches, each batch one BEGIN IMMEDIATE transaction and each record its own savepoint, so
 * one record that the database refuses is reported without losing the others.
 */

export interface ImportSummary {
  /** Memories written (or, in a dry run, that would be). */
  imported: number;
  /** Records whose id is already in the store (or earlier in the same input): skipped. */
  existing: number;
  /** Records that failed validation or that the database refused: reported and skipped. */
  invalid: number;
  /** Source messages written. */
  messages: number;
  /** History rows written (an `imported` row for records that carried no history). */
  history: number;
  /** Links written (between an imported memory and one in the store or the import). */
  links: number;
  /** Links left out because their other memory is neither in the store nor in the import. */
  links_skipped: number;
}

export interface ImportOptions {
  dryRun: boolean;
  /** When the import happens: the time of the `imported` history row of records without history. */
  now: Date;
  /** Records per transaction. */
  batchSize?: number;
  /** Called for each record the database refused. */
  onRejected?: (position: number, line: number | null, message: string) => void;
}

interface Pending {
  position: number;
  line: number | null;
  record: ImportRecord;
  factKeys: readonly string[];
}

const DEFAULT_BATCH = 1000;

export class MemoryImporter {
  readonly summary: ImportSummary = { imported: 0, existing: 0, invalid: 0, messages: 0, history: 0, links: 0, links_skipped: 0 };
  /** Links of imported memories, written last, once every memory they may point to is in. */
  private readonly pendingLinks: MemoryLink[] = [];
  private batch: Pending[] = [];
  /** Ids taken by this run (so a dry run, too, counts a repeated id once). */
  private readonly seenMemories = new Set<string>();
  /**
   * Ids already in the store, read once (one index scan) rather than looked up per record. Another process adding
   * one of them meanwhile is still caught: the database's unique id makes that record count as already there.
   */
  private storedIds: Set<string> | null = null;
  private readonly seenMessages = new Set<string>();
  private lastMessageId: string | null = null;
  private readonly batchSize: number;
  private readonly importedAt: string;

  constructor(
    private readonly store: MemoryStore,
    private readonly options: ImportOptions,
  ) {
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
    this.importedAt = options.now.toISOString();
  }

  /** A record that failed validation (counted; the caller reports it). */
  rejectInvalid(): void {
    this.summary.invalid++;
  }

  /**
   * Queues a valid record; writes a batch when it is full. Returns false when the id was already taken. `factKeys`:
   * the fact keys of its memory if the reader worked them out (core/conflicts/keys.ts), so writing it need not.
   */
  add(record: ImportRecord, position: number, line: number | null = null, factKeys: readonly string[] = []): boolean {
    if (this.seenMemories.has(record.id)) {
      this.summary.existing++;
      return false;
    }
    this.seenMemories.add(record.id);
    this.batch.push({ position, line, record, factKeys });
    if (this.batch.length >= this.batchSize) this.flush();
    return true;
  }

  /** Writes (or, in a dry run, checks) what is queued. */
  flush(): void {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    if (this.options.dryRun) {
      this.store.read(() => {
        for (const { record } of batch) {
          if (this.isStored(record.id)) this.summary.existing++;
          else {
            this.summary.imported++;
            this.countMessage(record, () => this.store.messages.get(record.source.message_id!) === null);
            this.summary.history += record.history?.length ?? 1;
            for (const link of record.links ?? []) this.pendingLinks.push(linkFromJson(record.id, link));
          }
        }
      });
      return;
    }
    // Fast path: the whole batch in one transaction. A record the database refuses (rare: the schema checked it)
    // rolls the batch back, which is then written again one savepoint per record, so only that record is lost.
    try {
      this.store.write(() => this.writeBatch(batch, false));
    } catch (error) {
      if (!isConstraintError(error)) throw error;
      this.store.write(() => this.writeBatch(batch, true));
    }
  }

  private writeBatch(batch: Pending[], guarded: boolean): void {
    this.lastMessageId = null;
    const known: KnownKeys[] = [];
    for (const { record, factKeys } of batch) if (factKeys.length > 0) known.push({ content: record.content, entities: JSON.stringify(record.entities), keys: factKeys });
    primeStoredMemoryKeys(known);
    const counts = { imported: 0, existing: 0, invalid: 0, messages: 0, history: 0 };
    const links: MemoryLink[] = [];
    // The fast path writes the batch's memories in a few statements (insertMany), then their history, which refers
    // to them; the guarded path writes record by record, each in its savepoint.
    const deferred: Deferred[] | null = guarded ? null : [];
    for (const item of batch) {
      let wrote: { messages: number; history: number } | null;
      if (deferred) wrote = this.insert(item.record, deferred);
      else {
        try {
          wrote = this.store.write(() => this.insert(item.record));
        } catch (error) {
          if (!isConstraintError(error)) throw error;
          this.lastMessageId = null; // the savepoint took this record's message with it
          if (isDuplicateMemoryId(error)) {
            counts.existing++;
            continue;
          }
          counts.invalid++;
          this.options.onRejected?.(item.position, item.line, (error as Error).message);
          continue;
        }
      }
      if (wrote === null) {
        counts.existing++;
        continue;
      }
      counts.imported++;
      counts.messages += wrote.messages;
      counts.history += wrote.history;
      for (const link of item.record.links ?? []) links.push(linkFromJson(item.record.id, link));
    }
    if (deferred) {
      this.store.memories.insertMany(deferred.map((d) => d.memory));
      for (const { memory, record } of deferred) this.recordHistory(memory, record);
    }
    // Counted only once the batch is in (a rolled-back fast path counts nothing).
    for (const key of Object.keys(counts) as (keyof typeof counts)[]) this.summary[key] += counts[key];
    this.pendingLinks.push(...links);
  }

  /**
   * Writes what is queued, then the links of the imported memories whose other end is now in the store (or, in a dry
   * run, would be). A link only travels with a newly imported memory, so importing twice never doubles it.
   */
  finish(): void {
    this.flush();
    const links = this.pendingLinks.splice(0);
    if (links.length === 0) return;
    const exists = (id: string): boolean => (this.options.dryRun && this.seenMemories.has(id)) || this.store.memories.get(id) !== null;
    const write = (): void => {
      for (const link of links) {
        if (!exists(link.memoryB)) {
          this.summary.links_skipped++;
          continue;
        }
        if (!this.options.dryRun) this.store.links.insert(link);
        this.summary.links++;
      }
    };
    if (this.options.dryRun) this.store.read(write);
    else this.store.write(write);
  }

  private isStored(id: string): boolean {
    this.storedIds ??= new Set(this.store.memories.allIds({ statuses: MEMORY_STATUSES }));
    return this.storedIds.has(id);
  }

  /** Dry run: would this record's message be written? (Each message id counts once.) */
  private countMessage(record: ImportRecord, absent: () => boolean): void {
    const id = record.source.message_id;
    if (id === null || this.seenMessages.has(id)) return;
    this.seenMessages.add(id);
    if (absent()) this.summary.messages++;
  }

  /**
   * Inserts one record; returns what it wrote, or null when its id is already there. With `deferred`, its message is
   * written and its memory left there for the caller to write with others, then its history (recordHistory).
   */
  private insert(record: ImportRecord, deferred?: Deferred[]): { messages: number; history: number } | null {
    const { store } = this;
    if (this.isStored(record.id)) return null;
    let messages = 0;
    const messageId = record.source.message_id;
    // Consecutive records often share a message: skip the lookup for the one just seen.
    if (messageId !== null && messageId !== this.lastMessageId && store.messages.get(messageId) === null) {
      store.messages.insert(record.message ? messageFromJson(record.message) : placeholderMessage(record));
      messages++;
    }
    this.lastMessageId = messageId;
    const memory = memoryFromJson(record, store.user);
    const history = record.history?.length ?? 1;
    if (deferred) {
      deferred.push({ memory, record });
      return { messages, history };
    }
    store.memories.insert(memory);
    this.recordHistory(memory, record);
    return { messages, history };
  }

  /** The record's history as exported, or one `imported` entry when it came without (CSV). */
  private recordHistory(memory: Memory, record: ImportRecord): void {
    const { store } = this;
    if (record.history) {
      for (const entry of record.history) store.history.record(historyFromJson(memory.id, entry));
      return;
    }
    store.history.record({
      memoryId: memory.id,
      version: memory.version,
      action: 'imported',
      before: null,
      after: snapshot(memory),
      reason: null,
      actor: 'import',
      conflictId: null,
      at: this.importedAt,
    });
  }
}

/** A record of the fast path whose memory waits for insertMany. */
interface Deferred {
  memory: Memory;
  record: ImportRecord;
}

/**
 * The source message of a record that came without it (CSV): its id is kept so the memory still names where it came
 * from, but its text is not known, so it stands as `purged` (no text), like a message whose text was erased.
 */
function placeholderMessage(record: ImportRecord): Message {
  return {
    id: record.source.message_id!,
    content: null,
    refAt: record.created_at,
    timeZone: 'UTC',
    session: record.source.session,
    source: record.source.ref,
    status: 'purged',
    extractor: null,
    error: null,
    attempts: 0,
    createdAt: record.created_at,
    processedAt: null,
  };
}

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}

/** Another process stored a memory with this id after the import read the ids: it is there, not invalid. */
function isDuplicateMemoryId(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && /memories\.id/.test((error as Error).message);
}
