import { exportRecord, type ExportRecordJson } from './export-record.js';
import type { Memory } from './memory.js';
import type { MemoryLink } from './conflicts/conflict.js';
import type { HistoryEntry, Message } from './ports.js';

/**
 * Exports (SPEC `export`): the versioned JSON document and NDJSON, built record by record from an iterating source
 * so memory stays flat however many memories there are. Output is yielded as text chunks of about CHUNK_CHARS, which
 * keeps the stream machinery's per-chunk cost negligible.
 */

export const EXPORT_FORMATS = ['json', 'ndjson', 'csv', 'md', 'text'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_DOCUMENT_FORMAT = 'harmonia-export';
export const EXPORT_DOCUMENT_VERSION = 1;

const CHUNK_CHARS = 64 * 1024;

/** created: oldest first (the order import replays); grouped: by type (in MEMORY_TYPES order), category, age. */
export type ExportOrder = 'created' | 'grouped';

/** What an export reads. The SQLite store implements it; a test can hand in arrays. */
export interface ExportSource {
  readonly user: string;
  count(): number;
  memories(order: ExportOrder): Iterable<Memory>;
  history(memoryId: string): HistoryEntry[];
  message(messageId: string): Message | null;
  /** Links whose first end is this memory. */
  linksFrom(memoryId: string): MemoryLink[];
}

export interface ExportHeader {
  format: typeof EXPORT_DOCUMENT_FORMAT;
  version: typeof EXPORT_DOCUMENT_VERSION;
  user: string;
  exported_at: string;
}

export function exportHeader(user: string, exportedAt: Date): ExportHeader {
  return { format: EXPORT_DOCUMENT_FORMAT, version: EXPORT_DOCUMENT_VERSION, user, exported_at: exportedAt.toISOString() };
}

export interface RecordOptions {
  includeHistory: boolean;
  /** Called once per memory written (progress). */
  onRecord?: () => void;
}

/** Each memory as its export record, with its source message (looked up once for a run of memories sharing it). */
export function* exportRecords(source: ExportSource, options: RecordOptions, order: ExportOrder = 'created'): Generator<ExportRecordJson> {
  let lastMessage: Message | null = null;
  for (const memory of source.memories(order)) {
    const messageId = memory.source.messageId;
    let message: Message | null = null;
    if (messageId !== null) {
      if (lastMessage?.id !== messageId) lastMessage = source.message(messageId);
      message = lastMessage;
    }
    yield exportRecord(memory, message, options.includeHistory ? source.history(memory.id) : null, source.linksFrom(memory.id));
    options.onRecord?.();
  }
}

/** Joins small pieces of text into chunks of about CHUNK_CHARS. */
export function* chunkText(pieces: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const piece of pieces) {
    buffer += piece;
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/**
 * The JSON document of the contract, one memory per line so it diffs and greps well:
 * `{"format": "harmonia-export", "version": 1, "user", "exported_at", "memories": [...]}`.
 */
export function jsonDocumentChunks(source: ExportSource, header: ExportHeader, options: RecordOptions): Generator<string> {
  function* pieces(): Generator<string> {
    const head = JSON.stringify(header, null, 2);
    yield `${head.slice(0, -2)},\n  "memories": [`;
    let first = true;
    for (const record of exportRecords(source, options)) {
      yield `${first ? '\n' : ',\n'}    ${JSON.stringify(record)}`;
      first = false;
    }
    yield first ? ']\n}\n' : '\n  ]\n}\n';
  }
  return chunkText(pieces());
}

/** One export record per line, nothing else (so `jq` and `grep` need no header handling). */
export function ndjsonChunks(source: ExportSource, options: RecordOptions): Generator<string> {
  function* pieces(): Generator<string> {
    for (const record of exportRecords(source, options)) yield `${JSON.stringify(record)}\n`;
  }
  return chunkText(pieces());
}
