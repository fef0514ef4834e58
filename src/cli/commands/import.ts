import { createReadStream, statSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import { MemoryImporter, type ImportSummary } from '../../core/import.js';
import { openInMemoryStore } from '../../store/store.js';
import { storageFailure } from '../../store/db.js';
import type { CommandContext } from '../context.js';
import { inlineInput, workerInput, type ImportInput } from '../import-input.js';
import { printObject } from '../output.js';
import { Progress } from '../progress.js';

interface ImportFlags {
  dryRun?: boolean;
}

/** Files of at least this size are read in a worker thread (its start-up costs more than reading a small file). */
const WORKER_MIN_BYTES = 4 * 1024 * 1024;

async function openInput(ctx: CommandContext, file: string): Promise<ImportInput> {
  if (file === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError('import - reads an export from stdin; pipe it in', { hint: 'harmonia import memories.json' });
    return inlineInput(ctx.io.stdin, 'stdin');
  }
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file: ${file}`);
    throw storageFailure(error, file);
  }
  if (stats.isDirectory()) throw new UsageError(`${file} is a folder, not an export`);
  // HARMONIA_IMPORT_WORKER=0 or 1 forces the choice (tests and benchmarks compare both).
  const knob = ctx.env.HARMONIA_IMPORT_WORKER;
  const threaded = knob === '1' || (knob !== '0' && stats.size >= WORKER_MIN_BYTES) ? await workerInput(file) : null;
  return threaded ?? inlineInput(createReadStream(file, { highWaterMark: 1024 * 1024 }), file);
}

function human(summary: ImportSummary & { dry_run: boolean }): string {
  const verb = summary.dry_run ? 'would import' : 'imported';
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const notes: string[] = [];
  if (summary.existing > 0) notes.push(`${summary.existing} already there, skipped`);
  if (summary.invalid > 0) notes.push(`${plural(summary.invalid, 'invalid record')} skipped`);
  const memories = summary.imported === 1 ? '1 memory' : `${summary.imported} memories`;
  return `${verb} ${memories}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}\n`;
}

export async function run(ctx: CommandContext, flags: ImportFlags, file: string): Promise<void> {
  const format = await ctx.format(['table', 'json', 'ndjson']);
  const dryRun = flags.dryRun ?? false;
  const input = await openInput(ctx, file);
  let importFormat;
  try {
    importFormat = await input.open();
  } catch (error) {
    input.close();
    throw error;
  }

  // A dry run never creates the user's file: an unknown user is checked against an empty store.
  const store = dryRun ? ((await ctx.openStore({ create: false })) ?? openInMemoryStore(ctx.user)) : (await ctx.openStore({ create: true }))!;
  const progress = new Progress(ctx.io.stderr, ctx.io.stderrIsTTY && !ctx.globals.quiet, dryRun ? 'checked' : 'imported');
  const reject = (position: number, line: number | null, message: string): void => {
    ctx.warn(`record ${position}${line === null ? '' : ` (line ${line})`}: ${message}`);
  };
  const importer = new MemoryImporter(store, { dryRun, now: ctx.now(), onRejected: reject });
  try {
    for await (const batch of input.batches()) {
      for (const item of batch) {
        if ('error' in item) {
          importer.rejectInvalid();
          reject(item.position, item.line, item.error);
        } else importer.add(item.record, item.position, item.line, item.factKeys);
      }
      progress.tick(batch.length);
    }
    importer.finish();
  } finally {
    progress.done();
    input.close();
  }

  const exportedBy = input.header().user;
  if (typeof exportedBy === 'string' && exportedBy !== store.user) ctx.notice(`the export was of user ${exportedBy}; imported into ${store.user}`);
  const summary = { user: store.user, format: importFormat, dry_run: dryRun, ...importer.summary };
  await printObject(ctx, summary, format, () => human(summary));
  if (summary.links_skipped > 0) {
    ctx.notice(`${summary.links_skipped} ${summary.links_skipped === 1 ? 'link was' : 'links were'} left out: the memory at the other end is neither in ${store.user}'s memories nor in the import`);
  }
  if (summary.invalid > 0) ctx.exitCode = 2;
}
