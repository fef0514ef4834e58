import { parentPort, workerData } from 'node:worker_threads';
import { errorToJson } from '../core/errors.js';
import { extractMemories, type ExtractionRequest } from '../core/remember.js';
import { RulesExtractor } from '../extract/rules.js';
import type { ExtractionReply } from './extract-thread.js';

/**
 * Worker thread of `remember --batch` with the rules extractor: runs the pipeline's extraction step (extract,
 * validate, resolve times; `extractMemories`) for chunks of messages while the main thread places and writes the
 * memories of earlier ones. See extract-thread.ts for the main thread's side.
 */

const port = parentPort!;
const extractor = new RulesExtractor();

port.on('message', (chunk: { id: number; request: ExtractionRequest }[]) => {
  void Promise.all(
    chunk.map(({ id, request }) =>
      extractMemories(extractor, request).then(
        (memories): ExtractionReply => ({ id, memories }),
        (error: unknown): ExtractionReply => ({ id, error: errorToJson(error) }),
      ),
    ),
  ).then((replies) => port.postMessage(replies));
});
// Tells the main thread, which may not turn its event loop for a while, that lines can come here now.
Atomics.store((workerData as { started: Int32Array }).started, 0, 1);
