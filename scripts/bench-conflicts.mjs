#!/usr/bin/env node
// Conflict detection cost: what placing one candidate memory costs with detection (nearest memories from the
// full-text index and the category, frames, classification, the strategy) beyond placing it without, in a store
// of 10k and 100k active memories. Extraction is not timed: candidates are built directly, as the rules extractor
// writes them.
//
//   node scripts/bench-conflicts.mjs                 10k and 100k
//   node scripts/bench-conflicts.mjs --sizes 100000  other sizes
//
// Stores are synthetic (templated facts over varied vocabularies plus chat-like episodic turns, 40 categories),
// generated from a seeded PRNG and cached under bench/out/ (delete it to regenerate). Each run works on a copy.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prng } from './lib/prng.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;
const OUT = join(root, 'bench', 'out');
const GENERATOR_VERSION = 2;
const TARGET_MS = 5;

const { openUserStore } = await import(dist('store/store.js'));
const { newId } = await import(dist('core/ids.js'));
const { newMemory } = await import(dist('core/memory.js'));
const { createEveryCandidate } = await import(dist('core/remember.js'));
const { ConflictPlacer } = await import(dist('core/conflicts/placer.js'));


const SYLLABLES = 'ka lo mi ra te su no vi da pe ri go ma ne lu ba ko si tu fe ja mo ze ti ha yo wa ru de bi'.split(' ');
const COMMON = 'the a and to of in it is was for on with he she they we you that this had have went got said about just really like love time day today week good great nice new old little big'.split(' ');
const FIRST = 'Anna Mark Sarah Tom Luna Biggie Emma Leo Maria Sofia Jason Priya Omar Chen Lucia Noah Ivy Max Ruby Felix'.split(' ');
const CITIES = 'Denver Boston Austin Paris Lisbon Chicago Seattle Portland Berlin Madrid Tokyo Osaka Lima Cairo Oslo Rome Dublin Prague Vienna Kyoto'.split(' ');
const THINGS = 'pizza sushi jazz hiking tennis chess coffee tea running yoga painting guitar piano salsa ramen tacos cycling swimming poetry gardening'.split(' ');
const TOYS = 'yellow ball|stuffed chicken|rope toy|squeaky duck|blue frisbee|old sock|rubber bone|tennis ball'.split('|');
const JOBS = 'nurse|teacher|software engineer|designer|accountant|chef|pilot|lawyer|analyst|barista'.split('|');
const ORGS = 'AWS|Google|Globex|Acme|Initech|Umbrella|Hooli|Stark|Wayne|Cyberdyne'.split('|');
const CATEGORIES = [
  'identity/name', 'identity/age', 'location/home', 'work/employer', 'work/role', 'pets/dogs', 'pets/cats', 'family/siblings',
  'family/children', 'food/likes', 'food/dislikes', 'music/likes', 'hobbies', 'sports', 'travel', 'health/allergies', 'health/diet',
  'events/appointments', 'goals', 'skills/languages', 'conversation', 'others/likes', 'friends', 'home/garden', 'finance',
  'education', 'shopping', 'tech/devices', 'books', 'movies', 'cars', 'weather', 'mood', 'plans/weekend', 'plans/trips',
  'projects', 'routines', 'school', 'volunteering', 'neighbours',
];

