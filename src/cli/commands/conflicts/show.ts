import { memoryToJson } from '../../../core/memory.js';
import type { CommandContext } from '../../context.js';
import { printObject } from '../../output.js';
import { conflictHuman, conflictToJson } from './render.js';

export async function run(ctx: CommandContext, _flags: Record<string, never>, id: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const { conflict, memory } = store.read(() => {
    const found = store.conflicts.get(store.conflicts.resolveId(id))!;
    return { conflict: found, memory: store.memories.get(found.memoryId) };
  });
  // `memory`: the existing memory as it is now (the record's `existing` is how it was when the conflict was found).
  const json = { ...conflictToJson(conflict), memory: memory ? memoryToJson(memory) : null };
  await printObject(ctx, json, format, async () => conflictHuman(conflict, await ctx.timeZone()));
}
