import type { EventGrain, Memory, MemoryStatus, MemoryType } from './memory.js';
import type { Conflict, ConflictStatus, MemoryLink, PolicyRule, PolicyScope } from './conflicts/conflict.js';

/** What the domain needs from storage. `src/store` implements these over SQLite; core never imports it. */

export type SortKey = 'created' | 'updated' | 'event' | 'confidence';

export interface MemoryFilter {
  /** Statuses to include; default active only. */
  statuses?: readonly MemoryStatus[];
  types?: readonly MemoryType[];
  /** Category paths; each includes its children (`pets` matches `pets/dogs`). */
  categories?: readonly string[];
  /** Recorded (created) at or after / before, as UTC instants. */
  since?: Date;
  until?: Date;
  /** Event time at or after / before, as UTC instants. */
  eventAfter?: Date;
  eventBefore?: Date;
  /** Events not over at this instant: starting then or later, or begun and ending after it ("today" at noon). */
  eventNotOverAt?: Date;
  minConfidence?: number;
  /** Only memories remembered from this message. */
  messageId?: string;
}

export interface ListOptions {
  sort?: SortKey;
  asc?: boolean;
  /** null = no limit */
  limit?: number | null;
  offset?: number;
}

export interface MemoryPatch {
  content?: string;
  type?: MemoryType;
  category?: string;
  confidence?: number;
  status?: MemoryStatus;
  entities?: string[];
  eventAt?: string | null;
  eventEnd?: string | null;
  eventGrain?: EventGrain | null;
  eventText?: string | null;
  lastSeenAt?: string;
}

export interface MemoryRepository {
  insert(memory: Memory): void;
  /** The same as inserting each in turn, in fewer statements. */
  insertMany(memories: readonly Memory[]): void;
  get(id: string): Memory | null;
  /** Resolves a full id or a unique prefix (with or without `mem_`). Throws NotFoundError / UsageError (ambiguous). */
  resolveId(input: string): string;
  list(filter: MemoryFilter, options?: ListOptions): Memory[];
  iterate(filter: MemoryFilter, options?: ListOptions): IterableIterator<Memory>;
  count(filter: MemoryFilter): number;
  /**
   * Applies the patch, bumps version and updated_at; returns the new state. `current`: the stored record, when the
   * caller has just read it in this transaction (it is not read again).
   */
  update(id: string, patch: MemoryPatch, at: string, current?: Memory): Memory;
  /** Removes the row for good (the full-text index follows by trigger; see `compactIndex`). */
  purge(id: string): void;
  /**
   * Merges the full-text index into one segment, which drops what deleted rows and earlier versions of changed rows
   * left in it: after a purge, none of the erased text stays in the index.
   */
  compactIndex(): void;
  allIds(filter: MemoryFilter): string[];
}

export type MessageStatus = 'pending' | 'processed' | 'purged';

export interface Message {
  id: string;
  content: string | null;
  refAt: string;
  timeZone: string;
  session: string | null;
  source: string | null;
  status: MessageStatus;
  extractor: string | null;
  error: string | null;
  attempts: number;
  createdAt: string;
  processedAt: string | null;
}

export interface MessageRepository {
  insert(message: Message): void;
  get(id: string): Message | null;
  resolveId(input: string): string;
  /** A message already remembered from the same source with the same text (batch re-runs are idempotent). */
  findDuplicate(source: string, content: string): Message | null;
  markProcessed(id: string, extractor: string, at: string): void;
  markFailed(id: string, error: string): void;
  pending(limit?: number): Message[];
  countPending(): number;
  /** Erases the text of a message (rm --purge) when no remaining memory came from it. */
  purgeIfOrphan(id: string): void;
}

export interface HistoryEntry {
  memoryId: string;
  version: number;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  actor: string;
  conflictId: string | null;
  at: string;
}

export interface HistoryRepository {
  record(entry: HistoryEntry): void;
  forMemory(memoryId: string): HistoryEntry[];
  purgeMemory(memoryId: string): void;
}

/** One user's store: repositories plus transactions. */
export interface MemoryStore {
  readonly user: string;
  readonly memories: MemoryRepository;
  readonly messages: MessageRepository;
  readonly history: HistoryRepository;
  readonly conflicts: ConflictRepository;
  readonly links: LinkRepository;
  readonly policies: ConflictPolicyRepository;
  /** Runs fn in a BEGIN IMMEDIATE transaction (read-modify-write safe across processes). */
  write<T>(fn: () => T): T;
  /** Runs fn in a deferred (read) transaction for a consistent snapshot. */
  read<T>(fn: () => T): T;
}

