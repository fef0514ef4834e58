#!/usr/bin/env node
// `npm run bench`: how fast Harmonia is, each time beside the floor it cannot beat, as ratios.
//
//   node scripts/bench.mjs                       every section at 10k and 100k memories
//   node scripts/bench.mjs search startup        only these sections
//   node scripts/bench.mjs --sizes 10000         other store sizes
//
// Stores are synthetic but realistic (templated sentences over varied vocabularies, 12 memory types, nested
// categories, two years of dates, chat turns in sessions), generated from a seeded PRNG so every run measures the same
// data, and cached under bench/out/ (gitignored; delete it to regenerate). The rules batch reads chat utterances from
// ../shared/eval (PersonaExt), as `npm run eval` does; without them that section is skipped.
//
// Adding a section: write `async function myThing(ctx)` returning `{ title, head, rows, notes? }` (rows are arrays of
// cells, already formatted) and add it to SECTIONS. `ctx` gives the sizes, `storeFor(size)` (a cached store: its
// HARMONIA_HOME, user and path), `cli(args, {home, input})` (the built binary, timed) and the helpers below.
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { prng } from './lib/prng.mjs';
import { readJsonl } from './lib/report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => pathToFileURL(join(root, 'dist', path)).href;
const OUT = join(root, 'bench', 'out');
const BIN = join(root, 'bin', 'harmonia.js');
const USER = 'bench';
/** Bump when the generator changes, so cached stores are rebuilt. */
const GENERATOR_VERSION = 2;

const { openUserStore } = await import(dist('store/store.js'));
const { SCHEMA_VERSION } = await import(dist('store/migrations.js'));
const { newId } = await import(dist('core/ids.js'));
const { textKey } = await import(dist('store/text-key.js'));
const { memoryValues } = await import(dist('store/memory-repository.js'));
const { messageValues } = await import(dist('store/message-repository.js'));
const { historyValues } = await import(dist('store/history-repository.js'));
const { newMemory } = await import(dist('core/memory.js'));
const { snapshot } = await import(dist('core/history.js'));
const { parseSearchQuery, COLUMN_WEIGHTS, poolSize } = await import(dist('core/search.js'));
const { SqliteSearchRepository } = await import(dist('store/search-repository.js'));
const { main } = await import(dist('cli/main.js'));

// ---------------------------------------------------------------------------------------------------------------
// Helpers: PRNG, statistics, tables
// ---------------------------------------------------------------------------------------------------------------


function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function median(values) {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

const ms = (v) => (v < 1 ? v.toFixed(3) : v < 10 ? v.toFixed(2) : v.toFixed(1));
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const count = (n) => (n >= 1000 ? `${n / 1000}k` : String(n));
const verdict = (ok) => (ok ? 'met' : 'MISSED');

function printTable({ title, head, rows, notes }) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i]))).join(' | ')} |`;
  console.log(`\n## ${title}\n`);
  console.log(line(head));
  console.log(`|${widths.map((w, i) => `${'-'.repeat(w + 1)}${i === 0 ? '-' : ':'}`).join('|')}|`);
  for (const row of rows) console.log(line(row));
  for (const note of notes ?? []) console.log(note);
}

