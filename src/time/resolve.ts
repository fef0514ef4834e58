/**
 * Relative time resolution: finds time phrases in chat text and turns them into absolute times in the user's zone.
 *
 * chrono reads the text; luxon does the date math. chrono only knows a fixed offset, which is wrong across a DST
 * change, so its wall-clock components are rebuilt in the user's IANA zone (unless the text named a zone).
 */
import * as chrono from 'chrono-node/en';
import { DateTime, type Zone } from 'luxon';
import type { EventGrain } from '../core/memory.js';
import { UsageError } from '../core/errors.js';
import { HARMONIA_PARSERS, type GrammarOption, type GrammarState } from './grammar/index.js';
import { isoWeekday, daysInMonth } from './holidays.js';
import { tenseOf, type Tense } from './tense.js';

export type { Tense };
import { fromWallClock, formatWithOffset, offsetMinutesAt, toZone } from './zone.js';
import { rewriteWithTime } from './rewrite.js';

export { rewriteWithTime };

export interface ResolvedTime {
  /** ISO 8601 in the user's zone with its offset; day grain and coarser start at midnight. */
  eventAt: string;
  /** Exclusive end for ranges ("from 2 to 4pm", "next week"), else null. */
  eventEnd: string | null;
  grain: EventGrain;
  /** The original phrase. */
  text: string;
}

/** chrono parsers replaced by Harmonia's own (grammar.ts) or dropped: "for 3 years" is a duration, not an event. */
const DROPPED_PARSERS = new Set([
  'ENWeekdayParser',
  'ENTimeUnitWithinFormatParser',
  'ENTimeUnitAgoFormatParser',
  'ENTimeUnitLaterFormatParser',
  'ENTimeUnitCasualRelativeFormatParser',
  'ENRelativeDateFormatParser',
  'ENMonthNameParser',
  'ENEndOfCurrentMonthParser',
]);

const parser = (() => {
  const c = chrono.casual.clone();
  // Told apart by class name. A name that matches none (a chrono release renamed the class, or a bundler did) would
  // leave that parser in without a word: checked here, so any such change fails the first time extraction runs.
  const missing = new Set(DROPPED_PARSERS);
  for (const p of c.parsers) missing.delete(p.constructor.name);
  if (missing.size > 0) throw new Error(`chrono-node has no parser named ${[...missing].join(', ')}`);
  c.parsers = [...HARMONIA_PARSERS, ...c.parsers.filter((p) => !DROPPED_PARSERS.has(p.constructor.name))];
  return c;
})();

export interface Span {
  start: DateTime;
  end: DateTime | null;
  grain: EventGrain;
}

function zoneOrThrow(timeZone: string): Zone {
  const zone = toZone(timeZone);
  if (!zone) throw new UsageError(`invalid time zone "${timeZone}"`, { hint: 'use an IANA name such as Europe/Paris' });
  return zone;
}

function parseAll(text: string, now: DateTime, tense: Tense): chrono.ParsedResult[] {
  const option: GrammarOption = { harmonia: { now, tense } satisfies GrammarState };
  return parser.parse(text, { instant: now.toJSDate(), timezone: offsetMinutesAt(now.zone, now.toJSDate()) }, option);
}

// ---------------------------------------------------------------------------------------------------------------
// From a chrono result to a span in the user's zone

function tagValue(tags: Set<string>, name: string): string | null {
  for (const t of tags) if (t.startsWith(`harmonia/${name}:`)) return t.slice(name.length + 10);
  return null;
}

function fromWallTag(value: string, zone: Zone): DateTime {
  const [year, month, day, hour, minute, second] = value.split(',').map(Number) as number[];
  return fromWallClock({ year: year as number, month: month as number, day: day as number, hour, minute, second }, zone);
}

const PARTS_OF_DAY: { re: RegExp; from: number; to: number }[] = [
  { re: /\blate\s+(?:last\s+)?(?:tonight|night|evening)\b/i, from: 21, to: 24 },
  { re: /\bearly\s+(?:in\s+the\s+)?morning\b|\bin\s+the\s+early\s+hours\b/i, from: 0, to: 9 },
  { re: /\bmorning(?:ish)?\b/i, from: 0, to: 12 },
  { re: /\blunch(?:time)?\b/i, from: 12, to: 14 },
  { re: /\bafternoon(?:ish)?\b/i, from: 12, to: 19 },
  { re: /\b(?:evening|tonight|night)(?:ish)?\b/i, from: 18, to: 24 },
];