function generator(seed) {
  const r = prng(seed);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const word = () => {
    const n = 1 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += pick(SYLLABLES);
    return w;
  };
  // A Zipf-ish vocabulary for chat turns: a few thousand made-up words plus common English.
  const vocabulary = Array.from({ length: 4000 }, word);
  const zipf = () => vocabulary[Math.floor(vocabulary.length * r() ** 2.5)];
  const templates = [
    () => [`User likes ${pick(THINGS)} and ${zipf()}`, 'preference', pick(['food/likes', 'hobbies', 'music/likes'])],
    () => [`User visited ${pick(CITIES)} in ${2000 + Math.floor(r() * 25)}`, 'episodic', 'travel'],
    () => [`${pick(FIRST)} loves his ${pick(TOYS)}`, 'preference', 'others/likes'],
    () => [`User's friend ${pick(FIRST)} lives in ${pick(CITIES)}`, 'relational', 'friends'],
    () => [`User has a meeting with ${pick(FIRST)} on 2025-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)} at 1${Math.floor(r() * 9)}:00`, 'temporal', 'events/appointments'],
    () => [`${pick(FIRST)} works as a ${pick(JOBS)} at ${pick(ORGS)}`, 'relational', 'friends'],
    () => [`User wants to learn ${zipf()} ${zipf()}`, 'goal', 'goals'],
    () => [`User bought a ${zipf()} ${zipf()} for ${pick(FIRST)}`, 'episodic', pick(CATEGORIES)],
    () => [`User's favourite ${zipf()} is ${zipf()}`, 'preference', pick(CATEGORIES)],
    () => [`User went to ${zipf()} ${zipf()} with ${pick(FIRST)}`, 'episodic', pick(CATEGORIES)],
    () => [`User has a ${zipf()} ${zipf()} on 2025-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`, 'temporal', 'events/appointments'],
    () => [`User is ${pick(['learning', 'planning', 'reading', 'building'])} ${zipf()} ${zipf()}`, pick(['goal', 'skill', 'procedural']), pick(CATEGORIES)],
    () => [`User feels ${zipf()} about ${zipf()}`, 'emotional', 'mood'],
  ];
  return () => {
    // Most memories an extractor writes are about the user ("User ..."), which makes "user" the commonest word.
    if (r() < 0.7) return pick(templates)();
    const n = 8 + Math.floor(r() * 10);
    const words = Array.from({ length: n }, () => (r() < 0.35 ? pick(COMMON) : zipf()));
    return [`${pick(FIRST)}: ${words.join(' ')}`, 'episodic', 'conversation'];
  };
}

function memory(id, content, type, category, at) {
  return newMemory({ id, user: 'bench', content, type, category, confidence: 0.8, at });
}

function buildStore(size) {
  const dir = join(OUT, `conflicts-v${GENERATOR_VERSION}-${size}`);
  const path = join(dir, 'users', 'bench.db');
  if (existsSync(path)) return dir;
  mkdirSync(dir, { recursive: true });
  const store = openUserStore({ dataDir: dir, user: 'bench', busyTimeoutMs: 10_000, create: true });
  const next = generator(size);
  const start = Date.UTC(2023, 0, 1);
  store.write(() => {
    for (let i = 0; i < size; i++) {
      const at = start + i * 60_000;
      const [content, type, category] = next();
      store.memories.insert(memory(newId('mem', at), content, type, category, new Date(at).toISOString()));
    }
  });
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.close();
  return dir;
}

/** Candidates as the rules extractor writes them: updates, duplicates, contradictions and unrelated facts. */
const CANDIDATES = [
  ['Biggie now loves his yellow ball', 'preference', 'others/likes'],
  ["User's name is Jason", 'personal', 'identity/name'],
  ['User lives in Denver', 'personal', 'location/home'],
  ['User moved to Austin', 'personal', 'location/home'],
  ['User does not eat meat', 'health', 'health/diet'],
  ['User loves steak', 'preference', 'food/likes'],
  ['User works as a nurse at Globex', 'professional', 'work/role'],
  ['User likes jazz', 'preference', 'music/likes'],
  ['User is allergic to peanuts', 'health', 'health/allergies'],
  ['User has a dog called Biggie', 'relational', 'pets/dogs'],
  ['User visited Lisbon in 2019', 'episodic', 'travel'],
  ['User has a meeting with Anna on 2025-03-14 at 14:00', 'temporal', 'events/appointments'],
  ['Anna is a doctor', 'relational', 'friends'],
  ['User speaks Spanish', 'skill', 'skills/languages'],
  ['Sarah: we went to the market and bought some lovely tomatoes for dinner', 'episodic', 'conversation'],
  ['User plays tennis on Sundays', 'procedural', 'sports'],
];

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Places every candidate `rounds` times. Warm: one connection for the run, as in `remember --batch`. Cold: a new
 * connection and placer per candidate, as one `harmonia remember` per message pays (statements prepared, no caches).
 */