/** Runs the built binary; returns wall time in ms, exit code and output. */
function runBin(args, { home, input, env: extra = {} } = {}) {
  const env = { ...process.env, HARMONIA_HOME: home, HARMONIA_USER: USER, HARMONIA_CONFIG: join(OUT, 'no-config.json'), HARMONIA_TZ: 'UTC', NO_COLOR: '1', ...extra };
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [BIN, ...args], { env, input, maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`harmonia ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
  return { wall, stdout: child.stdout.toString(), stderr: child.stderr.toString() };
}

// ---------------------------------------------------------------------------------------------------------------
// The synthetic store
// ---------------------------------------------------------------------------------------------------------------

const V = {
  first: 'Maya Liam Noah Emma Olivia Ava Sophia Isabella Mia Lucas Ethan Mason Logan Harper Evelyn Abigail Ella Jackson Aiden Caleb Chloe Grace Zoe Nora Leo Owen Ruby Hazel Ivy Felix Oscar Theo Iris Clara Jonah Milo Nina Omar Priya Ravi Sanjay Mei Hana Kenji Yuki Diego Lucia Mateo Sofia Elena Marco Giulia Pierre Camille Hugo Lena Jonas Freya Astrid Lars Ingrid Tomas Anya Dmitri Olga Fatima Amir Layla Yusuf Zara Kofi Amara Chidi Ngozi Tariq Samir Rosa Pablo Carmen Jorge Ana Beatriz Tiago Ines Rafael Bianca Luca Nadia Viktor Petra Erik Sigrid Aurora Jasper Silas Wren Juniper Rowan Sage Quinn Reese Blake Morgan Casey Jordan Riley Avery Parker Dakota Skyler Emerson Finley'.split(' '),
  last: 'Smith Johnson Garcia Brown Miller Davis Rodriguez Martinez Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Walker Young Allen King Wright Scott Hill Green Adams Nelson Baker Hall Campbell Mitchell Carter Roberts Phillips Evans Turner Patel Nguyen Kim Chen Singh Khan Silva Rossi Muller Dubois'.split(' '),
  city: 'Lisbon Porto Madrid Barcelona Paris Lyon Berlin Munich Hamburg Vienna Prague Warsaw Krakow Budapest Rome Milan Naples Florence Venice Athens Istanbul Dublin London Manchester Edinburgh Glasgow Oslo Stockholm Copenhagen Helsinki Amsterdam Rotterdam Brussels Zurich Geneva Boston Chicago Denver Seattle Portland Austin Dallas Houston Phoenix Atlanta Miami Toronto Montreal Vancouver Calgary Tokyo Osaka Kyoto Seoul Busan Taipei Singapore Bangkok Hanoi Manila Jakarta Sydney Melbourne Brisbane Auckland Wellington Nairobi Lagos Accra Cairo Marrakesh Lima Bogota Santiago Mendoza Montevideo Havana Reykjavik Tallinn Riga Vilnius Ljubljana Zagreb Sarajevo Sofia Bucharest Tbilisi Yerevan Baku Almaty Tashkent Mumbai Delhi Bangalore Chennai Kolkata Kathmandu Colombo'.split(' '),
  food: 'sushi ramen pho tacos burritos enchiladas paella risotto lasagna pizza gnocchi carbonara pesto falafel hummus shawarma kebab curry biryani dumplings noodles tempura udon bibimbap kimchi pancakes waffles croissants bagels brownies cheesecake tiramisu gelato sorbet chocolate strawberries mangoes avocados blueberries salmon tuna shrimp lobster oysters steak burgers meatballs lentils chickpeas quinoa tofu tempeh mushrooms spinach broccoli asparagus eggplant zucchini pumpkin soup salad sandwiches granola oatmeal yogurt cheese olives'.split(' '),
  drink: 'coffee espresso cappuccino latte tea matcha chai lemonade kombucha smoothies juice wine beer cider whisky gin mezcal sake water'.split(' '),
  milk: 'oat almond soy coconut cow'.split(' '),
  activity: 'hiking running cycling swimming climbing surfing skiing snowboarding kayaking sailing yoga pilates boxing dancing painting drawing pottery knitting sewing baking cooking gardening fishing camping birdwatching photography chess reading writing journaling meditating volunteering skating rowing golf tennis badminton squash basketball football volleyball baseball'.split(' '),
  place: 'park beach lake river museum library gallery market bakery cafe restaurant bookstore gym stadium theater cinema zoo aquarium harbor island forest mountain valley vineyard castle cathedral garden campsite trail waterfall lighthouse'.split(' '),
  relation: 'sister brother mother father daughter son cousin aunt uncle grandmother grandfather niece nephew wife husband partner friend neighbor colleague roommate boss mentor'.split(' '),
  pet: [['dog', 'pets/dogs'], ['cat', 'pets/cats'], ['rabbit', 'pets/rabbits'], ['parrot', 'pets/birds'], ['hamster', 'pets/rodents'], ['turtle', 'pets/reptiles']],
  petName: 'Biggie Luna Max Bella Charlie Daisy Rocky Coco Milo Ziggy Pepper Nala Simba Oreo Biscuit Mochi Pickles Waffles Tofu Noodle Peanut Ginger Shadow Pixel Bandit Juno Olive Clover Maple Scout'.split(' '),
  job: 'nurse teacher software engineer data scientist architect accountant lawyer pharmacist dentist chef barista electrician plumber carpenter designer photographer journalist editor translator librarian firefighter paramedic pilot mechanic veterinarian therapist researcher professor consultant analyst'.split(' '),
  company: 'AWS Google Microsoft Spotify Shopify Stripe Airbnb Netflix Siemens Bosch Philips Nokia Ericsson Unilever Nestle Danone Ikea Zara Lego Maersk Novartis Roche Pfizer Moderna Deloitte Accenture Infosys Wipro Tesla Toyota'.split(' '),
  project: 'migration redesign launch audit onboarding dashboard pipeline platform rollout upgrade integration roadmap'.split(' '),
  allergen: 'peanuts tree nuts shellfish gluten lactose eggs soy sesame pollen dust mites cats penicillin latex bee stings'.split(' '),
  med: 'ibuprofen vitamin D iron supplements antihistamines insulin metformin levothyroxine omega-3 melatonin magnesium probiotics'.split(' '),
  daypart: 'morning evening night lunchtime'.split(' '),
  language: 'Spanish French German Italian Portuguese Japanese Korean Mandarin Arabic Hindi Swahili Dutch Swedish Greek Turkish Polish Russian Vietnamese'.split(' '),
  instrument: 'piano guitar violin cello drums ukulele saxophone trumpet flute banjo harp'.split(' '),
  genre: 'jazz blues rock punk metal techno house classical opera folk reggae hip-hop soul funk country ambient'.split(' '),
  appt: 'dentist doctor dermatologist optometrist physiotherapy therapy vet haircut checkup vaccination'.split(' '),
  adjective: 'amazing exhausting relaxing beautiful chaotic peaceful delicious disappointing surprising wonderful stressful fun hilarious cozy crowded quiet windy sunny rainy freezing'.split(' '),
  feeling: 'anxious excited nervous proud grateful frustrated hopeful overwhelmed calm lonely happy worried curious'.split(' '),
  topic: 'the new job moving house the wedding the exam results the marathon the surgery the promotion the trip the renovation the baby the interview the presentation the deadline the move'.split(' '),
  weekday: 'Monday Tuesday Wednesday Thursday Friday Saturday Sunday'.split(' '),
  month: 'January February March April May June July August September October November December'.split(' '),
  vehicle: 'car bike scooter motorbike van'.split(' '),
  color: 'red blue green black white silver yellow orange grey'.split(' '),
  car: 'Toyota Corolla|Honda Civic|Volkswagen Golf|Tesla Model 3|Ford Fiesta|Mazda MX-5|Volvo XC40|Subaru Outback'.split('|'),
  noun: 'time year people way day man thing woman life child world school state family student group country problem hand part place case week company system program question work government number night point home water room mother area money story fact month lot right study book eye job word business issue side kind head house service friend father power hour game line end member law car city community name president team minute idea kid body information back parent face others level office door health person art war history party result change morning reason research girl guy moment air teacher force education foot boy age policy music market sense nation plan college interest death experience effect class control care field development role effort rate heart drug show leader light voice wife police mind price report decision son view relationship town road arm difference value building action model season society tax director position player record paper space ground form event official matter center couple site project activity star table need court oil situation cost industry figure street image phone data picture practice piece land product doctor wall patient worker news test movie north love support technology step baby computer type attention film tree source organization hair window evidence population truth song camera garden kitchen bridge river mountain island ocean forest desert valley village castle church temple museum library theater concert festival holiday vacation trip journey flight train bus ticket hotel beach pool lake park farm field'.split(' '),
  verb: 'visited bought cooked painted fixed cleaned built planted watched read wrote sang played learned taught found lost started finished tried missed called texted met helped carried baked ordered booked planned cancelled moved sold rented borrowed returned packed unpacked repaired designed shared posted recorded edited practiced organized hosted joined left climbed crossed explored photographed'.split(' '),
  goal: 'run a marathon|learn to swim|read fifty books|save for a house|visit Japan|learn Spanish|get promoted|lose ten kilos|write a novel|climb Kilimanjaro|start a podcast|finish the degree'.split('|'),
};

/** One memory: [type, category, content, entities, event?] from a seeded generator at time `at` (ms). */
function makeMemory(r, at, speaker) {
  const p = r.pick;
  const z = r.zipf;
  const who = () => p(V.first);
  const dateIn = (days) => new Date(at + (1 + r.int(days)) * 86_400_000);
  const iso = (d, hh = 9 + r.int(9), mm = r.int(4) * 15) =>
    `${d.toISOString().slice(0, 10)}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+00:00`;
  switch (r.int(40)) {
    case 0: {
      const [pet, category] = p(V.pet);
      const name = p(V.petName);
      return ['relational', category, `User has a ${pet} called ${name} who loves ${p(V.place)} walks and ${p(V.food)}`, [name]];
    }
    case 1: {
      const name = who();
      return ['relational', 'family', `User's ${p(V.relation)} ${name} lives in ${p(V.city)} and works as a ${p(V.job)}`, [name]];
    }
    case 2:
      return ['preference', 'food', `User ${p(['loves', 'likes', 'enjoys', 'dislikes', 'hates'])} ${z(V.food)} and ${z(V.food)}`, []];
    case 3:
      return ['preference', 'food/drinks', `User drinks ${p(V.drink)} with ${p(V.milk)} milk every ${p(V.daypart)}`, []];
    case 4:
      return ['preference', 'hobbies/music', `User listens to ${p(V.genre)} while ${p(V.activity)}`, []];
    case 5: {
      const company = p(V.company);
      return ['professional', 'work', `User works as a ${p(V.job)} at ${company} in ${p(V.city)}`, [company]];
    }
    case 6: {
      const company = p(V.company);
      return ['professional', 'work/projects', `User is leading the ${p(V.project)} ${p(V.project)} project at ${company} with ${who()}`, [company]];
    }
    case 7:
      return ['health', 'health/allergies', `User is allergic to ${p(V.allergen)} and avoids ${z(V.food)}`, []];
    case 8:
      return ['health', 'health/medication', `User takes ${p(V.med)} every ${p(V.daypart)}`, []];
    case 9:
      return ['goal', 'goals', `User wants to ${p(V.goal)} before ${p(V.month)} ${new Date(at).getUTCFullYear() + 1}`, []];
    case 10:
      return ['skill', 'skills/languages', `User speaks ${p(V.language)} and is learning ${p(V.language)}`, []];
    case 11:
      return ['skill', 'skills/music', `User has played the ${p(V.instrument)} for ${2 + r.int(20)} years`, []];
    case 12: {
      const doctor = `Dr ${p(V.last)}`;
      const d = dateIn(60);
      const eventAt = iso(d);
      return ['temporal', 'appointments', `User has a ${p(V.appt)} appointment with ${doctor} on ${eventAt.slice(0, 10)} at ${eventAt.slice(11, 16)}`, [doctor], eventAt];
    }
    case 13: {
      const name = who();
      const d = dateIn(30);
      const eventAt = iso(d);
      return ['temporal', 'events', `User is meeting ${name} for ${p(V.food)} at the ${p(V.place)} in ${p(V.city)} on ${eventAt.slice(0, 10)}`, [name], eventAt];
    }
    case 14:
      return ['emotional', 'feelings', `User feels ${p(V.feeling)} about ${p(V.topic)}`, []];
    case 15:
      return ['procedural', 'routines', `User goes ${p(V.activity)} every ${p(V.weekday)} ${p(V.daypart)} before work`, []];
    case 16:
      return ['factual', 'possessions', `User's ${p(V.vehicle)} is a ${p(V.color)} ${p(V.car)}`, []];
    case 17:
      return ['personal', 'home', `User lives in ${p(V.city)} with ${p(V.relation)} ${who()} and a ${p(V.pet)[0]}`, []];
    default: {
      // Chat turns, the bulk of a real store.
      const lines = [
        () => `I went ${z(V.activity)} at the ${p(V.place)} with my ${p(V.relation)} last ${p(V.weekday)} and it was ${p(V.adjective)}.`,
        () => `We tried the new ${z(V.food)} place near the ${p(V.place)} in ${p(V.city)}, the ${z(V.food)} was ${p(V.adjective)}!`,
        () => `${who()} told me the ${p(V.project)} at ${p(V.company)} is running late again, I feel ${p(V.feeling)} about it.`,
        () => `Can't wait for the trip to ${p(V.city)} in ${p(V.month)}, we booked a room near the ${p(V.place)}.`,
        () => `My ${p(V.relation)} ${who()} finally started ${z(V.activity)}, she says it helps with stress.`,
        () => `Thanks for the tip about ${p(V.genre)} playlists, they made the ${z(V.activity)} session so much better.`,
        () => `I'm thinking about learning ${p(V.language)} before visiting ${p(V.city)} next year, any advice?`,
        () => `The ${p(V.appt)} appointment went fine, although waiting an hour was ${p(V.adjective)}.`,
        () => `Yesterday I ${p(V.verb)} the ${z(V.noun)} and ${p(V.verb)} a ${z(V.noun)} for my ${p(V.relation)}.`,
        () => `Honestly the ${z(V.noun)} was ${p(V.adjective)}, but the ${z(V.noun)} near the ${z(V.noun)} made up for it.`,
        () => `${who()} and I ${p(V.verb)} a ${z(V.noun)} at the ${p(V.place)} before the ${z(V.noun)} started.`,
        () => `Do you remember the ${z(V.noun)} we ${p(V.verb)} in ${p(V.city)}? I still think about that ${z(V.noun)}.`,
        () => `Not much new, just ${z(V.activity)} and trying to keep the ${z(V.noun)} in order before ${p(V.weekday)}.`,
        () => `My ${p(V.relation)} says the best ${z(V.food)} in ${p(V.city)} is at a tiny ${p(V.place)} by the ${z(V.noun)}.`,
      ];
      return ['episodic', 'conversation', `${speaker}: ${p(lines)()}`, []];
    }
  }
}

