import type { CommandContext } from '../../context.js';
import { conflictTable, conflictToJson } from './render.js';

interface ListFlags {
  all?: boolean;
}

export async function run(ctx: CommandContext, flags: ListFlags): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const store = await ctx.readStore();
  const conflicts = store.read(() => store.conflicts.list(flags.all ? {} : { statuses: ['pending'] }));
  if (format === 'json') await ctx.out(`${JSON.stringify(conflicts.map(conflictToJson), null, 2)}\n`);
  else if (format === 'ndjson') await ctx.out(conflicts.map((c) => `${JSON.stringify(conflictToJson(c))}\n`).join(''));
  else if (conflicts.length === 0) ctx.notice(flags.all ? 'no conflicts' : 'no pending conflicts (see --all)');
  else await ctx.out(await conflictTable(ctx, conflicts));
}
