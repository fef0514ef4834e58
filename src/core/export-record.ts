import { memoryToJson, type Memory, type MemoryJson } from './memory.js';
import type { MemoryLink } from './conflicts/conflict.js';
import type { HistoryEntry, Message } from './ports.js';

/**
 * The record of an export (and of an import): the contract's memory record (SPEC section 5), plus the source
 * message it came from and, when asked, its history. Everything import needs to rebuild the memory exactly.
 */

export interface HistoryJson {
  version: number;
  action: string;
  at: string;
  actor: string;
  reason: string | null;
  conflict_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface MessageJson {
  id: string;
  content: string | null;
  at: string;
  tz: string;
  session: string | null;
  source: string | null;
  status: Message['status'];
  extractor: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  processed_at: string | null;
}

/** A link from this memory to another (`conflicts` link / keep_both), carried on the record of its first end. */
export interface LinkJson {
  memory_id: string;
  kind: string;
  conflict_id: string | null;
  created_at: string;
}

export interface ExportRecordJson extends MemoryJson {
  message: MessageJson | null;
  history?: HistoryJson[];
  links?: LinkJson[];
}

/** The same shape `show --json` prints for a history row. */
export function historyToJson(entry: HistoryEntry): HistoryJson {
  return {
    version: entry.version,
    action: entry.action,
    at: entry.at,
    actor: entry.actor,
    reason: entry.reason,
    conflict_id: entry.conflictId,
    before: entry.before,
    after: entry.after,
  };
}

/** The same shape `show --json` prints for the source message. */
export function messageToJson(message: Message): MessageJson {
  return {
    id: message.id,
    content: message.content,
    at: message.refAt,
    tz: message.timeZone,
    session: message.session,
    source: message.source,
    status: message.status,
    extractor: message.extractor,
    error: message.error,
    attempts: message.attempts,
    created_at: message.createdAt,
    processed_at: message.processedAt,
  };
}

export function historyFromJson(memoryId: string, json: HistoryJson): HistoryEntry {
  return {
    memoryId,
    version: json.version,
    action: json.action,
    before: json.before,
    after: json.after,
    reason: json.reason,
    actor: json.actor,
    conflictId: json.conflict_id,
    at: json.at,
  };
}

export function messageFromJson(json: MessageJson): Message {
  return {
    id: json.id,
    content: json.content,
    refAt: json.at,
    timeZone: json.tz,
    session: json.session,
    source: json.source,
    status: json.status,
    extractor: json.extractor,
    error: json.error,
    attempts: json.attempts,
    createdAt: json.created_at,
    processedAt: json.processed_at,
  };
}


export function linkToJson(link: MemoryLink): LinkJson {
  return { memory_id: link.memoryB, kind: link.kind, conflict_id: link.conflictId, created_at: link.createdAt };
}

export function linkFromJson(memoryId: string, json: LinkJson): MemoryLink {
  return { memoryA: memoryId, memoryB: json.memory_id, kind: json.kind as MemoryLink['kind'], conflictId: json.conflict_id, createdAt: json.created_at };
}

/** The record: `links` only when the memory has outgoing links, `history` only when asked for. */
export function exportRecord(memory: Memory, message: Message | null, history: HistoryEntry[] | null, links: readonly MemoryLink[] = []): ExportRecordJson {
  const record: ExportRecordJson = { ...memoryToJson(memory), message: message ? messageToJson(message) : null };
  if (history) record.history = history.map(historyToJson);
  if (links.length > 0) record.links = links.map(linkToJson);
  return record;
}