/** Builds (or reuses) a store of `size` memories; returns its HARMONIA_HOME. */
function storeFor(size) {
  const home = join(OUT, `home-${count(size)}-g${GENERATOR_VERSION}-s${SCHEMA_VERSION}`);
  const path = join(home, 'users', `${USER}.db`);
  if (existsSync(path)) return { home, path, size };
  const building = `${home}.building`;
  rmSync(building, { recursive: true, force: true });
  const started = performance.now();
  const store = openUserStore({ dataDir: building, user: USER, busyTimeoutMs: 5000, create: true });
  const r = prng(size);
  const start = Date.UTC(2023, 0, 1);
  const span = 2 * 365 * 86_400_000;
  let session = null;
  const speakers = ['Alex', 'Sam'];
  for (let chunk = 0; chunk < size; chunk += 5000) {
    store.write(() => {
      for (let i = chunk; i < Math.min(size, chunk + 5000); i++) {
        const atMs = start + Math.floor((i / size) * span);
        const at = new Date(atMs).toISOString();
        if (i % 20 === 0) session = `chat-${i / 20}`;
        const [type, category, content, entities, eventAt] = makeMemory(r, atMs, speakers[i % 2]);
        const message = {
          id: newId('msg', atMs),
          content: type === 'episodic' ? content : `(message that said: ${content})`,
          refAt: at,
          timeZone: 'UTC',
          session,
          source: `bench:${i}`,
          status: 'processed',
          extractor: 'rules',
          error: null,
          attempts: 1,
          createdAt: at,
          processedAt: at,
        };
        store.messages.insert(message);
        const memory = {
          id: newId('mem', atMs),
          user: USER,
          content,
          type,
          category,
          confidence: type === 'episodic' ? 1 : 0.6 + r.int(40) / 100,
          status: r() < 0.03 ? 'deleted' : 'active',
          entities,
          eventAt: eventAt ?? null,
          eventEnd: null,
          eventGrain: eventAt ? 'minute' : null,
          eventText: eventAt ? 'on that day' : null,
          createdAt: at,
          updatedAt: at,
          lastSeenAt: at,
          version: 1,
          source: { messageId: message.id, ref: message.source, session },
        };
        store.memories.insert(memory);
        store.history.record({
          memoryId: memory.id,
          version: 1,
          action: 'created',
          before: null,
          after: snapshot(memory),
          reason: `remembered from ${message.id}`,
          actor: 'extractor:rules',
          conflictId: null,
          at,
        });
      }
    });
  }
  store.db.exec('PRAGMA optimize; VACUUM');
  store.close();
  renameSync(building, home);
  console.error(`bench: generated ${count(size)} memories in ${((performance.now() - started) / 1000).toFixed(1)} s (cached in ${home})`);
  return { home, path, size };
}

