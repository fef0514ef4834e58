import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { errorFromJson, type ErrorJson } from '../core/errors.js';
import type { ExtractedMemory, ExtractionRequest, MessageExtraction } from '../core/remember.js';
import { lowerOtherThreads } from './priority.js';

/**
 * The extraction step of `remember --batch` in a worker thread (extract-worker.ts). With the rules extractor a line's
 * extraction costs about as much as placing and writing its memories, and the two are independent: the worker
 * extracts the lines ahead while this thread places the ones before, in input order as always. Extraction needs
 * nothing of the store, so where it runs changes no result.
 *
 * The worker's first answers take about 0.17 s (its code loads, then its regular expressions, chrono and luxon warm
 * up, as they would here). Until it has answered, this thread does not wait for it: the line it needs next
 * it extracts itself (`hurry`), and the worker skips that line. A batch whose input ends before the worker has even
 * started extracts its lines here (`inputEnded`), and so does one whose worker fails: no line is lost.
 *
 * Answers come on a port of their own, read without waiting for the event loop (`receiveMessageOnPort`).
 */

/** Shared between the threads: the worker sets STARTED once its modules have loaded; TAKEN is the first line id it should still extract. */
export const CONTROL_STARTED = 0;
export const CONTROL_TAKEN = 1;

export type ExtractionReply = { id: number; memories: ExtractedMemory[] } | { id: number; error: ErrorJson };

interface Waiting {
  request: ExtractionRequest;
  resolve: (memories: ExtractedMemory[]) => void;
  reject: (error: unknown) => void;
}

/** Requests sent to the worker together: one message per line would cost more than some lines' extraction. */
const CHUNK = 32;

export class ExtractionThread {
  private failed = false;
  private closed = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();
  private outbox: { id: number; request: ExtractionRequest }[] = [];
  private sendScheduled = false;

  /** The worker has answered a line: it is warm, and this thread waits for it rather than extract. */
  private warm = false;

  private constructor(
    private readonly worker: Worker,
    private readonly replies: MessagePort,
    private readonly inline: MessageExtraction,
    private readonly control: Int32Array,
    /** Every line goes to the worker, however long it takes to start, and a failed worker fails its lines (tests). */
    private readonly always: boolean,
  ) {
    replies.on('message', (message: ExtractionReply[]) => this.settle(message));
    replies.unref();
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the extraction worker stopped (exit ${code})`)));
    worker.unref();
  }

  /**
   * Starts the worker (`script`: the module beside this one); null when that module is not there or no thread can be
   * started. `inline` is the same step in this thread.
   */
  static start(inline: MessageExtraction, options: { always?: boolean; script?: URL } = {}): ExtractionThread | null {
    // Beside the bundle, a CommonJS file with a code cache (scripts/bundle.mjs); beside the module tree tsc writes,
    // the module.
    const candidates = options.script ? [options.script] : ['./extract-worker.cjs', './extract-worker.js'].map((name) => new URL(name, import.meta.url));
    const script = candidates.find((url) => url.protocol === 'file:' && existsSync(fileURLToPath(url)));
    if (!script) return null;
    const control = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    // V8's helper threads yield to this one, which sets the batch's pace (priority.ts); the worker, once warm, lowers
    // itself. Before the worker starts, so that its warm-up is not slowed.
    lowerOtherThreads();
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { control, replies: port2 }, transferList: [port2] });
    } catch (error) {
      // No thread to be had (resource limits): the batch extracts here, unless it must not.
      port1.close();
      if (options.always) throw error;
      return null;
    }
    return new ExtractionThread(worker, port1, inline, control, options.always ?? false);
  }

  /** Sends a line to the worker; its port holds the lines until the worker has started. */
  readonly extract: MessageExtraction = (request) => {
    if (this.failed || this.closed) return this.inline(request);
    return new Promise<ExtractedMemory[]>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { request, resolve, reject });
      this.outbox.push({ id, request });
      // Keeps the process alive while an answer is due (an idle worker does not).
      if (this.waiting.size === 1) this.replies.ref();
      if (this.outbox.length >= CHUNK) this.send();
      else if (!this.sendScheduled) {
        this.sendScheduled = true;
        setImmediate(() => this.send());
      }
    });
  };

  /**
   * The batch has read its last line: if the worker has not started yet, the lines it owes are extracted here, which
   * is sooner than its start (a short batch).
   */
  inputEnded(): void {
    if (!this.always && Atomics.load(this.control, CONTROL_STARTED) === 0) this.close();
  }

  /**
   * The caller is about to wait for the oldest line it sent: takes the answers that have come, and while the worker
   * has answered nothing yet, extracts that line here instead of waiting for the worker to warm up.
   */
  hurry(): void {
    if (this.closed || this.failed) return;
    for (let m = receiveMessageOnPort(this.replies); m; m = receiveMessageOnPort(this.replies)) this.settle(m.message as ExtractionReply[]);
    if (this.warm || this.always) return;
    const oldest = this.waiting.keys().next();
    if (oldest.done) return;
    const id = oldest.value;
    const { request, resolve, reject } = this.waiting.get(id)!;
    this.waiting.delete(id);
    Atomics.store(this.control, CONTROL_TAKEN, id + 1);
    this.inline(request).then(resolve, reject);
  }

  /** Stops the worker; lines still due from it are extracted here. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.worker.terminate();
    this.replies.close();
    this.takeBack();
  }

  private send(): void {
    this.sendScheduled = false;
    if (this.outbox.length === 0 || this.failed || this.closed) return;
    const chunk = this.outbox;
    this.outbox = [];
    this.worker.postMessage(chunk);
  }

  private settle(replies: ExtractionReply[]): void {
    for (const reply of replies) {
      const waiting = this.waiting.get(reply.id);
      if (!waiting) continue;
      this.waiting.delete(reply.id);
      this.warm = true;
      if ('error' in reply) waiting.reject(errorFromJson(reply.error));
      else waiting.resolve(reply.memories);
    }
    if (this.waiting.size === 0) this.replies.unref();
  }

  private fail(error: Error): void {
    if (this.failed || this.closed) return;
    this.failed = true;
    if (!this.always) return this.takeBack();
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }

  /** Extracts in this thread whatever the worker still owes. */
  private takeBack(): void {
    const owed = [...this.waiting.values()];
    this.waiting.clear();
    this.outbox = [];
    for (const { request, resolve, reject } of owed) this.inline(request).then(resolve, reject);
  }
}
