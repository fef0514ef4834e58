#!/usr/bin/env node
// `npm run eval:recall`: retrieval quality of `harmonia search` on LoCoMo, by the protocol of
// ../shared/eval/README.md. One user per conversation, each in its own temporary HARMONIA_HOME; every turn is
// remembered through the compiled CLI (`remember --batch --extractor raw`) as "<speaker>: <message>" with `at` = its
// session time, `source` = its turn id and `session` = the session the turn id names (D3:7 -> D3), the way a chat tool
// would pass its own conversation ids; every question is searched as typed through the compiled CLI
// (`search --limit 50 --json`). recall@k = share of a question's evidence turns among the top k results'
// `source.ref`, averaged over the questions that have evidence.
//
// Turns are remembered with `--on-conflict create_new` so that every turn is kept verbatim, as the protocol says;
// the same run under the default conflict policy (where conflict detection may update, merge or skip turns) is
// measured too and printed below the table with the number of turns it kept.
//
//   npm run eval:recall                      the table
//   node scripts/eval-recall.mjs --ablations  also what each part of the ranking buys (in-process, same code)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;
const sharedEval = process.env.HARMONIA_EVAL_DIR ?? resolve(root, '..', 'shared', 'eval');
const args = process.argv.slice(2);
const ABLATIONS = args.includes('--ablations');
const KS = [1, 5, 10, 25, 50];
const CATEGORIES = { 1: 'multi-hop', 2: 'temporal', 3: 'open-domain', 4: 'single-hop', 5: 'adversarial' };
const REFERENCES = [
  { name: 'plain BM25 (reference, these 5 conversations)', at: { 5: 44, 10: 51 } },
  { name: 'DRAGON dense retriever (reference, all 10)', at: { 5: 56.7, 10: 66.2 } },
];
const TARGET_AT_10 = 67;

const { main } = await import(dist('cli/main.js'));
const { openUserStore } = await import(dist('store/store.js'));
const { SqliteSearchRepository } = await import(dist('store/search-repository.js'));

function readJsonl(path) {
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** Runs one harmonia command line in this process (the compiled CLI's main, with injected streams). */
async function cli(argv, env, input) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const io = {
    stdout,
    stderr,
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]),
    env,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: undefined,
    now: () => new Date(),
  };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`harmonia ${argv.slice(0, 3).join(' ')} ... exited ${code}: ${err.trim()}`);
  return out;
}

const messages = readJsonl(join(sharedEval, 'locomo', 'messages.jsonl'));
const questions = readJsonl(join(sharedEval, 'locomo', 'questions.jsonl')).filter((q) => (q.evidence ?? []).length > 0);
const conversations = [...new Set(messages.map((m) => m.conversation))].sort((a, b) => a - b);
const work = mkdtempSync(join(tmpdir(), 'harmonia-eval-recall-'));

function envFor(conversation, variant) {
  return {
    HARMONIA_HOME: join(work, variant),
    HARMONIA_CONFIG: join(work, 'no-config.json'),
    HARMONIA_USER: `locomo-${conversation}`,
    HARMONIA_TZ: 'UTC',
    NO_COLOR: '1',
  };
}

