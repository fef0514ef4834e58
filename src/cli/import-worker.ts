import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError, inlineInput, WORKER_CREDIT, type WorkerMessage } from './import-input.js';

/**
 * Worker thread of `harmonia import FILE`: reads, parses and validates the file and hands validated batches to the
 * main thread, which writes them to SQLite meanwhile. It runs at most WORKER_CREDIT batches ahead.
 */

const port = parentPort!;
let credit = WORKER_CREDIT;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
});
const send = (message: WorkerMessage): void => port.postMessage(message);

async function main(): Promise<void> {
  const file = (workerData as { file: string }).file;
  const input = inlineInput(createReadStream(file, { highWaterMark: 1024 * 1024 }), file);
  try {
    send({ type: 'format', format: await input.open() });
    for await (const items of input.batches()) {
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      send({ type: 'batch', items });
    }
    send({ type: 'end', header: input.header() });
  } catch (error) {
    send({ type: 'error', error: describeError(error) });
  } finally {
    input.close();
    port.close();
  }
}

void main();
