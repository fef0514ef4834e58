import { UsageError } from '../core/errors.js';
import { isMemoryStatus, isMemoryType, MEMORY_STATUSES, MEMORY_TYPES, type MemoryStatus, type MemoryType } from '../core/memory.js';
import type { MemoryFilter } from '../core/ports.js';
import type { CommandContext } from './context.js';

/** Options of the shared filters (program.ts `addMemoryFilters`) as commander hands them over. */
export interface FilterOptions {
  type?: string[];
  category?: string[];
  since?: string;
  until?: string;
  eventAfter?: string;
  eventBefore?: string;
  minConfidence?: string;
  status?: string[];
}

/** An integer option within bounds, or a usage error naming the flag. */
export function parseIntOption(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*\d+\s*$/.test(value)) throw new UsageError(`${flag} must be a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`${flag} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseTypes(values: string[] | undefined): MemoryType[] | undefined {
  if (!values || values.length === 0) return undefined;
  for (const v of values) {
    if (!isMemoryType(v)) throw new UsageError(`unknown memory type ${JSON.stringify(v)}`, { hint: `types: ${MEMORY_TYPES.join(', ')}` });
  }
  return values as MemoryType[];
}

export function parseStatuses(values: string[] | undefined): MemoryStatus[] | undefined {
  if (!values || values.length === 0) return undefined;
  if (values.includes('all')) return [...MEMORY_STATUSES];
  for (const v of values) {
    if (!isMemoryStatus(v)) throw new UsageError(`unknown status ${JSON.stringify(v)}`, { hint: `statuses: ${MEMORY_STATUSES.join(', ')}, all` });
  }
  return values as MemoryStatus[];
}

function parseConfidence(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new UsageError(`--min-confidence must be a number from 0 to 1, got ${JSON.stringify(value)}`);
  }
  return n;
}

const ISO_UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A time bound; an ISO instant with an offset is read directly, anything else goes through src/time in the user's zone. */
async function parseBound(ctx: CommandContext, value: string | undefined, flag: string, bound: 'start' | 'end'): Promise<Date | undefined> {
  if (value === undefined) return undefined;
  if (ISO_UTC_INSTANT.test(value.trim())) {
    const date = new Date(value.trim());
    if (!Number.isNaN(date.getTime())) return date;
  }
  const zone = await ctx.timeZone();
  // ISO dates need only luxon; chrono (natural language) loads only for phrases like "last week".
  const [{ parseIso }, { toZone }] = await Promise.all([import('../time/iso.js'), import('../time/zone.js')]);
  const period = parseIso(value.trim(), toZone(zone)!);
  if (period) return (bound === 'start' ? period.start : period.end).toJSDate();
  const { parseDateBound } = await import('../time/parse.js');
  return parseDateBound(value, zone, bound, ctx.now(), flag);
}

/** Turns the shared filter flags into a MemoryFilter, with a usage error for anything invalid. */
export async function parseMemoryFilter(ctx: CommandContext, options: FilterOptions): Promise<MemoryFilter> {
  const filter: MemoryFilter = {};
  const types = parseTypes(options.type);
  if (types) filter.types = types;
  if (options.category && options.category.length > 0) filter.categories = options.category;
  const statuses = parseStatuses(options.status);
  if (statuses) filter.statuses = statuses;
  const minConfidence = parseConfidence(options.minConfidence);
  if (minConfidence !== undefined) filter.minConfidence = minConfidence;
  const since = await parseBound(ctx, options.since, '--since', 'start');
  if (since) filter.since = since;
  const until = await parseBound(ctx, options.until, '--until', 'end');
  if (until) filter.until = until;
  const eventAfter = await parseBound(ctx, options.eventAfter, '--event-after', 'start');
  if (eventAfter) filter.eventAfter = eventAfter;
  const eventBefore = await parseBound(ctx, options.eventBefore, '--event-before', 'end');
  if (eventBefore) filter.eventBefore = eventBefore;
  if (filter.since && filter.until && filter.since >= filter.until) {
    throw new UsageError('--since must be before --until');
  }
  return filter;
}
