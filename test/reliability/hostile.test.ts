/**
 * Hostile input, table-driven: each case runs the built binary against a store that already holds memories (two
 * users), and must end with the documented exit code (2 unless stated), a one-line `harmonia: …` error (plus an
 * optional `hint:` line), no stack trace, and nothing already stored changed: the store is snapshotted with
 * `list --all --status all --json` (and the messages table) before and after every case, and no file appears or
 * disappears in the data directory.
 */
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figure, filesUnder, harmonia, isCleanError, makeHome, ndjson, printFigures, snapshotStore, type Env, type Home } from './harness.js';

interface Case {
  name: string;
  args: string[];
  input?: string | Buffer;
  env?: Record<string, string>;
  /** Raw text of a config file used for this case only. */
  config?: string;
  /** Raw bytes of a file named `input.json` in the case's folder; `$FILE` in args names it. */
  file?: string | Buffer;
  /** Default 2. */
  exit?: number;
  /** The first stderr line (after `harmonia: `). */
  error?: RegExp;
  /** How many `harmonia: ` lines stderr holds (default 1): a batch reports the line and a summary. */
  errorLines?: number;
  /** For cases that succeed (exit 0): what stdout holds. */
  stdout?: 'json-array' | 'empty-array';
  /** A failing case that still prints a summary on stdout (import reports what it did). */
  summary?: boolean;
}

const MiB = 1024 * 1024;
const raw = ['remember', '--extractor', 'raw'];
const batch = ['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson'];
const lineError = (pattern: RegExp): Pick<Case, 'error' | 'errorLines'> => ({ error: pattern, errorLines: 2 });

