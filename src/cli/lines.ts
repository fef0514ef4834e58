import type { Readable } from 'node:stream';
import { UsageError } from '../core/errors.js';

/**
 * The lines of a byte stream (NDJSON input), each decoded as strict UTF-8. readline would silently turn invalid
 * bytes into U+FFFD and store them; here such a line, or one longer than `maxLineBytes` (skipped without being
 * buffered), is yielded as a UsageError so the caller reports it with its line number and goes on. `\r\n` endings
 * are accepted.
 */
export async function* readLines(stream: Readable, maxLineBytes: number, tooLong = `the line is longer than ${maxLineBytes} bytes`): AsyncGenerator<string | UsageError> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let parts: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const finish = (): string | UsageError => {
    if (overflow) return new UsageError(tooLong);
    let bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      return decoder.decode(bytes);
    } catch {
      return new UsageError('the line is not valid UTF-8');
    }
  };
  const add = (piece: Buffer): void => {
    if (overflow || piece.length === 0) return;
    if (size + piece.length > maxLineBytes) {
      overflow = true;
      parts = [];
      return;
    }
    parts.push(piece);
    size += piece.length;
  };
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    let start = 0;
    for (let newline = buffer.indexOf(0x0a); newline !== -1; newline = buffer.indexOf(0x0a, start)) {
      add(buffer.subarray(start, newline));
      yield finish();
      parts = [];
      size = 0;
      overflow = false;
      start = newline + 1;
    }
    // Copy the tail: it may be a small slice of a large chunk that should not stay alive.
    if (start < buffer.length) add(Buffer.from(buffer.subarray(start)));
  }
  if (size > 0 || overflow) yield finish();
}
