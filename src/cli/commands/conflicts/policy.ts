import { AUTO_RESOLUTION, normaliseCategory } from '../../../core/conflicts/policy.js';
import type { PolicyRule, PolicyScope } from '../../../core/conflicts/conflict.js';
import { UsageError } from '../../../core/errors.js';
import { isMemoryType, MEMORY_TYPES } from '../../../core/memory.js';
import type { MemoryStore } from '../../../core/ports.js';
import { isOnConflict, ON_CONFLICT_CHOICES } from '../../../core/strategies.js';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';

/** `conflicts policy [show]`, `conflicts policy set STRATEGY [--type T | --category C]`, `conflicts policy unset [...]`. */

interface ScopeFlags {
  type?: string;
  category?: string;
}

export function parseScope(flags: ScopeFlags): { scope: PolicyScope; value: string } {
  if (flags.type !== undefined && flags.category !== undefined) throw new UsageError('give --type or --category, not both');
  if (flags.type !== undefined) {
    if (!isMemoryType(flags.type)) throw new UsageError(`unknown memory type ${JSON.stringify(flags.type)}`, { hint: `choose one of: ${MEMORY_TYPES.join(', ')}` });
    return { scope: 'type', value: flags.type };
  }
  if (flags.category !== undefined) {
    const value = normaliseCategory(flags.category);
    if (value === '') throw new UsageError('--category must name a category, e.g. pets/dogs');
    return { scope: 'category', value };
  }
  return { scope: 'default', value: '' };
}

function ruleJson(rule: PolicyRule): Record<string, unknown> {
  return { scope: rule.scope, value: rule.scope === 'default' ? null : rule.value, strategy: rule.strategy, updated_at: rule.updatedAt };
}

export async function policyJson(ctx: CommandContext, store: MemoryStore): Promise<Record<string, unknown>> {
  const rules = store.read(() => store.policies.list());
  const configured = (await ctx.config()).conflicts.policy;
  const userDefault = rules.find((r) => r.scope === 'default');
  return {
    user: ctx.user,
    default: userDefault ? { strategy: userDefault.strategy, from: 'user' } : { strategy: configured, from: 'config' },
    overrides: rules.filter((r) => r.scope !== 'default').map(ruleJson),
    auto: AUTO_RESOLUTION,
  };
}

function human(json: Record<string, unknown>): string {
  const def = json.default as { strategy: string; from: string };
  const overrides = json.overrides as { scope: string; value: string; strategy: string }[];
  const lines = [`default     ${def.strategy}${def.from === 'config' ? '  (config conflicts.policy)' : '  (set for this user)'}`];
  for (const o of overrides) lines.push(`${o.scope.padEnd(11)} ${o.value}: ${o.strategy}`);
  lines.push('', 'auto: duplicates skip (refresh the old memory), updates and contradictions update, related memories link');
  return `${lines.join('\n')}\n`;
}

export async function show(ctx: CommandContext, store: MemoryStore): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const json = await policyJson(ctx, store);
  await printObject(ctx, json, format, () => human(json));
}

export async function run(ctx: CommandContext): Promise<void> {
  await ctx.format(['table', 'json', 'ndjson']);
  await show(ctx, await ctx.readStore());
}

export function parseStrategy(value: string): PolicyRule['strategy'] {
  if (!isOnConflict(value)) throw new UsageError(`unknown conflict strategy ${JSON.stringify(value)}`, { hint: `choose one of: ${ON_CONFLICT_CHOICES.join(', ')}` });
  return value;
}
