import { historyToJson, linkToJson, messageToJson } from './export-record.js';
import { memoryToJson, type Memory } from './memory.js';
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
  /** Releases what the lookups hold open (a reading cursor); lookups still work afterwards. */
  close(): void;
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

/**
 * Each memory's export record as JSON text: exactly `JSON.stringify(exportRecord(...))`, built without serialising a
 * shared source message again for every memory that came from it (a message often gives several memories).
 */
export function* exportRecordTexts(source: ExportSource, options: RecordOptions): Generator<string> {
  let lastMessageId: string | null = null;
  let lastMessageText = 'null';
  try {
    for (const memory of source.memories('created')) {
      const messageId = memory.source.messageId;
      if (messageId !== lastMessageId) {
        const message = messageId === null ? null : source.message(messageId);
        lastMessageText = message ? JSON.stringify(messageToJson(message)) : 'null';
        lastMessageId = messageId;
      }
      const base = JSON.stringify(memoryToJson(memory));
      let text = `${base.slice(0, -1)},"message":${lastMessageText}`;
      if (options.includeHistory) text += `,"history":${JSON.stringify(source.history(memory.id).map(historyToJson))}`;
      const links = source.linksFrom(memory.id);
      if (links.length > 0) text += `,"links":${JSON.stringify(links.map(linkToJson))}`;
      yield `${text}}`;
      options.onRecord?.();
    }
  } finally {
    source.close();
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
    for (const record of exportRecordTexts(source, options)) {
      yield `${first ? '\n' : ',\n'}    ${record}`;
      first = false;
    }
    yield first ? ']\n}\n' : '\n  ]\n}\n';
  }
  return chunkText(pieces());
}

/** One export record per line, nothing else (so `jq` and `grep` need no header handling). */
export function ndjsonChunks(source: ExportSource, options: RecordOptions): Generator<string> {
  function* pieces(): Generator<string> {
    for (const record of exportRecordTexts(source, options)) yield `${record}\n`;
  }
  return chunkText(pieces());
}