function partOfDay(text: string): { from: number; to: number } | null {
  for (const p of PARTS_OF_DAY) if (p.re.test(text)) return p;
  return null;
}

const EXPLICIT_MERIDIEM = /\d\s*(?:a|p)\.?m\b|\bnoon\b|\bmidnight\b/i;

/** The nearest instant, after now (or before it in the past tense), that reads hour:minute in either half of the day. */
function nearestClock(now: DateTime, hour: number, minute: number, tense: Tense): DateTime {
  const base = now.startOf('day');
  const current = now.startOf('minute');
  const candidates: DateTime[] = [];
  for (const day of [-1, 0, 1]) for (const h of [hour % 12, (hour % 12) + 12]) candidates.push(base.plus({ days: day }).set({ hour: h, minute }));
  if (tense === 'past') return candidates.filter((c) => c <= current).reduce((a, b) => (b > a ? b : a));
  return candidates.filter((c) => c >= current).reduce((a, b) => (b < a ? b : a));
}

/** Picks the date of a date-less clock time: the next occurrence, or the last one in the past tense. */
function dateForTime(now: DateTime, hour: number, minute: number, tense: Tense): DateTime {
  const today = now.startOf('day');
  const candidate = today.set({ hour, minute });
  if (tense === 'past') return candidate > now ? today.minus({ days: 1 }) : today;
  return candidate < now.startOf('minute') ? today.plus({ days: 1 }) : today;
}

function yearForDate(now: DateTime, month: number, day: number | null, weekday: number | null, tense: Tense): number {
  if (weekday !== null && day !== null) {
    // "Sunday, Feb 10": the nearest year in which that date falls on that weekday.
    for (const k of [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6]) {
      const y = now.year + k;
      if (day <= daysInMonth(y, month) && isoWeekday({ year: y, month, day }) === weekday) return y;
    }
  }
  const today = now.startOf('day');
  const thisYear = DateTime.fromObject({ year: now.year, month, day: day ?? 1 }, { zone: now.zone });
  if (tense === 'past') {
    const ahead = day === null ? month > now.month : thisYear > today;
    return ahead ? now.year - 1 : now.year;
  }
  const behind = day === null ? month < now.month : thisYear < today;
  return behind ? now.year + 1 : now.year;
}

/** For a day of the month without a month ("the 15th", "Thu 15th"): the next (or last) month that has it. */
function monthForDay(now: DateTime, day: number, weekday: number | null, tense: Tense): { year: number; month: number } {
  const step = tense === 'past' ? -1 : 1;
  const today = now.startOf('day');
  let ref = now.startOf('month');
  for (let i = 0; i < 48; i++, ref = ref.plus({ months: step })) {
    if (day > daysInMonth(ref.year, ref.month)) continue;
    const d = ref.set({ day });
    if (step > 0 ? d < today : d > today) continue;
    if (weekday !== null && d.weekday !== weekday) continue;
    return { year: d.year, month: d.month };
  }
  return { year: now.year, month: now.month };
}

/** chrono weekday (0=Sunday) to ISO (7=Sunday). */
function isoFromChronoWeekday(w: number | null): number | null {
  return w === null ? null : w === 0 ? 7 : w;
}

