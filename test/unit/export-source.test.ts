import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportHeader, jsonDocumentChunks, ndjsonChunks, type ExportSource } from '../../src/core/export.js';
import { recordCreation } from '../../src/core/history.js';
import { newId } from '../../src/core/ids.js';
import type { Memory, MemoryStatus } from '../../src/core/memory.js';
import type { MemoryFilter, Message } from '../../src/core/ports.js';
import { SqliteExportSource } from '../../src/store/export-source.js';
import { openInMemoryStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';

/**
 * The SQLite store renders json and ndjson export records in SQL (SqliteExportSource.recordBatches). Those bytes
 * must be exactly what the reference path writes: JSON.stringify of each export record, built from the domain
 * objects (exportRecordTexts). Both run here over the same store, full of text that JSON escapes, numbers SQLite
 * prints differently from JavaScript, history, links and missing messages.
 */

const NASTY = [
  'plain',
  '',
  'quotes " and \\ backslashes \\" and a slash /',
  Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join(''),
  'delete \u007f, separators \u2028 \u2029, bom \ufeff, nbsp \u00a0',
  'ümlauts, 日本語, emoji 😀👍🏽, combining e\u0301',
  'a lone surrogate \ud800 here and \udc00 there',
  'line one\nline two\r\nline three\ttabbed',
  'x'.repeat(5000),
];
const CONFIDENCES = [0, 1, 0.1 + 0.2, 1 / 3, 2 / 3, 1e-7, 5e-324, 0.75, 0.6163638533076516, 0.9];
const STATUSES: MemoryStatus[] = ['active', 'archived', 'superseded', 'deleted'];

/** The reference path: the same store without the SQL rendering. */
function withoutBatches(source: SqliteExportSource): ExportSource {
  return {
    get user() {
      return source.user;
    },
    count: () => source.count(),
    memories: (order) => source.memories(order),
    history: (id) => source.history(id),
    message: (id) => source.message(id),
    linksFrom: (id) => source.linksFrom(id),
    close: () => source.close(),
  };
}

function bytes(chunks: Iterable<string | Uint8Array>): Buffer {
  return Buffer.concat([...chunks].map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)));
}

function seed(store: SqliteStore, withLinks: boolean): Memory[] {
  const base = Date.parse('2024-08-19T14:00:00.000Z');
  const messages: Message[] = NASTY.map((text, i) => ({
    id: newId('msg', base + i * 1000),
    content: i === 1 ? null : text,
    refAt: new Date(base + i * 1000).toISOString(),
    timeZone: 'Europe/Lisbon',
    session: i % 2 ? null : NASTY[(i + 3) % NASTY.length]!,
    source: i % 3 ? `chat:${i}` : null,
    status: i === 1 ? 'purged' : 'processed',
    extractor: i % 2 ? 'rules' : null,
    error: i === 4 ? NASTY[3]! : null,
    attempts: i,
    createdAt: new Date(base + i * 1000).toISOString(),
    processedAt: i % 2 ? null : new Date(base + i * 2000).toISOString(),
  }));
  const memories: Memory[] = [];
  for (let i = 0; i < 40; i++) {
    const text = NASTY[i % NASTY.length]!;
    // Ids out of insertion order: the export walks ids, not rows.
    const at = base + ((i * 17) % 40) * 60_000;
    memories.push(
      makeMemory({
        id: newId('mem', at),
        content: `${i}: ${text}`,
        type: i % 3 ? 'personal' : 'preference',
        category: i % 4 ? 'pets/dogs' : `odd "category" ${text.slice(0, 20)}`,
        confidence: CONFIDENCES[i % CONFIDENCES.length]!,
        status: STATUSES[i % STATUSES.length]!,
        entities: i % 5 === 0 ? [] : [text, NASTY[(i + 1) % NASTY.length]!],
        eventAt: i % 6 === 0 ? '2024-08-20T14:00:00-04:00' : null,
        eventEnd: i % 12 === 0 ? '2024-08-20T15:00:00-04:00' : null,
        eventGrain: i % 6 === 0 ? 'minute' : null,
        eventText: i % 6 === 0 ? text : null,
        createdAt: new Date(at).toISOString(),
        updatedAt: new Date(at + 5000).toISOString(),
        lastSeenAt: new Date(at + 9000).toISOString(),
        version: 1 + (i % 3),
        source: { messageId: i % 7 === 0 ? null : messages[i % messages.length]!.id, ref: i % 2 ? text : null, session: i % 3 ? null : text },
      }),
    );
  }
  store.write(() => {
    for (const m of messages) store.messages.insert(m);
    for (const [i, m] of memories.entries()) {
      store.memories.insert(m);
      if (i % 4 !== 3) recordCreation(store, m, { actor: 'extractor:rules', at: m.createdAt });
      if (i % 3 === 0) {
        store.history.record({
          memoryId: m.id,
          version: 2,
          action: 'updated',
          before: { content: NASTY[(i + 2) % NASTY.length], confidence: 0.1 + 0.2, entities: [NASTY[6]] },
          after: { content: m.content, confidence: m.confidence, nested: { deep: [1e21, -0, 1 / 3, null, true] } },
          reason: i % 2 ? NASTY[i % NASTY.length]! : null,
          actor: 'user',
          conflictId: i % 2 ? 'cfl_01abc' : null,
          at: m.updatedAt,
        });
      }
    }
    if (withLinks) {
      for (let i = 0; i < memories.length; i += 3) {
        store.links.insert({ memoryA: memories[i]!.id, memoryB: memories[(i + 5) % memories.length]!.id, kind: 'related', conflictId: i % 2 ? 'cfl_01xyz' : null, createdAt: memories[i]!.createdAt });
        if (i % 9 === 0) store.links.insert({ memoryA: memories[i]!.id, memoryB: memories[(i + 1) % memories.length]!.id, kind: 'conflicting', conflictId: null, createdAt: memories[i]!.updatedAt });
      }
    }
  });
  return memories;
}

