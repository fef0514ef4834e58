// Conflict detection on labelled pairs: test/fixtures/conflict-pairs.jsonl (the set the rules are measured on) and
// conflict-pairs-holdout.jsonl (written with it, before the detector, and never tuned against). Each pair gets a
// store of its own: the existing memory first, then 1,000 unrelated memories (made-up words, most of them "User ..."
// so the common words are common), so retrieval has to find it through the full-text index rather than by being
// the newest. The candidate goes through the real detector; the best match must be the existing memory with the
// labelled kind. Precision and recall per kind.
//
//   node scripts/eval/conflicts.mjs [--dist DIR] [--details]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prng } from '../lib/prng.mjs';
import { pct, readJsonl } from '../lib/report.mjs';

const KINDS = ['duplicate', 'update', 'contradiction', 'related'];
const NOISE = 1000;
const TARGET = 0.9;


function noiseSentences(n, seed) {
  const r = prng(seed);
  const syllables = 'ka lo mi ra te su no vi da pe ri go ma ne lu ba ko si tu fe ja mo ze ti ha yo wa ru de bi'.split(' ');
  const word = () => Array.from({ length: 2 + Math.floor(r() * 2) }, () => syllables[Math.floor(r() * syllables.length)]).join('');
  const vocabulary = Array.from({ length: 3000 }, word);
  const zipf = () => vocabulary[Math.floor(vocabulary.length * r() ** 2.5)];
  return Array.from({ length: n }, () => {
    const words = Array.from({ length: 4 + Math.floor(r() * 8) }, zipf).join(' ');
    return r() < 0.7 ? `User ${words}` : words.charAt(0).toUpperCase() + words.slice(1);
  });
}

function memory(mods, content, at, category, type) {
  return mods.newMemory({
    id: mods.newId('mem', Date.parse(at)),
    user: 'eval',
    content,
    type: type ?? 'personal',
    category: category ?? 'general',
    confidence: 0.9,
    at,
  });
}

async function evaluate(pairs, mods) {
  const { openInMemoryStore, ConflictDetector } = mods;
  const noise = noiseSentences(NOISE, 7);
  const detector = new ConflictDetector();
  const outcomes = [];
  let totalMs = 0;
  for (const [i, pair] of pairs.entries()) {
    const store = openInMemoryStore('eval');
    try {
      const base = Date.UTC(2024, 0, 1) + i * 10_000_000;
      const existing = memory(mods, pair.existing, new Date(base).toISOString(), pair.category, pair.type);
      store.write(() => {
        store.memories.insert(existing);
        noise.forEach((content, k) => store.memories.insert(memory(mods, content, new Date(base + 1000 * (k + 1)).toISOString())));
      });
      const candidate = memory(mods, pair.candidate, new Date(base + 5_000_000).toISOString(), pair.category, pair.type);
      const best = store.read(() => detector.best(store, candidate));
      // Timed on a second pass: the first one in a fresh store also prepares its SQL statements.
      const fresh = new ConflictDetector();
      const started = performance.now();
      store.read(() => fresh.best(store, candidate));
      totalMs += performance.now() - started;
      const predicted = best === null ? 'none' : best.existing.id === existing.id ? best.kind : `${best.kind} (wrong memory)`;
      outcomes.push({ pair, predicted, reason: best?.reason ?? '' });
    } finally {
      store.close();
    }
  }
  return { outcomes, msPerPair: totalMs / pairs.length };
}

function scores(outcomes) {
  const rows = [];
  for (const kind of KINDS) {
    const labelled = outcomes.filter((o) => o.pair.kind === kind);
    const predicted = outcomes.filter((o) => o.predicted === kind || o.predicted === `${kind} (wrong memory)`);
    const hits = outcomes.filter((o) => o.pair.kind === kind && o.predicted === kind);
    rows.push({ kind, precision: predicted.length === 0 ? 1 : hits.length / predicted.length, recall: labelled.length === 0 ? 1 : hits.length / labelled.length, hits: hits.length, predicted: predicted.length, labelled: labelled.length });
  }
  const correct = outcomes.filter((o) => o.predicted === o.pair.kind).length;
  return { rows, accuracy: correct / outcomes.length, correct };
}


export async function run({ dist }) {
  const root = path.resolve(dist, '..');
  const load = (p) => import(pathToFileURL(path.join(dist, p)).href);
  const [{ openInMemoryStore }, { newId }, { newMemory }, { ConflictDetector }] = await Promise.all([
    load('store/store.js'),
    load('core/ids.js'),
    load('core/memory.js'),
    load('core/conflicts/detect.js'),
  ]);
  const mods = { openInMemoryStore, newId, newMemory, ConflictDetector };
  const rows = [];
  const details = [];
  for (const [name, file] of [
    ['pairs', 'conflict-pairs.jsonl'],
    ['held-out', 'conflict-pairs-holdout.jsonl'],
  ]) {
    const pairs = await readJsonl(path.join(root, 'test', 'fixtures', file));
    const { outcomes, msPerPair } = await evaluate(pairs, mods);
    const s = scores(outcomes);
    for (const r of s.rows) {
      const target = name === 'pairs' ? `>= ${pct(TARGET, 1)}` : undefined;
      rows.push({ metric: `${name}: ${r.kind} precision (${r.hits}/${r.predicted})`, value: pct(r.precision, 1), target });
      rows.push({ metric: `${name}: ${r.kind} recall (${r.hits}/${r.labelled})`, value: pct(r.recall, 1), target });
    }
    rows.push({ metric: `${name}: all five classes (with none), ${pairs.length} pairs`, value: `${s.correct}/${pairs.length} (${pct(s.accuracy, 1)})` });
    rows.push({ metric: `${name}: detection per candidate, ${NOISE + 1} memories (see bench-conflicts for 100k)`, value: `${msPerPair.toFixed(2)} ms` });
    for (const o of outcomes.filter((x) => x.predicted !== x.pair.kind)) {
      details.push(`  ${name} miss: ${o.pair.kind} -> ${o.predicted}: "${o.pair.existing}" / "${o.pair.candidate}"${o.reason ? ` (${o.reason})` : ''}`);
    }
  }
  return { title: 'Conflict detection', rows, details };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const distArg = process.argv.indexOf('--dist');
  const dist = distArg === -1 ? path.resolve(here, '..', '..', 'dist') : path.resolve(process.argv[distArg + 1]);
  const section = await run({ dist });
  console.log(`## ${section.title}\n`);
  for (const r of section.rows) console.log(`${r.metric.padEnd(60)} ${String(r.value).padEnd(14)} ${r.target ?? ''}`);
  if (process.argv.includes('--details')) for (const d of section.details) console.log(d);
}