function componentsSpan(c: Components, now: DateTime, zone: Zone, tense: Tense, text: string): Span {
  const certain = (k: chrono.Component) => c.isCertain(k);
  const hourCertain = certain('hour');
  if (certain('timezoneOffset') && hourCertain) {
    return { start: DateTime.fromJSDate(c.date(), { zone }), end: null, grain: 'minute' };
  }
  let year = c.get('year') ?? now.year;
  let month = c.get('month') ?? now.month;
  let day = c.get('day') ?? now.day;
  let hour = c.get('hour') ?? 0;
  const minute = c.get('minute') ?? 0;
  const second = certain('second') ? (c.get('second') ?? 0) : 0;
  const weekday = certain('weekday') ? isoFromChronoWeekday(c.get('weekday')) : null;
  const dateCertain = certain('day') || certain('month') || certain('year') || certain('weekday');
  const pod = partOfDay(text);

  // "tonight at 8", "9 tomorrow evening": an hour without am/pm in an afternoon or evening is after noon, and
  // "12" in the evening is midnight.
  if (hourCertain && pod && pod.from >= 12 && !EXPLICIT_MERIDIEM.test(text)) {
    if (hour < 12) hour += 12;
    else if (hour === 12 && pod.from >= 18) hour = 24;
  }
  // An hour without am/pm and no part of the day: the next (or, in the past tense, the last) time the clock shows
  // it when no date is given ("at 5" at 10:00 is 17:00); with a date, 1 to 6 o'clock means the afternoon.
  const ambiguous = hourCertain && hour >= 1 && hour <= 12 && !certain('meridiem') && !pod && !EXPLICIT_MERIDIEM.test(text);
  if (ambiguous && dateCertain && hour <= 6) hour += 12;
  if (hourCertain && !dateCertain) {
    const d = hour === 24 ? now.startOf('day') : ambiguous ? nearestClock(now, hour, minute, tense) : dateForTime(now, hour, minute, tense);
    if (ambiguous) hour = d.hour;
    ({ year, month, day } = d);
  } else if (certain('month') && !certain('year')) {
    year = yearForDate(now, month, certain('day') ? day : null, weekday, tense);
  } else if (certain('day') && !certain('month')) {
    ({ year, month } = monthForDay(now, day, weekday, tense));
  }

  if (hourCertain) {
    const start = fromWallClock({ year, month, day, hour: hour % 24, minute, second }, zone).plus({ days: hour >= 24 ? 1 : 0 });
    return { start, end: null, grain: 'minute' };
  }
  if (pod && (certain('day') || [...c.tags()].some((t) => t.startsWith('casualReference/')))) {
    // "last night" is the evening before today's date, even just after midnight.
    const base = /\blast\s*night\b/i.test(text) ? now.startOf('day').minus({ days: 1 }) : fromWallClock({ year, month, day }, zone);
    return { start: base.set({ hour: pod.from }), end: pod.to === 24 ? base.plus({ days: 1 }) : base.set({ hour: pod.to }), grain: 'hour' };
  }
  if (certain('day') || certain('weekday')) return { start: fromWallClock({ year, month, day }, zone), end: null, grain: 'day' };
  if (certain('month')) return { start: fromWallClock({ year, month, day: 1 }, zone), end: null, grain: 'month' };
  return { start: fromWallClock({ year, month: 1, day: 1 }, zone), end: null, grain: 'year' };
}

type Components = chrono.ParsedResult['start'];

function hasDate(c: Components): boolean {
  return c.isCertain('day') || c.isCertain('month') || c.isCertain('year') || c.isCertain('weekday') || [...c.tags()].some((t) => t.startsWith('harmonia/grain:'));
}

function isClockOnly(c: Components): boolean {
  return c.isCertain('hour') && !hasDate(c);
}

function resultSpan(r: chrono.ParsedResult, now: DateTime, zone: Zone, tense: Tense, fullText: string): Span | null {
  const tags = new Set([...r.tags(), ...r.start.tags()]);
  // The words just before the match can qualify it ("late last night").
  const context = fullText.slice(Math.max(0, r.index - 12), r.index + r.text.length + 16);
  const grain = tagValue(tags, 'grain') as EventGrain | null;
  if (grain) {
    const instant = tagValue(tags, 'instant');
    if (instant) return { start: DateTime.fromMillis(Number(instant), { zone }), end: null, grain: 'minute' };
    if (r.start.isCertain('hour') && r.start.isCertain('timezoneOffset')) {
      return { start: DateTime.fromJSDate(r.start.date(), { zone }), end: null, grain: 'minute' };
    }
    if (r.start.isCertain('hour')) {
      // One of Harmonia's dates merged with a clock time: "thanksgiving at 5pm", "in 7 days at 5pm".
      const d = fromWallTag(tagValue(tags, 'start') as string, zone);
      let hour = r.start.get('hour') ?? 0;
      const pod = partOfDay(context);
      if (pod && pod.from >= 12 && hour < 12 && !EXPLICIT_MERIDIEM.test(context)) hour += 12;
      const start = fromWallClock({ year: d.year, month: d.month, day: d.day, hour, minute: r.start.get('minute') ?? 0 }, zone);
      return { start, end: null, grain: 'minute' };
    }
    const start = fromWallTag(tagValue(tags, 'start') as string, zone);
    const pod = grain === 'day' ? partOfDay(context) : null;
    if (pod) {
      return { start: start.set({ hour: pod.from }), end: pod.to === 24 ? start.plus({ days: 1 }) : start.set({ hour: pod.to }), grain: 'hour' };
    }
    const end = tagValue(tags, 'end');
    return { start, end: end ? fromWallTag(end, zone) : null, grain };
  }
  if (tags.has('casualReference/now')) return { start: now, end: null, grain: 'minute' };
  let span = componentsSpan(r.start, now, zone, tense, context);
  if (r.end && isClockOnly(r.start) && hasDate(r.end)) {
    // "9h30 - 11h00 on Thursday": the date was merged into the end only.
    const endDay = componentsSpan(r.end, now, zone, tense, r.text).start;
    span = { ...span, start: fromWallClock({ year: endDay.year, month: endDay.month, day: endDay.day, hour: span.start.hour, minute: span.start.minute }, zone) };
  }
  if (r.end) {
    const endSpan = componentsSpan(r.end, span.start, zone, 'future', r.text);
    let end = endSpan.start;
    if (endSpan.grain === 'day' || span.grain === 'day') end = end.startOf('day').plus({ days: 1 });
    if (end <= span.start) end = end.plus({ days: 1 });
    span.end = end;
  }
  return span;
}

