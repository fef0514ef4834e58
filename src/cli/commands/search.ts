import { makeSnippet, type SearchHit, type SnippetMarks } from '../../core/search.js';
import { SqliteSearchRepository } from '../../store/search-repository.js';
import type { CommandContext } from '../context.js';
import { parseIntOption, parseMemoryFilter, type FilterOptions } from '../filters.js';
import { humanEvent, printRecords, type RenderedRecord, type TableColumn } from '../output.js';

interface SearchFlags extends FilterOptions {
  limit?: string;
  offset?: string;
}

export const DEFAULT_SEARCH_LIMIT = 10;

/** Matched terms in a snippet: `**term**` in data formats and plain tables, bold on a coloured terminal. */
export const TEXT_MARKS: SnippetMarks = { open: '**', close: '**' };
const BOLD_MARKS: SnippetMarks = { open: '\u001b[1m', close: '\u001b[22m' };

function searchTable(bold: boolean): { columns: TableColumn[]; row: (r: RenderedRecord) => string[]; empty: string } {
  return {
    columns: [{ header: 'ID' }, { header: 'Score' }, { header: 'Type' }, { header: 'Category' }, { header: 'Snippet', flex: 1 }, { header: 'Event' }],
    row: ({ memory, extras }) => [
      memory.id,
      String(extras?.score ?? ''),
      memory.type,
      memory.category,
      bold ? String(extras?.bold ?? '') : String(extras?.snippet ?? ''),
      humanEvent(memory),
    ],
    empty: 'no memories match',
  };
}

export async function run(ctx: CommandContext, flags: SearchFlags, words: string[] | string = []): Promise<void> {
  const format = await ctx.format();
  const filter = await parseMemoryFilter(ctx, flags);
  const limit = parseIntOption(flags.limit, '--limit', 1, 1_000_000) ?? DEFAULT_SEARCH_LIMIT;
  const offset = parseIntOption(flags.offset, '--offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const text = Array.isArray(words) ? words.join(' ') : words;
  const store = await ctx.readStore();
  const search = new SqliteSearchRepository(store.db, store.user);
  const hits: SearchHit[] = store.read(() => search.search(text, filter, { limit, offset, now: ctx.now() }));
  const bold = format === 'table' && ctx.colorFor('stdout');
  const records: RenderedRecord[] = hits.map((hit) => ({
    memory: hit.memory,
    extras: { score: hit.score, snippet: makeSnippet(hit.marked, TEXT_MARKS) },
  }));
  if (format !== 'table') return printRecords(ctx, records, format);
  if (bold) hits.forEach((hit, i) => (records[i]!.extras!.bold = makeSnippet(hit.marked, BOLD_MARKS)));
  await printRecords(ctx, records, format, searchTable(bold));
}
