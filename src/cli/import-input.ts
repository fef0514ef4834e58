import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { errorFromJson, errorToJson, HarmoniaError, UsageError, type ErrorJson } from '../core/errors.js';
import { keysOfMemory } from '../core/conflicts/keys.js';
import { ExportReader, type ImportFormat } from '../core/import-reader.js';
import { parseImportRecord, type ImportRecord } from '../core/import-schema.js';
import { storageFailure } from '../store/db.js';

/**
 * The records of an import, read, parsed and validated, in batches. Reading and validating cost about a third of an
 * import; for a large file they run in a worker thread (import-worker.ts) while this thread writes to SQLite, which is
 * the rest. Small files, stdin, and builds without the worker file are read inline. Both give the same batches.
 */

export type ValidatedItem =
  // factKeys: those the record's memory will be stored under, worked out where the record is read (in the worker
  // thread, beside the thread that writes; MemoryImporter primes the store's key function with them).
  | { position: number; line: number | null; record: ImportRecord; factKeys: readonly string[] }
  | { position: number; line: number | null; error: string };

export interface ImportInput {
  /** Recognises the format; a file that is not an export fails here, before anything is written. */
  open(): Promise<ImportFormat>;
  batches(): AsyncGenerator<ValidatedItem[]>;
  /** The document's own fields (format, version, user, exported_at), complete once the batches are read. */
  header(): Record<string, unknown>;
  close(): void;
}

const BATCH = 256;

/** The input as text, refusing bytes that are not UTF-8 rather than importing replacement characters. */
export async function* decodeUtf8(stream: Readable, name: string): AsyncGenerator<string> {
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

/** Reads and validates in this thread. */
export function inlineInput(stream: Readable, name: string): ImportInput {
  const reader = new ExportReader(decodeUtf8(stream, name));
  return {
    open: () => reader.detect(),
    async *batches() {
      let batch: ValidatedItem[] = [];
      for await (const raw of reader.records()) {
        if ('error' in raw) batch.push(raw);
        else {
          const parsed = parseImportRecord(raw.value);
          batch.push(
            parsed.ok
              ? { position: raw.position, line: raw.line, record: parsed.record, factKeys: keysOfMemory(parsed.record) }
              : { position: raw.position, line: raw.line, error: parsed.error },
          );
        }
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
    header: () => reader.header,
    close: () => stream.destroy(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The worker's side of the conversation (see import-worker.ts).

export type WorkerMessage =
  | { type: 'format'; format: ImportFormat }
  | { type: 'batch'; items: ValidatedItem[] }
  | { type: 'end'; header: Record<string, unknown> }
  | { type: 'error'; error: ErrorJson };

/** Batches the worker may send before this thread has taken them: bounds memory when SQLite is the slower side. */
export const WORKER_CREDIT = 4;

/** Errors the import worker reports; one it did not type is a storage failure of the input (a read that failed). */
export function describeError(error: unknown): ErrorJson {
  return errorToJson(error instanceof HarmoniaError ? error : storageFailure(error, 'the input'));
}

/** Reads and validates `file` in a worker thread; null when the worker module is not there (a bundled build). */
export async function workerInput(file: string): Promise<ImportInput | null> {
  const script = new URL('./import-worker.js', import.meta.url);
  if (script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return null;
  const { Worker } = await import('node:worker_threads');
  const worker: Worker = new Worker(script, { workerData: { file } });
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const push = (message: WorkerMessage): void => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error) => {
    failure = error;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the import worker stopped (exit ${code})`);
    wake?.();
  });
  const next = async (): Promise<WorkerMessage> => {
    for (;;) {
      const message = queue.shift();
      if (message) {
        if (message.type === 'error') throw errorFromJson(message.error);
        return message;
      }
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  };
  let header: Record<string, unknown> = {};
  return {
    async open() {
      const message = await next();
      if (message.type !== 'format') throw new Error(`the import worker said ${message.type} first`);
      return message.format;
    },
    async *batches() {
      for (;;) {
        const message = await next();
        if (message.type === 'end') {
          header = message.header;
          return;
        }
        if (message.type !== 'batch') continue;
        worker.postMessage('credit');
        yield message.items;
      }
    },
    header: () => header,
    close: () => void worker.terminate(),
  };
}
