import { extname } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../../core/errors.js';
import { EXPORT_FORMATS, exportHeader, jsonDocumentChunks, ndjsonChunks, type ExportFormat } from '../../core/export.js';
import { MEMORY_STATUSES, type MemoryStatus } from '../../core/memory.js';
import type { MemoryFilter } from '../../core/ports.js';
import { SqliteExportSource } from '../../store/export-source.js';
import { AtomicFile } from '../atomic-file.js';
import type { CommandContext } from '../context.js';
import { parseMemoryFilter, type FilterOptions } from '../filters.js';
import { Progress } from '../progress.js';

interface ExportFlags extends FilterOptions {
  output?: string;
  includeDeleted?: boolean;
  includeHistory?: boolean;
}

const FORMAT_BY_EXTENSION: Record<string, ExportFormat> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.csv': 'csv',
  '.md': 'md',
  '.markdown': 'md',
  '.txt': 'text',
};

/** --json, else --format, else the -o file's extension, else the configured format when it is one of ours, else json. */
async function chooseFormat(ctx: CommandContext, output: string | undefined): Promise<ExportFormat> {
  const isExportFormat = (f: string): f is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(f);
  if (ctx.globals.json) return 'json';
  const flag = ctx.globals.format;
  if (flag !== undefined) {
    if (!isExportFormat(flag)) {
      throw new UsageError(`export cannot write --format ${flag}`, { hint: `choose one of: ${EXPORT_FORMATS.join(', ')}` });
    }
    return flag;
  }
  const byExtension = output === undefined ? undefined : FORMAT_BY_EXTENSION[extname(output).toLowerCase()];
  if (byExtension) return byExtension;
  const configured = (await ctx.config()).format;
  return configured && isExportFormat(configured) ? configured : 'json';
}

/** Export defaults to everything but deleted memories: archived and superseded ones are part of a faithful backup. */
function exportStatuses(filter: MemoryFilter, includeDeleted: boolean): MemoryStatus[] {
  const chosen: MemoryStatus[] = filter.statuses ? [...filter.statuses] : MEMORY_STATUSES.filter((s) => s !== 'deleted');
  if (includeDeleted && !chosen.includes('deleted')) chosen.push('deleted');
  return chosen;
}

export async function run(ctx: CommandContext, flags: ExportFlags): Promise<void> {
  const format = await chooseFormat(ctx, flags.output);
  if (flags.includeHistory && (format === 'csv' || format === 'text')) {
    throw new UsageError(`--include-history needs --format json, ndjson or md (${format} has one line per memory)`);
  }
  if (flags.output !== undefined && flags.output.trim() === '') throw new UsageError('-o/--output needs a file name');
  const filter = await parseMemoryFilter(ctx, flags);
  filter.statuses = exportStatuses(filter, flags.includeDeleted ?? false);
  const includeHistory = flags.includeHistory ?? false;
  const timeZone = format === 'md' ? await ctx.timeZone() : 'UTC';

  const store = await ctx.readStore();
  const source = new SqliteExportSource(store, filter);
  const showProgress = ctx.io.stderrIsTTY && !ctx.globals.quiet;
  const progress = new Progress(ctx.io.stderr, showProgress, 'exported', showProgress ? source.count() : null);
  let count = 0;
  const onRecord = (): void => {
    count++;
    progress.tick();
  };

  const exportedAt = ctx.now();
  const stages = async (): Promise<[Readable]> => {
    switch (format) {
      case 'json':
        return [Readable.from(jsonDocumentChunks(source, exportHeader(store.user, exportedAt), { includeHistory, onRecord }))];
      case 'ndjson':
        return [Readable.from(ndjsonChunks(source, { includeHistory, onRecord }))];
      case 'md': {
        const { markdownChunks } = await import('../export-render.js');
        return [Readable.from(markdownChunks(source, { user: store.user, exportedAt, timeZone, includeHistory, onRecord }))];
      }
      case 'text': {
        const { textChunks } = await import('../export-render.js');
        return [Readable.from(textChunks(source.memories('created'), onRecord))];
      }
      case 'csv': {
        const [{ csvChunks }, { stringify }] = await Promise.all([import('../export-render.js'), import('csv-stringify/sync')]);
        return [Readable.from(csvChunks(source.memories('created'), stringify, onRecord))];
      }
    }
  };

  const file = flags.output === undefined ? null : await AtomicFile.create(flags.output);
  // One read transaction: the memories, their history and messages come from the same snapshot.
  store.db.exec('BEGIN');
  try {
    const destination: Writable = file ? file.stream : ctx.io.stdout;
    await pipeline([...(await stages()), destination], { end: file !== null });
    await file?.commit();
  } catch (error) {
    await file?.abort();
    throw error;
  } finally {
    source.close();
    if (store.db.inTransaction) store.db.exec('COMMIT');
    progress.done();
  }
  if (file) ctx.notice(`exported ${count} ${count === 1 ? 'memory' : 'memories'} to ${flags.output}`);
}
