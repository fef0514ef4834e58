import type { ConflictKind } from './conflict.js';

/** Two memories for an outside judge (the LLM): what is stored, and what was just said. */
export interface JudgePair {
  existing: string;
  candidate: string;
}

/**
 * A second opinion on how a candidate relates to a memory near it (`remember --judge llm`). The rules shortlist the
 * pairs; the judge's answer replaces the rules' class for those pairs. null = unrelated.
 */
export interface ConflictJudge {
  readonly name: string;
  judge(pair: JudgePair): Promise<ConflictKind | null>;
}
