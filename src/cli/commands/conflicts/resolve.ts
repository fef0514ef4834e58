import { isResolution, RESOLUTIONS, type Resolution } from '../../../core/conflicts/conflict.js';
import { resolveAll, resolveConflict, type Resolved } from '../../../core/conflicts/review.js';
import { UsageError } from '../../../core/errors.js';
import { memoryToJson } from '../../../core/memory.js';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';
import { conflictToJson } from './render.js';

interface ResolveFlags {
  strategy?: string;
  all?: boolean;
}

function parseStrategy(value: string | undefined): Resolution | undefined {
  if (value === undefined) return undefined;
  if (!isResolution(value)) throw new UsageError(`unknown strategy ${JSON.stringify(value)}`, { hint: `choose one of: ${RESOLUTIONS.join(', ')}` });
  return value;
}

function resolvedJson(r: Resolved): Record<string, unknown> {
  return { ...conflictToJson(r.conflict), action: r.action, memory: memoryToJson(r.memory) };
}

function line(r: Resolved): string {
  return `${r.conflict.id}  ${r.conflict.strategy}: ${r.action} ${r.memory.id}  ${r.memory.content}\n`;
}

export async function run(ctx: CommandContext, flags: ResolveFlags, id?: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  if (flags.all && id !== undefined) throw new UsageError('give a conflict id or --all, not both');
  if (!flags.all && id === undefined) throw new UsageError('name the conflict to resolve, or use --all', { hint: 'harmonia conflicts list' });
  const strategy = parseStrategy(flags.strategy);
  const store = await ctx.readStore();
  if (!flags.all) {
    const resolved = resolveConflict(store, id!, strategy, ctx.now());
    await printObject(ctx, resolvedJson(resolved), format, () => line(resolved));
    return;
  }
  const result = resolveAll(store, strategy, ctx.now());
  for (const { conflict, error } of result.failed) ctx.warn(`${conflict.id}: ${error.message}`);
  if (result.failed.length > 0) ctx.exitCode = 2;
  const json = {
    count: result.resolved.length,
    resolved: result.resolved.map(resolvedJson),
    failed: result.failed.map(({ conflict, error }) => ({ id: conflict.id, error: { code: error.code, message: error.message } })),
  };
  await printObject(ctx, json, format, () =>
    result.resolved.length === 0 && result.failed.length === 0 ? 'no pending conflicts\n' : result.resolved.map(line).join(''),
  );
}
