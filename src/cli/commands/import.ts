import { createReadStream, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { UsageError } from '../../core/errors.js';
import { MemoryImporter, type ImportSummary } from '../../core/import.js';
import { ExportReader } from '../../core/import-reader.js';
import { parseImportRecord } from '../../core/import-schema.js';
import { openInMemoryStore } from '../../store/store.js';
import { storageFailure } from '../../store/db.js';
import type { CommandContext } from '../context.js';
import { printObject } from '../output.js';
import { Progress } from '../progress.js';

interface ImportFlags {
  dryRun?: boolean;
}

/** The input as text, refusing bytes that are not UTF-8 rather than importing replacement characters. */
async function* decodeUtf8(stream: Readable, name: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of stream) {
      const bytes = chunk as Buffer;
      yield decoder.decode(bytes, { stream: true });
      offset += bytes.length;
    }
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(`${name} is not valid UTF-8 (near byte ${offset})`);
    throw storageFailure(error, name);
  }
}

function openInput(ctx: CommandContext, file: string): { stream: Readable; name: string } {
  if (file === '-') {
    if (ctx.io.stdinIsTTY) throw new UsageError('import - reads an export from stdin; pipe it in', { hint: 'harmonia import memories.json' });
    return { stream: ctx.io.stdin, name: 'stdin' };
  }
  let stats;
  try {
    stats = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`no such file: ${file}`);
    throw storageFailure(error, file);
  }
  if (stats.isDirectory()) throw new UsageError(`${file} is a folder, not an export`);
  return { stream: createReadStream(file, { highWaterMark: 1024 * 1024 }), name: file };
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
  const input = openInput(ctx, file);
  const reader = new ExportReader(decodeUtf8(input.stream, input.name));
  try {
    await reader.detect();
  } catch (error) {
    input.stream.destroy();
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
    for await (const raw of reader.records()) {
      progress.tick();
      const parsed = 'error' in raw ? { ok: false as const, error: raw.error } : parseImportRecord(raw.value);
      if (!parsed.ok) {
        importer.rejectInvalid();
        reject(raw.position, raw.line, parsed.error);
        continue;
      }
      importer.add(parsed.record, raw.position, raw.line);
    }
    importer.finish();
  } finally {
    progress.done();
    input.stream.destroy();
  }

  const exportedBy = reader.header.user;
  if (typeof exportedBy === 'string' && exportedBy !== store.user) ctx.notice(`the export was of user ${exportedBy}; imported into ${store.user}`);
  const summary = { user: store.user, format: reader.format, dry_run: dryRun, ...importer.summary };
  await printObject(ctx, summary, format, () => human(summary));
  if (summary.links_skipped > 0) {
    ctx.notice(`${summary.links_skipped} ${summary.links_skipped === 1 ? 'link was' : 'links were'} left out: the memory at the other end is neither in ${store.user}'s memories nor in the import`);
  }
  if (summary.invalid > 0) ctx.exitCode = 2;
}