/** One memory as full-text search ranks it: just the fields ranking reads (the full record is loaded for the page). */
export interface SearchCandidate {
  /** The memory's row number: the index's rowid and the order memories were remembered in. */
  seq: number;
  /** BM25 relevance, higher is better; 0 for a memory fetched only as the context of a match. */
  relevance: number;
  type: MemoryType;
  category: string;
  confidence: number;
  session: string | null;
  lastSeenAt: string;
  /** The event's times; null unless asked for (`withDates`), as ranking reads them only for a query naming a date. */
  eventAt: string | null;
  eventEnd: string | null;
  /** The start of the content (enough to read a "Speaker: " prefix); may be '' when it has no colon, so no speaker. */
  head: string;
  /** When the source message was said (its reference time, UTC) and the zone it was said in; null unless asked. */
  saidAt: string | null;
  saidTimeZone: string | null;
}

/** What full-text search needs from storage (src/store/search-repository.ts). */
export interface SearchRepository {
  /** The best `limit` memories passing the filter that match an FTS5 expression, best BM25 first. */
  matches(expression: string, filter: MemoryFilter, limit: number, withDates: boolean): SearchCandidate[];
  /** The memories with these seqs that pass the filter (context of matches), with relevance 0. */
  context(seqs: readonly number[], filter: MemoryFilter, withDates: boolean): SearchCandidate[];
  /** Full records for these seqs, in the same order. */
  load(seqs: readonly number[]): Memory[];
}

/** What conflict detection asks of the store: the active memories nearest a candidate. */
export interface NeighbourQuery {
  /**
   * Words to look up in the full-text index. The selective ones (not common, see `commonAbove`) are ranked
   * (BM25, best `ftsLimit`); the common ones only find the newest `recentLimit` memories holding them, so a word
   * in half the store costs no more than a rare one.
   */
  terms: readonly string[];
  /**
   * Subject-and-verb sequences ("user lives"): the newest `recentLimit` memories holding any of them. Only those
   * whose last word is common are looked up (a selective one is already among the ranked terms).
   */
  phrases: readonly (readonly string[])[];
  /** The candidate's category: its newest `categoryLimit` active memories are compared too; null = none. */
  category: string | null;
  ftsLimit: number;
  recentLimit: number;
  categoryLimit: number;
  /** A word held by more memories than this is common. */
  commonAbove: number;
  /** So is a word held by more than this share of the memories, once that is more than `commonFloor` memories. */
  commonShare: number;
  commonFloor: number;
}

/**
 * What detection reads of a memory near a candidate: enough to classify the pair. Most neighbours turn out
 * unrelated, so only a match's full record is loaded (`MemoryRepository.get`).
 */
export type Neighbour = Pick<Memory, 'id' | 'content' | 'entities' | 'type'>;

export interface ConflictFilter {
  /** Default: every status. */
  statuses?: readonly ConflictStatus[];
  limit?: number | null;
}

export interface ConflictRepository {
  insert(conflict: Conflict): void;
  /** Writes the fields a resolution changes: status, strategy, suggested, touched, resolved/undone times. */
  save(conflict: Conflict): void;
  get(id: string): Conflict | null;
  /** Resolves a full id or a unique prefix (with or without `cfl_`). Throws NotFoundError / UsageError (ambiguous). */
  resolveId(input: string): string;
  /** Oldest first. */
  list(filter?: ConflictFilter): Conflict[];
  count(statuses: readonly ConflictStatus[]): number;
  /** Conflicts where the memory is the existing one or the candidate, oldest first. */
  forMemory(memoryId: string): Conflict[];
  /** Erases every conflict that names the memory (existing or candidate): their snapshots carry its text. */
  purgeForMemory(memoryId: string): void;
  /** Active memories near a candidate: full-text matches (best first) and the newest of its category. */
  nearest(query: NeighbourQuery): Neighbour[];
  /**
   * Active memories indexed under any of the fact keys (core/conflicts/keys.ts): for each key in turn, its newest
   * `limit`; each memory once, in that order.
   */
  withKeys(keys: readonly string[], limit: number): Neighbour[];
  /** Active memories whose text is the same as `content`, ignoring case. */
  sameText(content: string): Memory[];
  /** Writes a memory's full stored state back as it was (undo), version and times included. */
  restoreMemory(memory: Memory): void;
}

export interface LinkRepository {
  insert(link: MemoryLink): void;
  /** Links with the memory at either end, oldest first. */
  forMemory(memoryId: string): MemoryLink[];
  removeForConflict(conflictId: string): void;
  purgeForMemory(memoryId: string): void;
}

export interface ConflictPolicyRepository {
  list(): readonly PolicyRule[];
  set(rule: PolicyRule): void;
  /** false when there was no such rule. */
  unset(scope: PolicyScope, value: string): boolean;
}