// ---------------------------------------------------------------------------------------------------------------
// Public API

const RECURRING =
  /\b(?:mornings|afternoons|evenings|nights|weekends)\b|\b(?:every|each)\b|\b(?:daily|nightly|weekly|biweekly|fortnightly|monthly|yearly|annually|hourly)\b|\b(?:on|most|all)\s+(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays|weekends)\b|^(?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekdays|weekends)\b|\bweekdays\b|\bevery\s+other\b/i;

const EVERY_UNIT =
  '(?:every|each)\\s+(?:other\\s+|single\\s+)?(?:(?:day|night|morning|afternoon|evening|week|weekday|weekend|month|year|hour|time|monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)?';
const RECURRING_BEFORE = new RegExp(`\\b(?:${EVERY_UNIT}|daily|nightly|weekly|monthly|yearly|usually|always)\\s*(?:at|on|in|from|around)?\\s*$`, 'i');
const RECURRING_LEAD = new RegExp(`\\b${EVERY_UNIT}\\s*(?:at|on|in|from|around)?\\s*$`, 'i');
const RECURRING_AFTER = /^\s*(?:mornings|afternoons|evenings|nights|weekends|every\b|each\s+(?:day|week|month|year|morning|night|time)|daily|nightly|weekly|monthly|yearly)/i;

/** True when the phrase, or the words right around it in its sentence, make it recurring ("every day at 9"). */
function isRecurring(expression: string, context: string | undefined): boolean {
  if (RECURRING.test(expression)) return true;
  if (!context) return false;
  const at = context.toLowerCase().indexOf(expression.toLowerCase());
  if (at < 0) return false;
  return RECURRING_BEFORE.test(context.slice(0, at)) || RECURRING_AFTER.test(context.slice(at + expression.length));
}

function toResolved(span: Span, text: string): ResolvedTime {
  return {
    eventAt: formatWithOffset(span.start),
    eventEnd: span.end ? formatWithOffset(span.end) : null,
    grain: span.grain,
    text,
  };
}

/**
 * Resolves a time phrase against `referenceTime` in `timeZone` (IANA, or a fixed offset like "UTC-2"). `context`
 * is the sentence the phrase came from: its tense decides past or future for ambiguous phrases. Returns null for
 * recurring or unparsable phrases. Throws UsageError for an unknown zone.
 */
export function resolveTimeExpression(expression: string, referenceTime: Date, timeZone: string, context?: string): ResolvedTime | null {
  const span = resolveSpan(expression, referenceTime, timeZone, context);
  return span ? toResolved(span, expression) : null;
}

/**
 * Like resolveTimeExpression, with the span as luxon values and the part of the phrase that was understood (for
 * parse.ts). `tense` overrides the tense read from `context`.
 */
export function resolveSpan(expression: string, referenceTime: Date, timeZone: string, context?: string, tenseOverride?: Tense): (Span & { matched: string }) | null {
  const zone = zoneOrThrow(timeZone);
  const text = expression.trim();
  if (!text || Number.isNaN(referenceTime.getTime())) return null;
  if (isRecurring(text, context)) return null;
  const now = DateTime.fromJSDate(referenceTime, { zone });
  const tense = tenseOverride ?? (context ? tenseOf(context, text) : 'neutral');
  // "haven't talked in a few days": in the past tense "in <duration>" is a span, not a point in time.
  if (tense === 'past' && IN_DURATION.test(text)) return null;
  const normalized = normalizeRanges(text);
  const results = parseAll(normalized, now, tense);
  if (results.length === 0) return null;
  // The phrase is one expression: prefer the result covering most of it.
  const best = results.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const span = resultSpan(best, now, zone, tense, normalized);
  if (!span) return null;
  const combined = combineParts(span, best, results, now, zone, tense, normalized);
  const matched = combined === span ? best.text : results.map((r) => r.text).join(' ');
  return { ...combined, matched };
}