const CASES: Case[] = [
  // Messages: NUL bytes, invalid UTF-8, size, emptiness
  { name: 'NUL byte in a message on stdin', args: [...raw], input: 'hello\u0000world', error: /contains a NUL byte/ },
  { name: 'NUL byte in a batch line', args: batch, input: ndjson([{ message: 'a\u0000b' }]), ...lineError(/^line 1: the message contains a NUL byte$/) },
  { name: 'invalid UTF-8 on stdin', args: [...raw], input: Buffer.from([0x68, 0x69, 0xff, 0xfe, 0x21]), error: /not valid UTF-8/ },
  { name: 'overlong UTF-8 encoding on stdin', args: [...raw], input: Buffer.from([0xc0, 0xaf, 0x2e, 0x2e]), error: /not valid UTF-8/ },
  { name: 'UTF-16 surrogate bytes on stdin', args: [...raw], input: Buffer.from([0xed, 0xa0, 0x80]), error: /not valid UTF-8/ },
  { name: 'invalid UTF-8 in a batch line', args: batch, input: Buffer.concat([Buffer.from('{"message":"bad '), Buffer.from([0xff]), Buffer.from('"}\n')]), ...lineError(/^line 1: the line is not valid UTF-8$/) },
  { name: '10 MB message on stdin', args: [...raw], input: 'x'.repeat(10 * MiB), error: /the message is 10485760 bytes, over the limit of 1048576/ },
  { name: '10 MB message in a batch line', args: batch, input: ndjson([{ message: 'y'.repeat(10 * MiB) }]), ...lineError(/^line 1: the line is longer than \d+ bytes: its message is over the limit of 1048576 bytes$/) },
  { name: '2 MB message in a batch line', args: batch, input: ndjson([{ message: 'z'.repeat(2 * MiB) }]), ...lineError(/^line 1: the message is 2097152 bytes, over the limit/) },
  { name: 'limit lowered in config', args: [...raw, 'this message is longer than twenty bytes'], config: '{"limits":{"maxMessageBytes":20}}', error: /over the limit of 20/ },
  { name: 'empty message argument', args: [...raw, ''], error: /the message is empty/ },
  { name: 'whitespace-only message', args: [...raw, ' \t \n '], error: /the message is empty/ },
  { name: 'whitespace on stdin', args: [...raw], input: '\n\n   \r\n\t', error: /the message is empty/ },
  { name: 'empty stdin', args: [...raw], input: '', error: /the message is empty/ },
  { name: 'zero-width spaces only (NBSP, ideographic space)', args: [...raw, '\u00a0\u3000\u2028'], error: /the message is empty/ },

  // Malformed NDJSON and wrong JSON types
  { name: 'batch: truncated JSON', args: batch, input: '{"message": "half\n', ...lineError(/^line 1: invalid JSON: /) },
  { name: 'batch: not JSON', args: batch, input: 'remember this please\n', ...lineError(/^line 1: invalid JSON: /) },
  { name: 'batch: a JSON array', args: batch, input: '["message", "x"]\n', ...lineError(/^line 1: a line must be a JSON object$/) },
  { name: 'batch: a JSON string', args: batch, input: '"just text"\n', ...lineError(/^line 1: a line must be a JSON object$/) },
  { name: 'batch: null', args: batch, input: 'null\n', ...lineError(/^line 1: a line must be a JSON object$/) },
  { name: 'batch: a number', args: batch, input: '42\n', ...lineError(/^line 1: a line must be a JSON object$/) },
  { name: 'batch: object without message', args: batch, input: '{"text": "hi"}\n', ...lineError(/^line 1: "message" is missing$/) },
  { name: 'batch: message is a number', args: batch, input: '{"message": 5}\n', ...lineError(/^line 1: "message" must be a string, got number$/) },
  { name: 'batch: message is null', args: batch, input: '{"message": null}\n', ...lineError(/^line 1: "message" is missing$/) },
  { name: 'batch: message is an array', args: batch, input: '{"message": ["a", "b"]}\n', ...lineError(/^line 1: "message" must be a string, got array$/) },
  { name: 'batch: message is an object', args: batch, input: '{"message": {"text": "a"}}\n', ...lineError(/^line 1: "message" must be a string, got object$/) },
  { name: 'batch: at is a number', args: batch, input: '{"message": "x", "at": 1724076000}\n', ...lineError(/^line 1: "at" must be a string, got number$/) },
  { name: 'batch: source is a boolean', args: batch, input: '{"message": "x", "source": true}\n', ...lineError(/^line 1: "source" must be a string, got boolean$/) },
  { name: 'batch: empty message', args: batch, input: '{"message": ""}\n', ...lineError(/^line 1: the message is empty$/) },
  { name: 'batch: whitespace message', args: batch, input: '{"message": "  \\t "}\n', ...lineError(/^line 1: the message is empty$/) },
  { name: 'batch: unparseable at', args: batch, input: '{"message": "x", "at": "the day after never"}\n', ...lineError(/^line 1: invalid .*"the day after never"/) },
  { name: 'batch: every line bad', args: batch, input: '{\n[]\n{"message": 1}\n', error: /^line 1: invalid JSON/, errorLines: 4 },

  // User ids
  { name: 'user id ..', args: ['-u', '..', 'list'], error: /invalid user id "\.\." \(from --user\): it starts with a dot/ },
  { name: 'user id ../evil', args: ['-u', '../evil', ...raw, 'x'], error: /invalid user id "\.\.\/evil"/ },
  { name: 'user id with /', args: ['-u', 'a/b', 'list'], error: /invalid user id "a\/b".*only letters, digits/ },
  { name: 'user id with \\', args: ['-u', 'a\\b', 'list'], error: /invalid user id "a\\\\b"/ },
  { name: 'user id .hidden', args: ['-u', '.hidden', 'list'], error: /starts with a dot/ },
  { name: 'user id empty', args: ['-u', '', 'list'], error: /it is empty/ },
  { name: 'user id of 65 characters', args: ['-u', 'a'.repeat(65), 'list'], error: /65 characters long \(at most 64\)/ },
  { name: 'user id with Cyrillic look-alike', args: ['-u', '\u0430lice', 'list'], error: /invalid user id "\u0430lice"/ },
  { name: 'user id in fullwidth letters', args: ['-u', '\uff41\uff4c\uff49\uff43\uff45', 'list'], error: /invalid user id/ },
  { name: 'user id with a zero-width space', args: ['-u', 'ali\u200bce', 'list'], error: /invalid user id/ },
  { name: 'user id with a trailing space', args: ['-u', 'tester ', 'list'], error: /invalid user id "tester "/ },
  { name: 'HARMONIA_USER=../../etc', args: ['list'], env: { HARMONIA_USER: '../../etc' }, error: /invalid user id "\.\.\/\.\.\/etc" \(from HARMONIA_USER\)/ },
  { name: 'batch: user with ..', args: batch, input: ndjson([{ message: 'x', user: '../tester' }]), ...lineError(/^line 1: invalid user id "\.\.\/tester" \(from "user" on line 1\)/) },
  { name: 'batch: user with NUL', args: batch, input: ndjson([{ message: 'x', user: 'tes\u0000ter' }]), ...lineError(/^line 1: invalid user id/) },
  { name: 'batch: user with a slash', args: batch, input: ndjson([{ message: 'x', user: 'other/../tester' }]), ...lineError(/^line 1: invalid user id/) },

  // Zones and dates
  { name: 'invalid --tz', args: [...raw, '--tz', 'Mars/Olympus_Mons', 'x'], error: /invalid time zone "Mars\/Olympus_Mons" \(from --tz\)/ },
  { name: 'invalid HARMONIA_TZ', args: [...raw, 'x'], env: { HARMONIA_TZ: 'Nowhere/City' }, error: /invalid time zone "Nowhere\/City" \(from HARMONIA_TZ\)/ },
  { name: 'offset-like --tz', args: [...raw, '--tz', 'UTC+25', 'x'], error: /invalid time zone "UTC\+25"/ },
  { name: 'invalid TZ with a colon', args: [...raw, 'x'], env: { HARMONIA_TZ: '', TZ: ':Atlantis/Capital' }, error: /invalid time zone ":Atlantis\/Capital" \(from TZ\)/ },
  { name: '--at not a date', args: [...raw, '--at', 'not a date', 'x'], error: /invalid --at time "not a date"/ },
  { name: '--at 2024-02-30', args: [...raw, '--at', '2024-02-30T10:00', 'x'], error: /invalid --at time "2024-02-30T10:00"/ },
  { name: '--at day 32', args: [...raw, '--at', '2024-08-32', 'x'], error: /invalid --at time "2024-08-32"/ },
  { name: '--at hour 25', args: [...raw, '--at', '2024-08-19T25:00', 'x'], error: /invalid --at time "2024-08-19T25:00"/ },
  { name: '--at 31/02/2024', args: [...raw, '--at', '31/02/2024', 'x'], error: /invalid --at time "31\/02\/2024"/ },
  { name: '--at month 13', args: [...raw, '--at', '2024-13-01', 'x'], error: /invalid --at time "2024-13-01"/ },
  { name: '--since February 30', args: ['list', '--since', '2024-02-30'], error: /invalid --since time "2024-02-30"/ },
  { name: '--tz on a command that never reads it', args: ['list', '--tz', 'Mars/Olympus'], error: /invalid time zone "Mars\/Olympus" \(from --tz\)/ },
  { name: 'empty --tz', args: ['list', '--tz', ''], error: /invalid time zone "" \(from --tz\)/ },
  { name: '--since gibberish', args: ['list', '--since', 'blah blah'], error: /invalid --since time "blah blah"/ },
  { name: '--until 2024-99-99', args: ['list', '--until', '2024-99-99'], error: /invalid --until time/ },
  { name: '--since after --until', args: ['list', '--since', '2024-09-01', '--until', '2024-08-01'], error: /--since must be before --until/ },
  { name: '--event-after gibberish', args: ['search', 'x', '--event-after', '???'], error: /invalid --event-after time/ },

  // Numbers out of range
  { name: '--limit 0', args: ['list', '--limit', '0'], error: /--limit must be between 1 and 1000000, got 0/ },
  { name: '--limit -1', args: ['list', '--limit', '-1'], error: /--limit must be a whole number, got "-1"/ },
  { name: '--limit abc', args: ['list', '--limit', 'abc'], error: /--limit must be a whole number/ },
  { name: '--limit 1e3', args: ['list', '--limit', '1e3'], error: /--limit must be a whole number, got "1e3"/ },
  { name: '--limit 1.5', args: ['search', 'x', '--limit', '1.5'], error: /--limit must be a whole number/ },
  { name: '--limit huge', args: ['list', '--limit', '99999999999999999999'], error: /--limit must be between 1 and 1000000/ },
  { name: '--offset -3', args: ['list', '--offset', '-3'], error: /--offset must be a whole number/ },
  { name: '--min-confidence 2', args: ['list', '--min-confidence', '2'], error: /--min-confidence must be a number from 0 to 1, got "2"/ },
  { name: '--min-confidence NaN', args: ['list', '--min-confidence', 'NaN'], error: /--min-confidence must be a number from 0 to 1/ },
  { name: '--concurrency 0', args: ['remember', '--batch', '--concurrency', '0'], input: '', error: /--concurrency must be between 1 and 32, got 0/ },
  { name: '--concurrency 1000', args: ['remember', '--batch', '--concurrency', '1000'], input: '', error: /--concurrency must be between 1 and 32, got 1000/ },

  // Unknown strategies, choices and commands
  { name: 'unknown --on-conflict strategy', args: [...raw, '--on-conflict', 'nuke', 'x'], error: /unknown conflict strategy "nuke"/ },
  { name: 'empty --on-conflict strategy', args: [...raw, '--on-conflict', '', 'x'], error: /unknown conflict strategy ""/ },
  { name: 'unknown --extractor', args: ['remember', '--extractor', 'gpt5', 'x'], error: /'gpt5' is invalid/ },
  { name: 'unknown HARMONIA_EXTRACTOR', args: ['remember', 'x'], env: { HARMONIA_EXTRACTOR: 'magic' }, error: /invalid extractor "magic" \(from HARMONIA_EXTRACTOR\)/ },
  { name: 'unknown --type', args: ['list', '--type', 'feelings'], error: /unknown memory type "feelings"/ },
  { name: 'unknown --status', args: ['list', '--status', 'gone'], error: /unknown status "gone"/ },
  { name: 'unknown --sort', args: ['list', '--sort', 'random'], error: /'random' is invalid/ },
  { name: 'unknown --format', args: ['list', '--format', 'yaml'], error: /'yaml' is invalid/ },
  { name: 'format list cannot print', args: ['remember', '--format', 'csv', '--extractor', 'raw', 'x'], error: /invalid format "csv" \(from --format\) for this command/ },
  { name: 'unknown command', args: ['frobnicate'], error: /unknown command 'frobnicate'/ },
  { name: 'unknown option', args: ['list', '--frobnicate'], error: /unknown option '--frobnicate'/ },
  { name: '--batch with --retry', args: ['remember', '--batch', '--retry'], input: '', error: /--batch and --retry cannot be used together/ },
  { name: '--batch with a message', args: ['remember', '--batch', 'hello'], input: '', error: /--batch takes no message arguments/ },
  { name: '--retry with --source', args: ['remember', '--retry', '--source', 'x'], error: /--retry keeps each message's own/ },
  { name: 'empty --data-dir', args: ['--data-dir', '', 'list'], error: /--data-dir must not be empty/ },

  // Ids and destructive commands
  { name: 'show an empty id', args: ['show', ''], error: /a memory id must not be empty/ },
  { name: 'show a path', args: ['show', '../../etc/passwd'], exit: 3, error: /no memory matches "\.\.\/\.\.\/etc\/passwd"/ },
  { name: 'show a SQL LIKE pattern', args: ['show', 'mem_%'], exit: 3, error: /no memory matches "mem_%"/ },
  { name: 'rm an unknown id among known ones', args: ['rm', 'SEED_ID', 'mem_zzzzzzzz'], exit: 3, error: /no memory matches "mem_zzzzzzzz"/ },
  { name: 'rm without ids', args: ['rm'], error: /name the memories to delete, or use --all/ },
  { name: 'rm --all without --yes off a TTY', args: ['rm', '--all'], error: /--yes/ },
  { name: 'rm --all --purge without --yes', args: ['rm', '--all', '--purge'], error: /--yes/ },
  { name: 'restore an active memory', args: ['restore', 'SEED_ID'], error: /is active; only deleted, archived or superseded memories can be restored/ },

  // Malformed config files
  { name: 'config: not JSON', args: ['list'], config: '{"storage": ', error: /config file .* is not valid JSON/ },
  { name: 'config: a JSON array', args: ['list'], config: '[]', error: /invalid config file .*: \(root\)/ },
  { name: 'config: unknown key', args: ['list'], config: '{"colour": true}', error: /invalid config file .*: colour is not a known setting/ },
  { name: 'config: wrong type', args: ['list'], config: '{"storage": {"busyTimeoutMs": "fast"}}', error: /invalid config file .*: storage\.busyTimeoutMs/ },
  { name: 'config: out of range', args: ['list'], config: '{"limits": {"maxMessageBytes": 0}}', error: /invalid config file .*: limits\.maxMessageBytes/ },
  { name: 'config: invalid zone', args: ['list'], config: '{"timezone": "Mars/Base"}', error: /invalid config file .*: timezone must be an IANA time zone/ },
  { name: 'config: non-http Ollama host', args: ['list'], config: '{"ollama": {"host": "ftp://example.com"}}', error: /invalid config file .*: ollama\.host must be an http\(s\) URL/ },
  { name: 'config: unknown strategy', args: ['list'], config: '{"conflicts": {"policy": "nuke"}}', error: /invalid config file .*: conflicts\.policy/ },
  { name: 'config: secrets.redact as a string', args: ['list'], config: '{"secrets": {"redact": "no"}}', error: /invalid config file .*: secrets\.redact/ },
  { name: 'config: NUL bytes', args: ['list'], config: '\u0000\u0000', error: /config file .* is not valid JSON/ },

  // Config commands and exports with bad values: the config file and the target stay as they were
  { name: 'config set: not a number', args: ['config', 'set', 'limits.maxMessageBytes', 'abc'], error: /invalid value "abc" for limits\.maxMessageBytes/ },
  { name: 'config set: unknown key', args: ['config', 'set', 'colour', 'red'], error: /unknown config key "colour"/ },
  { name: 'config set: invalid zone', args: ['config', 'set', 'timezone', 'Mars/Base'], error: /invalid value "Mars\/Base" for timezone/ },
  { name: 'config set: non-http host', args: ['config', 'set', 'ollama.host', 'ftp://x'], error: /invalid value "ftp:\/\/x" for ollama\.host/ },
  { name: 'config set over a malformed file', args: ['config', 'set', 'extractor', 'raw'], config: '{"extractor": ', error: /config file .* is not valid JSON/ },
  { name: 'conflicts policy set: unknown strategy', args: ['conflicts', 'policy', 'set', 'nuke'], error: /unknown conflict strategy "nuke"/ },
  { name: 'conflicts resolve: unknown id', args: ['conflicts', 'resolve', 'cfl_zzzz'], exit: 3, error: /no conflict matches "cfl_zzzz"/ },
  { name: 'export: unknown format', args: ['export', '--format', 'yaml'], error: /'yaml' is invalid/ },
  { name: 'export -o into a missing folder', args: ['export', '-o', '/nonexistent/dir/x.json'], error: /folder \/nonexistent\/dir does not exist/ },
  { name: 'export -o onto a folder', args: ['export', '-o', '/'], error: /it is a folder/ },
  { name: 'export: history in csv', args: ['export', '--include-history', '--format', 'csv'], error: /--include-history needs --format json, ndjson or md/ },
  { name: 'export: invalid --since', args: ['export', '--since', 'the day before never'], error: /invalid --since time/ },

  // Malformed export files for import
  { name: 'import: a file that does not exist', args: ['import', '/nonexistent/export.json'], error: /no such file: \/nonexistent\/export\.json/ },
  { name: 'import: a folder', args: ['import', '/'], error: /is a folder, not an export/ },
  { name: 'import: empty file', args: ['import', '$FILE'], file: '', error: /not a Harmonia export: the input is empty/ },
  { name: 'import: not JSON', args: ['import', '$FILE'], file: 'this is not an export\n', error: /not a Harmonia export: it starts with "this is not an export"/ },
  { name: 'import: truncated JSON document', args: ['import', '$FILE'], file: '{"format": "harmonia-export", "version": 1,\n"memories": [{"id": "mem_', error: /the input ends in the middle of record 1 \(line 2\)/ },
  { name: 'import: another format', args: ['import', '$FILE'], file: '{\n  "format": "mem0-export",\n  "version": 1,\n  "memories": []\n}\n', error: /not a Harmonia export: "format" is "mem0-export"/ },
  { name: 'import: a newer version', args: ['import', '$FILE'], file: '{\n  "format": "harmonia-export",\n  "version": 99,\n  "memories": []\n}\n', error: /this export is version 99, newer than this harmonia reads/ },
  { name: 'import: NDJSON lines of the wrong shape', args: ['import', '$FILE'], file: '{"format": "mem0-export"}\n{"id": "mem_1"}\n', error: /^record 1 \(line 1\): /, errorLines: 2, summary: true },
  { name: 'import: invalid UTF-8', args: ['import', '$FILE'], file: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), error: /not valid UTF-8/ },
  {
    name: 'import: records of the wrong types',
    args: ['import', '$FILE'],
    file: '[{"id": 5, "content": ["x"], "type": "feelings", "confidence": 7}]',
    error: /^record 1/,
    summary: true,
  },

  // FTS syntax in queries: any text is a valid query (exit 0, a JSON array)
  ...[
    '"unbalanced',
    'C++',
    'oat-milk',
    'NOT',
    'a@b.com',
    '2024-09-01',
    '*',
    '(dog',
    'AND OR NOT NEAR',
    'content:secret',
    'NEAR(kite hill, 2)',
    '^start',
    "it's",
    '{} [] ()',
    '"" ""',
    '\\',
    'ｄｏｇ 🐕',
    'x'.repeat(5000),
  ].map((query): Case => ({ name: `search ${JSON.stringify(query.length > 30 ? `${query.slice(0, 12)}... (${query.length} chars)` : query)}`, args: ['search', query, '--json'], exit: 0, stdout: 'json-array' })),
];

