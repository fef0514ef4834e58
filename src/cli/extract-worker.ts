import type { MessagePort } from 'node:worker_threads';
import { parentPort, workerData } from 'node:worker_threads';
import { errorToJson } from '../core/errors.js';
import { extractMemories, type ExtractionRequest } from '../core/remember.js';
import { RulesExtractor } from '../extract/rules.js';
import { CONTROL_STARTED, CONTROL_TAKEN, type ExtractionReply } from './extract-thread.js';
import { lowerThisThread } from './priority.js';

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
    // Once warm it keeps ahead of the main thread at a lower priority (priority.ts); not while it warms up, since
    // until its first answer the main thread extracts the lines it needs itself. Lowered before that answer is sent,
    // so the main thread never sees a warm worker still at its first priority.
    if (!warm && out.length > 0) {
      warm = true;
      lowerThisThread();
    }
    if (out.length > 0) replies.postMessage(out);
  });
  // The main thread reads this without waiting for its event loop to turn.
  Atomics.store(control, CONTROL_STARTED, 1);
}
