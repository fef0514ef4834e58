import type { ListOptions, SortKey } from '../../core/ports.js';
import { UsageError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { parseIntOption, parseMemoryFilter, type FilterOptions } from '../filters.js';
import { printRecords } from '../output.js';

interface ListFlags extends FilterOptions {
  sort?: SortKey;
  asc?: boolean;
  limit?: string;
  offset?: string;
  all?: boolean;
  upcoming?: boolean;
}

export const DEFAULT_LIST_LIMIT = 50;

export async function run(ctx: CommandContext, flags: ListFlags): Promise<void> {
  const format = await ctx.format();
  const filter = await parseMemoryFilter(ctx, flags);
  if (flags.all && flags.limit !== undefined) throw new UsageError('--all and --limit cannot be used together');
  const options: ListOptions = {
    sort: flags.sort ?? 'created',
    asc: flags.asc ?? false,
    limit: flags.all ? null : (parseIntOption(flags.limit, '--limit', 1, 1_000_000) ?? DEFAULT_LIST_LIMIT),
    offset: parseIntOption(flags.offset, '--offset', 0, Number.MAX_SAFE_INTEGER) ?? 0,
  };
  if (flags.upcoming) {
    // Events from now on, soonest first, with those still under way ("today", "this week"); an explicit
    // --event-after still narrows further.
    filter.eventNotOverAt = ctx.now();
    if (flags.sort === undefined) options.sort = 'event';
    if (flags.asc === undefined) options.asc = true;
  }
  const store = await ctx.readStore();
  const memories = store.memories.list(filter, options);
  await printRecords(ctx, memories.map((memory) => ({ memory })), format);
}
