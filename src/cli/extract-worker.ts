import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJson } from '../core/errors.js';
import { extractMemories, type ExtractionRequest } from '../core/remember.js';
import { RulesExtractor } from '../extract/rules.js';
import { CONTROL_STARTED, CONTROL_TAKEN, type ExtractionReply } from './extract-thread.js';

/**
 * Worker thread of `remember --batch` with the rules extractor: runs the pipeline's extraction step (extract,
 * validate, resolve times; `extractMemories`) for chunks of lines while the main thread places and writes the
 * memories of earlier ones. See extract-thread.ts for the main thread's side.
 */

const extractor = new RulesExtractor();

/** One line's extraction, as the worker answers it. */
export async function answer(id: number, request: ExtractionRequest): Promise<ExtractionReply> {
  try {
    return { id, memories: await extractMemories(extractor, request) };
  } catch (error) {
    return { id, error: errorToJson(error) };
  }
}

/**
 * Lowers this thread's scheduling priority (Linux: a thread has an id of its own there, and any thread may lower its
 * own). This thread extracts ahead of the main thread, which places and writes in input order and so sets the
 * batch's pace: when the two, V8's helper threads and anything else want more CPUs than there are, the main thread
 * should run. Once warm this thread needs about half a CPU, so it still keeps ahead. On two CPUs a 10k rules batch
 * took 35-50 ms less. Best effort: where it cannot be done, nothing changes.
 */
function yieldToMainThread(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) setPriority(tid, Math.min(19, getPriority(tid) + YIELDING_STEPS));
  } catch {
    // no /proc, or not allowed: keep the priority it has
  }
}

/** How much lower this thread's priority goes once warm, in nice steps (a process starts at 0; 19 is the lowest). */
const YIELDING_STEPS = 10;

// Loaded in the main thread (scripts/bundle.mjs trains the worker's code cache with `answer`), it serves nothing.
if (parentPort) {
  let warm = false;
  const { control, replies } = workerData as { control: Int32Array; replies: MessagePort };
  parentPort.on('message', async (chunk: { id: number; request: ExtractionRequest }[]) => {
    const out: ExtractionReply[] = [];
    for (const { id, request } of chunk) {
      // The main thread extracted this line itself while this thread was starting.
      if (id < Atomics.load(control, CONTROL_TAKEN)) continue;
      out.push(await answer(id, request));
    }
    if (out.length > 0) replies.postMessage(out);
    // Not while it warms up: until its first answer, the main thread extracts the lines it needs itself.
    if (!warm && out.length > 0) {
      warm = true;
      yieldToMainThread();
    }
  });
  // The main thread reads this without waiting for its event loop to turn.
  Atomics.store(control, CONTROL_STARTED, 1);
}
