import { z } from 'zod';
import { EVENT_GRAINS, MEMORY_STATUSES, MEMORY_TYPES } from './memory.js';
import type { ExportRecordJson } from './export-record.js';

/**
 * The zod schema of one imported record: the export record (export-record.ts) as Harmonia writes it, with the
 * fields an older or hand-made file may lack defaulted. Unknown fields are ignored (records may gain fields).
 */

/** ISO-8601 with a zone, fields in range; a regex rather than Date.parse, which costs more than the rest of a record. */
const ISO_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d)$/;
const isoTime = z.string().regex(ISO_TIME, 'must be an ISO-8601 time with a zone, e.g. 2024-08-19T14:00:00.000Z');

const memoryId = z.string().regex(/^mem_[0-9a-z]{1,64}$/, 'must be a memory id like mem_01j9x3k2p8qz');
const messageId = z.string().regex(/^msg_[0-9a-z]{1,64}$/, 'must be a message id like msg_01j9x3k2p0aa');
const nullableText = z.string().nullable().default(null);
/** The changed fields of a history row; any keys (a loose object validates faster than z.record). */
const fieldSnapshot = z.object({}).loose().nullable();

export const historyRecordSchema = z.object({
  version: z.number().int().min(1),
  action: z.string().min(1),
  at: isoTime,
  actor: z.string().min(1),
  reason: nullableText,
  conflict_id: nullableText,
  before: fieldSnapshot.default(null),
  after: fieldSnapshot.default(null),
});

export const messageRecordSchema = z.object({
  id: messageId,
  content: z.string().nullable(),
  at: isoTime,
  tz: z.string().min(1),
  session: nullableText,
  source: nullableText,
  status: z.enum(['pending', 'processed', 'purged']),
  extractor: nullableText,
  error: nullableText,
  attempts: z.number().int().min(0).default(0),
  created_at: isoTime,
  processed_at: isoTime.nullable().default(null),
});

export const linkRecordSchema = z.object({
  memory_id: memoryId,
  kind: z.string().min(1),
  conflict_id: nullableText,
  created_at: isoTime,
});

export const importRecordSchema = z
  .object({
    id: memoryId,
    content: z.string().min(1, 'must not be empty'),
    type: z.enum(MEMORY_TYPES),
    category: z.string().min(1, 'must not be empty'),
    confidence: z.number().min(0).max(1),
    status: z.enum(MEMORY_STATUSES),
    entities: z.array(z.string()).default([]),
    event_at: isoTime.nullable().default(null),
    event_end: isoTime.nullable().default(null),
    event_grain: z.enum(EVENT_GRAINS).nullable().default(null),
    event_text: nullableText,
    created_at: isoTime,
    updated_at: isoTime,
    /** Older files may lack it: the last change is the best guess. */
    last_seen_at: isoTime.optional(),
    version: z.number().int().min(1),
    source: z
      .object({ message_id: messageId.nullable().default(null), ref: nullableText, session: nullableText })
      .default({ message_id: null, ref: null, session: null }),
    message: messageRecordSchema.nullable().default(null),
    history: z.array(historyRecordSchema).optional(),
    links: z.array(linkRecordSchema).optional(),
  })
;

/** A valid record: an export record whose `user` is whoever imports it. */
export type ImportRecord = Omit<ExportRecordJson, 'user'>;

/** A zod error as one line: `type: Invalid option: expected one of ...`. */
export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const path = issue.path.map(String).join('.');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${path === '' ? '' : `${path}: `}${issue.message}${more}`;
}

export type ParsedRecord = { ok: true; record: ImportRecord } | { ok: false; error: string };

/**
 * Validates one record with the schema, then what a schema says less cheaply: the message belongs to the record, and
 * a missing last_seen_at is the last change.
 */
export function parseImportRecord(value: unknown): ParsedRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `expected a memory record (an object), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  }
  const result = importRecordSchema.safeParse(value);
  if (!result.success) return { ok: false, error: describeIssues(result.error) };
  const record = result.data;
  if (record.message && record.message.id !== record.source.message_id) {
    return { ok: false, error: `message.id: must equal source.message_id (${String(record.source.message_id)})` };
  }
  return { ok: true, record: { ...record, last_seen_at: record.last_seen_at ?? record.updated_at } };
}
