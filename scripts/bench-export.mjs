#!/usr/bin/env node
// Export / import benchmark (issue 6 targets). Builds a store of N memories (default 100,000) with messages and
// history, then times, as a user would run them (the built binary, start-up included):
//   - the floors: `sqlite3 -csv` over the memories table (if the shell is installed) and a bare better-sqlite3
//     iterate loop writing one JSON line per row;
//   - `harmonia export` in csv, ndjson, json, md, text, and json with history;
//   - `harmonia import` of the ndjson and json exports into an empty user (memories/s);
//   - the round trip: the re-export of the imported user equals the first export, byte for byte, apart from the
//     user and exported_at.
// Peak RSS of each harmonia run comes from the child itself (process.resourceUsage().maxRSS, via --import).
//
//   npm run build && node scripts/bench-export.mjs [--count 100000] [--export-only] [--keep]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] ?? 0) || 100_000;
const KEEP = args.includes('--keep');
/** Only the exports (e.g. to check that memory stays flat at a larger --count). */
const EXPORT_ONLY = args.includes('--export-only');

const { openUserStore } = await import(pathToFileURL(join(root, 'dist/store/store.js')).href);
const { newId } = await import(pathToFileURL(join(root, 'dist/core/ids.js')).href);
const { MEMORY_TYPES } = await import(pathToFileURL(join(root, 'dist/core/memory.js')).href);
const { snapshot } = await import(pathToFileURL(join(root, 'dist/core/history.js')).href);

const work = mkdtempSync(join(tmpdir(), 'harmonia-bench-export-'));
const dataDir = join(work, 'data');
const env = { ...process.env, HARMONIA_HOME: dataDir, HARMONIA_CONFIG: join(work, 'config.json'), HARMONIA_TZ: 'UTC', NO_COLOR: '1' };
const rssHook = join(work, 'rss-hook.mjs');
writeFileSync(
  rssHook,
  "import { writeFileSync } from 'node:fs';\n" +
    "process.on('exit', () => { if (!process.env.RSS_FILE) return; const u = process.resourceUsage();\n" +
    "  writeFileSync(process.env.RSS_FILE, JSON.stringify({ rssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })); });\n",
);

const CATEGORIES = ['pets/dogs', 'pets/cats', 'food/drinks', 'work/projects', 'family', 'health/allergies', 'travel', 'hobbies/music'];
const WORDS = ['Biggie', 'oat milk', 'AWS', 'Lisbon', 'Python', 'the dentist', 'marathon', 'Costco', 'piano', 'Mercy Hospital'];

function seed(user, count) {
  const store = openUserStore({ dataDir, user, busyTimeoutMs: 5000, create: true });
  const start = Date.UTC(2023, 0, 1);
  store.write(() => {
    let message = null;
    for (let i = 0; i < count; i++) {
      const at = new Date(start + i * 60_000).toISOString();
      if (i % 2 === 0) {
        message = {
          id: newId('msg', start + i * 60_000),
          content: `Message ${i}: I told you about ${WORDS[i % WORDS.length]} and ${WORDS[(i * 7) % WORDS.length]}, remember it.`,
          refAt: at, timeZone: 'Europe/Lisbon', session: `s${i % 50}`, source: `chat:${i}`, status: 'processed',
          extractor: 'rules', error: null, attempts: 1, createdAt: at, processedAt: at,
        };
        store.messages.insert(message);
      }
      const event = i % 5 === 0 ? new Date(start + i * 3_600_000).toISOString().replace('.000Z', '+00:00') : null;
      const memory = {
        id: newId('mem', start + i * 60_000), user, type: MEMORY_TYPES[i % MEMORY_TYPES.length],
        content: `User mentioned ${WORDS[i % WORDS.length]} (fact number ${i}), with "quotes", commas and ümlauts`,
        category: CATEGORIES[i % CATEGORIES.length], confidence: [0.9, 0.75, 0.6][i % 3], status: i % 50 === 0 ? 'archived' : 'active',
        entities: i % 3 === 0 ? [] : [WORDS[i % WORDS.length]], eventAt: event, eventEnd: null, eventGrain: event ? 'hour' : null,
        eventText: event ? 'tomorrow at 2pm' : null, createdAt: at, updatedAt: at, lastSeenAt: at, version: 1,
        source: { messageId: message.id, ref: `chat:${i}`, session: `s${i % 50}` },
      };
      store.memories.insert(memory);
      store.history.record({ memoryId: memory.id, version: 1, action: 'created', before: null, after: snapshot(memory), reason: null, actor: 'extractor:rules', conflictId: null, at });
    }
  });
  const path = store.path;
  store.close();
  return path;
}

