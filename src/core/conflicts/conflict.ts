import { memoryToJson, type Memory, type MemoryJson } from '../memory.js';
import { STRATEGIES, type OnConflict, type Strategy } from '../strategies.js';

/** The conflict records of the review queue (SPEC `conflicts`) and the vocabularies they are built from. */

export const CONFLICT_KINDS = ['duplicate', 'update', 'contradiction', 'related'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

export const CONFLICT_STATUSES = ['pending', 'applied', 'dismissed', 'undone'] as const;
export type ConflictStatus = (typeof CONFLICT_STATUSES)[number];

/**
 * What can be applied to a conflict: the seven strategies, plus `skip` — what the `auto` policy does with a
 * duplicate (the new memory is dropped, the old one's confidence and last-seen time are refreshed).
 */
export const RESOLUTIONS = [...STRATEGIES, 'skip'] as const;
export type Resolution = Strategy | 'skip';

export function isResolution(value: string): value is Resolution {
  return (RESOLUTIONS as readonly string[]).includes(value);
}

export function isConflictStatus(value: string): value is ConflictStatus {
  return (CONFLICT_STATUSES as readonly string[]).includes(value);
}

export interface Conflict {
  id: string;
  kind: ConflictKind;
  /** The existing memory the candidate was compared with. */
  memoryId: string;
  /** The existing memory as it was when the conflict was found. */
  existing: Memory;
  /** The new memory; stored in `memories` only once a strategy created it. */
  candidate: Memory;
  similarity: number;
  /** Why the detector chose this kind, in a few words. */
  reason: string | null;
  judge: 'rules' | 'llm';
  suggested: Resolution;
  status: ConflictStatus;
  /** The resolution applied last (kept after an undo, so the record says what was undone). */
  strategy: Resolution | null;
  /** Memory ids the applied resolution changed or created. */
  touched: string[];
  /** `policy:<value>`, `flag:<value>` or `user`. */
  resolvedBy: string | null;
  messageId: string | null;
  createdAt: string;
  resolvedAt: string | null;
  undoneAt: string | null;
}

export const LINK_KINDS = ['related', 'conflicting'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export interface MemoryLink {
  memoryA: string;
  memoryB: string;
  kind: LinkKind;
  conflictId: string | null;
  createdAt: string;
}

export const POLICY_SCOPES = ['default', 'type', 'category'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

/** A per-user override of the conflict policy (`harmonia conflicts policy set`). */
export interface PolicyRule {
  scope: PolicyScope;
  /** '' for the default, a memory type, or a category path. */
  value: string;
  strategy: OnConflict;
  updatedAt: string;
}

export interface ConflictJson {
  id: string;
  kind: ConflictKind;
  status: ConflictStatus;
  similarity: number;
  reason: string | null;
  judge: 'rules' | 'llm';
  suggested_strategy: Resolution;
  strategy: Resolution | null;
  memory_id: string;
  existing: MemoryJson;
  candidate: MemoryJson;
  memory_ids: string[];
  resolved_by: string | null;
  message_id: string | null;
  created_at: string;
  resolved_at: string | null;
  undone_at: string | null;
}

/** The contract's JSON conflict record, built from the domain object. */
export function conflictToJson(c: Conflict): ConflictJson {
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    similarity: c.similarity,
    reason: c.reason,
    judge: c.judge,
    suggested_strategy: c.suggested,
    strategy: c.strategy,
    memory_id: c.memoryId,
    existing: memoryToJson(c.existing),
    candidate: memoryToJson(c.candidate),
    memory_ids: c.touched,
    resolved_by: c.resolvedBy,
    message_id: c.messageId,
    created_at: c.createdAt,
    resolved_at: c.resolvedAt,
    undone_at: c.undoneAt,
  };
}

