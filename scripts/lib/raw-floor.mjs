// The least a raw `remember --batch` line must do, with harmonia's own modules and nothing around them: parse the
// line, redact secrets, validate the candidate (the one zod schema), look up the message's twin and the same text,
// hold the message, memory and history rows, print the record; groups of 500 lines, written at each group's end
// (WriteStage) and committed. No commander, no config, no async pipeline, no conflict placer, no progress.
//
//   node scripts/lib/raw-floor.mjs DATA_DIR [--breakdown] < lines.ndjson > /dev/null
//
// Used by `npm run bench` (ingest section) as the floor a whole process could reach on this machine. With
// --breakdown it times each step (which slows it down) and prints ms per step over all lines on stderr as JSON.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (path) => import(pathToFileURL(join(root, 'dist', path)).href);
const [{ openUserStore }, { newId }, { newMemory, memoryToJson }, { redactSecrets }, { parseCandidates }, { rawCandidate }, { snapshot }] =
  await Promise.all([
    dist('store/store.js'),
    dist('core/ids.js'),
    dist('core/memory.js'),
    dist('core/secrets.js'),
    dist('extract/schema.js'),
    dist('extract/raw.js'),
    dist('core/history.js'),
  ]);

const lines = readFileSync(0, 'utf8').split('\n').filter((line) => line.trim() !== '');
const store = openUserStore({ dataDir: process.argv[2], user: 'floor', busyTimeoutMs: 5000, create: true });
const spent = {};
const step = process.argv.includes('--breakdown')
  ? (name, fn) => {
      const started = process.hrtime.bigint();
      const value = fn();
      spent[name] = (spent[name] ?? 0n) + process.hrtime.bigint() - started;
      return value;
    }
  : (_name, fn) => fn();
for (let i = 0; i < lines.length; i += 500) {
  store.db.exec('BEGIN IMMEDIATE');
  store.stage.begin();
  const out = [];
  for (const text of lines.slice(i, i + 500)) {
    const line = step('parse', () => JSON.parse(text));
    const message = step('redact', () => redactSecrets(line.message.trim()).text);
    const [at, refAt] = step('times', () => [new Date().toISOString(), new Date(line.at).toISOString()]);
    step('lookups', () => store.messages.findDuplicate(line.source, message));
    const candidate = step('validate', () => parseCandidates([rawCandidate(message)], { verbatim: true }).memories[0]);
    const msg = { id: newId('msg'), content: message, refAt, timeZone: 'UTC', session: line.session, source: line.source, status: 'processed', extractor: 'raw', error: null, attempts: 1, createdAt: at, processedAt: at };
    const memory = step('build', () => newMemory({ user: 'floor', ...candidate, at, source: { messageId: msg.id, ref: msg.source, session: msg.session } }));
    step('lookups', () => store.conflicts.sameText(memory.content));
    step('hold rows', () => {
      store.messages.insert(msg);
      store.memories.insert(memory);
      store.history.record({ memoryId: memory.id, version: 1, action: 'created', before: null, after: snapshot(memory), reason: `remembered from ${msg.id}`, actor: 'extractor:raw', conflictId: null, at });
    });
    step('record', () => out.push(`${JSON.stringify({ message_id: msg.id, extractor: 'raw', memories: [{ ...memoryToJson(memory), action: 'created' }], conflicts: [] })}\n`));
  }
  step('write + commit', () => {
    store.stage.end();
    store.db.exec('COMMIT');
  });
  process.stdout.write(out.join(''));
}
store.close();
if (process.argv.includes('--breakdown')) process.stderr.write(`${JSON.stringify(Object.fromEntries(Object.entries(spent).map(([name, ns]) => [name, Math.round(Number(ns) / 1e5) / 10])))}\n`);
