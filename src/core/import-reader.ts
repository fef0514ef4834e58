import { UsageError } from './errors.js';
import { EXPORT_DOCUMENT_FORMAT, EXPORT_DOCUMENT_VERSION } from './export.js';

/**
 * Reads what `harmonia export` writes, streaming: the JSON document (or a bare JSON array of records, as `list
 * --json` prints), NDJSON, or CSV. The format is recognised from the first bytes. Records come out one by one with
 * their position, so a bad record is reported and skipped and the file is never held in memory whole.
 */

export type ImportFormat = 'json' | 'ndjson' | 'csv';

/** One record as found in the input: its 1-based position, the line it starts on where known, and its value. */
export type RawRecord =
  | { position: number; line: number | null; value: unknown }
  | { position: number; line: number | null; error: string };

const MAX_FIRST_LINE = 1024 * 1024;

/** A growing window on the input text. */
class Cursor {
  buf = '';
  pos = 0;
  eof = false;
  /** Newlines in the input before `buf[0]`. */
  private linesBefore = 0;
  /** Newlines are counted incrementally: those before `buf[countedTo]` number `linesCounted`. */
  private countedTo = 0;
  private linesCounted = 0;
  private readonly source: AsyncIterator<string>;

  constructor(chunks: AsyncIterable<string>) {
    this.source = chunks[Symbol.asyncIterator]();
  }

  /** Appends the next chunk, dropping what has been consumed; false at the end of the input. */
  async more(): Promise<boolean> {
    if (this.eof) return false;
    const next = await this.source.next();
    if (next.done) {
      this.eof = true;
      return false;
    }
    if (this.pos > 0) {
      this.linesBefore = this.lineAt(this.pos) - 1;
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
      this.countedTo = 0;
      this.linesCounted = this.linesBefore;
    }
    this.buf += next.value;
    return true;
  }

  /** Skips white space; false when the input ends first. */
  async skipSpace(): Promise<boolean> {
    for (;;) {
      while (this.pos < this.buf.length) {
        const c = this.buf.charCodeAt(this.pos);
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return true;
        this.pos++;
      }
      if (!(await this.more())) return false;
    }
  }

  peek(): string {
    return this.buf.charAt(this.pos);
  }

  /** 1-based line number of `index` in the buffer (cheap when asked in increasing order). */
  lineAt(index: number): number {
    if (index < this.countedTo) {
      this.countedTo = 0;
      this.linesCounted = this.linesBefore;
    }
    this.linesCounted += countLines(this.buf, this.countedTo, index);
    this.countedTo = index;
    return this.linesCounted + 1;
  }
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const STRUCTURAL = /["{}[\]]/g;
const PRIMITIVE_END = /[,\]}\s]/g;

