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
//   npm run build && node scripts/bench-export.mjs [--count 100000] [--keep]
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] ?? 0) || 100_000;
const KEEP = args.includes('--keep');

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
    "process.on('exit', () => { if (process.env.RSS_FILE) writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS)); });\n",
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
  return { ms, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024, stdout: child.stdout };
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
const rows = [];
const report = (name, r, extra = '') => {
  rows.push([name, fmt(r.ms), r.rssMb ? `${r.rssMb.toFixed(0)} MB` : '', extra]);
  console.error(`${name.padEnd(44)} ${fmt(r.ms).padStart(8)} ${r.rssMb ? `${r.rssMb.toFixed(0).padStart(5)} MB` : '        '} ${extra}`);
};

if (KEEP) console.error(`working in ${work}`);
console.error(`seeding ${COUNT} memories (plus ${COUNT / 2} messages and ${COUNT} history rows)...`);
const t0 = performance.now();
const dbPath = seed('bench', COUNT);
console.error(`seeded in ${fmt(performance.now() - t0)}; ${(statSync(dbPath).size / 1e6).toFixed(0)} MB file`);

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
const iterateFloor = best(3, () => {
  const t = performance.now();
  const db = new Database(dbPath, { readonly: true });
  const out = createWriteStream(join(work, 'floor.ndjson'));
  let buffer = '';
  for (const row of db.prepare('SELECT * FROM memories').iterate()) {
    buffer += `${JSON.stringify(row)}\n`;
    if (buffer.length > 65536) {
      out.write(buffer);
      buffer = '';
    }
  }
  out.end(buffer);
  db.close();
  return { ms: performance.now() - t };
});
report('floor: better-sqlite3 iterate -> JSON lines', iterateFloor, '(in-process, no start-up)');
floor ??= iterateFloor.ms;

// Exports.
const exportFile = (name) => join(work, name);
const targets = {};
for (const [format, extra] of [['csv', []], ['ndjson', []], ['json', []], ['md', []], ['text', []], ['json', ['--include-history', '--include-deleted']], ['ndjson', ['--include-history', '--include-deleted']]]) {
  const file = exportFile(`export-${format}${extra.length ? '-full' : ''}.${format === 'text' ? 'txt' : format}`);
  const r = best(3, () => harmonia(['export', '-u', 'bench', '--format', format, ...extra, '-o', file]));
  const ratio = r.ms / floor;
  report(`export --format ${format} ${extra.join(' ')}`.trim(), r, `${(statSync(file).size / 1e6).toFixed(0)} MB, ${ratio.toFixed(2)}x floor`);
  targets[`${format}${extra.length ? '-full' : ''}`] = { ...r, file, ratio };
}

if (process.env.BENCH_EXPORT_ONLY) process.exit(0);
// Imports and the round trip.
for (const [i, key] of ['ndjson-full', 'json-full'].entries()) {
  const user = `imported${i}`;
  const r = harmonia(['import', '-u', user, '-q', targets[key].file]);
  report(`import ${key} (${COUNT} memories)`, r, `${Math.round(COUNT / (r.ms / 1000))} memories/s`);
  const again = exportFile(`reexport-${key}`);
  harmonia(['export', '-u', user, '--format', key.split('-')[0], '--include-history', '--include-deleted', '-o', again]);
  const normalise = (text, who) =>
    text.replace(/"exported_at": "[^"]*"/, '"exported_at": ""').replaceAll(`"user":"${who}"`, '"user":""').replace(`"user": "${who}"`, '"user": ""');
  const same = normalise(readFileSync(targets[key].file, 'utf8'), 'bench') === normalise(readFileSync(again, 'utf8'), user);
  console.error(`round trip ${key}: ${same ? 'exact' : 'DIFFERENT'}`);
  if (!same) process.exitCode = 1;
}

const check = (ok, text) => console.error(`${ok ? 'ok  ' : 'MISS'} ${text}`);
console.error('');
for (const key of ['csv', 'ndjson']) {
  const t = targets[key];
  check(t.ms <= 1500, `export ${key} ${fmt(t.ms)} <= 1.5 s`);
  check(t.ratio <= 2, `export ${key} ${t.ratio.toFixed(2)}x the floor <= 2x`);
  check(t.rssMb <= 150, `export ${key} peak RSS ${t.rssMb.toFixed(0)} MB <= 150 MB`);
}
if (!KEEP) rmSync(work, { recursive: true, force: true });
else console.error(`kept ${work}`);
