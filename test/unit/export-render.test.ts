import { describe, expect, it } from 'vitest';
import { stringify as stringifyStream } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { csvChunks, EXPORT_CSV_COLUMNS } from '../../src/cli/export-render.js';
import { csvRow } from '../../src/cli/output.js';
import type { Memory } from '../../src/core/memory.js';
import { makeMemory } from '../helpers/memories.js';

const NASTY = [
  'plain',
  '',
  'quotes " and \\ backslashes \\" and a slash /',
  Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join(''),
  'delete \u007f, separators \u2028 \u2029, bom \ufeff, nbsp \u00a0',
  'ümlauts, 日本語, emoji 😀👍🏽, combining e\u0301',
  'a lone surrogate \ud800 here and \udc00 there',
  'line one\nline two\r\nline three\ttabbed',
  'comma, semicolon; equals =1+1, at @x, minus -1',
];
const CONFIDENCES = [0, 1, 0.1 + 0.2, 1 / 3, 1e-7, 5e-324, 0.75];

function bytes(chunks: Iterable<string | Uint8Array>): Buffer {
  return Buffer.concat([...chunks].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

describe('CSV export', () => {
  it('csv-stringify over batches of rows gives the bytes of its stream over the same rows', async () => {
    const memories = Array.from({ length: 620 }, (_, i) =>
      makeMemory({
        content: `${i}: ${NASTY[i % NASTY.length]}`,
        entities: i % 4 ? [NASTY[i % NASTY.length]!, 'b'] : [],
        confidence: CONFIDENCES[i % CONFIDENCES.length]!,
        eventText: i % 2 ? NASTY[(i + 1) % NASTY.length]! : null,
        source: { messageId: null, ref: i % 3 ? NASTY[(i + 2) % NASTY.length]! : null, session: null },
      }),
    );
    // Compared as the bytes a file gets (the stream encodes each row; a lone surrogate becomes U+FFFD either way).
    const streamed = async (list: Memory[]): Promise<Buffer> => {
      const stringifier = stringifyStream({ header: true, columns: [...EXPORT_CSV_COLUMNS] });
      const parts: Buffer[] = [];
      stringifier.on('data', (chunk: Buffer) => parts.push(chunk));
      const done = new Promise((resolve) => stringifier.on('end', resolve));
      for (const m of list) stringifier.write([...csvRow(m), m.lastSeenAt]);
      stringifier.end();
      await done;
      return Buffer.concat(parts);
    };
    for (const list of [memories, memories.slice(0, 250), memories.slice(0, 1), []]) {
      let counted = 0;
      const text = bytes(csvChunks(list, stringifySync, () => counted++));
      expect(text.equals(await streamed(list))).toBe(true);
      expect(counted).toBe(list.length);
    }
  });
});
