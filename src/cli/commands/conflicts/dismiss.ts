import { dismissConflict } from '../../../core/conflicts/review.js';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';
import { conflictToJson } from './render.js';

export async function run(ctx: CommandContext, _flags: Record<string, never>, id: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const conflict = dismissConflict(store, id, ctx.now());
  await printObject(ctx, conflictToJson(conflict), format, () => `dismissed ${conflict.id}; "${conflict.candidate.content}" was not stored\n`);
}
