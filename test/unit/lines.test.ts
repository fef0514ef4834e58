import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { readLines } from '../../src/cli/lines.js';

async function collect(chunks: Buffer[], max = 1024): Promise<(string | string[])[]> {
  const out: (string | string[])[] = [];
  for await (const line of readLines(Readable.from(chunks), max)) out.push(line instanceof UsageError ? ['error', line.message] : line);
  return out;
}

describe('readLines', () => {
  it('splits on \\n and \\r\\n, keeps a last line without a newline, and empty lines', async () => {
    expect(await collect([Buffer.from('a\r\nb\n\nc')])).toEqual(['a', 'b', '', 'c']);
  });

  it('joins a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('café ☕\nnext\n');
    const chunks = Array.from(bytes, (b) => Buffer.from([b]));
    expect(await collect(chunks)).toEqual(['café ☕', 'next']);
  });

  it('reports a line of invalid UTF-8 and goes on', async () => {
    expect(await collect([Buffer.from([0x61, 0xff, 0x0a]), Buffer.from('ok\n')])).toEqual([['error', 'the line is not valid UTF-8'], 'ok']);
  });

  it('skips a line longer than the limit without keeping it, then goes on', async () => {
    const long = Buffer.alloc(5000, 0x78);
    expect(await collect([long, long, Buffer.from('\nshort\n')], 1024)).toEqual([['error', 'the line is longer than 1024 bytes'], 'short']);
  });
});