/** Remembers every turn of every conversation through `remember --batch --extractor raw`. */
async function ingest(variant, { withSessions = true, defaultPolicy = false } = {}) {
  const started = performance.now();
  for (const conversation of conversations) {
    const lines = messages
      .filter((m) => m.conversation === conversation)
      .map((m) =>
        JSON.stringify({
          message: `${m.speaker}: ${m.message}`,
          at: m.at,
          source: m.source,
          ...(withSessions ? { session: m.source.split(':')[0] } : {}),
        }),
      );
    const policy = defaultPolicy ? [] : ['--on-conflict', 'create_new'];
    await cli(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson', '--quiet', ...policy], envFor(conversation, variant), `${lines.join('\n')}\n`);
  }
  return (performance.now() - started) / 1000;
}

/** Turns still stored verbatim as active memories, over all conversations. */
function verbatimTurns(variant) {
  let kept = 0;
  for (const conversation of conversations) {
    const env = envFor(conversation, variant);
    const store = openUserStore({ dataDir: env.HARMONIA_HOME, user: env.HARMONIA_USER, busyTimeoutMs: 5000, create: false });
    const said = new Map(messages.filter((m) => m.conversation === conversation).map((m) => [m.source, `${m.speaker}: ${m.message}`]));
    for (const memory of store.memories.list({}, { limit: null })) if (said.get(memory.source.ref)?.trim() === memory.content) kept++;
    store.close();
  }
  return kept;
}

/** recall@k overall and per category, for a function from a question to the ranked `source.ref`s. */
async function measure(search) {
  const totals = { all: { n: 0, sums: KS.map(() => 0) } };
  let searchMs = 0;
  for (const q of questions) {
    const started = performance.now();
    const refs = await search(q);
    searchMs += performance.now() - started;
    const evidence = new Set(q.evidence);
    const row = KS.map((k) => refs.slice(0, k).filter((r) => evidence.has(r)).length / evidence.size);
    for (const key of ['all', String(q.category)]) {
      const t = (totals[key] ??= { n: 0, sums: KS.map(() => 0) });
      t.n++;
      row.forEach((v, i) => (t.sums[i] += v));
    }
  }
  const recall = Object.fromEntries(Object.entries(totals).map(([key, t]) => [key, { n: t.n, at: t.sums.map((s) => (100 * s) / t.n) }]));
  return { recall, meanSearchMs: searchMs / questions.length };
}

const viaCli = (variant) => async (q) => {
  const out = await cli(['search', '--limit', '50', '--json', '--', q.question], envFor(q.conversation, variant));
  return JSON.parse(out).map((r) => r.source.ref);
};

const stores = new Map();
const viaStore = (variant, ranking) => async (q) => {
  const key = `${variant}/${q.conversation}`;
  let open = stores.get(key);
  if (!open) {
    const env = envFor(q.conversation, variant);
    const store = openUserStore({ dataDir: env.HARMONIA_HOME, user: env.HARMONIA_USER, busyTimeoutMs: 5000, create: false });
    open = { store, search: new SqliteSearchRepository(store.db, store.user) };
    stores.set(key, open);
  }
  return open.search.search(q.question, {}, { limit: 50, offset: 0, now: new Date(), ranking }).map((h) => h.memory.source.ref);
};

function pad(text, width, right = false) {
  return right ? String(text).padStart(width) : String(text).padEnd(width);
}

function printTable(title, rows) {
  const head = ['', 'questions', ...KS.map((k) => `R@${k}`)];
  const cells = rows.map((r) => [r.name, r.n === undefined ? '' : String(r.n), ...KS.map((k, i) => (r.at[i] === undefined ? '' : r.at[i].toFixed(1)))]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  console.log(`\n## ${title}\n`);
  console.log(`| ${head.map((h, i) => pad(h, widths[i], i > 0)).join(' | ')} |`);
  console.log(`|${widths.map((w, i) => `${'-'.repeat(w + 1)}${i > 0 ? ':' : '-'}`).join('|')}|`);
  for (const c of cells) console.log(`| ${c.map((v, i) => pad(v, widths[i], i > 0)).join(' | ')} |`);
}

const ingestSeconds = await ingest('sessions');
const main_ = await measure(viaCli('sessions'));
const rows = [
  { name: 'harmonia search, all questions', n: main_.recall.all.n, at: main_.recall.all.at },
  ...Object.entries(CATEGORIES)
    .filter(([c]) => main_.recall[c])
    .map(([c, name]) => ({ name: `  ${c} ${name}`, n: main_.recall[c].n, at: main_.recall[c].at })),
  ...REFERENCES.map((r) => ({ name: r.name, at: KS.map((k) => r.at[k]) })),
];
printTable('LoCoMo retrieval: recall@k (%)', rows);
const at10 = main_.recall.all.at[KS.indexOf(10)];
console.log(
  `\nrecall@10 ${at10.toFixed(1)} (target >= ${TARGET_AT_10}: ${at10 >= TARGET_AT_10 ? 'met' : 'MISSED'}); ` +
    `${messages.length} turns remembered in ${ingestSeconds.toFixed(1)} s; ${questions.length} questions, ` +
    `${main_.meanSearchMs.toFixed(2)} ms per search through the CLI (in process).`,
);
await ingest('default-policy', { defaultPolicy: true });
const withPolicy = await measure(viaCli('default-policy'));
console.log(
  `Under the default conflict policy instead: ${verbatimTurns('default-policy')} of ${messages.length} turns kept verbatim ` +
    `(${verbatimTurns('sessions')} with create_new); recall@5 ${withPolicy.recall.all.at[1].toFixed(1)}, ` +
    `recall@10 ${withPolicy.recall.all.at[2].toFixed(1)}.`,
);

if (ABLATIONS) {
  await ingest('no-sessions', { withSessions: false });
  const variants = [
    ['BM25 over the FTS5 index (porter, stop words left out)', 'sessions', { speakerBoost: 0, dateBoost: 0, kindBoost: 0, context: [] }],
    ['  + the speaker the question names', 'sessions', { dateBoost: 0, kindBoost: 0, context: [] }],
    ['  + the date the question names', 'sessions', { kindBoost: 0, context: [] }],
    ["  + neighbours' scores in the session", 'sessions', { kindBoost: 0, contextJoins: false }],
    ['  + neighbours join the results (= harmonia search)', 'sessions', {}],
    ['harmonia search without the speaker boost', 'sessions', { speakerBoost: 0 }],
    ['harmonia search without the date boost', 'sessions', { dateBoost: 0 }],
    ['harmonia search, turns remembered without sessions', 'no-sessions', {}],
  ];
  const ablated = [];
  for (const [name, variant, ranking] of variants) {
    const r = await measure(viaStore(variant, ranking));
    ablated.push({ name, n: r.recall.all.n, at: r.recall.all.at });
  }
  printTable('What each part buys (all questions, recall@k %)', ablated);
}

for (const { store } of stores.values()) store.close();
rmSync(work, { recursive: true, force: true });