function timePlacements(dir, makePlacer, rounds, cold = false) {
  const work = mkdtempSync(join(tmpdir(), 'harmonia-bench-conflicts-'));
  mkdirSync(join(work, 'users'), { recursive: true });
  copyFileSync(join(dir, 'users', 'bench.db'), join(work, 'users', 'bench.db'));
  const open = () => openUserStore({ dataDir: work, user: 'bench', busyTimeoutMs: 10_000, create: false });
  let store = open();
  let placer = makePlacer();
  const times = [];
  const walls = [];
  let conflicts = 0;
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [content, type, category] of CANDIDATES) {
        const at = new Date().toISOString();
        const candidate = memory(newId('mem'), content, type, category, at);
        const ctx = { at, actor: 'bench', dryRun: false, onConflict: 'auto' };
        if (cold) {
          store.close();
          store = open();
          placer = makePlacer();
        }
        const t0 = performance.now();
        const c0 = process.cpuUsage();
        const placement = store.write(() => placer.place(store, candidate, ctx));
        const cpu = process.cpuUsage(c0);
        walls.push(performance.now() - t0);
        times.push((cpu.user + cpu.system) / 1000);
        conflicts += placement.conflicts.length;
      }
    }
  } finally {
    store.close();
    rmSync(work, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  return { mean, p50: percentile(times, 0.5), p95: percentile(times, 0.95), wall50: percentile(walls, 0.5), conflicts, n: times.length };
}

const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg === -1 ? [10_000, 100_000] : process.argv[sizesArg + 1].split(',').map(Number);
const rows = [];
for (const size of sizes) {
  const started = performance.now();
  const dir = buildStore(size);
  const built = performance.now() - started;
  // Warm-up pass (page cache, JIT), then the measured passes.
  timePlacements(dir, () => new ConflictPlacer(), 1);
  const base = timePlacements(dir, () => createEveryCandidate, 10);
  const detect = timePlacements(dir, () => new ConflictPlacer(), 10);
  const coldBase = timePlacements(dir, () => createEveryCandidate, 3, true);
  const cold = timePlacements(dir, () => new ConflictPlacer(), 3, true);
  const extra = detect.mean - base.mean;
  const coldExtra = cold.mean - coldBase.mean;
  rows.push([
    size.toLocaleString('en'),
    base.mean.toFixed(2),
    detect.mean.toFixed(2),
    detect.p50.toFixed(2),
    detect.p95.toFixed(2),
    detect.wall50.toFixed(2),
    extra.toFixed(2),
    coldExtra.toFixed(2),
    Math.max(extra, coldExtra) <= TARGET_MS ? 'ok' : 'OVER',
    `${detect.conflicts}/${detect.n}`,
  ]);
  if (built > 1000) console.error(`built the ${size} store in ${(built / 1000).toFixed(1)} s`);
}
const head = ['memories', 'plain ms', 'detect ms (mean)', 'p50', 'p95', 'wall p50', 'extra ms/memory', 'extra, cold', `<= ${TARGET_MS} ms`, 'conflicts'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log('\n## Conflict detection cost per remembered memory (beyond extraction)\n');
console.log([line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n'));
console.log(
  `\nTimes are CPU time of this process per placement (one write transaction each), which other processes on the` +
    `\nmachine barely disturb; "wall p50" is the elapsed time. "extra" is detection's cost over plain placement with one` +
    `\nconnection for the run (remember --batch); "extra, cold" with a fresh connection per memory (one remember each).` +
    `\nLoad average while measuring: ${loadavg()[0].toFixed(1)} on ${cpus().length} cores.`,
);