/** End of the JSON string starting at `start` (a quote), or -1 if the buffer ends first. */
function stringEnd(buf: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = buf.indexOf('"', i);
    if (quote === -1) return -1;
    let backslashes = 0;
    for (let j = quote - 1; buf.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/**
 * End (exclusive) of the JSON value starting at `start`, or -1 when the buffer ends first. Only the structure is
 * followed (strings, nesting); JSON.parse judges the text afterwards.
 */
function valueEnd(buf: string, start: number, eof: boolean): number {
  const first = buf.charAt(start);
  if (first === '"') return stringEnd(buf, start);
  if (first === '{' || first === '[') {
    let depth = 0;
    STRUCTURAL.lastIndex = start;
    for (let m = STRUCTURAL.exec(buf); m; m = STRUCTURAL.exec(buf)) {
      const c = m[0];
      if (c === '"') {
        const end = stringEnd(buf, m.index);
        if (end === -1) return -1;
        STRUCTURAL.lastIndex = end;
      } else if (c === '{' || c === '[') depth++;
      else if (--depth === 0) return m.index + 1;
    }
    return -1;
  }
  PRIMITIVE_END.lastIndex = start;
  const m = PRIMITIVE_END.exec(buf);
  return m ? m.index : eof ? buf.length : -1;
}

function notAnExport(detail: string): UsageError {
  return new UsageError(`not a Harmonia export: ${detail}`, {
    hint: 'import reads what `harmonia export` writes: the JSON document, NDJSON or CSV',
  });
}

function checkHeader(header: Record<string, unknown>): void {
  if (header.format !== undefined && header.format !== EXPORT_DOCUMENT_FORMAT) {
    throw notAnExport(`"format" is ${JSON.stringify(header.format)}, expected "${EXPORT_DOCUMENT_FORMAT}"`);
  }
  if (header.version !== undefined) {
    if (typeof header.version !== 'number' || !Number.isInteger(header.version) || header.version < 1) {
      throw notAnExport(`"version" is ${JSON.stringify(header.version)}`);
    }
    if (header.version > EXPORT_DOCUMENT_VERSION) {
      throw new UsageError(`this export is version ${header.version}, newer than this harmonia reads (${EXPORT_DOCUMENT_VERSION})`, {
        hint: 'upgrade harmonia',
      });
    }
  }
}

export class ExportReader {
  private readonly cursor: Cursor;
  format: ImportFormat | null = null;
  /** The document's own fields (format, version, user, exported_at) when it has them. */
  header: Record<string, unknown> = {};
  private position = 0;

  constructor(chunks: AsyncIterable<string>) {
    this.cursor = new Cursor(chunks);
  }

  /** Recognises the format from the first bytes. */
  async detect(): Promise<ImportFormat> {
    const c = this.cursor;
    await c.more();
    if (c.buf.charCodeAt(0) === 0xfeff) c.pos = 1;
    if (!(await c.skipSpace())) throw notAnExport('the input is empty');
    const first = c.peek();
    if (first === '[') return (this.format = 'json');
    // The rest is decided on the first line.
    let newline = c.buf.indexOf('\n', c.pos);
    while (newline === -1 && c.buf.length - c.pos < MAX_FIRST_LINE && (await c.more())) newline = c.buf.indexOf('\n', c.pos);
    const line = c.buf.slice(c.pos, newline === -1 ? c.buf.length : newline).trim();
    if (first === '{') {
      // One complete object on the first line is NDJSON; a document spread over lines (as export writes it) is JSON.
      try {
        const value: unknown = JSON.parse(line);
        if (typeof value === 'object' && value !== null) return (this.format = 'ndjson');
      } catch {
        // not a whole line of JSON
      }
      return (this.format = 'json');
    }
    if (/^"?id"?[,\t]/.test(line)) return (this.format = 'csv');
    throw notAnExport(`it starts with ${JSON.stringify(line.slice(0, 40))}`);
  }

  /** Every record, in order. Structural damage (not a single bad record) is an error that stops the import. */
  async *records(): AsyncGenerator<RawRecord> {
    const format = this.format ?? (await this.detect());
    if (format === 'json') yield* this.jsonRecords();
    else if (format === 'ndjson') yield* this.ndjsonRecords();
    else yield* this.csvRecords();
  }

  private next(line: number | null, text: string): RawRecord {
    this.position++;
    try {
      return { position: this.position, line, value: JSON.parse(text) as unknown };
    } catch (error) {
      return { position: this.position, line, error: `not valid JSON (${(error as Error).message})` };
    }
  }

  /** The text of the value at the cursor, reading more input as needed. */
  private async scanValue(what: string): Promise<string> {
    const c = this.cursor;
    for (;;) {
      const end = valueEnd(c.buf, c.pos, c.eof);
      if (end !== -1) {
        const text = c.buf.slice(c.pos, end);
        c.pos = end;
        return text;
      }
      if (!(await c.more())) throw notAnExport(`the input ends in the middle of ${what} (line ${c.lineAt(c.pos)})`);
    }
  }

  private async expectMore(what: string): Promise<string> {
    if (!(await this.cursor.skipSpace())) throw notAnExport(`the input ends before ${what}`);
    return this.cursor.peek();
  }

  private unexpected(found: string, expected: string): UsageError {
    const c = this.cursor;
    return notAnExport(`expected ${expected} at line ${c.lineAt(c.pos)}, found ${JSON.stringify(found)}`);
  }

  private async *jsonRecords(): AsyncGenerator<RawRecord> {
    const c = this.cursor;
    await c.skipSpace();
    if (c.peek() === '[') {
      yield* this.jsonArray();
    } else {
      c.pos++; // '{'
      let sawMemories = false;
      for (let first = true; ; first = false) {
        let ch = await this.expectMore('the end of the document');
        if (ch === '}') {
          c.pos++;
          break;
        }
        if (!first) {
          if (ch !== ',') throw this.unexpected(ch, '"," or "}"');
          c.pos++;
          ch = await this.expectMore('a key');
        }
        if (ch !== '"') throw this.unexpected(ch, 'a key');
        const key = JSON.parse(await this.scanValue('a key')) as string;
        if ((await this.expectMore('":"')) !== ':') throw this.unexpected(c.peek(), '":"');
        c.pos++;
        const start = await this.expectMore(`the value of "${key}"`);
        if (key === 'memories') {
          if (start !== '[') throw notAnExport('"memories" is not an array');
          checkHeader(this.header);
          sawMemories = true;
          yield* this.jsonArray();
        } else {
          const text = await this.scanValue(`the value of "${key}"`);
          try {
            this.header[key] = JSON.parse(text) as unknown;
          } catch {
            throw notAnExport(`the value of "${key}" is not valid JSON`);
          }
        }
      }
      checkHeader(this.header);
      if (!sawMemories) throw notAnExport('the document has no "memories" array');
    }
    if (await c.skipSpace()) throw notAnExport(`unexpected text after the document at line ${c.lineAt(c.pos)}`);
  }

  private async *jsonArray(): AsyncGenerator<RawRecord> {
    const c = this.cursor;
    c.pos++; // '['
    for (let first = true; ; first = false) {
      let ch = await this.expectMore('the end of the "memories" array');
      if (ch === ']') {
        c.pos++;
        return;
      }
      if (!first) {
        if (ch !== ',') throw this.unexpected(ch, '"," or "]" between records');
        c.pos++;
        ch = await this.expectMore('a record');
      }
      const line = c.lineAt(c.pos);
      const whole = ch === '{' ? await this.wholeLineObject() : undefined;
      if (whole !== undefined) {
        this.position++;
        yield { position: this.position, line, value: whole };
      } else {
        yield this.next(line, await this.scanValue(`record ${this.position + 1}`));
      }
    }
  }

  /**
   * Fast path for the layout export writes (one record per line): when the rest of the line, less a trailing comma,
   * parses as an object, that object is the record. Anything else (pretty-printed records, several on a line, bad
   * JSON) returns undefined and goes through the structural scan.
   */
  private async wholeLineObject(): Promise<unknown> {
    const c = this.cursor;
    let newline = c.buf.indexOf('\n', c.pos);
    while (newline === -1 && (await c.more())) newline = c.buf.indexOf('\n', c.pos);
    let end = newline === -1 ? c.buf.length : newline;
    while (end > c.pos && /\s/.test(c.buf.charAt(end - 1))) end--;
    if (c.buf.charAt(end - 1) === ',') end--;
    while (end > c.pos && /\s/.test(c.buf.charAt(end - 1))) end--;
    if (c.buf.charAt(end - 1) !== '}') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(c.buf.slice(c.pos, end));
    } catch {
      return undefined;
    }
    c.pos = end;
    return value;
  }

  private async *lines(): AsyncGenerator<{ line: number; text: string }> {
    const c = this.cursor;
    let lineNo = c.lineAt(c.pos) - 1;
    for (;;) {
      let newline = c.buf.indexOf('\n', c.pos);
      while (newline === -1 && (await c.more())) newline = c.buf.indexOf('\n', c.pos);
      if (newline === -1 && c.pos >= c.buf.length) return;
      const end = newline === -1 ? c.buf.length : newline;
      lineNo++;
      yield { line: lineNo, text: c.buf.slice(c.pos, end) };
      c.pos = end + 1;
      if (newline === -1) return;
    }
  }

  private async *ndjsonRecords(): AsyncGenerator<RawRecord> {
    for await (const { line, text } of this.lines()) {
      if (text.trim() === '') continue;
      const record = this.next(line, text);
      const value = 'value' in record ? record.value : null;
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { format?: unknown }).format === EXPORT_DOCUMENT_FORMAT) {
        // A header line, or a whole document squeezed onto one line (`jq -c`).
        this.position--;
        const { memories, ...header } = value as Record<string, unknown>;
        Object.assign(this.header, header);
        checkHeader(this.header);
        if (Array.isArray(memories)) {
          for (const memory of memories) yield { position: ++this.position, line, value: memory };
        }
        continue;
      }
      yield record;
    }
  }

  private async *csvRecords(): AsyncGenerator<RawRecord> {
    let columns: string[] | null = null;
    for await (const { line, fields } of csvRows(this.cursor)) {
      if (fields.length === 1 && fields[0] === '') continue;
      if (!columns) {
        columns = fields.map((f) => f.trim());
        for (const required of CSV_REQUIRED) {
          if (!columns.includes(required)) throw notAnExport(`the CSV header has no "${required}" column`);
        }
        continue;
      }
      this.position++;
      if (fields.length !== columns.length) {
        yield { position: this.position, line, error: `has ${fields.length} fields, the header has ${columns.length}` };
        continue;
      }
      const row: Record<string, string> = {};
      columns.forEach((name, i) => (row[name] = fields[i]!));
      yield { position: this.position, line, value: csvRowToRecord(row) };
    }
  }
}

