import { HarmoniaError, StorageError, UsageError } from '../errors.js';
import { changedFields, TRACKED_FIELDS } from '../history.js';
import type { Memory } from '../memory.js';
import type { HistoryEntry, MemoryStore } from '../ports.js';
import type { MemoryAction } from '../remember.js';
import { applyResolution } from './apply.js';
import type { Conflict, Resolution } from './conflict.js';

/** The review queue (SPEC `conflicts`): resolve, dismiss and undo, each in one immediate transaction. */

export interface Resolved {
  conflict: Conflict;
  action: MemoryAction;
  memory: Memory;
}

const RESOLVABLE = ['pending', 'undone', 'dismissed'] as const;

function load(store: MemoryStore, input: string): Conflict {
  return store.conflicts.get(store.conflicts.resolveId(input))!;
}

function resolveOne(store: MemoryStore, conflict: Conflict, strategy: Resolution | undefined, at: string): Resolved {
  if (!(RESOLVABLE as readonly string[]).includes(conflict.status)) {
    throw new UsageError(`conflict ${conflict.id} is already applied (${conflict.strategy})`, {
      hint: `undo it first: harmonia conflicts undo ${conflict.id}`,
    });
  }
  const outcome = applyResolution(store, conflict, strategy ?? conflict.suggested, { actor: 'user', at, dryRun: false, resolvedBy: 'user' }, false);
  return { conflict: outcome.conflict, action: outcome.action, memory: outcome.memory };
}

/** Applies a strategy (default: the suggested one) to a pending, undone or dismissed conflict. */
export function resolveConflict(store: MemoryStore, input: string, strategy: Resolution | undefined, at: Date): Resolved {
  return store.write(() => resolveOne(store, load(store, input), strategy, at.toISOString()));
}

export interface ResolveAllResult {
  resolved: Resolved[];
  failed: { conflict: Conflict; error: HarmoniaError }[];
}

/** Resolves every pending conflict, oldest first, each in its own transaction; one that cannot be applied is reported, not fatal. */
export function resolveAll(store: MemoryStore, strategy: Resolution | undefined, at: Date): ResolveAllResult {
  const result: ResolveAllResult = { resolved: [], failed: [] };
  for (const pending of store.read(() => store.conflicts.list({ statuses: ['pending'] }))) {
    try {
      const resolved = store.write(() => {
        const current = store.conflicts.get(pending.id);
        if (!current || current.status !== 'pending') return null; // resolved by another process meanwhile
        return resolveOne(store, current, strategy, at.toISOString());
      });
      if (resolved) result.resolved.push(resolved);
    } catch (error) {
      if (!(error instanceof HarmoniaError) || error instanceof StorageError) throw error;
      result.failed.push({ conflict: pending, error });
    }
  }
  return result;
}

/** Closes a pending (or undone) conflict without applying anything: the candidate is dropped. */
export function dismissConflict(store: MemoryStore, input: string, at: Date): Conflict {
  return store.write(() => {
    const conflict = load(store, input);
    if (conflict.status !== 'pending' && conflict.status !== 'undone') {
      throw new UsageError(`conflict ${conflict.id} is ${conflict.status}; only pending or undone conflicts can be dismissed`, {
        hint: conflict.status === 'applied' ? `undo it instead: harmonia conflicts undo ${conflict.id}` : undefined,
      });
    }
    const dismissed: Conflict = { ...conflict, status: 'dismissed', resolvedBy: 'user', resolvedAt: at.toISOString() };
    store.conflicts.save(dismissed);
    return dismissed;
  });
}

export interface UndoResult {
  conflict: Conflict;
  /** Memories put back as they were before the resolution. */
  restored: Memory[];
  /** Memories the resolution had created, now removed. */
  removed: string[];
}

/** The history rows of the conflict's latest application to a memory (after its last undo, if any). */
function applicationRows(entries: HistoryEntry[], conflictId: string): HistoryEntry[] {
  let start = 0;
  entries.forEach((e, i) => {
    if (e.conflictId === conflictId && e.action === 'undone') start = i + 1;
  });
  return entries.slice(start).filter((e) => e.conflictId === conflictId);
}

/** The record before a change, from the change's history row and the record after it. */
function previousState(current: Memory, entry: HistoryEntry): Memory {
  const previous: Memory = { ...current, version: entry.version - 1 };
  const before = entry.before ?? {};
  for (const field of TRACKED_FIELDS) {
    if (field in before) (previous as unknown as Record<string, unknown>)[field] = before[field];
  }
  if (typeof before.updatedAt === 'string') previous.updatedAt = before.updatedAt;
  return previous;
}

/**
 * Reverses an applied resolution (automatic ones included), from history: every memory it changed gets its exact
 * previous record back (content, status, confidence, version, times); every memory it created is removed; its links
 * go. Refuses when one of those memories changed since, so a later change is never silently lost.
 */
export function undoConflict(store: MemoryStore, input: string, at: Date, actor = 'user'): UndoResult {
  const when = at.toISOString();
  return store.write(() => {
    const conflict = load(store, input);
    if (conflict.status !== 'applied') {
      throw new UsageError(`conflict ${conflict.id} is ${conflict.status}; only applied conflicts can be undone`);
    }
    const plan: { memory: Memory; rows: HistoryEntry[] }[] = [];
    for (const id of conflict.touched) {
      const memory = store.memories.get(id);
      if (!memory) continue;
      const entries = store.history.forMemory(id);
      const rows = applicationRows(entries, conflict.id);
      if (rows.length === 0) continue;
      // Versions only grow, except through undo, which puts back an exact earlier record: the same version means
      // the memory is as this conflict left it.
      const last = rows[rows.length - 1]!;
      if (memory.version !== last.version) {
        throw new UsageError(`memory ${id} changed after conflict ${conflict.id} was applied (it is at version ${memory.version})`, {
          hint: 'undo the later change first (see `harmonia show ' + id + '`)',
        });
      }
      if (rows[0]!.action === 'created') {
        const later = store.conflicts
          .forMemory(id)
          .find((c) => c.id !== conflict.id && c.memoryId === id && (c.status === 'applied' || c.status === 'pending'));
        if (later) {
          throw new UsageError(`memory ${id} is the subject of conflict ${later.id} (${later.status})`, {
            hint: `${later.status === 'applied' ? 'undo' : 'dismiss'} ${later.id} first`,
          });
        }
      }
      plan.push({ memory, rows });
    }
    const restored: Memory[] = [];
    const removed: string[] = [];
    for (const { memory, rows } of plan) {
      if (rows[0]!.action === 'created') {
        store.links.purgeForMemory(memory.id);
        store.memories.purge(memory.id);
        removed.push(memory.id);
        continue;
      }
      const previous = previousState(memory, rows[rows.length - 1]!);
      store.conflicts.restoreMemory(previous);
      const diff = changedFields(memory, previous);
      store.history.record({
        memoryId: memory.id,
        version: previous.version,
        action: 'undone',
        before: { ...diff.before, updatedAt: memory.updatedAt },
        after: diff.after,
        reason: `undo of conflict ${conflict.id} (${conflict.strategy})`,
        actor,
        conflictId: conflict.id,
        at: when,
      });
      restored.push(previous);
    }
    store.links.removeForConflict(conflict.id);
    const undone: Conflict = { ...conflict, status: 'undone', undoneAt: when };
    store.conflicts.save(undone);
    return { conflict: undone, restored, removed };
  });
}
