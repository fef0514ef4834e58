import type { Memory } from '../memory.js';
import type { OnConflict } from '../strategies.js';
import type { ConflictKind, PolicyRule, Resolution } from './conflict.js';

/** What the `auto` policy does with each kind (SPEC `conflicts`). */
export const AUTO_RESOLUTION: Record<ConflictKind, Resolution> = {
  duplicate: 'skip',
  update: 'update',
  contradiction: 'update',
  related: 'link',
};

export interface PolicyChoice {
  value: OnConflict;
  /** Where it came from, for the conflict record: `flag`, `policy:category:pets`, `policy:type:health`, `policy:default`, `config`. */
  origin: string;
}

/** Normalises a category path the way filters do: no outer slashes, lower case. */
export function normaliseCategory(category: string): string {
  return category.trim().replace(/^\/+|\/+$/g, '').toLowerCase();
}

/**
 * The policy that applies to a candidate: the user's override for its category (the most specific path that
 * contains it), else for its type, else the user's default, else the configured default (`conflicts.policy`).
 */
export function effectivePolicy(rules: readonly PolicyRule[], candidate: Memory, configured: OnConflict): PolicyChoice {
  const category = normaliseCategory(candidate.category);
  let best: PolicyRule | null = null;
  for (const rule of rules) {
    if (rule.scope !== 'category') continue;
    if ((category === rule.value || category.startsWith(`${rule.value}/`)) && (!best || rule.value.length > best.value.length)) best = rule;
  }
  if (best) return { value: best.strategy, origin: `policy:category:${best.value}` };
  const type = rules.find((r) => r.scope === 'type' && r.value === candidate.type);
  if (type) return { value: type.strategy, origin: `policy:type:${type.value}` };
  const fallback = rules.find((r) => r.scope === 'default');
  if (fallback) return { value: fallback.strategy, origin: 'policy:default' };
  return { value: configured, origin: 'config' };
}

/** What a policy value does with a conflict of this kind: a resolution, or `ask` (leave it pending). */
export function decide(value: OnConflict, kind: ConflictKind): Resolution | 'ask' {
  if (value === 'ask') return 'ask';
  if (value === 'auto') return AUTO_RESOLUTION[kind];
  return value;
}

/** The strategy a conflict suggests: the policy's, or what `auto` would do when the policy asks. */
export function suggest(value: OnConflict, kind: ConflictKind): Resolution {
  const decision = decide(value, kind);
  return decision === 'ask' ? AUTO_RESOLUTION[kind] : decision;
}
