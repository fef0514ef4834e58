import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportHeader, exportRecordTexts, jsonDocumentChunks, ndjsonChunks, type ExportSource } from '../../src/core/export.js';
import { exportRecord } from '../../src/core/export-record.js';
import { recordCreation } from '../../src/core/history.js';
import { newId } from '../../src/core/ids.js';
import { MemoryImporter } from '../../src/core/import.js';
import { ExportReader, type RawRecord } from '../../src/core/import-reader.js';
import { parseImportRecord } from '../../src/core/import-schema.js';
import type { Memory } from '../../src/core/memory.js';
import type { Message } from '../../src/core/ports.js';
import { SqliteExportSource } from '../../src/store/export-source.js';
import { openInMemoryStore, type SqliteStore } from '../../src/store/store.js';
import { makeMemory } from '../helpers/memories.js';

/** Feeds text in chunks of `size` characters: every boundary case of the streaming reader gets exercised. */
async function* chunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(text: string, size = 7): Promise<{ reader: ExportReader; records: RawRecord[] }> {
  const reader = new ExportReader(chunks(text, size));
  const records: RawRecord[] = [];
  for await (const record of reader.records()) records.push(record);
  return { reader, records };
}

function values(records: RawRecord[]): unknown[] {
  return records.map((r) => ('value' in r ? r.value : { error: r.error }));
}

function message(id: string, at: string): Message {
  return {
    id,
    content: 'I have a dog called "Biggie", and a cat',
    refAt: at,
    timeZone: 'Europe/Paris',
    session: 's1',
    source: 'chat:1',
    status: 'processed',
    extractor: 'rules',
    error: null,
    attempts: 1,
    createdAt: at,
    processedAt: at,
  };
}

function seed(store: SqliteStore): Memory[] {
  const at = '2024-08-19T14:00:00.000Z';
  const msg = message(newId('msg', Date.parse(at)), at);
  const memories = [
    makeMemory({ id: newId('mem', Date.parse(at)), createdAt: at, updatedAt: at, lastSeenAt: at, source: { messageId: msg.id, ref: 'chat:1', session: 's1' } }),
    makeMemory({
      id: newId('mem', Date.parse(at) + 1000),
      content: 'User has a meeting on 2024-08-20 at 14:00, with "quotes", commas\nand a newline',
      type: 'temporal',
      category: 'work/meetings',
      entities: ['ACME; Inc', 'Bob'],
      eventAt: '2024-08-20T14:00:00-04:00',
      eventGrain: 'minute',
      eventText: 'tomorrow at 2pm',
      confidence: 0.75,
      source: { messageId: msg.id, ref: 'chat:1', session: 's1' },
    }),
    makeMemory({ id: newId('mem', Date.parse(at) + 2000), status: 'deleted', version: 2 }),
  ];
  store.write(() => {
    store.messages.insert(msg);
    for (const m of memories) {
      store.memories.insert(m);
      recordCreation(store, m, { actor: 'test', at: m.createdAt });
    }
    // The first memory links to a later one: import must wait for both ends.
    store.links.insert({ memoryA: memories[0]!.id, memoryB: memories[1]!.id, kind: 'related', conflictId: 'cfl_01abc', createdAt: at });
  });
  return memories;
}

async function collect(chunksIterable: Iterable<string>): Promise<string> {
  let text = '';
  for (const chunk of chunksIterable) text += chunk;
  return text;
}