const IN_DURATION = /^in\s+(?:the\s+)?(?:last\s+|past\s+)?(?:a|an|\d+|few|a\s+few|several|couple|a\s+couple|one|two|three|four|five|six|seven|eight|nine|ten)\b.*\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)$/i;

/** Wordings chrono does not merge, rewritten: "between A and B" to "from A to B", "the morning of X" to "X morning". */
function normalizeRanges(text: string): string {
  return text
    .replace(/^(?:the\s+)?((?:early\s+|late\s+)?(?:morning|afternoon|evening|night))\s+of\s+(?:the\s+)?(.+)$/i, '$2 $1')
    .replace(/\buntill\b/gi, 'until')
    .replace(/\b(?:in\s+)?between\s+(.+?)\s+and\s+/i, 'from $1 to ')
    .replace(/\blater\s+than\s+(.+?)\s+(?:but|and)\s+before\s+/i, 'from $1 to ');
}

/**
 * Joins a clock time and a date that chrono left as two results ("on Saturday for 9am", "9 tomorrow"), and uses a
 * weekday named after a date to pick its year ("Jul 18, Fri").
 */
function combineParts(span: Span, best: chrono.ParsedResult, results: chrono.ParsedResult[], now: DateTime, zone: Zone, tense: Tense, text: string): Span {
  if (results.length < 2 || span.end) return span;
  const others = results.filter((r) => r !== best);
  if (isClockOnly(best.start)) {
    const date = others.find((r) => hasDate(r.start) && !r.start.isCertain('hour'));
    const dateSpan = date ? resultSpan(date, now, zone, tense, text) : null;
    if (dateSpan && !dateSpan.end) {
      const d = dateSpan.start;
      return { start: fromWallClock({ year: d.year, month: d.month, day: d.day, hour: span.start.hour, minute: span.start.minute }, zone), end: null, grain: 'minute' };
    }
  }
  if (!best.start.isCertain('hour') && span.grain === 'day') {
    const clock = others.find((r) => isClockOnly(r.start));
    if (clock) {
      const t = componentsSpan(clock.start, now, zone, tense, clock.text).start;
      const d = span.start;
      return { start: fromWallClock({ year: d.year, month: d.month, day: d.day, hour: t.hour, minute: t.minute }, zone), end: null, grain: 'minute' };
    }
    const weekday = others.find((r) => r.start.isCertain('weekday') && !r.start.isCertain('day'));
    if (weekday && best.start.isCertain('month') && best.start.isCertain('day') && !best.start.isCertain('year')) {
      const year = yearForDate(now, span.start.month, span.start.day, isoFromChronoWeekday(weekday.start.get('weekday')), tense);
      return { ...span, start: fromWallClock({ year, month: span.start.month, day: span.start.day }, zone) };
    }
  }
  return span;
}

/** Cheap test run before chrono: does the text contain anything that could start a time phrase? */
const MAYBE_TIME = new RegExp(
  '\\d|\\b(?:' +
    [
      'today', 'tonight', 'tomorrow', 'tmrw?', 'yesterday', 'morning', 'afternoon', 'evening', 'night', 'noon', 'midnight', 'lunch',
      'week', 'weekend', 'wkend', 'month', 'year', 'yr', 'quarter', 'qtr', 'ago', 'hence', 'fortnight', 'season', 'decade',
      'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec',
      'spring', 'summer', 'fall', 'autumn', 'winter', 'christmas', 'xmas', 'x-mas', 'easter', 'thanksgiving', 'halloween', 'new',
      'valentine', 'st', 'saint', 'april', 'earth', 'cinco', 'juneteenth', 'independence', 'fourth', '4th', 'bastille', 'all',
      'veteran', 'armistice', 'remembrance', 'boss', 'bosses', 'national', 'boxing', 'martin', 'mlk', 'civil', 'president',
      'washington', 'mother', 'memorial', 'father', 'labor', 'labour', 'columbus', 'indigenous', 'black', 'cyber', 'ash', 'palm',
      'branch', 'maundy', 'holy', 'covenant', 'thursday', 'good', 'ascension', 'pentecost', 'whit', 'white', 'trinity', 'corpus',
      'orthodox', 'clean', 'lazarus', 'eod', 'hour', 'minute', 'day', 'days', 'rest', 'end', 'beginning', 'start', 'early', 'mid',
      'late', 'next', 'last', 'now', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve',
      'half', 'quarter', 'couple', 'few',
    ].join('|') +
    ')',
  'i',
);

