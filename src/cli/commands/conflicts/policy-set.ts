import type { CommandContext } from '../../context.js';
import { parseScope, parseStrategy, show } from './policy.js';

export async function run(ctx: CommandContext, flags: { type?: string; category?: string }, strategy: string): Promise<void> {
  await ctx.format(['table', 'json', 'ndjson']);
  const rule = { ...parseScope(flags), strategy: parseStrategy(strategy), updatedAt: ctx.now().toISOString() };
  const store = (await ctx.openStore({ create: true }))!;
  store.write(() => store.policies.set(rule));
  await show(ctx, store);
}
