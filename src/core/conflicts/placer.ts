import type { Memory } from '../memory.js';
import type { MemoryStore } from '../ports.js';
import { createEveryCandidate, type CandidatePlacer, type Placement, type PlacementContext } from '../remember.js';
import { isOnConflict, type OnConflict } from '../strategies.js';
import { newId } from '../ids.js';
import { applyResolution } from './apply.js';
import type { Conflict, ConflictKind } from './conflict.js';
import { ConflictDetector, judgementKey } from './detect.js';
import type { ConflictJudge } from './judge.js';
import { decide, effectivePolicy, suggest, type PolicyChoice } from './policy.js';

export interface ConflictPlacerOptions {
  /**
   * The run's `onConflict` came from `--on-conflict` and beats the user's stored policy. Otherwise it is the
   * configured default (`conflicts.policy`), used when the user has set no policy of their own.
   */
  flagGiven?: boolean;
  /** Refines the rules' class of the nearest memories (`--judge llm`). */
  judge?: ConflictJudge;
  detector?: ConflictDetector;
  /** How many near memories per candidate the judge sees. */
  judgeShortlist?: number;
}

/**
 * The remember pipeline's placer with conflict detection: each candidate is compared with the nearest active
 * memories; a conflict is recorded and resolved by the policy (or left pending), all in the remember transaction.
 */
export class ConflictPlacer implements CandidatePlacer {
  private readonly detector: ConflictDetector;
  private judgements = new Map<string, ConflictKind | null>();

  constructor(private readonly options: ConflictPlacerOptions = {}) {
    this.detector = options.detector ?? new ConflictDetector();
  }

  async prepare(store: MemoryStore, candidates: readonly Memory[]): Promise<void> {
    const judge = this.options.judge;
    if (!judge) return;
    this.judgements = new Map();
    for (const candidate of candidates) {
      const shortlist = store.read(() => this.detector.shortlist(store, candidate, this.options.judgeShortlist ?? 3));
      for (const existing of shortlist) {
        const kind = await judge.judge({ existing: existing.content, candidate: candidate.content });
        this.judgements.set(judgementKey(candidate.id, existing.id), kind);
      }
    }
  }

  private policy(store: MemoryStore, candidate: Memory, ctx: PlacementContext): { choice: PolicyChoice; stored: PolicyChoice } {
    const configured: OnConflict = isOnConflict(ctx.onConflict) ? ctx.onConflict : 'auto';
    const stored = effectivePolicy(store.policies.list(), candidate, this.options.flagGiven ? 'auto' : configured);
    const choice = this.options.flagGiven ? { value: configured, origin: 'flag' } : stored;
    return { choice, stored };
  }

  place(store: MemoryStore, candidate: Memory, ctx: PlacementContext): Placement {
    const match = this.detector.best(store, candidate, this.judgements);
    if (!match) return createEveryCandidate.place(store, candidate, ctx);
    const { choice, stored } = this.policy(store, candidate, ctx);
    // With `ask` (or `auto`) on the command line, the suggestion is what the user's own policy would do.
    const suggestion = choice.origin === 'flag' && (choice.value === 'ask' || choice.value === 'auto') ? stored.value : choice.value;
    const conflict: Conflict = {
      id: newId('cfl'),
      kind: match.kind,
      memoryId: match.existing.id,
      existing: match.existing,
      candidate,
      similarity: match.similarity,
      reason: match.reason,
      judge: match.judge,
      suggested: suggest(suggestion, match.kind),
      status: 'pending',
      strategy: null,
      touched: [],
      resolvedBy: null,
      messageId: candidate.source.messageId,
      createdAt: ctx.at,
      resolvedAt: null,
      undoneAt: null,
    };
    const decision = decide(choice.value, match.kind);
    if (decision === 'ask') {
      if (!ctx.dryRun) store.conflicts.insert(conflict);
      return { action: 'pending', memory: candidate, conflicts: [conflict] };
    }
    const outcome = applyResolution(
      store,
      conflict,
      decision,
      { actor: ctx.actor, at: ctx.at, dryRun: ctx.dryRun, resolvedBy: `${choice.origin}:${choice.value}`, existingIsCurrent: true },
      true,
    );
    return { action: outcome.action, memory: outcome.memory, conflicts: [outcome.conflict] };
  }
}