const AMBIGUOUS_WORDS = /^(?:may|march|mar|jan|jun|jul|aug|sep|sept|oct|nov|dec|feb|apr|sat|sun|wed|mon|tue|thu|fri|second|fall|spring)\.?$/i;
const DATE_PREPOSITION = /\b(?:in|on|by|since|until|till|during|from|this|next|last|early|late|mid|of|before|after|through|every|each|until|around|for|coming|past)\s*$/i;
const NOT_EVENTS = /^(?:(?:right|just)\s+)?now$/i;
/** A part of the day with nothing to say which day is a habit or a mood ("all night", "my morning cup"). */
const BARE_PART_OF_DAY = /^(?:(?:in|at|over|for|during|by)\s+)?(?:the\s+)?(?:early\s+)?(?:morning|afternoon|evening|night|lunch(?:time)?)(?:ish)?$/i;
/** A bare number after "at"/"from" is often an age or a count: "vegan at 5", "at 19", "from 4 of my children". */
const BARE_NUMBER = /^(?:at|from|by|until|till|around|@)?\s*(\d{1,2})$/i;

/** Rejects chrono matches that are words in another sense: "may" the verb, "march on", "the sun", "I now live". */
function plausible(r: chrono.ParsedResult, text: string): boolean {
  const phrase = r.text.trim();
  if (NOT_EVENTS.test(phrase) || BARE_PART_OF_DAY.test(phrase)) return false;
  const before = text.slice(Math.max(0, r.index - 16), r.index);
  const bare = BARE_NUMBER.exec(phrase);
  if (bare) {
    if (Number(bare[1]) > 12) return false;
    const next = text.slice(r.index + r.text.length).trimStart();
    if (/^(?:of|years?|yrs?|months?|weeks?|days?|kids|children|people|times|percent|%|out\b|or\b|and\b|-)/i.test(next)) return false;
    if (/\b(?:age|aged)\s*$/i.test(before)) return false;
  }
  if (AMBIGUOUS_WORDS.test(phrase)) {
    if (!DATE_PREPOSITION.test(before)) return false;
    const after = text.slice(r.index + r.text.length, r.index + r.text.length + 6);
    if (/^\s+(?:on|up|out|off|in|over|be|have|not|I)\b/i.test(after) && phrase.toLowerCase() !== 'may') return false;
  }
  // "3/4 of the pizza" is a fraction, not the 4th of March.
  if (/^\d{1,2}\/\d{1,2}$/.test(phrase) && /^\s*of\b/i.test(text.slice(r.index + r.text.length))) return false;
  return true;
}

/**
 * Finds the first time expression in free text, or null. Durations without an anchor ("for 3 years"), ages,
 * bare numbers and words that only look like dates ("I may go", "march on") are not time expressions.
 */
export function findTimeExpression(text: string, referenceTime: Date, timeZone: string): { text: string; index: number } | null {
  if (!MAYBE_TIME.test(text) || Number.isNaN(referenceTime.getTime())) return null;
  const zone = zoneOrThrow(timeZone);
  const now = DateTime.fromJSDate(referenceTime, { zone });
  for (const r of parseAll(text, now, 'neutral')) {
    if (!plausible(r, text)) continue;
    // "I slept 8h last night": a bare "8h" is a duration; keep only what follows it.
    const duration = /^\d{1,2}h\s+/i.exec(r.text);
    if (duration && !/(?:at|@)\s*$/i.test(text.slice(0, r.index))) {
      return { text: r.text.slice(duration[0].length), index: r.index + duration[0].length };
    }
    // Keep a recurrence marker with the phrase so resolving it gives null ("every day at 9:30am").
    const lead = RECURRING_LEAD.exec(text.slice(0, r.index));
    if (lead) return { text: text.slice(lead.index, r.index + r.text.length), index: lead.index };
    return { text: r.text, index: r.index };
  }
  return null;
}