const FILTERS: MemoryFilter[] = [
  { statuses: STATUSES },
  { statuses: ['active', 'archived', 'superseded'] },
  { statuses: ['active'] },
  { statuses: STATUSES, types: ['preference'], minConfidence: 0.5 },
  { statuses: ['deleted', 'archived'], categories: ['pets'], since: new Date('2024-08-19T14:10:00.000Z') },
  { statuses: ['active'], types: ['goal'] },
];

describe('export records rendered by SQLite', () => {
  let store: SqliteStore;

  beforeEach(() => {
    store = openInMemoryStore('al"ice\\ ü');
  });

  afterEach(() => store.close());

  for (const withLinks of [true, false]) {
    it(`gives exactly the bytes of JSON.stringify over the records (${withLinks ? 'with' : 'without'} links), any batch size and filter`, () => {
      seed(store, withLinks);
      for (const filter of FILTERS) {
        for (const includeHistory of [false, true]) {
          for (const batchSize of [1, 3, 1000]) {
            const fast = new SqliteExportSource(store, filter, batchSize);
            const reference = withoutBatches(new SqliteExportSource(store, filter));
            const options = { includeHistory };
            const expected = bytes(ndjsonChunks(reference, options));
            expect(bytes(ndjsonChunks(fast, options)).equals(expected), `ndjson ${JSON.stringify({ filter, includeHistory, batchSize })}`).toBe(true);
            const header = exportHeader(store.user, new Date(0));
            const expectedDocument = bytes(jsonDocumentChunks(reference, header, options));
            expect(bytes(jsonDocumentChunks(fast, header, options)).equals(expectedDocument), `json ${JSON.stringify({ filter, includeHistory, batchSize })}`).toBe(true);
          }
        }
      }
    });
  }

  it('the reference output is what it should be: every memory once, oldest id first, valid JSON, links and history kept', () => {
    const memories = seed(store, true);
    const source = new SqliteExportSource(store, { statuses: STATUSES }, 7);
    const lines = bytes(ndjsonChunks(source, { includeHistory: true })).toString('utf8').trim().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { id: string; user: string; confidence: number; history: unknown[]; links?: unknown[] });
    expect(records.map((r) => r.id)).toEqual(memories.map((m) => m.id).sort());
    expect(new Set(records.map((r) => r.user))).toEqual(new Set([store.user]));
    expect(records.filter((r) => r.links).length).toBe(14);
    expect(records.every((r) => Array.isArray(r.history))).toBe(true);
    expect(lines.some((line) => line.includes('"confidence":0.30000000000000004,'))).toBe(true);
    expect(lines.some((line) => line.includes('"confidence":0,'))).toBe(true);
  });

  it('counts the records of each batch for progress, and an empty store gives nothing', () => {
    seed(store, false);
    let counted = 0;
    const text = bytes(ndjsonChunks(new SqliteExportSource(store, { statuses: ['active'] }, 4), { includeHistory: false, onRecord: (n) => (counted += n) }));
    expect(counted).toBe(10);
    expect(text.toString('utf8').trim().split('\n')).toHaveLength(10);
    const empty = openInMemoryStore('bob');
    expect(bytes(ndjsonChunks(new SqliteExportSource(empty, {}), { includeHistory: true })).length).toBe(0);
    expect(bytes(jsonDocumentChunks(new SqliteExportSource(empty, {}), exportHeader('bob', new Date(0)), { includeHistory: true })).toString()).toBe(
      '{\n  "format": "harmonia-export",\n  "version": 1,\n  "user": "bob",\n  "exported_at": "1970-01-01T00:00:00.000Z",\n  "memories": []\n}\n',
    );
    empty.close();
  });
});
