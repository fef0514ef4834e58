import { memoryToJson, type Memory, type MemoryJson } from '../core/memory.js';
import type { CommandContext, OutputFormat } from './context.js';

/** Extra fields some commands add to a record (search: score, snippet; remember: action). */
export type RecordExtras = Record<string, unknown>;

export interface RenderedRecord {
  memory: Memory;
  extras?: RecordExtras;
}

/** The fixed, documented column order of CSV/TSV output (README "Output"). */
export const CSV_COLUMNS = [
  'id',
  'type',
  'category',
  'status',
  'confidence',
  'content',
  'entities',
  'event_at',
  'event_end',
  'event_grain',
  'event_text',
  'created_at',
  'updated_at',
  'version',
  'message_id',
  'source_ref',
  'session',
] as const;

export function recordJson(record: RenderedRecord): MemoryJson & RecordExtras {
  return { ...memoryToJson(record.memory), ...record.extras };
}

export function csvRow(memory: Memory, extras?: RecordExtras): unknown[] {
  const j = memoryToJson(memory);
  const row: unknown[] = [
    j.id,
    j.type,
    j.category,
    j.status,
    j.confidence,
    j.content,
    j.entities.join('; '),
    j.event_at,
    j.event_end,
    j.event_grain,
    j.event_text,
    j.created_at,
    j.updated_at,
    j.version,
    j.source.message_id,
    j.source.ref,
    j.source.session,
  ];
  if (extras) row.push(...Object.values(extras));
  return row;
}

const TIME_FORMATS = new Map<string | undefined, Intl.DateTimeFormat>();

/** One formatter per zone: building an Intl.DateTimeFormat costs far more than using one. */
function timeFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  let format = TIME_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    TIME_FORMATS.set(timeZone, format);
  }
  return format;
}

/** A local, human time for tables: "2024-08-19 10:00" in the viewer's zone. */
export function humanTime(iso: string | null, timeZone?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = timeFormat(timeZone).formatToParts(date);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The event time as the memory states it (its own zone), cut to its grain. */
export function humanEvent(memory: Memory): string {
  if (!memory.eventAt) return '';
  const at = memory.eventAt;
  switch (memory.eventGrain) {
    case 'year':
      return at.slice(0, 4);
    case 'month':
      return at.slice(0, 7);
    case 'day':
    case 'week':
      return at.slice(0, 10);
    default:
      return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
  }
}

export interface TableColumn {
  header: string;
  /** Share of the spare width this column wraps into; 0 for fixed-width columns. */
  flex?: number;
}

/** A table through cli-table3 (loaded only when a table is printed), sized to the terminal. */
export async function renderTable(ctx: CommandContext, columns: readonly TableColumn[], rows: string[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const color = ctx.colorFor('stdout');
  const width = ctx.io.columns ?? 120;
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => longestLine(r[i] ?? ''))) + 2);
  const fixed = natural.reduce((sum, w, i) => sum + (columns[i]!.flex ? 0 : w), 0);
  const flexTotal = columns.reduce((sum, c) => sum + (c.flex ?? 0), 0);
  const spare = Math.max(20, width - fixed - columns.length - 1);
  const colWidths = natural.map((w, i) => {
    const flex = columns[i]!.flex;
    return flex ? Math.max(10, Math.min(w, Math.floor((spare * flex) / flexTotal))) : w;
  });
  const table = new Table({
    head: columns.map((c) => c.header),
    colWidths,
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: color ? ['bold'] : [], border: [], compact: false },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows) table.push(row);
  return `${table.toString()}\n`;
}

function longestLine(text: string): number {
  let max = 0;
  for (const line of text.split('\n')) max = Math.max(max, stripAnsi(line).length);
  return max;
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

export async function renderCsv(rows: unknown[][], header: readonly string[], delimiter: ',' | '\t'): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  return stringify(rows, { header: true, columns: [...header], delimiter, cast: { boolean: (v) => String(v) } });
}

/** Prints memory records in the chosen format (list, search). */
export async function printRecords(
  ctx: CommandContext,
  records: readonly RenderedRecord[],
  format: OutputFormat,
  table?: { columns: readonly TableColumn[]; row: (r: RenderedRecord) => string[]; empty: string },
): Promise<void> {
  switch (format) {
    case 'json':
      await ctx.out(`${JSON.stringify(records.map(recordJson), null, 2)}\n`);
      return;
    case 'ndjson':
      await ctx.out(records.map((r) => `${JSON.stringify(recordJson(r))}\n`).join(''));
      return;
    case 'csv':
    case 'tsv': {
      const extraKeys = Object.keys(records[0]?.extras ?? {});
      await ctx.out(
        await renderCsv(
          records.map((r) => csvRow(r.memory, r.extras)),
          [...CSV_COLUMNS, ...extraKeys],
          format === 'csv' ? ',' : '\t',
        ),
      );
      return;
    }
    case 'table': {
      const spec = table ?? defaultMemoryTable(await ctx.timeZone());
      if (records.length === 0) {
        ctx.notice(spec.empty);
        return;
      }
      await ctx.out(await renderTable(ctx, spec.columns, records.map(spec.row)));
    }
  }
}

export function shortId(id: string): string {
  return id;
}

export function defaultMemoryTable(timeZone: string): {
  columns: TableColumn[];
  row: (r: RenderedRecord) => string[];
  empty: string;
} {
  return {
    columns: [{ header: 'ID' }, { header: 'Type' }, { header: 'Category' }, { header: 'Content', flex: 1 }, { header: 'Event' }, { header: 'Remembered' }],
    row: ({ memory }) => [
      shortId(memory.id),
      memory.type,
      memory.category,
      memory.content,
      humanEvent(memory),
      humanTime(memory.createdAt, timeZone),
    ],
    empty: 'no memories',
  };
}

/** Prints one JSON object (json/ndjson) or a human rendering (table). */
export async function printObject(ctx: CommandContext, value: unknown, format: OutputFormat, human: () => Promise<string> | string): Promise<void> {
  if (format === 'json') await ctx.out(`${JSON.stringify(value, null, 2)}\n`);
  else if (format === 'ndjson') await ctx.out(`${JSON.stringify(value)}\n`);
  else await ctx.out(await human());
}