const CSV_REQUIRED = ['id', 'type', 'category', 'status', 'confidence', 'content', 'created_at', 'updated_at', 'version'];

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines), as csv-stringify writes them. */
async function* csvRows(c: Cursor): AsyncGenerator<{ line: number; fields: string[] }> {
  const header = c.buf.slice(c.pos, c.buf.indexOf('\n', c.pos) === -1 ? undefined : c.buf.indexOf('\n', c.pos));
  const delimiter = header.includes('\t') && !header.includes(',') ? '\t' : ',';
  for (;;) {
    if (c.pos >= c.buf.length && !(await c.more())) return;
    const line = c.lineAt(c.pos);
    const fields: string[] = [];
    let field = '';
    for (;;) {
      if (c.pos >= c.buf.length && !(await c.more())) {
        fields.push(field);
        yield { line, fields };
        return;
      }
      const ch = c.buf.charAt(c.pos);
      if (ch === '"' && field === '') {
        // A quoted field: read to the closing quote, "" is a quote.
        c.pos++;
        for (;;) {
          const quote = c.buf.indexOf('"', c.pos);
          if (quote === -1 || quote + 1 >= c.buf.length) {
            if (await c.more()) continue;
            if (quote === -1) throw notAnExport(`a quoted CSV field starting on line ${line} never ends`);
          }
          field += c.buf.slice(c.pos, quote);
          if (c.buf.charAt(quote + 1) === '"') {
            field += '"';
            c.pos = quote + 2;
            continue;
          }
          c.pos = quote + 1;
          break;
        }
        continue;
      }
      if (ch === delimiter) {
        fields.push(field);
        field = '';
        c.pos++;
        continue;
      }
      if (ch === '\n' || ch === '\r') {
        c.pos++;
        if (ch === '\r') {
          if (c.pos >= c.buf.length) await c.more();
          if (c.buf.charAt(c.pos) === '\n') c.pos++;
        }
        fields.push(field);
        yield { line, fields };
        break;
      }
      // Plain text up to the next delimiter, quote or line end.
      let end = c.pos;
      while (end < c.buf.length) {
        const e = c.buf.charAt(end);
        if (e === delimiter || e === '\n' || e === '\r') break;
        end++;
      }
      field += c.buf.slice(c.pos, end);
      c.pos = end;
    }
  }
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function numeric(value: string | undefined): unknown {
  if (value === undefined || value.trim() === '') return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/** A CSV row (export columns) in the shape of an export record; the schema judges it like any other record. */
function csvRowToRecord(row: Record<string, string>): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: row.id,
    type: row.type,
    category: row.category,
    status: row.status,
    confidence: numeric(row.confidence),
    content: row.content,
    entities: row.entities === undefined || row.entities === '' ? [] : row.entities.split('; '),
    event_at: emptyToNull(row.event_at),
    event_end: emptyToNull(row.event_end),
    event_grain: emptyToNull(row.event_grain),
    event_text: emptyToNull(row.event_text),
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: numeric(row.version),
    source: { message_id: emptyToNull(row.message_id), ref: emptyToNull(row.source_ref), session: emptyToNull(row.session) },
  };
  if (emptyToNull(row.last_seen_at) !== null) record.last_seen_at = row.last_seen_at;
  return record;
}
