import { chunkText, type ExportSource } from '../core/export.js';
import type { Memory } from '../core/memory.js';
import type { HistoryEntry } from '../core/ports.js';
import { CSV_COLUMNS, csvRow, humanEvent } from './output.js';

/** The renderings of an export meant for people or spreadsheets: CSV, Markdown and plain text. */

/** CSV export columns: the fixed columns of every CSV output, then `last_seen_at` (so a CSV import loses no field of the record). */
export const EXPORT_CSV_COLUMNS = [...CSV_COLUMNS, 'last_seen_at'] as const;

/** Rows per csv-stringify call: large enough that its per-call set-up is nothing, small enough to stay young garbage. */
const CSV_BATCH_ROWS = 250;

/**
 * The CSV export as text chunks: csv-stringify's synchronous API over batches of rows gives the same bytes as its
 * stream (header first, every record ended by a newline) without a stream step and a Buffer per row.
 */
export function csvChunks(memories: Iterable<Memory>, stringify: CsvStringify, onRecord: () => void): Generator<string> {
  const columns = [...EXPORT_CSV_COLUMNS];
  function* pieces(): Generator<string> {
    let batch: unknown[][] = [];
    let header = true;
    for (const memory of memories) {
      const row = csvRow(memory);
      row.push(memory.lastSeenAt);
      batch.push(row);
      onRecord();
      if (batch.length === CSV_BATCH_ROWS) {
        yield stringify(batch, { header, columns });
        header = false;
        batch = [];
      }
    }
    // An empty export is the header line alone.
    if (batch.length > 0 || header) yield stringify(batch, { header, columns });
  }
  return chunkText(pieces());
}

/** csv-stringify's synchronous `stringify(records, options)`. */
export type CsvStringify = (records: unknown[][], options: { header: boolean; columns: string[] }) => string;

/**
 * "2024-08-19 10:00" in the zone, like output.ts's humanTime but with one formatter for the whole export (building
 * an Intl.DateTimeFormat per memory costs more than everything else Markdown does).
 */
function localTimes(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return (iso) => {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    const parts: Record<string, string> = {};
    for (const part of format.formatToParts(date)) parts[part.type] = part.value;
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  };
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** Markdown-inert text: no emphasis, links, headings or HTML where the memory says `*`, `_`, `[`, `#` or `<`. */
export function escapeMarkdown(text: string): string {
  return oneLine(text).replace(/([\\`*_[\]<#])/g, '\\$1');
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function describeHistory(entry: HistoryEntry): string {
  const fields = Object.keys(entry.after ?? {});
  if (entry.before === null || fields.length === 0) return entry.action;
  const parts = fields.map((field) =>
    field === 'content' ? `content was "${String(entry.before?.[field] ?? '')}"` : `${field} ${JSON.stringify(entry.before?.[field])} -> ${JSON.stringify(entry.after?.[field])}`,
  );
  return `${entry.action}: ${parts.join('; ')}`;
}

function memoryNotes(memory: Memory, humanTime: (iso: string) => string): string {
  const notes: string[] = [];
  if (memory.status !== 'active') notes.push(memory.status);
  if (memory.eventAt) notes.push(`when: ${humanEvent(memory)}${memory.eventText ? ` ("${oneLine(memory.eventText)}")` : ''}`);
  if (memory.entities.length > 0) notes.push(`about: ${memory.entities.map(oneLine).join(', ')}`);
  notes.push(`remembered ${humanTime(memory.createdAt)}`);
  return escapeMarkdown(notes.join(' · '));
}

export interface MarkdownOptions {
  user: string;
  exportedAt: Date;
  timeZone: string;
  includeHistory: boolean;
  onRecord: () => void;
}

/**
 * A Markdown document readable on its own: a heading per type (in the contract's order), a sub-heading per category,
 * one bullet per memory with its status, event time and id; history as nested bullets when asked.
 */
export function markdownChunks(source: ExportSource, options: MarkdownOptions): Generator<string> {
  const humanTime = localTimes(options.timeZone);
  function* pieces(): Generator<string> {
    const total = source.count();
    yield `# Memories of ${escapeMarkdown(options.user)}\n\n`;
    yield `Exported by Harmonia on ${humanTime(options.exportedAt.toISOString())} (${options.timeZone}): ` +
      `${total} ${total === 1 ? 'memory' : 'memories'}.\n`;
    if (total === 0) yield '\nNo memories.\n';
    let type: string | null = null;
    let category: string | null = null;
    for (const memory of source.memories('grouped')) {
      if (memory.type !== type) {
        type = memory.type;
        category = null;
        yield `\n## ${capitalise(type)}\n`;
      }
      if (memory.category !== category) {
        category = memory.category;
        yield `\n### ${escapeMarkdown(category)}\n\n`;
      }
      yield `- ${escapeMarkdown(memory.content)}  \n  *${memoryNotes(memory, humanTime)}* · \`${memory.id}\`\n`;
      if (options.includeHistory) {
        for (const entry of source.history(memory.id)) {
          yield `  - ${humanTime(entry.at)} · v${entry.version} · ${escapeMarkdown(describeHistory(entry))} (${escapeMarkdown(entry.actor)})\n`;
        }
      }
      options.onRecord();
    }
  }
  return chunkText(pieces());
}

/** One memory per line: `id  type  category  content [status] [@ event]`, for grep and eyes. */
export function textChunks(memories: Iterable<Memory>, onRecord: () => void): Generator<string> {
  function* pieces(): Generator<string> {
    for (const memory of memories) {
      const status = memory.status === 'active' ? '' : `  [${memory.status}]`;
      const event = memory.eventAt ? `  @ ${humanEvent(memory)}` : '';
      yield `${memory.id}  ${memory.type}  ${memory.category}  ${oneLine(memory.content)}${event}${status}\n`;
      onRecord();
    }
  }
  return chunkText(pieces());
}
