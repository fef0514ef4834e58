import { restoreMemory } from '../../core/lifecycle.js';
import { memoryToJson } from '../../core/memory.js';
import type { CommandContext } from '../context.js';
import { printObject } from '../output.js';

export async function run(ctx: CommandContext, _flags: Record<string, never>, id: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const memory = restoreMemory(store, store.memories.resolveId(id), ctx.now());
  await printObject(ctx, memoryToJson(memory), format, () => `restored ${memory.id}: ${memory.content}\n`);
}
