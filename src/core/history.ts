import type { Memory } from './memory.js';
import type { HistoryEntry, MemoryStore } from './ports.js';

/** The fields of a memory that history tracks (everything a change can alter). */
export const TRACKED_FIELDS = [
  'content',
  'type',
  'category',
  'confidence',
  'status',
  'entities',
  'eventAt',
  'eventEnd',
  'eventGrain',
  'eventText',
  'lastSeenAt',
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export function snapshot(memory: Memory): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of TRACKED_FIELDS) out[field] = memory[field];
  return out;
}

/** Equal as JSON. Most fields are strings, numbers or null, compared as they are; lists (entities) as their JSON. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the fields that differ, as {before, after}. */
export function changedFields(before: Memory, after: Memory): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const field of TRACKED_FIELDS) {
    if (!same(before[field], after[field])) {
      b[field] = before[field];
      a[field] = after[field];
    }
  }
  return { before: b, after: a };
}

export interface ChangeContext {
  actor: string;
  reason?: string | null;
  conflictId?: string | null;
  at: string;
}

/** Writes the history row of a newly created memory; call inside the transaction that inserted it. */
export function recordCreation(store: MemoryStore, memory: Memory, ctx: ChangeContext, action = 'created'): void {
  store.history.record({
    memoryId: memory.id,
    version: memory.version,
    action,
    before: null,
    after: snapshot(memory),
    reason: ctx.reason ?? null,
    actor: ctx.actor,
    conflictId: ctx.conflictId ?? null,
    at: ctx.at,
  });
}

/** Writes the history row of a change from `before` to `after`; call inside the transaction that made it. */
export function recordChange(store: MemoryStore, action: string, before: Memory, after: Memory, ctx: ChangeContext): HistoryEntry {
  const diff = changedFields(before, after);
  const entry: HistoryEntry = {
    memoryId: after.id,
    version: after.version,
    action,
    before: diff.before,
    after: diff.after,
    reason: ctx.reason ?? null,
    actor: ctx.actor,
    conflictId: ctx.conflictId ?? null,
    at: ctx.at,
  };
  store.history.record(entry);
  return entry;
}
