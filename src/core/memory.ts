/** The domain record of a memory and the vocabularies it is built from. */
import { newId } from './ids.js';

export const MEMORY_TYPES = [
  'personal',
  'factual',
  'relational',
  'preference',
  'temporal',
  'emotional',
  'goal',
  'skill',
  'health',
  'professional',
  'procedural',
  'episodic',
] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

export const MEMORY_STATUSES = ['active', 'archived', 'superseded', 'deleted'] as const;
export type MemoryStatus = (typeof MEMORY_STATUSES)[number];

/**
 * A chat turn stored verbatim (the raw extractor): an `episodic` memory in this category. It is a record of what was
 * said, not a fact: it is only ever the same turn again, never updated or contradicted (no fact keys, see
 * core/conflicts/keys.ts).
 */
export const TURN_CATEGORY = 'conversation';

export function isVerbatimTurn(m: Pick<Memory, 'type' | 'category'>): boolean {
  return m.type === 'episodic' && m.category === TURN_CATEGORY;
}

export const EVENT_GRAINS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
export type EventGrain = (typeof EVENT_GRAINS)[number];

export interface MemorySource {
  messageId: string | null;
  ref: string | null;
  session: string | null;
}

export interface Memory {
  id: string;
  user: string;
  content: string;
  type: MemoryType;
  category: string;
  confidence: number;
  status: MemoryStatus;
  entities: string[];
  eventAt: string | null;
  eventEnd: string | null;
  eventGrain: EventGrain | null;
  eventText: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeenAt: string;
  version: number;
  source: MemorySource;
}

export interface NewMemory {
  user: string;
  content: string;
  type: MemoryType;
  category: string;
  confidence: number;
  entities?: string[];
  /** Created, updated and last seen at this instant (ISO). */
  at: string;
  /** Default: a new id made now. */
  id?: string;
  source?: MemorySource;
}

/** A new active memory at version 1, with no event time: the one place a memory record is put together. */
export function newMemory(fields: NewMemory): Memory {
  return {
    id: fields.id ?? newId('mem'),
    user: fields.user,
    content: fields.content,
    type: fields.type,
    category: fields.category,
    confidence: fields.confidence,
    status: 'active',
    entities: fields.entities ?? [],
    eventAt: null,
    eventEnd: null,
    eventGrain: null,
    eventText: null,
    createdAt: fields.at,
    updatedAt: fields.at,
    lastSeenAt: fields.at,
    version: 1,
    source: fields.source ?? { messageId: null, ref: null, session: null },
  };
}

export function isMemoryType(value: string): value is MemoryType {
  return (MEMORY_TYPES as readonly string[]).includes(value);
}

export function isMemoryStatus(value: string): value is MemoryStatus {
  return (MEMORY_STATUSES as readonly string[]).includes(value);
}

/** The contract's JSON record (SPEC section 5), built from the domain object. Fields may be added, never renamed. */
export interface MemoryJson {
  id: string;
  user: string;
  content: string;
  type: MemoryType;
  category: string;
  confidence: number;
  status: MemoryStatus;
  entities: string[];
  event_at: string | null;
  event_end: string | null;
  event_grain: EventGrain | null;
  event_text: string | null;
  created_at: string;
  updated_at: string;
  last_seen_at: string;
  version: number;
  source: { message_id: string | null; ref: string | null; session: string | null };
}

export function memoryToJson(m: Memory): MemoryJson {
  return {
    id: m.id,
    user: m.user,
    content: m.content,
    type: m.type,
    category: m.category,
    confidence: m.confidence,
    status: m.status,
    entities: m.entities,
    event_at: m.eventAt,
    event_end: m.eventEnd,
    event_grain: m.eventGrain,
    event_text: m.eventText,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
    last_seen_at: m.lastSeenAt,
    version: m.version,
    source: { message_id: m.source.messageId, ref: m.source.ref, session: m.source.session },
  };
}

/**
 * The domain object back from its JSON record (conflict snapshots, imports). `user` overrides the record's (an
 * import goes to the user it is run for). Throws on a type or status outside the vocabularies.
 */
export function memoryFromJson(json: Omit<MemoryJson, 'user'> & { user?: string }, user: string = json.user ?? ''): Memory {
  if (!isMemoryType(json.type) || !isMemoryStatus(json.status)) throw new Error(`invalid memory record ${json.id}`);
  return {
    id: json.id,
    user,
    content: json.content,
    type: json.type,
    category: json.category,
    confidence: json.confidence,
    status: json.status,
    entities: json.entities,
    eventAt: json.event_at,
    eventEnd: json.event_end,
    eventGrain: json.event_grain,
    eventText: json.event_text,
    createdAt: json.created_at,
    updatedAt: json.updated_at,
    lastSeenAt: json.last_seen_at,
    version: json.version,
    source: { messageId: json.source.message_id, ref: json.source.ref, session: json.source.session },
  };
}
