import { undoConflict } from '../../../core/conflicts/review.js';
import { memoryToJson } from '../../../core/memory.js';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';
import { conflictToJson } from './render.js';

export async function run(ctx: CommandContext, _flags: Record<string, never>, id: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const result = undoConflict(store, id, ctx.now());
  const json = { ...conflictToJson(result.conflict), restored: result.restored.map(memoryToJson), removed: result.removed };
  await printObject(ctx, json, format, () =>
    [
      `undid ${result.conflict.id} (${result.conflict.strategy})`,
      ...result.restored.map((m) => `  restored ${m.id}  ${m.content}`),
      ...result.removed.map((m) => `  removed  ${m}`),
    ].join('\n') + '\n',
  );
}