/** Deterministic queries of 1, 3 or 8 words, built from the same vocabularies as the store. */
function queries(words, n, seed) {
  const r = prng(seed);
  const p = r.pick;
  const one = [() => p(V.city), () => p(V.food), () => p(V.first), () => p(V.activity), () => p(V.petName), () => p(V.company), () => p(V.noun)];
  const three = [
    () => `${p(V.activity)} ${p(V.place)} ${p(V.relation)}`,
    () => `${p(V.food)} ${p(V.city)} ${p(V.place)}`,
    () => `${p(V.relation)} ${p(V.first)} ${p(V.city)}`,
    () => `${p(V.appt)} appointment ${p(V.month)}`,
    () => `allergic ${p(V.allergen).split(' ')[0]} ${p(V.food)}`,
  ];
  // Questions as a chat tool would pass them, eight words each.
  const eight = [
    () => `When did I go ${p(V.activity)} with my ${p(V.relation)}?`,
    () => `What did ${p(V.first)} tell me about the ${p(V.project)}?`,
    () => `Which ${p(V.food)} place did we try in ${p(V.city)}?`,
    () => `When is my ${p(V.appt)} appointment with Dr ${p(V.last)}?`,
    () => `Where does my ${p(V.relation)} ${p(V.first)} live these days?`,
    () => `What does my ${p(V.pet)[0]} ${p(V.petName)} like to eat?`,
  ];
  const makers = words === 1 ? one : words === 3 ? three : eight;
  return Array.from({ length: n }, () => p(makers)());
}

// ---------------------------------------------------------------------------------------------------------------
// Section: search latency in process, beside the bare FTS5 query
// ---------------------------------------------------------------------------------------------------------------

