import { UsageError } from '../errors.js';
import { changedFields, recordCreation } from '../history.js';
import type { Memory } from '../memory.js';
import type { MemoryPatch, MemoryStore } from '../ports.js';
import type { MemoryAction } from '../remember.js';
import type { Conflict, LinkKind, Resolution } from './conflict.js';

/**
 * The strategies (SPEC `conflicts`), each a small pure plan of what happens to the existing memory and the
 * candidate; `applyResolution` carries a plan out with its history rows, links and the conflict record, in the
 * caller's transaction.
 */
export interface StrategyPlan {
  /** The remember output's `action` for the candidate. */
  action: MemoryAction;
  /** The candidate becomes a memory of its own. */
  insertCandidate: boolean;
  /** The change to the existing memory, and the history action that records it. */
  existing: { patch: MemoryPatch; history: string } | null;
  link: LinkKind | null;
  /** Which memory the remember output shows. */
  report: 'existing' | 'candidate';
}

type Planner = (existing: Memory, candidate: Memory, at: string) => StrategyPlan;

const created = (action: MemoryAction, link: LinkKind | null = null, existing: StrategyPlan['existing'] = null): StrategyPlan => ({
  action,
  insertCandidate: true,
  existing,
  link,
  report: 'candidate',
});

/** One sentence holding both: "User likes pizza" + "User likes sushi" -> "User likes pizza and sushi". */
export function mergeContent(existing: string, candidate: string): string {
  const norm = (s: string) => s.trim().replace(/[.!]+$/, '').toLowerCase();
  const a = norm(existing);
  const b = norm(candidate);
  if (a === b || a.includes(b)) return existing;
  if (b.includes(a)) return candidate;
  const wa = existing.trim().replace(/[.!]+$/, '').split(/\s+/);
  const wb = candidate.trim().replace(/[.!]+$/, '').split(/\s+/);
  let k = 0;
  while (k < wa.length && k < wb.length && wa[k]!.toLowerCase() === wb[k]!.toLowerCase()) k++;
  if (k >= 2 && k < wb.length) return `${wa.join(' ')} and ${wb.slice(k).join(' ')}`;
  return `${wa.join(' ')}; ${candidate.trim()}`;
}

export const STRATEGY_PLANS: Record<Resolution, Planner> = {
  /** Duplicates under `auto`: nothing new is stored; the old memory is confirmed (confidence, last seen). */
  skip: (existing, candidate, at) => ({
    action: 'skipped',
    insertCandidate: false,
    existing: { patch: { confidence: Math.max(existing.confidence, candidate.confidence), lastSeenAt: at }, history: 'refreshed' },
    link: null,
    report: 'existing',
  }),
  /**
   * Rewrite the old memory in place; its old text stays in its history. An event that changes a fact ("User started
   * a new job at Google") keeps the fact's type and category.
   */
  update: (existing, candidate, at) => ({
    action: 'updated',
    insertCandidate: false,
    existing: {
      patch: {
        content: candidate.content,
        type: candidate.type === 'episodic' ? existing.type : candidate.type,
        category: candidate.type === 'episodic' ? existing.category : candidate.category,
        confidence: candidate.confidence,
        entities: candidate.entities,
        eventAt: candidate.eventAt,
        eventEnd: candidate.eventEnd,
        eventGrain: candidate.eventGrain,
        eventText: candidate.eventText,
        lastSeenAt: at,
      },
      history: 'updated',
    },
    link: null,
    report: 'existing',
  }),
  /** A new memory; the old one is `superseded`. */
  replace: () => created('replaced', null, { patch: { status: 'superseded' }, history: 'superseded' }),
  /** One memory combining both: the old one is rewritten to hold the two facts. */
  merge: (existing, candidate, at) => {
    const patch: MemoryPatch = {
      content: mergeContent(existing.content, candidate.content),
      entities: [...new Set([...existing.entities, ...candidate.entities])],
      confidence: Math.max(existing.confidence, candidate.confidence),
      lastSeenAt: at,
    };
    if (existing.eventAt === null && candidate.eventAt !== null) {
      Object.assign(patch, { eventAt: candidate.eventAt, eventEnd: candidate.eventEnd, eventGrain: candidate.eventGrain, eventText: candidate.eventText });
    }
    return { action: 'merged', insertCandidate: false, existing: { patch, history: 'merged' }, link: null, report: 'existing' };
  },
  /** Both kept, linked as related. */
  link: () => created('linked', 'related'),
  /** Treated as unrelated: the candidate is stored, nothing else changes. */
  create_new: () => created('created'),
  /** Both kept and flagged as conflicting (a `conflicting` link). */
  keep_both: () => created('created', 'conflicting'),
  /** The old memory is `archived`, the new one created. */
  archive_old: () => created('archived_old', null, { patch: { status: 'archived' }, history: 'archived' }),
};