function harmonia(cmd, { input } = {}) {
  const rssFile = join(work, 'rss.txt');
  rmSync(rssFile, { force: true });
  const t0 = performance.now();
  const child = spawnSync(process.execPath, ['--import', pathToFileURL(rssHook).href, join(root, 'bin/harmonia.js'), ...cmd], {
    env: { ...env, RSS_FILE: rssFile },
    input,
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (child.status !== 0) throw new Error(`harmonia ${cmd.join(' ')} exited ${child.status}: ${child.stderr}`);
  const usage = JSON.parse(readFileSync(rssFile, 'utf8'));
  return { ms, cpuMs: usage.cpuMs, rssMb: usage.rssKb / 1024, stdout: child.stdout };
}

function best(runs, fn) {
  let result = null;
  for (let i = 0; i < runs; i++) {
    const r = fn();
    if (!result || r.ms < result.ms) result = r;
  }
  return result;
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
// Wall time is what the targets name; CPU time (user + system) shows what a busy machine added to it.
const report = (name, r, extra = '') => {
  const cpu = r.cpuMs === undefined ? '' : `cpu ${fmt(r.cpuMs)}`;
  console.error(`${name.padEnd(58)} ${fmt(r.ms).padStart(8)} ${cpu.padStart(11)} ${r.rssMb ? `${r.rssMb.toFixed(0).padStart(5)} MB` : '        '}  ${extra}`);
};
const load = () => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : '?');

if (KEEP) console.error(`working in ${work}`);
console.error(`seeding ${COUNT} memories (plus ${COUNT / 2} messages and ${COUNT} history rows)...`);
const t0 = performance.now();
const dbPath = seed('bench', COUNT);
console.error(`seeded in ${fmt(performance.now() - t0)}; ${(statSync(dbPath).size / 1e6).toFixed(0)} MB file; load average ${load()} on ${(await import('node:os')).cpus().length} cores`);
console.error(`${'run (best of 3)'.padEnd(58)} ${'wall'.padStart(8)} ${'cpu'.padStart(11)} peak RSS`);

// Floors.
const sqliteShell = spawnSync('sqlite3', ['-version']).status === 0;
let floor = null;
if (sqliteShell) {
  const out = join(work, 'floor.csv');
  const r = best(3, () => {
    const t = performance.now();
    const child = spawnSync('sh', ['-c', `sqlite3 -csv -header '${dbPath}' 'SELECT * FROM memories' > '${out}'`]);
    if (child.status !== 0) throw new Error(`sqlite3 failed: ${child.stderr}`);
    return { ms: performance.now() - t };
  });
  report('floor: sqlite3 -csv SELECT * FROM memories', r);
  floor = r.ms;
}
// The bare better-sqlite3 loop, as its own process like harmonia (start-up included): every row, as a JSON line.
const loopScript = join(work, 'floor-loop.mjs');
writeFileSync(
  loopScript,
  `import Database from ${JSON.stringify(pathToFileURL(join(root, 'node_modules/better-sqlite3/lib/index.js')).href)};\n` +
    "import { createWriteStream } from 'node:fs';\n" +
    'const db = new Database(process.argv[2], { readonly: true });\n' +
    'const out = createWriteStream(process.argv[3]);\n' +
    "let buffer = '';\n" +
    "for (const row of db.prepare('SELECT * FROM memories').raw().iterate()) {\n" +
    "  buffer += JSON.stringify(row) + '\\n';\n" +
    "  if (buffer.length > 65536) { out.write(buffer); buffer = ''; }\n" +
    '}\n' +
    'out.end(buffer);\n',
);
const iterateFloor = best(3, () => {
  const t = performance.now();
  const child = spawnSync(process.execPath, [loopScript, dbPath, join(work, 'floor.ndjson')]);
  if (child.status !== 0) throw new Error(`the iterate loop failed: ${child.stderr}`);
  return { ms: performance.now() - t };
});
report('floor: node + better-sqlite3 raw iterate -> JSON lines', iterateFloor);

// Where an export's time goes, piece by piece: start-up (as processes), then the work in this process on the same
// store, without a file (best of 3 each).
const startup = (args) => best(3, () => {
  const t = performance.now();
  const child = spawnSync(process.execPath, args, { env });
  if (child.status !== 0) throw new Error(`${args.join(' ')} failed: ${child.stderr}`);
  return { ms: performance.now() - t };
});
report('  piece: node -e 0', startup(['-e', '0']));
report('  piece: harmonia --version (node + the CLI bundle)', startup([join(root, 'bin/harmonia.js'), '--version']));
{
  const { SqliteExportSource } = await import(pathToFileURL(join(root, 'dist/store/export-source.js')).href);
  const { ndjsonChunks } = await import(pathToFileURL(join(root, 'dist/core/export.js')).href);
  const { csvChunks, EXPORT_CSV_COLUMNS } = await import(pathToFileURL(join(root, 'dist/cli/export-render.js')).href);
  const { stringify } = await import('csv-stringify/sync');
  const store = openUserStore({ dataDir, user: 'bench', busyTimeoutMs: 5000, create: false });
  const filter = { statuses: ['active', 'archived', 'superseded'] };
  const inProcess = (fn) => best(3, () => {
    const t = performance.now();
    fn();
    return { ms: performance.now() - t };
  });
  const drain = (iterable) => {
    let n = 0;
    for (const chunk of iterable) n += chunk.length;
    return n;
  };
  const columns = EXPORT_CSV_COLUMNS.map((c) => `m.${c}`).join(', ');
  const rawColumns = store.db.prepare(`SELECT ${columns} FROM memories m WHERE +m.status IN ('active', 'archived', 'superseded') ORDER BY m.id`).raw();
  report('  piece: iterate the csv columns (raw rows, nothing else)', inProcess(() => drain(rawColumns.iterate())));
  report('  piece: the memories as domain objects, nothing else', inProcess(() => drain(new SqliteExportSource(store, filter).memories('created'))));
  report('  piece: + csv-stringify: the csv text, no file', inProcess(() => drain(csvChunks(new SqliteExportSource(store, filter).memories('created'), stringify, () => {}))));
  report('  piece: the ndjson records, no file', inProcess(() => drain(ndjsonChunks(new SqliteExportSource(store, filter), { includeHistory: false }))));
  store.close();
}

// Exports.
const exportFile = (name) => join(work, name);
const targets = {};
for (const [format, extra] of [['csv', []], ['ndjson', []], ['json', []], ['md', []], ['text', []], ['json', ['--include-history', '--include-deleted']], ['ndjson', ['--include-history', '--include-deleted']]]) {
  const file = exportFile(`export-${format}${extra.length ? '-full' : ''}.${format === 'text' ? 'txt' : format}`);
  const r = best(3, () => harmonia(['export', '-u', 'bench', '--format', format, ...extra, '-o', file]));
  const ratio = r.ms / (floor ?? iterateFloor.ms);
  const loopRatio = r.ms / iterateFloor.ms;
  const vs = floor === null ? '' : `${ratio.toFixed(1)}x sqlite3, `;
  report(`export --format ${format} ${extra.join(' ')}`.trim(), r, `${(statSync(file).size / 1e6).toFixed(0)} MB; ${vs}${loopRatio.toFixed(1)}x the loop`);
  targets[`${format}${extra.length ? '-full' : ''}`] = { ...r, file, ratio, loopRatio };
}

// Imports and the round trip.
let importRate = Infinity;
let run = 0;
for (const key of EXPORT_ONLY ? [] : ['ndjson-full', 'json-full', 'csv']) {
  // Best of two, each into a new, empty user.
  let r = null;
  let user = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const candidate = `imported${run++}`;
    const timed = harmonia(['import', '-u', candidate, '-q', targets[key].file]);
    if (!r || timed.ms < r.ms) {
      r = timed;
      user = candidate;
    }
  }
  const rate = Math.round(COUNT / (r.ms / 1000));
  if (key !== 'csv') importRate = Math.min(importRate, rate);
  report(`import ${key} (${COUNT} memories)`, r, `${rate} memories/s`);
  const format = key.split('-')[0];
  const again = exportFile(`reexport-${key}.${format}`);
  harmonia(['export', '-u', user, '--format', format, ...(key === 'csv' ? [] : ['--include-history', '--include-deleted']), '-o', again]);
  const normalise = (text, who) =>
    text.replace(/"exported_at": "[^"]*"/, '"exported_at": ""').replaceAll(`"user":"${who}"`, '"user":""').replace(`"user": "${who}"`, '"user": ""');
  const same = normalise(readFileSync(targets[key].file, 'utf8'), 'bench') === normalise(readFileSync(again, 'utf8'), user);
  console.error(`round trip ${key}: ${same ? 'exact' : 'DIFFERENT'}`);
  if (!same) process.exitCode = 1;
}

const check = (ok, text) => console.error(`${ok ? 'ok  ' : 'MISS'} ${text}`);
console.error(`\nload average now ${load()}`);
for (const key of ['csv', 'ndjson']) {
  const t = targets[key];
  check(t.ms <= 1500, `export ${key} ${fmt(t.ms)} <= 1.5 s`);
  check(t.ratio <= 2, `export ${key} ${t.ratio.toFixed(2)}x ${floor === null ? 'the iterate loop' : 'sqlite3 -csv'} <= 2x`);
  if (floor !== null) check(t.loopRatio <= 2, `export ${key} ${t.loopRatio.toFixed(2)}x the bare better-sqlite3 loop <= 2x`);
  check(t.rssMb <= 150, `export ${key} peak RSS ${t.rssMb.toFixed(0)} MB <= 150 MB`);
}
if (!EXPORT_ONLY) check(importRate >= 20_000, `import ${importRate} memories/s >= 20,000`);
if (!KEEP) rmSync(work, { recursive: true, force: true });
else console.error(`kept ${work}`);