async function searchLatency(ctx) {
  const rows = [];
  const notes = [];
  for (const size of ctx.sizes) {
    const { home } = storeFor(size);
    const store = openUserStore({ dataDir: home, user: USER, busyTimeoutMs: 5000, create: false });
    const repo = new SqliteSearchRepository(store.db, store.user);
    const floor = store.db.prepare(
      `SELECT rowid, bm25(memories_fts, ${COLUMN_WEIGHTS.join(', ')}) AS bm FROM memories_fts WHERE memories_fts MATCH ? ORDER BY bm LIMIT 10`,
    );
    // The same top 10 with their memory rows: the least work that returns records rather than rowids.
    const floorRows = store.db.prepare(
      `SELECT m.* FROM (SELECT rowid AS seq, bm25(memories_fts, ${COLUMN_WEIGHTS.join(', ')}) AS bm FROM memories_fts ` +
        'WHERE memories_fts MATCH ? ORDER BY bm LIMIT 10) t JOIN memories m ON m.seq = t.seq ORDER BY t.bm',
    );
    // The same MATCH's pool as harmonia ranks it for --limit 10 (the top 50, poolSize), joined to the columns ranking
    // reads, in one statement: what a ranked search costs before any ranking, loading or snippets.
    const floorPool = store.db
      .prepare(
        `SELECT m.seq, m.type, m.category, m.confidence, m.session, m.last_seen_at, substr(m.content, 1, 64), t.bm FROM ` +
          `(SELECT rowid AS seq, bm25(memories_fts, ${COLUMN_WEIGHTS.join(', ')}) AS bm FROM memories_fts WHERE memories_fts MATCH ? ` +
          `ORDER BY bm LIMIT ${poolSize(10, 0)}) t JOIN memories m ON m.seq = t.seq WHERE m.status = 'active' ORDER BY t.bm`,
      )
      .raw();
    const counter = store.db.prepare('SELECT count(*) FROM memories_fts WHERE memories_fts MATCH ?').pluck();
    const now = new Date(Date.UTC(2025, 0, 1));
    for (const words of [1, 3, 8]) {
      const qs = queries(words, ctx.queries, 1000 * words + 7);
      const ours = [];
      const bare = [];
      const bareRows = [];
      const barePool = [];
      const perQuery = [];
      // Warm up both paths (statement preparation, page cache), then alternate so drift hits both alike.
      for (const q of qs.slice(0, 20)) {
        store.read(() => repo.search(q, {}, { limit: 10, offset: 0, now }));
        floor.all(parseSearchQuery(q).match);
      }
      // Each query three times, harmonia and bare alternating; the median of the three is its latency (a busy
      // machine's scheduler spikes would otherwise be most of the p99).
      const timed = (fn) => {
        const t = process.hrtime.bigint();
        fn();
        return Number(process.hrtime.bigint() - t) / 1e6;
      };
      for (const q of qs) {
        const match = parseSearchQuery(q).match;
        const a = [];
        const b = [];
        const c = [];
        const d = [];
        for (let i = 0; i < 3; i++) {
          a.push(timed(() => store.read(() => repo.search(q, {}, { limit: 10, offset: 0, now }))));
          b.push(timed(() => floor.all(match)));
          c.push(timed(() => floorRows.all(match)));
          d.push(timed(() => floorPool.all(match)));
        }
        ours.push(median(a));
        bare.push(median(b));
        bareRows.push(median(c));
        barePool.push(median(d));
        perQuery.push(median(a) / median(b));
      }
      ours.sort((a, b) => a - b);
      bare.sort((a, b) => a - b);
      const rowsP50 = median(bareRows);
      const poolP50 = median(barePool);
      const matched = median(qs.map((q) => counter.get(parseSearchQuery(q).match)));
      const [p50, p99, f50, f99] = [quantile(ours, 0.5), quantile(ours, 0.99), quantile(bare, 0.5), quantile(bare, 0.99)];
      rows.push([count(size), `${words}-word`, String(matched), ms(p50), ms(p99), ms(f50), ms(f99), ratio(p50, f50), ratio(p99, f99), ms(rowsP50), ratio(p50, rowsP50), ms(poolP50), ratio(p50, poolP50), `${median(perQuery).toFixed(2)}x`]);
      if (size >= 100_000) ctx.checks.push([`search p50 <= 2 ms at ${count(size)}, ${words}-word`, p50 <= 2], [`search p99 <= 10 ms at ${count(size)}, ${words}-word`, p99 <= 10], [`search within 1.5x of bare FTS5 (p50) at ${count(size)}, ${words}-word`, p50 <= 1.5 * f50]);
    }
    store.close();
  }
  notes.push(
    `\nharmonia = SqliteSearchRepository.search (parse, rank a pool of matches, session context, load the page, snippets) ` +
      `in a read transaction, --limit 10; bare = the same MATCH expression as \`SELECT rowid, bm25(...) ... ORDER BY bm ` +
      `LIMIT 10\` on better-sqlite3; bare+rows = the same top 10 joined to their memory rows. ${ctx.queries} queries per ` +
      'row, each timed as the median of 3 runs (harmonia and the bare queries taking turns). pool = the same MATCH\'s top ' +
      `${poolSize(10, 0)} (the pool harmonia ranks for --limit 10) joined to the columns ranking reads, one statement: the ` +
      'floor of a ranked search before it ranks, loads or marks anything. per query = the median over queries of ' +
      'harmonia / bare for the same query; unlike the ratio of p50s it does not depend on which query falls at the ' +
      'median (about half the 8-word queries name a very common word, and the p50 sits at that cliff).',
  );
  return {
    title: 'Search latency in process (ms)',
    head: ['memories', 'query', 'matches (median)', 'p50', 'p99', 'bare p50', 'bare p99', 'p50 ratio', 'p99 ratio', 'bare+rows p50', 'ratio', 'pool p50', 'ratio', 'per query'],
    rows,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Section: whole-process wall time (start-up included), beside `node -e 0`
// ---------------------------------------------------------------------------------------------------------------

async function startup(ctx) {
  const commands = [{ size: null, label: 'node -e 0', argv: [process.execPath, '-e', '0'], env: process.env }];
  for (const size of ctx.sizes) {
    const { home } = storeFor(size);
    const env = { ...process.env, HARMONIA_HOME: home, HARMONIA_USER: USER, HARMONIA_CONFIG: join(OUT, 'no-config.json'), HARMONIA_TZ: 'UTC', NO_COLOR: '1' };
    commands.push({ size, label: 'harmonia search "hiking lake sister" --json', argv: [process.execPath, BIN, 'search', 'hiking lake sister', '--json'], env });
    commands.push({ size, label: 'harmonia list --limit 20 --json', argv: [process.execPath, BIN, 'list', '--limit', '20', '--json'], env });
  }
  // Round-robin, so a busy moment of the machine falls on every command alike.
  const times = commands.map(() => []);
  for (let run = 0; run < ctx.runs; run++) {
    commands.forEach((c, i) => {
      const started = process.hrtime.bigint();
      const child = spawnSync(c.argv[0], c.argv.slice(1), { env: c.env });
      times[i].push(Number(process.hrtime.bigint() - started) / 1e6);
      if (child.status !== 0) throw new Error(`${c.label} exited ${child.status}: ${child.stderr}`);
    });
  }
  const walls = times.map(median);
  const node0 = walls[0];
  const rows = commands.map((c, i) => [c.size === null ? '' : count(c.size), c.label, ms(walls[i]), ratio(walls[i], node0)]);
  commands.forEach((c, i) => {
    if (c.size !== null && c.size >= 100_000 && c.label.includes('search')) {
      ctx.checks.push([`harmonia search whole process <= 1.6x node -e 0 at ${count(c.size)}`, walls[i] <= 1.6 * node0]);
    }
  });
  return {
    title: 'Whole process wall time (ms, median)',
    head: ['memories', 'command', 'wall', 'vs node -e 0'],
    rows,
    notes: [`\nMedian of ${ctx.runs} runs each, the commands taking turns.`],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Section: raw batch ingest, beside a bare insert loop into the same schema
// ---------------------------------------------------------------------------------------------------------------

function batchLines(n) {
  const r = prng(4242);
  const start = Date.UTC(2024, 0, 1);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const at = start + i * 60_000;
    const [, , content] = makeMemory(r, at, i % 2 ? 'Alex' : 'Sam');
    lines.push(JSON.stringify({ message: content, at: new Date(at).toISOString(), source: `ingest:${i}`, session: `chat-${Math.floor(i / 20)}` }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The same rows `remember --extractor raw` writes (message, memory + index, history, message marked processed).
 * `mode`: 'message' = one transaction per message; 'one' = all in one transaction; 'grouped' = what harmonia's
 * group commit does in SQLite: transactions of 500 lines, two duplicate lookups per line, and the group's rows
 * written at its end with multi-row INSERTs (the repositories' own writers, as WriteStage uses them).
 */
function bareInsert(dataDir, n, mode) {
  const store = openUserStore({ dataDir, user: USER, busyTimeoutMs: 5000, create: true });
  const db = store.db;
  const insMessage = db.prepare(
    `INSERT INTO messages (id, content, ref_at, tz, session, source, status, extractor, attempts, created_at, processed_at)
     VALUES (?, ?, ?, 'UTC', ?, ?, 'processed', 'raw', 1, ?, ?)`,
  );
  const insMemory = db.prepare(
    `INSERT INTO memories (id, content, type, category, confidence, status, entities, created_at, updated_at, last_seen_at, version, message_id, source_ref, session, text_key)
     VALUES (?, ?, 'episodic', 'conversation', 1, 'active', '[]', ?, ?, ?, 1, ?, ?, ?, ?)`,
  );
  const insHistory = db.prepare(
    `INSERT INTO memory_history (memory_id, version, action, before, after, reason, actor, at) VALUES (?, 1, 'created', NULL, ?, ?, 'extractor:raw', ?)`,
  );
  const sameMessage = db.prepare('SELECT id FROM messages WHERE source = ? AND content = ? ORDER BY seq LIMIT 1');
  const sameText = db.prepare("SELECT id FROM memories WHERE text_key = ? AND status = 'active' AND lower(content) = lower(?) LIMIT 5");
  const r = prng(4242);
  const start = Date.UTC(2024, 0, 1);
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(makeMemory(r, start + i * 60_000, i % 2 ? 'Alex' : 'Sam')[2]);
  const one = (i) => {
    const at = new Date().toISOString();
    const msg = newId('msg');
    const mem = newId('mem');
    const session = `chat-${Math.floor(i / 20)}`;
    insMessage.run(msg, rows[i], new Date(start + i * 60_000).toISOString(), session, `ingest:${i}`, at, at);
    insMemory.run(mem, rows[i], at, at, at, msg, `ingest:${i}`, session, textKey(rows[i]));
    insHistory.run(mem, JSON.stringify({ content: rows[i], type: 'episodic' }), `remembered from ${msg}`, at);
  };
  // The grouped loop's rows, each in its table's column order.
  const held = (i) => {
    const at = new Date().toISOString();
    const msg = newId('msg');
    const mem = newId('mem');
    const session = `chat-${Math.floor(i / 20)}`;
    const source = `ingest:${i}`;
    const memory = newMemory({ user: USER, content: rows[i], type: 'episodic', category: 'conversation', confidence: 1, entities: [], at, source: { messageId: msg, ref: source, session } });
    memory.id = mem;
    return {
      message: messageValues({ id: msg, content: rows[i], refAt: new Date(start + i * 60_000).toISOString(), timeZone: 'UTC', session, source, status: 'processed', extractor: 'raw', error: null, attempts: 1, createdAt: at, processedAt: at }),
      memory: memoryValues(memory),
      history: historyValues({ memoryId: mem, version: 1, action: 'created', before: null, after: { content: rows[i], type: 'episodic' }, reason: `remembered from ${msg}`, actor: 'extractor:raw', conflictId: null, at }),
    };
  };
  const started = process.hrtime.bigint();
  if (mode === 'message') {
    const tx = db.transaction(one);
    for (let i = 0; i < n; i++) tx.immediate(i);
  } else if (mode === 'grouped') {
    for (let i = 0; i < n; i += 500) {
      db.exec('BEGIN IMMEDIATE');
      const group = { messages: [], memories: [], history: [] };
      for (let j = i; j < Math.min(n, i + 500); j++) {
        sameMessage.get(`ingest:${j}`, rows[j]);
        sameText.all(textKey(rows[j]), rows[j]);
        const line = held(j);
        group.messages.push(line.message);
        group.memories.push(line.memory);
        group.history.push(line.history);
      }
      store.messages.insertRows(group.messages);
      store.memories.insertRows(group.memories);
      store.history.insertRows(group.history);
      db.exec('COMMIT');
    }
  } else {
    db.transaction(() => {
      for (let i = 0; i < n; i++) one(i);
    }).immediate();
  }
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  store.close();
  return wall;
}

/**
 * `remember --batch` in this process (compiled CLI, fresh store); with `detect: false` the conflict placer is swapped
 * for the plain one for the run, to show what conflict detection costs. Returns wall ms.
 */
async function inProcessBatch(home, input, { detect, extractor = 'raw' }) {
  const { ConflictPlacer } = await import(dist('core/conflicts/placer.js'));
  const { createEveryCandidate } = await import(dist('core/remember.js'));
  const place = ConflictPlacer.prototype.place;
  if (!detect) ConflictPlacer.prototype.place = createEveryCandidate.place;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.resume();
  stderr.resume();
  const io = {
    stdout,
    stderr,
    stdin: Readable.from([Buffer.from(input)]),
    env: { HARMONIA_HOME: home, HARMONIA_USER: USER, HARMONIA_CONFIG: join(OUT, 'no-config.json'), HARMONIA_TZ: 'UTC' },
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    columns: undefined,
    now: () => new Date(),
  };
  try {
    const started = process.hrtime.bigint();
    const code = await main(['remember', '--batch', '--extractor', extractor, '--format', 'ndjson', '--quiet'], io);
    if (code !== 0) throw new Error(`in-process remember --batch exited ${code}`);
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    ConflictPlacer.prototype.place = place;
  }
}

/** The raw line's required work alone (parse, redact, validate, two lookups, the rows, the record) in a fresh process. */
function runFloor(dataDir, input) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, [join(root, 'scripts', 'lib', 'raw-floor.mjs'), dataDir], { input, maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) throw new Error(`raw-floor.mjs exited ${child.status}: ${child.stderr}`);
  return wall;
}

async function ingest(ctx) {
  const n = ctx.ingestLines;
  const input = batchLines(n);
  const rows = [];
  const runs = { cli: [], full: [], plain: [], floor: [], bare: [], bareGrouped: [], bareOne: [] };
  for (let i = 0; i < 3; i++) {
    const scratch = mkdtempSync(join(tmpdir(), 'harmonia-bench-ingest-'));
    try {
      runs.cli.push(runBin(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson', '--quiet'], { home: join(scratch, 'cli'), input }).wall);
      runs.full.push(await inProcessBatch(join(scratch, 'full'), input, { detect: true }));
      runs.plain.push(await inProcessBatch(join(scratch, 'plain'), input, { detect: false }));
      runs.floor.push(runFloor(join(scratch, 'floor'), input));
      runs.bare.push(bareInsert(join(scratch, 'bare'), n, 'message'));
      runs.bareGrouped.push(bareInsert(join(scratch, 'bare-grouped'), n, 'grouped'));
      runs.bareOne.push(bareInsert(join(scratch, 'bare-one'), n, 'one'));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const wall = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  // What no per-line work beyond SQLite's would give a whole process: start-up (`--version`) plus the grouped loop.
  const startup = median(Array.from({ length: 7 }, () => runBin(['--version']).wall));
  wall.ceiling = startup + wall.bareGrouped;
  const rate = (ms) => Math.round((n / ms) * 1000);
  const of = (ms, base) => `${((100 * rate(ms)) / rate(base)).toFixed(0)}%`;
  rows.push([`harmonia remember --batch --extractor raw, whole process (${count(n)} lines)`, ms(wall.cli), rate(wall.cli).toLocaleString('en'), of(wall.cli, wall.bare), of(wall.cli, wall.bareOne)]);
  rows.push(['  the same in process (no start-up)', ms(wall.full), rate(wall.full).toLocaleString('en'), of(wall.full, wall.bare), of(wall.full, wall.bareOne)]);
  rows.push(['  the same in process, conflict detection switched off', ms(wall.plain), rate(wall.plain).toLocaleString('en'), of(wall.plain, wall.bare), of(wall.plain, wall.bareOne)]);
  rows.push(['floor: only what each line must do, no pipeline, whole process (scripts/lib/raw-floor.mjs)', ms(wall.floor), rate(wall.floor).toLocaleString('en'), of(wall.floor, wall.bare), of(wall.floor, wall.bareOne)]);
  rows.push(['bare better-sqlite3 loop, one transaction per message', ms(wall.bare), rate(wall.bare).toLocaleString('en'), '100%', of(wall.bare, wall.bareOne)]);
  rows.push([`ceiling for a whole process: start-up (${ms(startup)} ms) + the grouped loop below`, ms(wall.ceiling), rate(wall.ceiling).toLocaleString('en'), of(wall.ceiling, wall.bare), of(wall.ceiling, wall.bareOne)]);
  rows.push(['bare loop as harmonia groups: 500 lines a transaction, two lookups a line, multi-row INSERTs', ms(wall.bareGrouped), rate(wall.bareGrouped).toLocaleString('en'), of(wall.bareGrouped, wall.bare), of(wall.bareGrouped, wall.bareOne)]);
  rows.push(['bare better-sqlite3 loop, all in one transaction', ms(wall.bareOne), rate(wall.bareOne).toLocaleString('en'), of(wall.bareOne, wall.bare), '100%']);
  ctx.checks.push([`raw batch ingest >= 20,000 messages/s`, rate(wall.cli) >= 20_000], [`raw batch ingest >= 50% of the bare loop (one transaction per message)`, rate(wall.cli) >= 0.5 * rate(wall.bare)]);
  return {
    title: 'Raw batch ingest',
    head: ['what', 'wall ms', 'messages/s', 'of bare, tx per message', 'of bare, one tx'],
    rows,
    notes: [
      `\nMedian of 3 runs; ${count(n)} NDJSON lines of varied chat turns, each with message, at, source and session, into an`,
      'empty store. The bare loops write the same rows (message, memory + its FTS row, history) with prepared statements.',
      'harmonia commits the lines that arrive together in one transaction and writes their rows at its end (WriteStage).',
      'The floor does only what every line must (parse, redact secrets, validate with the zod schema, two duplicate',
      "lookups, hold the rows, print the record) with harmonia's modules and nothing around them: `node",
      'scripts/lib/raw-floor.mjs DIR --breakdown < lines` prints where its time goes.',
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Section: rules batch, beside the raw extractor and the rules extractor alone
// ---------------------------------------------------------------------------------------------------------------

const PERSONA = resolve(root, '..', 'shared', 'eval', 'extraction', 'personaext-dev.jsonl');


async function rulesBatch(ctx) {
  const n = ctx.ingestLines;
  if (!existsSync(PERSONA)) {
    return { title: 'Rules batch', head: ['what'], rows: [[`skipped: ${PERSONA} not found`]] };
  }
  // Casual chat: the PersonaExt utterances, cycled (people repeat themselves).
  const texts = (await readJsonl(PERSONA)).map((record) => record.text);
  const messages = Array.from({ length: n }, (_, i) => texts[i % texts.length]);
  const input = `${messages.map((message) => JSON.stringify({ message })).join('\n')}\n`;
  const { extractFacts } = await import(dist('extract/rules.js'));
  const runs = { cli: [], oneThread: [], full: [], plain: [], raw: [], alone: [] };
  let memories = 0;
  const batch = ['remember', '--batch', '--extractor', 'rules', '--format', 'ndjson', '--quiet'];
  for (let i = 0; i < 3; i++) {
    const scratch = mkdtempSync(join(tmpdir(), 'harmonia-bench-rules-'));
    try {
      runs.cli.push(runBin(batch, { home: join(scratch, 'cli'), input }).wall);
      runs.oneThread.push(runBin(batch, { home: join(scratch, 'one-thread'), input, env: { HARMONIA_EXTRACT_WORKER: '0' } }).wall);
      runs.full.push(await inProcessBatch(join(scratch, 'full'), input, { detect: true, extractor: 'rules' }));
      runs.plain.push(await inProcessBatch(join(scratch, 'plain'), input, { detect: false, extractor: 'rules' }));
      runs.raw.push(runBin(['remember', '--batch', '--extractor', 'raw', '--format', 'ndjson', '--quiet'], { home: join(scratch, 'raw'), input }).wall);
      const context = { referenceTime: new Date(), timeZone: 'UTC' };
      const started = process.hrtime.bigint();
      memories = 0;
      for (const m of messages) memories += extractFacts(m, context).length;
      runs.alone.push(Number(process.hrtime.bigint() - started) / 1e6);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const wall = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
  const rate = (ms) => Math.round((n / ms) * 1000);
  const row = (what, ms) => [what, ms.toFixed(0), rate(ms).toLocaleString('en')];
  ctx.checks.push([`rules batch of ${count(n)} lines >= 5,000 messages/s (whole process)`, rate(wall.cli) >= 5_000]);
  return {
    title: 'Rules batch',
    head: ['what', 'wall ms', 'messages/s'],
    rows: [
      row(`harmonia remember --batch --extractor rules, whole process (${count(n)} lines)`, wall.cli),
      row('  the same, extracting in the main thread (HARMONIA_EXTRACT_WORKER=0)', wall.oneThread),
      row('  the same in process (no start-up)', wall.full),
      row('  the same in process, conflict detection switched off', wall.plain),
      row('harmonia remember --batch --extractor raw, whole process (the same lines)', wall.raw),
      row('the rules extractor alone (extractFacts over the same lines, in process)', wall.alone),
    ],
    notes: [
      `\nMedian of 3 runs, the commands taking turns; ${count(n)} NDJSON lines {"message": ...}, the ${texts.length.toLocaleString('en')}`,
      `PersonaExt utterances of ../shared/eval cycled (${memories.toLocaleString('en')} candidate memories), into an empty store. With detection, each`,
      'candidate is compared with its nearest memories (the same text, then those sharing a fact key with it) and most',
      'of the repeats end as duplicates: a refreshed memory, a history row and a conflict record instead of a new memory.',
      'Extraction runs in a worker thread while the main thread places and writes (src/cli/extract-thread.ts).',
    ],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

const SECTIONS = { search: searchLatency, startup, ingest, rules: rulesBatch };

const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
};
const ctx = {
  sizes: option('--sizes', '10000,100000').split(',').map(Number),
  queries: Number(option('--queries', '300')),
  runs: Number(option('--runs', '11')),
  ingestLines: Number(option('--ingest-lines', '10000')),
  checks: [],
  storeFor,
  runBin,
};
const chosen = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
mkdirSync(OUT, { recursive: true });
const { loadavg, cpus } = await import('node:os');
console.log(`# harmonia bench (node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
for (const name of chosen.length > 0 ? chosen : Object.keys(SECTIONS)) {
  const section = SECTIONS[name];
  if (!section) {
    console.error(`bench: unknown section ${name} (sections: ${Object.keys(SECTIONS).join(', ')})`);
    process.exit(2);
  }
  printTable(await section(ctx));
}
if (ctx.checks.length > 0) {
  printTable({ title: 'Targets', head: ['target', 'result'], rows: ctx.checks.map(([what, ok]) => [what, verdict(ok)]) });
}