export interface ApplyContext {
  actor: string;
  at: string;
  dryRun: boolean;
  /** Who decided: `user`, `flag`, `policy:...`, `config`. */
  resolvedBy: string;
  /** The conflict's existing memory was read in this transaction (detection just found it): it is not read again. */
  existingIsCurrent?: boolean;
}

export interface ApplyOutcome {
  action: MemoryAction;
  /** The memory as it stands after the resolution (existing or candidate, per the plan). */
  memory: Memory;
  conflict: Conflict;
}

/** The state `MemoryRepository.update` would produce, without writing (dry runs). */
function patched(memory: Memory, patch: MemoryPatch, at: string): Memory {
  return { ...memory, ...patch, version: memory.version + 1, updatedAt: at };
}

/**
 * Applies a resolution to a conflict, inside the caller's transaction: the memory changes, their history rows (each
 * tagged with the conflict id, the previous `updatedAt` kept so undo can restore the exact record), links, and the
 * conflict record (inserted when `isNew`, else updated). With `dryRun` nothing is written.
 */
export function applyResolution(store: MemoryStore, conflict: Conflict, resolution: Resolution, ctx: ApplyContext, isNew: boolean): ApplyOutcome {
  const existing = ctx.existingIsCurrent ? conflict.existing : store.memories.get(conflict.memoryId);
  if (!existing) throw new UsageError(`memory ${conflict.memoryId} of conflict ${conflict.id} no longer exists`);
  const plan = STRATEGY_PLANS[resolution](existing, conflict.candidate, ctx.at);
  if ((plan.existing || plan.link) && existing.status !== 'active') {
    throw new UsageError(`memory ${existing.id} is ${existing.status}; ${resolution} needs it active`, {
      hint: `resolve with --strategy create_new, or \`harmonia conflicts dismiss ${conflict.id}\``,
    });
  }
  const candidate = conflict.candidate;
  const touched = [...(plan.existing ? [existing.id] : []), ...(plan.insertCandidate ? [candidate.id] : [])];
  const outcome: Conflict = {
    ...conflict,
    status: 'applied',
    strategy: resolution,
    touched,
    resolvedBy: ctx.resolvedBy,
    resolvedAt: ctx.at,
    undoneAt: null,
  };
  if (ctx.dryRun) {
    const memory = plan.report === 'existing' ? patched(existing, plan.existing?.patch ?? {}, ctx.at) : candidate;
    return { action: plan.action, memory, conflict: outcome };
  }
  const reason = `conflict ${conflict.id}: ${resolution} (${conflict.kind} of ${existing.id})`;
  const change = { actor: ctx.actor, at: ctx.at, conflictId: conflict.id, reason };
  if (plan.insertCandidate) {
    if (store.memories.get(candidate.id)) throw new UsageError(`memory ${candidate.id} already exists`);
    store.memories.insert(candidate);
    recordCreation(store, candidate, change);
  }
  let existingAfter = existing;
  if (plan.existing) {
    existingAfter = store.memories.update(existing.id, plan.existing.patch, ctx.at, existing);
    const diff = changedFields(existing, existingAfter);
    store.history.record({
      memoryId: existing.id,
      version: existingAfter.version,
      action: plan.existing.history,
      before: { ...diff.before, updatedAt: existing.updatedAt },
      after: diff.after,
      reason,
      actor: ctx.actor,
      conflictId: conflict.id,
      at: ctx.at,
    });
  }
  if (plan.link) store.links.insert({ memoryA: existing.id, memoryB: candidate.id, kind: plan.link, conflictId: conflict.id, createdAt: ctx.at });
  if (isNew) store.conflicts.insert(outcome);
  else store.conflicts.save(outcome);
  return { action: plan.action, memory: plan.report === 'existing' ? existingAfter : candidate, conflict: outcome };
}
