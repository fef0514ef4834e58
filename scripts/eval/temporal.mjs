// Temporal resolution on data nobody here wrote the resolver against: chat-dev (find + resolve in chat messages)
// and Duckling's English relative-time corpus. Imports the compiled module; never special-cases the data.
//
//   node scripts/eval/temporal.mjs [--dist DIR] [--shared-eval DIR] [--details]
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DateTime } from 'luxon';
import { readJsonl, pct, ratio } from '../lib/report.mjs';

const GRAINS = ['second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year'];


/** "-02:00" -> "UTC-2", "+05:30" -> "UTC+5:30": the fixed zone of a reference given with an offset. */
function fixedZoneOf(iso) {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  if (!m) return 'UTC';
  const h = Number(m[2]);
  const min = Number(m[3]);
  if (h === 0 && min === 0) return 'UTC';
  return `UTC${m[1]}${h}${min ? `:${String(min).padStart(2, '0')}` : ''}`;
}

/** Wall-clock value truncated to a grain, as a comparable string. */
function truncated(iso, grain) {
  const dt = DateTime.fromISO(iso, { setZone: true });
  if (!dt.isValid) return `invalid:${iso}`;
  return dt.startOf(grain === 'week' ? 'week' : grain).toFormat("yyyy-MM-dd'T'HH:mm:ss");
}

/** chat-dev: the expected event is a datetime with offset (exact), a date, a year, or null (recurring). */
function chatCorrect(row, got) {
  if (row.event_at === null) return got === null;
  if (!got) return false;
  if (got.grain !== row.grain) return false;
  const ours = DateTime.fromISO(got.eventAt, { setZone: true });
  if (/^\d{4}$/.test(row.event_at)) return String(ours.year) === row.event_at;
  if (/^\d{4}-\d{2}-\d{2}$/.test(row.event_at)) return ours.toFormat('yyyy-MM-dd') === row.event_at;
  const expected = DateTime.fromISO(row.event_at, { setZone: true });
  return ours.toMillis() === expected.toMillis() && ours.offset === expected.offset;
}

/** `allDetails` lists every miss; by default the Duckling misses are cut to the first few to keep the report short. */
export async function run({ dist, sharedEval, allDetails = false }) {
  const mod = await import(pathToFileURL(path.join(dist, 'time', 'resolve.js')).href);
  const { findTimeExpression, resolveTimeExpression } = mod;
  const details = [];
  const duckMisses = [];
  const rows = [];

  // chat-dev: the message as a user would type it; find the phrase, then resolve it with the sentence as context.
  const chat = await readJsonl(path.join(sharedEval, 'temporal', 'chat-dev.jsonl'));
  let chatOk = 0;
  for (const row of chat) {
    const ref = DateTime.fromISO(row.at, { zone: row.tz }).toJSDate();
    const found = findTimeExpression(row.message, ref, row.tz);
    const got = found ? resolveTimeExpression(found.text, ref, row.tz, row.message) : null;
    if (chatCorrect(row, got)) chatOk++;
    else details.push(`chat-dev miss: "${row.message}" -> ${found ? `"${found.text}" ` : ''}${got ? `${got.eventAt} ${got.grain}` : 'null'}; expected ${row.event_at} ${row.grain}`);
  }
  rows.push({ metric: 'chat-dev: event time and grain', value: ratio(chatOk, chat.length), target: '100%' });

  // Duckling: the phrase alone, the reference's offset as the user's (fixed) zone; correct when the value truncated to
  // the gold grain matches ours truncated the same way (for intervals, the start).
  const duck = await readJsonl(path.join(sharedEval, 'temporal', 'duckling-relative.jsonl'));
  const byGrain = new Map(GRAINS.map((g) => [g, { ok: 0, n: 0 }]));
  let duckOk = 0;
  let intervals = 0;
  let intervalEndsOk = 0;
  for (const row of duck) {
    const zone = fixedZoneOf(row.ref);
    const got = resolveTimeExpression(row.text, new Date(row.ref), zone);
    const gold = row.expected.type === 'interval' ? row.expected.from : row.expected.value;
    const ok = got !== null && gold != null && truncated(got.eventAt, row.grain) === truncated(gold, row.grain);
    const g = byGrain.get(row.grain) ?? { ok: 0, n: 0 };
    g.n++;
    if (ok) {
      g.ok++;
      duckOk++;
    } else {
      duckMisses.push(`duckling miss [${row.grain}]: "${row.text}" -> ${got ? `${got.eventAt} ${got.grain}` : 'null'}; expected ${gold}`);
    }
    byGrain.set(row.grain, g);
    if (row.expected.type === 'interval' && row.expected.to) {
      intervals++;
      if (ok && got.eventEnd && truncated(got.eventEnd, row.grain) === truncated(row.expected.to, row.grain)) intervalEndsOk++;
    }
  }
  rows.push({ metric: 'duckling-relative: correct at gold grain', value: ratio(duckOk, duck.length), target: '>= 85%' });
  for (const [grain, g] of byGrain) {
    if (g.n) rows.push({ metric: `  duckling grain ${grain}`, value: ratio(g.ok, g.n), target: '' });
  }
  rows.push({ metric: 'duckling intervals: start and exclusive end', value: ratio(intervalEndsOk, intervals), target: '(info)' });
  const shown = allDetails ? duckMisses : duckMisses.slice(0, 8);
  details.push(...shown);
  if (shown.length < duckMisses.length) {
    details.push(`... ${duckMisses.length - shown.length} more Duckling misses: node scripts/eval/temporal.mjs --details`);
  }
  return { title: 'Temporal resolution', rows, details };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
  };
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const result = await run({
    dist: opt('--dist', path.join(root, 'dist')),
    sharedEval: opt('--shared-eval', path.resolve(root, '..', 'shared', 'eval')),
    allDetails: args.includes('--details'),
  });
  console.log(result.title);
  for (const r of result.rows) console.log(`${r.metric.padEnd(46)} ${String(r.value).padEnd(18)} ${r.target}`);
  if (args.includes('--details')) for (const d of result.details ?? []) console.log(d);
}
