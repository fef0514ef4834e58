import type { Readable, Writable } from 'node:stream';
import type { Env } from '../config/paths.js';

/** Everything a command touches outside the process, injected so commands run in-process under test. */
export interface Io {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: Env;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  /** Terminal width for tables; undefined when not a terminal. */
  columns: number | undefined;
  now: () => Date;
}

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // process.stdin builds its stream on first touch: only commands that read input pay for it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    get stdinIsTTY() {
      return process.stdin.isTTY === true;
    },
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    now: () => new Date(),
  };
}

/** Reads all of stdin as bytes. */
export async function readAllBytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** Writes to a stream, waiting for it to drain, so large outputs are never cut off when the process ends. */
export function writeOut(stream: Writable, text: string): Promise<void> | void {
  if (text === '') return;
  if (!stream.write(text)) {
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off('drain', done);
        stream.off('close', done);
        stream.off('error', done);
        resolve();
      };
      stream.once('drain', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  }
}
