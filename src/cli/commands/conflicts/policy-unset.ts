import type { CommandContext } from '../../context.js';
import { parseScope, show } from './policy.js';

export async function run(ctx: CommandContext, flags: { type?: string; category?: string }): Promise<void> {
  await ctx.format(['table', 'json', 'ndjson']);
  const { scope, value } = parseScope(flags);
  const store = await ctx.readStore();
  const removed = store.write(() => store.policies.unset(scope, value));
  if (!removed) ctx.notice(`no ${scope === 'default' ? 'default' : `${scope} ${value}`} policy was set`);
  await show(ctx, store);
}
