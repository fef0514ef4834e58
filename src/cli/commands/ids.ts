import type { CommandContext } from '../context.js';
import { parseStatuses } from '../filters.js';

/** The newest ids shown to shell completion: enough to complete any recent memory, cheap at any store size. */
export const COMPLETION_ID_LIMIT = 2000;

/** `harmonia __ids` (hidden): memory ids, one per line, for shell completion. Never creates a file. */
export async function run(ctx: CommandContext, flags: { status?: string[] }): Promise<void> {
  const statuses = parseStatuses(flags.status);
  const store = await ctx.readStore();
  const ids: string[] = [];
  for (const memory of store.memories.iterate(statuses ? { statuses } : {}, { sort: 'created', limit: COMPLETION_ID_LIMIT })) ids.push(memory.id);
  await ctx.out(ids.length === 0 ? '' : `${ids.join('\n')}\n`);
}