describe('ExportReader', () => {
  it('reads the JSON document record by record, at any chunk size, keeping its header', async () => {
    const doc = JSON.stringify({ format: 'harmonia-export', version: 1, user: 'alice', exported_at: 'x', memories: [{ id: 'a', t: 'x]}' }, { id: 'b', n: [1, { c: '\\"' }] }] }, null, 2);
    for (const size of [1, 3, 64, 100_000]) {
      const { reader, records } = await readAll(doc, size);
      expect(reader.format).toBe('json');
      expect(reader.header).toMatchObject({ format: 'harmonia-export', version: 1, user: 'alice' });
      expect(values(records)).toEqual([{ id: 'a', t: 'x]}' }, { id: 'b', n: [1, { c: '\\"' }] }]);
      expect(records.map((r) => r.position)).toEqual([1, 2]);
    }
  });

  it('reads a bare JSON array (list --json), NDJSON and a one-line document', async () => {
    expect(values((await readAll('[{"id":1},\n {"id":2}]')).records)).toEqual([{ id: 1 }, { id: 2 }]);
    const nd = await readAll('{"id":1}\n\n{"id":2}\r\n{"id":3}');
    expect(nd.reader.format).toBe('ndjson');
    expect(values(nd.records)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(nd.records.map((r) => r.line)).toEqual([1, 3, 4]);
    const oneLine = await readAll('{"format":"harmonia-export","version":1,"memories":[{"id":1},{"id":2}]}\n');
    expect(values(oneLine.records)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('reports a record that is not valid JSON with its position and line, and goes on', async () => {
    const { records } = await readAll('{"id":1}\n{"id":2,}\n{"id":3}\n');
    expect(records[1]).toMatchObject({ position: 2, line: 2, error: expect.stringMatching(/not valid JSON/) });
    expect(values(records)[2]).toEqual({ id: 3 });
    const doc = await readAll('{\n "format": "harmonia-export", "memories": [\n {"id":1},\n {"id":2,},\n {"id":3}\n ]\n}\n');
    expect(doc.records.map((r) => ('error' in r ? `${r.position}@${r.line}` : r.position))).toEqual([1, '2@4', 3]);
  });

  it('refuses what is not an export, newer versions and broken structure with one clear error', async () => {
    await expect(readAll('')).rejects.toThrow(/the input is empty/);
    await expect(readAll('hello world')).rejects.toThrow(/not a Harmonia export/);
    await expect(readAll('{\n"format": "other", "memories": []}')).rejects.toThrow(/"format" is "other"/);
    await expect(readAll('{\n"format": "harmonia-export", "version": 2, "memories": []}')).rejects.toThrow(/version 2, newer/);
    await expect(readAll('{\n"format": "harmonia-export", "memories": [{"id": 1}')).rejects.toThrow(/ends/);
    await expect(readAll('{\n"format": "harmonia-export"\n}')).rejects.toThrow(/no "memories"/);
    await expect(readAll('[{"id":1}] trailing')).rejects.toThrow(/unexpected text/);
  });

  it('reads CSV with quoted commas, quotes, newlines and CRLF, as records; a row of the wrong width is reported', async () => {
    const csv =
      '\ufeffid,type,category,status,confidence,content,entities,created_at,updated_at,version,message_id\r\n' +
      'mem_a,personal,x,active,0.5,"say ""hi"", then\r\nleave",A; B,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z,1,\r\n' +
      'mem_b,personal,x\r\n';
    for (const size of [1, 5, 1000]) {
      const { reader, records } = await readAll(csv, size);
      expect(reader.format).toBe('csv');
      expect(values(records)[0]).toMatchObject({ id: 'mem_a', content: 'say "hi", then\r\nleave', entities: ['A', 'B'], confidence: 0.5, version: 1, source: { message_id: null } });
      expect(records[1]).toMatchObject({ position: 2, line: 4, error: expect.stringMatching(/3 fields, the header has 11/) });
    }
  });
});

describe('import record schema', () => {
  it('accepts an export record, defaults what older files lack, and names the bad field', () => {
    const memory = makeMemory();
    const ok = parseImportRecord({ ...exportRecord(memory, null, null), last_seen_at: undefined });
    expect(ok.ok && ok.record.last_seen_at).toBe(memory.updatedAt);
    const bad = (patch: Record<string, unknown>) => parseImportRecord({ ...exportRecord(memory, null, null), ...patch });
    expect(bad({ type: 'feelings' })).toMatchObject({ ok: false, error: expect.stringMatching(/^type: /) });
    expect(bad({ confidence: 7 })).toMatchObject({ ok: false, error: expect.stringMatching(/^confidence: /) });
    expect(bad({ id: '../etc/passwd' })).toMatchObject({ ok: false, error: expect.stringMatching(/^id: must be a memory id/) });
    expect(bad({ created_at: 'yesterday' })).toMatchObject({ ok: false, error: expect.stringMatching(/^created_at: must be an ISO-8601/) });
    expect(bad({ message: { ...exportRecord(memory, message('msg_other', memory.createdAt), null).message } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/message\.id: must equal source\.message_id/),
    });
    expect(parseImportRecord([1])).toMatchObject({ ok: false, error: expect.stringMatching(/an array/) });
  });
});

describe('export then import (core)', () => {
  let source: SqliteStore;
  let target: SqliteStore;
  beforeEach(() => {
    source = openInMemoryStore('alice');
    target = openInMemoryStore('bob');
  });
  afterEach(() => {
    source.close();
    target.close();
  });

  async function importText(store: SqliteStore, text: string, dryRun = false): Promise<MemoryImporter> {
    const importer = new MemoryImporter(store, { dryRun, now: new Date('2025-01-01T00:00:00Z'), batchSize: 2 });
    for await (const raw of new ExportReader(chunks(text, 50)).records()) {
      const parsed = 'value' in raw ? parseImportRecord(raw.value) : { ok: false as const, error: raw.error };
      if (parsed.ok) importer.add(parsed.record, raw.position, raw.line);
      else importer.rejectInvalid();
    }
    importer.finish();
    return importer;
  }

  const memory0 = (store: SqliteStore): string => store.memories.list({ statuses: ['active'] }, { sort: 'created', asc: true })[0]!.id;

  function exportSource(store: SqliteStore): ExportSource {
    return new SqliteExportSource(store, { statuses: ['active', 'archived', 'superseded', 'deleted'] });
  }

  it('keeps ids, times, versions, statuses, messages and history, exactly', async () => {
    const memories = seed(source);
    const text = await collect(jsonDocumentChunks(exportSource(source), exportHeader('alice', new Date(0)), { includeHistory: true }));
    const importer = await importText(target, text);
    expect(importer.summary).toEqual({ imported: 3, existing: 0, invalid: 0, messages: 1, history: 3, links: 1, links_skipped: 0 });
    expect(target.links.forMemory(memories[0]!.id)).toEqual(source.links.forMemory(memories[0]!.id));
    for (const m of memories) {
      expect(target.memories.get(m.id)).toEqual({ ...m, user: 'bob' });
      expect(target.history.forMemory(m.id)).toEqual(source.history.forMemory(m.id));
    }
    expect(target.messages.get(memories[0]!.source.messageId!)).toEqual(source.messages.get(memories[0]!.source.messageId!));
    const again = await collect(jsonDocumentChunks(exportSource(target), exportHeader('alice', new Date(0)), { includeHistory: true }));
    expect(again.replaceAll('"user":"bob"', '"user":"alice"')).toBe(text);
  });

  it('writes each record as exactly JSON.stringify of the export record', async () => {
    const memories = seed(source);
    const src = exportSource(source);
    const texts = [...exportRecordTexts(src, { includeHistory: true })];
    const expected = memories.map(({ id }) => source.memories.get(id)!).map((m) =>
      JSON.stringify(exportRecord(m, m.source.messageId ? source.messages.get(m.source.messageId) : null, source.history.forMemory(m.id), source.links.forMemory(m.id).filter((l) => l.memoryA === m.id))),
    );
    expect(texts).toEqual(expected);
    expect(texts[0]).toContain('"links":[');
  });

  it('finds each source message whatever the order memories ask for them in, and none that does not exist', () => {
    const at = Date.parse('2024-08-19T14:00:00.000Z');
    const messages = Array.from({ length: 40 }, (_, i) => message(newId('msg', at + i * 1000), new Date(at + i * 1000).toISOString()));
    source.write(() => messages.forEach((m) => source.messages.insert(m)));
    const src = new SqliteExportSource(source, {});
    const order = [0, 1, 2, 5, 3, 39, 38, 20, 21, 21, 22, 0, 39];
    for (const i of order) expect(src.message(messages[i]!.id)).toEqual(messages[i]);
    expect(src.message('msg_00000000000000000')).toBeNull();
    expect(src.message(`${messages[10]!.id}0`)).toBeNull();
    expect(src.message('msg_zzzzzzzzzzzzzzzzzz')).toBeNull();
    src.close();
    // Closed, the connection can write again (an open cursor would make this throw "busy executing a query").
    expect(() => source.write(() => source.messages.insert(message(newId('msg', at + 99_000), new Date(at).toISOString())))).not.toThrow();
  });

  it('never duplicates: a second import, or an id repeated in the file, is skipped', async () => {
    seed(source);
    const text = await collect(ndjsonChunks(exportSource(source), { includeHistory: false }));
    await importText(target, text);
    const first = target.memories.count({ statuses: ['active', 'deleted'] });
    const second = await importText(target, text + text.split('\n')[0] + '\n');
    expect(second.summary).toMatchObject({ imported: 0, existing: 4, links: 0 });
    expect(target.memories.count({ statuses: ['active', 'deleted'] })).toBe(first);
    expect(target.links.forMemory(memory0(target))).toHaveLength(1);
  });

  it('writes an `imported` history row for records without history; a dry run writes nothing', async () => {
    const [memory] = seed(source);
    const text = await collect(ndjsonChunks(exportSource(source), { includeHistory: false }));
    const dry = await importText(target, text, true);
    expect(dry.summary).toEqual({ imported: 3, existing: 0, invalid: 0, messages: 1, history: 3, links: 1, links_skipped: 0 });
    expect(target.memories.count({ statuses: ['active', 'deleted'] })).toBe(0);
    await importText(target, text);
    expect(target.history.forMemory(memory!.id)).toEqual([
      expect.objectContaining({ action: 'imported', actor: 'import', version: 1, before: null, at: '2025-01-01T00:00:00.000Z' }),
    ]);
  });

  it('a record the database refuses is reported and skipped; the rest of its batch is still written', async () => {
    const memories = seed(source);
    const text = await collect(ndjsonChunks(exportSource(source), { includeHistory: true }));
    // The database itself refuses the second memory (SQLITE_CONSTRAINT_TRIGGER), whichever statement writes it.
    target.db.exec(`CREATE TEMP TRIGGER refuse BEFORE INSERT ON memories WHEN NEW.id = '${memories[1]!.id}' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    const rejected: string[] = [];
    const importer = new MemoryImporter(target, { dryRun: false, now: new Date(), batchSize: 10, onRejected: (position, line, message) => rejected.push(`${position}@${line}: ${message}`) });
    for await (const raw of new ExportReader(chunks(text, 50)).records()) {
      const parsed = parseImportRecord((raw as { value: unknown }).value);
      if (parsed.ok) importer.add(parsed.record, raw.position, raw.line);
    }
    importer.finish();
    expect(rejected).toEqual(['2@2: refused']);
    expect(importer.summary).toMatchObject({ imported: 2, invalid: 1, messages: 1, links: 0, links_skipped: 1 });
    expect(target.memories.get(memories[0]!.id)).not.toBeNull();
    expect(target.memories.get(memories[2]!.id)).not.toBeNull();
    expect(target.history.forMemory(memories[1]!.id)).toEqual([]);
    expect(target.messages.get(memories[0]!.source.messageId!)).not.toBeNull();
  });

  it('a memory another process stored meanwhile counts as already there, not as invalid', async () => {
    const at = '2024-08-19T14:00:00.000Z';
    const records = [0, 1, 2, 3].map((i) => exportRecord(makeMemory({ id: newId('mem', Date.parse(at) + i * 1000) }), null, null));
    const importer = new MemoryImporter(target, { dryRun: false, now: new Date(), batchSize: 2 });
    const add = (i: number): void => {
      const parsed = parseImportRecord(records[i]);
      if (parsed.ok) importer.add(parsed.record, i + 1);
    };
    add(0);
    add(1); // the first batch is written; the importer has read the stored ids
    target.write(() => target.memories.insert(makeMemory({ id: records[2]!.id, content: 'stored by someone else' })));
    add(2);
    add(3);
    importer.finish();
    expect(importer.summary).toMatchObject({ imported: 3, existing: 1, invalid: 0 });
    expect(target.memories.get(records[2]!.id)?.content).toBe('stored by someone else');
  });

  it('leaves out a link whose other memory is neither in the store nor in the import', async () => {
    const memories = seed(source);
    const only = new SqliteExportSource(source, { statuses: ['active'], minConfidence: 0.8 });
    const text = await collect(ndjsonChunks(only, { includeHistory: false }));
    expect(text.trim().split('\n')).toHaveLength(1);
    const importer = await importText(target, text);
    expect(importer.summary).toMatchObject({ imported: 1, links: 0, links_skipped: 1 });
    expect(target.links.forMemory(memories[0]!.id)).toEqual([]);
  });

  it('keeps the message id of a record that came without its message (CSV) as a message without text', async () => {
    const memory = makeMemory({ source: { messageId: 'msg_01abc', ref: null, session: null } });
    const { message: _dropped, ...record } = exportRecord(memory, null, null);
    await importText(target, JSON.stringify(record));
    expect(target.memories.get(memory.id)?.source.messageId).toBe('msg_01abc');
    expect(target.messages.get('msg_01abc')).toMatchObject({ content: null, status: 'purged' });
  });
});