/** The data directory's files, without the -wal/-shm that exist while a process has a file open. */
const storedFiles = (dataDir: string): string[] => filesUnder(dataDir).filter((f) => !/-(wal|shm|journal)$/.test(f)).sort();

let home: Home;
let before: { tester: string; other: string; files: string[] };
let seedId = '';

/** Each case gets its own copy of the seeded home, so a case that wrongly writes is the one that fails. */
function caseHome(index: number): Home {
  const dir = join(home.dir, `case-${index}`);
  cpSync(home.dataDir, join(dir, 'data'), { recursive: true });
  const dataDir = join(dir, 'data');
  const configPath = join(dir, 'config.json');
  const env: Env = { ...home.env, HARMONIA_HOME: dataDir, HARMONIA_CONFIG: configPath, HOME: dir };
  return {
    dir,
    env,
    dataDir,
    dbPath: (user = env.HARMONIA_USER!) => join(dataDir, 'users', `${user}.db`),
    config: (value) => writeFileSync(configPath, typeof value === 'string' ? value : JSON.stringify(value)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function run(c: Case, at: Home): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const env = { ...at.env, ...c.env };
  // The case's own config file; the snapshots afterwards read the store with the valid one.
  if (c.config !== undefined) {
    env.HARMONIA_CONFIG = join(at.dir, 'case-config.json');
    writeFileSync(env.HARMONIA_CONFIG, c.config);
  }
  const file = join(at.dir, 'input.json');
  if (c.file !== undefined) writeFileSync(file, c.file);
  const args = c.args.map((a) => (a === '$FILE' ? file : a === 'SEED_ID' ? seedId : a));
  return harmonia(args, env, c.input, 60_000);
}

beforeAll(async () => {
  home = makeHome();
  const seeded = await harmonia(batch, home.env, ndjson([
    { message: 'The red kite flew over the hill', source: 'seed:1' },
    { message: 'I like oat-milk in my coffee', source: 'seed:2' },
    { message: 'Email me at a@b.com about C++', source: 'seed:3' },
  ]));
  expect(seeded.exitCode).toBe(0);
  seedId = JSON.parse(seeded.stdout.split('\n')[0]!).memories[0].id;
  const removed = await harmonia(['rm', JSON.parse(seeded.stdout.split('\n')[1]!).memories[0].id], home.env);
  expect(removed.exitCode).toBe(0);
  const other = await harmonia(['-u', 'other', ...raw, 'Other user memory'], home.env);
  expect(other.exitCode).toBe(0);
  before = { tester: await snapshotStore(home), other: await snapshotStore(home, 'other'), files: storedFiles(home.dataDir) };
  expect(before.tester).toContain('oat-milk');
}, 60_000);

afterAll(() => {
  figure('hostile input', 'cases (table-driven)', CASES.length);
  figure('hostile input', 'documented exit code, clean one-line error, store unchanged', `${passed}/${CASES.length}`);
  printFigures();
  home?.cleanup();
});

let passed = 0;

describe('hostile input', () => {
  it('has at least 60 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.concurrent.each(CASES.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, index) => {
    const at = caseHome(index);
    try {
      const configFiles = [at.env.HARMONIA_CONFIG!, join(at.dir, 'case-config.json')];
      const configBefore = configFiles.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
      const result = await run(c, at);
      const exit = c.exit ?? 2;
      expect(result.exitCode, result.stderr).toBe(exit);
      expect(result.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
      if (exit === 0) {
        expect(result.stderr).toBe('');
        const parsed: unknown = JSON.parse(result.stdout);
        expect(Array.isArray(parsed)).toBe(true);
        if (c.stdout === 'empty-array') expect(parsed).toEqual([]);
      } else {
        expect(isCleanError(result.stderr), result.stderr).toBe(true);
        const lines = result.stderr.split('\n').filter((l) => l.startsWith('harmonia: '));
        expect(lines, result.stderr).toHaveLength(c.errorLines ?? 1);
        if (c.error) expect(lines[0]!.slice('harmonia: '.length)).toMatch(c.error);
        if ((c.errorLines ?? 1) === 1 && !c.summary) expect(result.stdout).toBe('');
      }
      expect(await snapshotStore(at)).toBe(before.tester);
      expect(await snapshotStore(at, 'other')).toBe(before.other);
      expect(storedFiles(at.dataDir)).toEqual(before.files);
      // run() writes the case's config file before it starts; after, it must read as it was written.
      const configAfter = configFiles.map((f) => (existsSync(f) ? readFileSync(f, 'utf8') : null));
      expect(configAfter).toEqual([configBefore[0], c.config ?? null]);
      passed++;
    } finally {
      at.cleanup();
    }
  }, 120_000);
});
