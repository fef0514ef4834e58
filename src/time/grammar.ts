/**
 * Harmonia's own chrono parsers: the relative phrases chrono gets wrong or does not know (periods like "next week",
 * durations like "in 3 days" computed in the user's zone, "the day after tomorrow", holidays, "the first Monday of
 * October", seasons, weekdays resolved by tense). They run before chrono's parsers, so on an equal match they win,
 * and chrono's refiners still merge them with a clock time ("thanksgiving at 5pm", "in 7 days at 5pm").
 *
 * Every result carries tags read back by resolve.ts: `harmonia/grain:<grain>`, `harmonia/start:<wall clock>`,
 * optionally `harmonia/end:<wall clock>` (exclusive) and `harmonia/instant:<epoch ms>` for exact instants.
 */
import type { Parser, ParsingComponents, ParsingOption } from 'chrono-node/en';
import { DateTime } from 'luxon';
import type { EventGrain } from '../core/memory.js';
import { HOLIDAY_PATTERN, holidayInYear, daysInMonth, nthWeekdayOfMonth, type CalendarDate } from './holidays.js';
import type { Tense } from './tense.js';

type ParsingContext = Parameters<Parser['pattern']>[0];

export interface GrammarState {
  /** The reference instant in the user's zone. */
  now: DateTime;
  tense: Tense;
}

export type GrammarOption = ParsingOption & { harmonia?: GrammarState };

function stateOf(context: ParsingContext): GrammarState | null {
  return (context.option as GrammarOption).harmonia ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const SMALL_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90, hundred: 100,
  couple: 2, pair: 2, few: 3, several: 3,
};

const NUMBER_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)';
/** An amount: digits, decimals, fractions, words, "a couple of", "half an", "two and a half". */
const NUM =
  '(?:(?:\\d+|' + NUMBER_WORD + ')\\s+and\\s+an?\\s+half' +
  '|three[-\\s]quarters?\\s+of\\s+an?|an?\\s+quarter\\s+of\\s+an?|half\\s+an?|an?\\s+half' +
  '|\\d+/\\d+|\\d+(?:\\.\\d+)?' +
  '|(?:a\\s+)?couple(?:\\s+of)?|(?:a\\s+)?pair\\s+of|(?:a\\s+)?few|several' +
  '|' + NUMBER_WORD + '(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?|an?)';

const UNIT = "(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnights?|months?|years?|yrs?|quarters?|qtrs?|'|\")";

type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

function unitOf(word: string): { unit: Unit; factor: number } | null {
  const w = word.toLowerCase();
  if (w === '"' || /^sec/.test(w)) return { unit: 'second', factor: 1 };
  if (w === "'" || /^min/.test(w)) return { unit: 'minute', factor: 1 };
  if (w === 'h' || /^(hour|hr)/.test(w)) return { unit: 'hour', factor: 1 };
  if (/^day/.test(w)) return { unit: 'day', factor: 1 };
  if (/^fortnight/.test(w)) return { unit: 'day', factor: 14 };
  if (/^(week|wk)/.test(w)) return { unit: 'week', factor: 1 };
  if (/^month/.test(w)) return { unit: 'month', factor: 1 };
  if (/^(quarter|qtr)/.test(w)) return { unit: 'quarter', factor: 1 };
  if (/^(year|yr)/.test(w)) return { unit: 'year', factor: 1 };
  return null;
}

/** The value of a NUM match, or null. */
export function amountOf(text: string): number | null {
  const t = text.toLowerCase().replace(/\s+/g, ' ').trim();
  let m = /^(\d+|[a-z]+) and an? half$/.exec(t);
  if (m && m[1]) {
    const whole = /^\d+$/.test(m[1]) ? Number(m[1]) : SMALL_NUMBERS[m[1]];
    return whole === undefined ? null : whole + 0.5;
  }
  if (/^three[- ]quarters? of an?$/.test(t)) return 0.75;
  if (/^an? quarter of an?$/.test(t)) return 0.25;
  if (/^(half an?|an? half)$/.test(t)) return 0.5;
  m = /^(\d+)\/(\d+)$/.exec(t);
  if (m && m[1] && m[2]) return Number(m[2]) === 0 ? null : Number(m[1]) / Number(m[2]);
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  const words = t.replace(/^a /, '').replace(/ of$/, '').split(/[-\s]/);
  let total = 0;
  for (const w of words) {
    const v = SMALL_NUMBERS[w];
    if (v === undefined) return null;
    total += v;
  }
  return total;
}

const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, tuesday: 2, tues: 2, tue: 2, wednesday: 3, wed: 3, thursday: 4, thurs: 4, thur: 4, thu: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)\\.?';

function weekdayOf(word: string): number | null {
  return WEEKDAYS[word.toLowerCase().replace(/\.$/, '').replace(/s$/, '')] ?? WEEKDAYS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
const MONTH = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';

function monthOf(word: string): number | null {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
};
const ORDINAL = '(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)';

const PAST_MODS = new Set(['last', 'past', 'previous', 'this past', 'the last', 'the past', 'the previous']);
const NEXT_MODS = new Set(['next', 'following', 'the next', 'the following']);
const COMING_MODS = new Set(['coming', 'upcoming', 'this coming', 'the coming', 'the upcoming']);
const MODIFIER = '(?:this\\s+past|this\\s+coming|the\\s+(?:next|last|past|previous|following|coming|upcoming|current)|this|current|next|coming|upcoming|following|last|past|previous)';

function modKind(mod: string | undefined): 'past' | 'next' | 'coming' | 'this' | null {
  if (!mod) return null;
  const m = mod.toLowerCase().replace(/\s+/g, ' ');
  if (PAST_MODS.has(m)) return 'past';
  if (NEXT_MODS.has(m)) return 'next';
  if (COMING_MODS.has(m)) return 'coming';
  return 'this';
}

/** Wraps a pattern so it only matches whole words. */
function words(source: string): RegExp {
  return new RegExp(`(?<![\\w'’])(?:${source})(?![\\w’]|'\\w)`, 'i');
}

// ---------------------------------------------------------------------------------------------------------------
// Building results

function wall(dt: DateTime): string {
  return [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second].join(',');
}

interface Span {
  start: DateTime;
  grain: EventGrain;
  end?: DateTime | null;
  /** An exact instant ("in 3 hours"): no wall-clock rebuild. */
  instant?: boolean;
  /** Report only the weekday as known, as chrono does, so "Sunday, Feb 10" still merges into one date. */
  weekdayOnly?: boolean;
}

function componentsFor(context: ParsingContext, span: Span): ParsingComponents {
  const s = span.start;
  const known: Record<string, number> = {};
  if (span.weekdayOnly) known.weekday = s.weekday % 7;
  else {
    known.year = s.year;
    if (span.grain !== 'year') known.month = s.month;
    if (span.grain !== 'year' && span.grain !== 'month') known.day = s.day;
  }
  if (span.instant) {
    known.hour = s.hour;
    known.minute = s.minute;
    known.second = s.second;
  }
  const c = context.createParsingComponents(known);
  if (span.weekdayOnly) {
    c.imply('year', s.year);
    c.imply('month', s.month);
    c.imply('day', s.day);
  }
  if (span.grain === 'year') c.imply('month', 1);
  if (span.grain === 'year' || span.grain === 'month') c.imply('day', 1);
  if (!span.instant) {
    c.imply('hour', s.hour);
    c.imply('minute', s.minute);
    c.imply('second', 0);
  }
  c.addTag(`harmonia/grain:${span.grain}`);
  c.addTag(`harmonia/start:${wall(s)}`);
  if (span.end) c.addTag(`harmonia/end:${wall(span.end)}`);
  if (span.instant) c.addTag(`harmonia/instant:${s.toMillis()}`);
  return c;
}

function parser(source: string, build: (m: RegExpMatchArray, state: GrammarState) => Span | null): Parser {
  const re = words(source);
  return {
    pattern: () => re,
    extract: (context, match) => {
      const state = stateOf(context);
      if (!state) return null;
      const span = build(match, state);
      return span ? componentsFor(context, span) : null;
    },
  };
}

function day(d: CalendarDate, zoneOf: DateTime): DateTime {
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day }, { zone: zoneOf.zone });
}

function startOfWeek(dt: DateTime): DateTime {
  return dt.startOf('day').minus({ days: dt.weekday - 1 });
}

function startOfUnit(dt: DateTime, unit: Unit): DateTime {
  if (unit === 'week') return startOfWeek(dt);
  if (unit === 'quarter') return dt.startOf('quarter');
  return dt.startOf(unit);
}

function grainOfUnit(unit: Unit): EventGrain {
  if (unit === 'second') return 'minute';
  if (unit === 'quarter') return 'month';
  return unit;
}

// ---------------------------------------------------------------------------------------------------------------
// Durations: "in 3 days", "2 hours ago", "a fortnight hence", "3 years from today"

/** Moves `now` by an amount of a unit; sub-day amounts are exact instants, longer ones calendar steps. */
export function shift(now: DateTime, amount: number, unit: Unit, sign: 1 | -1, anchoredToDay = false): Span {
  let n = amount * sign;
  let u: Unit = unit;
  if (u === 'quarter') {
    n *= 3;
    u = 'month';
  }
  // Fractions of a day or longer become the next smaller unit: "in 1.5 days" -> 36 hours.
  if (!Number.isInteger(n)) {
    if (u === 'year') return shift(now, Math.abs(n) * 12, 'month', sign);
    if (u === 'month') return shift(now, Math.round(Math.abs(n) * 30), 'day', sign);
    if (u === 'week') return shift(now, Math.abs(n) * 7, 'day', sign);
    if (u === 'day') return shift(now, Math.abs(n) * 24, 'hour', sign);
    if (u === 'hour') return shift(now, Math.round(Math.abs(n) * 60), 'minute', sign);
    if (u === 'minute') return shift(now, Math.round(Math.abs(n) * 60), 'second', sign);
    n = Math.round(n);
  }
  if (u === 'second' || u === 'minute' || u === 'hour') {
    return { start: now.plus({ [`${u}s`]: n }), grain: 'minute', instant: true };
  }
  const moved = now.plus({ [`${u}s`]: n });
  if (u === 'day' || u === 'week' || anchoredToDay) return { start: moved.startOf('day'), grain: 'day' };
  if (u === 'month') return { start: moved.startOf('month'), grain: 'month' };
  return { start: moved.startOf('year'), grain: 'year' };
}

function durationSpan(numText: string | undefined, unitText: string | undefined, now: DateTime, sign: 1 | -1, anchoredToDay = false): Span | null {
  const amount = amountOf(numText ?? '');
  const unit = unitOf(unitText ?? '');
  if (amount === null || !unit || amount <= 0 || amount > 10000) return null;
  return shift(now, amount * unit.factor, unit.unit, sign, anchoredToDay);
}

const inDuration = parser(`in\\s+(${NUM})\\s*(?:more\\s+)?(${UNIT})`, (m, s) => durationSpan(m[1], m[2], s.now, 1));

const durationFromNow = parser(
  `(${NUM})\\s*(?:more\\s+)?(${UNIT})\\s+(?:from\\s+(now|today|right\\s+now|tomorrow)|hence)`,
  (m, s) => durationSpan(m[1], m[2], m[3]?.toLowerCase() === 'tomorrow' ? s.now.plus({ days: 1 }) : s.now, 1, m[3] !== undefined && /today|tomorrow/i.test(m[3])),
);

const durationAgo = parser(`(${NUM})\\s*(${UNIT})\\s+(?:ago|back|before\\s+now)`, (m, s) => durationSpan(m[1], m[2], s.now, -1));

/** "3 fridays from now", "2 thursdays back". */
const countedWeekdays = parser(
  `(${NUM})\\s+(mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)\\s+(from\\s+now|hence|ago|back)`,
  (m, s) => {
    const n = amountOf(m[1] ?? '');
    const wd = weekdayOf(m[2] ?? '');
    if (!n || !wd || !Number.isInteger(n)) return null;
    const today = s.now.startOf('day');
    const future = !/ago|back/i.test(m[3] ?? '');
    let d = today;
    let count = 0;
    while (count < n) {
      d = d.plus({ days: future ? 1 : -1 });
      if (d.weekday === wd) count++;
    }
    return { start: d, grain: 'day' };
  },
);

/** "upcoming two weeks", "2 upcoming days": the period N units ahead. */
const upcomingUnits = parser(
  `(?:upcoming\\s+(${NUM})|(${NUM})\\s+upcoming)\\s+(days?|weeks?|months?|quarters?|years?)`,
  (m, s) => {
    const n = amountOf(m[1] ?? m[2] ?? '');
    const unit = unitOf(m[3] ?? '');
    if (!n || !unit || !Number.isInteger(n)) return null;
    const start = startOfUnit(s.now.plus({ [`${unit.unit}s`]: n }), unit.unit);
    return { start, grain: grainOfUnit(unit.unit), end: start.plus({ [`${unit.unit}s`]: 1 }) };
  },
);

/** "last 2 days", "next three weeks", "past 2 hours": the N whole units before or after the current one. */
const rollingUnits = parser(
  `(?:the\\s+)?(last|past|previous|next|coming|following)\\s+(\\d+|${NUMBER_WORD}|few|couple(?:\\s+of)?)\\s+(seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?)`,
  (m, s) => {
    const n = amountOf(m[2] ?? '');
    const unit = unitOf(m[3] ?? '');
    if (!n || !unit || !Number.isInteger(n)) return null;
    const u = unit.unit;
    const current = startOfUnit(s.now, u);
    const key = `${u === 'quarter' ? 'quarter' : u}s`;
    const past = /last|past|previous/i.test(m[1] ?? '');
    const start = past ? current.minus({ [key]: n }) : current.plus({ [key]: 1 });
    return { start, grain: grainOfUnit(u), end: start.plus({ [key]: n }) };
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Named periods: "next week", "last month", "this weekend", "the year after next"

const SEASONS: Record<string, [number, number]> = {
  // Northern-hemisphere astronomical seasons: [month, day] of the start.
  spring: [3, 20],
  summer: [6, 21],
  fall: [9, 23],
  autumn: [9, 23],
  winter: [12, 21],
};

function seasonAround(now: DateTime, offset: number): { start: DateTime; end: DateTime; name: string } {
  const starts: { name: string; start: DateTime }[] = [];
  for (let y = now.year - 2; y <= now.year + 2; y++) {
    for (const name of ['spring', 'summer', 'fall', 'winter']) {
      const [mo, d] = SEASONS[name] as [number, number];
      starts.push({ name, start: DateTime.fromObject({ year: y, month: mo, day: d }, { zone: now.zone }) });
    }
  }
  starts.sort((a, b) => a.start.toMillis() - b.start.toMillis());
  const today = now.startOf('day');
  let i = starts.findIndex((x, k) => x.start <= today && (starts[k + 1]?.start ?? today.plus({ years: 1 })) > today);
  i += offset;
  const cur = starts[i] as { name: string; start: DateTime };
  const next = starts[i + 1] as { name: string; start: DateTime };
  return { start: cur.start, end: next.start, name: cur.name };
}

function weekendStarting(friday: DateTime): Span {
  const start = friday.startOf('day').set({ hour: 18 });
  return { start, grain: 'hour', end: friday.startOf('day').plus({ days: 3 }) };
}

/** The weekend (Friday 18:00 to Monday 00:00) of the week `weeks` after the current one. */
function weekendOfWeek(now: DateTime, weeks: number): Span {
  return weekendStarting(startOfWeek(now).plus({ weeks, days: 4 }));
}

function periodSpan(unitWord: string, offset: number, now: DateTime, kind: ReturnType<typeof modKind>, tense: Tense): Span | null {
  const w = unitWord.toLowerCase().replace(/[-\s]+/g, '');
  if (w === 'weekend' || w === 'wkend' || w === 'weekends') {
    const current = weekendOfWeek(now, 0);
    // In the past tense "this weekend" is the one just gone when the current week's has not started yet.
    if ((kind === 'this' || kind === null) && tense === 'past' && now < current.start) return weekendOfWeek(now, -1);
    return weekendOfWeek(now, offset);
  }
  if (w === 'season' || w === 'seasons') {
    const s = seasonAround(now, offset);
    return { start: s.start, grain: 'day', end: s.end };
  }
  const unit = unitOf(w);
  if (!unit || unit.unit === 'second' || unit.unit === 'minute' || unit.unit === 'hour' || unit.unit === 'day') return null;
  const u = unit.unit;
  const start = startOfUnit(now, u).plus({ [`${u}s`]: offset });
  return { start, grain: grainOfUnit(u), end: start.plus({ [`${u}s`]: 1 }) };
}

const PERIOD_UNIT = '(?:weekend|week-end|week\\s+end|wkend|week|month|year|yr|quarter|qtr|seasons?)';

const namedPeriod = parser(
  `(${MODIFIER})\\s+(${PERIOD_UNIT})(?:\\s+(after\\s+next|before\\s+last))?`,
  (m, s) => {
    const kind = modKind(m[1]);
    let offset = kind === 'past' ? -1 : kind === 'next' ? 1 : kind === 'coming' ? (/week|month|year|quarter|qtr|yr/i.test(m[2] ?? '') && !/end/i.test(m[2] ?? '') ? 1 : 0) : 0;
    if (m[3]) offset += /next/i.test(m[3]) ? 1 : -1;
    return periodSpan(m[2] ?? '', offset, s.now, kind, s.tense);
  },
);

/** "over the weekend", "on the weekend": the weekend the tense points to. */
const theWeekend = parser(`(?:over|on|at|during|for)\\s+the\\s+(weekend|week-end|wkend)`, (m, s) => periodSpan(m[1] ?? 'weekend', 0, s.now, null, s.tense));

const periodAfterNext = parser(`(?:the\\s+)?(${PERIOD_UNIT})\\s+(after\\s+next|before\\s+last)`, (m, s) =>
  periodSpan(m[1] ?? '', /next/i.test(m[2] ?? '') ? 2 : -2, s.now, /next/i.test(m[2] ?? '') ? 'next' : 'past', s.tense),
);

const dayAfterTomorrow = parser(`(?:the\\s+)?day\\s+(after\\s+tomorrow|before\\s+yesterday)`, (m, s) => ({
  start: s.now.startOf('day').plus({ days: /after/i.test(m[1] ?? '') ? 2 : -2 }),
  grain: 'day',
}));

const restOf = parser(`(?:the\\s+)?rest\\s+of\\s+(?:the|this)\\s+(week|month|year)`, (m, s) => {
  const u = (m[1] ?? 'week').toLowerCase() as Unit;
  return { start: s.now.startOf('day'), grain: 'day', end: startOfUnit(s.now, u).plus({ [`${u}s`]: 1 }) };
});

// ---------------------------------------------------------------------------------------------------------------
// Parts of periods: "end of the month", "beginning of next week", "early March", "mid-2025"

type Part = 'beginning' | 'end' | 'early' | 'mid' | 'late';

function partOf(part: Part, start: DateTime, unit: 'week' | 'month' | 'year'): Span {
  const end = start.plus({ [`${unit}s`]: 1 });
  if (unit === 'week') {
    if (part === 'beginning' || part === 'early') return { start, grain: 'day', end: start.plus({ days: 3 }) };
    if (part === 'mid') return { start: start.plus({ days: 2 }), grain: 'day', end: start.plus({ days: 4 }) };
    return { start: start.plus({ days: 4 }), grain: 'day', end };
  }
  if (unit === 'month') {
    if (part === 'beginning' || part === 'early') return { start, grain: 'day', end: start.plus({ days: 10 }) };
    if (part === 'mid') return { start: start.plus({ days: 10 }), grain: 'day', end: start.plus({ days: 20 }) };
    return { start: start.plus({ days: 20 }), grain: 'day', end };
  }
  if (part === 'beginning' || part === 'early') return { start, grain: 'month', end: start.plus({ months: 3 }) };
  if (part === 'mid') return { start: start.plus({ months: 4 }), grain: 'month', end: start.plus({ months: 8 }) };
  return { start: start.plus({ months: 8 }), grain: 'month', end };
}

function partWord(w: string): Part {
  const x = w.toLowerCase();
  if (x === 'start' || x === 'beginning') return 'beginning';
  if (x.startsWith('mid')) return 'mid';
  return x as Part;
}

/** The month `month` in a year chosen by tense: this year's unless it is over (future) or to come (past). */
function monthByTense(now: DateTime, month: number, tense: Tense, kind: ReturnType<typeof modKind> = null): DateTime {
  let year = now.year;
  if (kind === 'next' || kind === 'coming') {
    if (month <= now.month) year++;
  } else if (kind === 'past') {
    if (month >= now.month) year--;
  } else if (kind === 'this') {
    // this year's
  } else if (tense === 'past') {
    if (month > now.month) year--;
  } else if (month < now.month) {
    year++;
  }
  return DateTime.fromObject({ year, month, day: 1 }, { zone: now.zone });
}

const PART = '(?:beginning|start|end|early|mid|late)';

const partOfPeriod = parser(
  `(?:(?:at|around|towards?)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(?:the\\s+)?(?:(${MODIFIER}|around\\s+next)\\s+)?(week|month|year)`,
  (m, s) => {
    const kind = modKind(m[2]?.replace(/around\s+/i, ''));
    const unit = (m[3] ?? 'month').toLowerCase() as 'week' | 'month' | 'year';
    const offset = kind === 'past' ? -1 : kind === 'next' || kind === 'coming' ? 1 : 0;
    const start = startOfUnit(s.now, unit).plus({ [`${unit}s`]: offset });
    return partOf(partWord(m[1] ?? 'end'), start, unit);
  },
);

const partOfMonthName = parser(
  `(?:(?:at|around|towards?|in)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(${MONTH})(?:,?\\s+(\\d{4}))?`,
  (m, s) => {
    const month = monthOf(m[2] ?? '');
    if (!month) return null;
    const start = m[3] ? DateTime.fromObject({ year: Number(m[3]), month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense);
    return partOf(partWord(m[1] ?? 'end'), start, 'month');
  },
);

const partOfYear = parser(`(?:(?:at|around|towards?|in)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(\\d{4})`, (m, s) => {
  const start = DateTime.fromObject({ year: Number(m[2]), month: 1, day: 1 }, { zone: s.now.zone });
  return partOf(partWord(m[1] ?? 'end'), start, 'year');
});

// ---------------------------------------------------------------------------------------------------------------
// Weekdays: "on Friday", "next Tuesday", "last Sunday", "wednesday of next week", "friday after next"

function weekdaySpan(wd: number, now: DateTime, tense: Tense, kind: ReturnType<typeof modKind>, weekOffset: number | null, afterNext: number): Span {
  const today = now.startOf('day');
  if (weekOffset !== null) return { start: startOfWeek(today).plus({ weeks: weekOffset, days: wd - 1 }), grain: 'day' };
  const ahead = (wd - today.weekday + 7) % 7; // 0 = today
  const upcomingStrict = today.plus({ days: ahead === 0 ? 7 : ahead });
  const upcomingIncl = today.plus({ days: ahead });
  const behind = (today.weekday - wd + 7) % 7;
  const previousStrict = today.minus({ days: behind === 0 ? 7 : behind });
  const previousIncl = today.minus({ days: behind });
  let start: DateTime;
  if (kind === 'next') start = startOfWeek(today).plus({ weeks: 1, days: wd - 1 });
  else if (kind === 'past') start = previousStrict;
  else if (kind === 'coming') start = upcomingStrict;
  else if (kind === 'this') start = tense === 'past' ? previousIncl : upcomingIncl;
  else start = tense === 'past' ? previousStrict : upcomingStrict;
  return { start: start.plus({ weeks: afterNext }), grain: 'day' };
}

function weekOffsetOf(word: string | undefined): number | null {
  if (!word) return null;
  const k = modKind(word);
  return k === 'past' ? -1 : k === 'next' || k === 'coming' ? 1 : 0;
}

const weekday = parser(
  `(?:on\\s+)?(?:(${MODIFIER})\\s+)?(${WEEKDAY})(?:\\s+(after\\s+next|before\\s+last))?(?:,?\\s+(?:of\\s+|in\\s+)?(${MODIFIER})\\s+week)?`,
  (m, s) => {
    const wd = weekdayOf(m[2] ?? '');
    if (!wd) return null;
    const after = m[3] ? (/next/i.test(m[3]) ? 1 : -1) : 0;
    const kind = modKind(m[1]);
    const span = weekdaySpan(wd, s.now, s.tense, after ? (after > 0 ? 'coming' : 'past') : kind, weekOffsetOf(m[4]), after);
    return { ...span, weekdayOnly: true };
  },
);

const weekdayOfWeek = parser(
  `(${MODIFIER})\\s+week['’]?s\\s+(${WEEKDAY})|(${WEEKDAY})\\s+from\\s+(${MODIFIER})\\s+week`,
  (m, s) => {
    const wd = weekdayOf(m[2] ?? m[3] ?? '');
    if (!wd) return null;
    return weekdaySpan(wd, s.now, s.tense, null, weekOffsetOf(m[1] ?? m[4]), 0);
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Ordinal days and weeks of a month: "first tuesday of october", "last day of october 2015", "20th of next month"

function monthRef(s: GrammarState, modWord: string | undefined, monthWord: string | undefined, yearWord: string | undefined): DateTime | null {
  if (monthWord) {
    const month = monthOf(monthWord);
    if (!month) return null;
    if (yearWord) return DateTime.fromObject({ year: Number(yearWord), month, day: 1 }, { zone: s.now.zone });
    return monthByTense(s.now, month, s.tense);
  }
  const k = modKind(modWord);
  const offset = k === 'past' ? -1 : k === 'next' || k === 'coming' ? 1 : 0;
  return s.now.startOf('month').plus({ months: offset });
}

const MONTH_REF = `(?:(?:the\\s+)?(?:(${MODIFIER})\\s+)?month|(${MONTH})(?:,?\\s+(\\d{4}))?)`;

const nthWeekdayOf = parser(
  `(?:the\\s+)?(${ORDINAL}|last)\\s+(${WEEKDAY})\\s+(?:of|in)\\s+${MONTH_REF}`,
  (m, s) => {
    const wd = weekdayOf(m[2] ?? '');
    const ref = monthRef(s, m[3], m[4], m[5]);
    if (!wd || !ref) return null;
    const n = /last/i.test(m[1] ?? '') ? -1 : (ORDINALS[(m[1] ?? '').toLowerCase()] ?? 1);
    const d = nthWeekdayOfMonth(ref.year, ref.month, wd, n);
    return d ? { start: day(d, s.now), grain: 'day' } : null;
  },
);

const nthLastDayOf = parser(
  `(?:the\\s+)?(?:(${ORDINAL})\\s+)?last\\s+day\\s+(?:of|in)\\s+${MONTH_REF}`,
  (m, s) => {
    const ref = monthRef(s, m[2], m[3], m[4]);
    if (!ref) return null;
    const n = m[1] ? (ORDINALS[m[1].toLowerCase()] ?? 1) : 1;
    return { start: ref.endOf('month').startOf('day').minus({ days: n - 1 }), grain: 'day' };
  },
);

/** Weeks that lie wholly inside a month or year, counted from its end: "last week of september", "third last week of 2018". */
const nthLastWeekOf = parser(
  `(?:the\\s+)?(?:(${ORDINAL})\\s+)?last\\s+week\\s+(?:of|in)\\s+(?:(${MONTH})(?:,?\\s+(\\d{4}))?|(\\d{4}))`,
  (m, s) => {
    const n = m[1] ? (ORDINALS[m[1].toLowerCase()] ?? 1) : 1;
    let from: DateTime;
    let to: DateTime;
    if (m[4]) {
      from = DateTime.fromObject({ year: Number(m[4]), month: 1, day: 1 }, { zone: s.now.zone });
      to = from.plus({ years: 1 });
    } else {
      const month = monthOf(m[2] ?? '');
      if (!month) return null;
      from = m[3] ? DateTime.fromObject({ year: Number(m[3]), month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense);
      to = from.plus({ months: 1 });
    }
    let monday = startOfWeek(to.minus({ days: 7 }));
    if (monday < from) return null;
    monday = monday.minus({ weeks: n - 1 });
    return monday < from ? null : { start: monday, grain: 'week', end: monday.plus({ weeks: 1 }) };
  },
);

const lastWeekendOf = parser(
  `(?:the\\s+)?last\\s+(?:week-?\\s?end|wkend)\\s+(?:of|in)\\s+(${MONTH})(?:,?\\s+(\\d{4}))?`,
  (m, s) => {
    const month = monthOf(m[1] ?? '');
    if (!month) return null;
    const ref = m[2] ? DateTime.fromObject({ year: Number(m[2]), month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense);
    const sunday = nthWeekdayOfMonth(ref.year, ref.month, 7, -1);
    return sunday ? weekendStarting(day(sunday, s.now).minus({ days: 2 })) : null;
  },
);

const dayOfMonthRef = parser(
  `(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+day)?\\s+of\\s+(?:the\\s+)?(${MODIFIER})\\s+month`,
  (m, s) => {
    const k = modKind(m[2]);
    const ref = s.now.startOf('month').plus({ months: k === 'past' ? -1 : k === 'next' || k === 'coming' ? 1 : 0 });
    const d = Number(m[1]);
    if (d < 1 || d > daysInMonth(ref.year, ref.month)) return null;
    return { start: ref.set({ day: d }), grain: 'day' };
  },
);

// ---------------------------------------------------------------------------------------------------------------
// Months, years, seasons, holidays (with "of next year", "in 9 months", "3 years ago", "2019")

const YEAR_SHIFT = `(?:,?\\s+(\\d{4})|\\s+of\\s+(this|next|last)\\s+year|\\s+in\\s+(${NUM})\\s+(years?|months?)|\\s+(${NUM})\\s+(years?|months?)\\s+(ago|from\\s+now|hence))`;

/** The year named by a YEAR_SHIFT match starting at group `g`, or null when there is none. */
function shiftedYear(m: RegExpMatchArray, g: number, now: DateTime): number | null {
  if (m[g]) return Number(m[g]);
  if (m[g + 1]) {
    const w = (m[g + 1] ?? '').toLowerCase();
    return now.year + (w === 'next' ? 1 : w === 'last' ? -1 : 0);
  }
  const amount = amountOf(m[g + 2] ?? m[g + 4] ?? '');
  const unit = m[g + 3] ?? m[g + 5];
  if (amount === null || !unit) return null;
  const sign = m[g + 6] && /ago/i.test(m[g + 6] ?? '') ? -1 : 1;
  return now.plus({ [/year/i.test(unit) ? 'years' : 'months']: sign * amount }).year;
}

const monthName = parser(
  `(?:(${MODIFIER})\\s+)?(${MONTH})(?:\\s+(after\\s+next|before\\s+last))?${YEAR_SHIFT}?`,
  (m, s) => {
    const month = monthOf(m[2] ?? '');
    if (!month) return null;
    const year = shiftedYear(m, 4, s.now);
    let start = year !== null ? DateTime.fromObject({ year, month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense, modKind(m[1]));
    if (m[3]) {
      if (/next/i.test(m[3])) start = monthByTense(s.now, month, s.tense, 'next').plus({ years: 1 });
      else start = monthByTense(s.now, month, s.tense, 'past').minus({ years: 1 });
    }
    return { start, grain: 'month', end: start.plus({ months: 1 }) };
  },
);

const ERA = "(a\\.\\s?d\\.|ad|b\\.\\s?c\\.|bc|bce|ce|b\\.c\\.e\\.|c\\.e\\.)";

function yearSpan(yearText: string, era: string | undefined, now: DateTime): Span | null {
  let year = Number(yearText);
  if (era && /^b/i.test(era)) year = -year;
  if (!era && (year < 1000 || year > 2999)) return null;
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: now.zone });
  return { start, grain: 'year', end: start.plus({ years: 1 }) };
}

const yearWithPreposition = parser(
  `(?:in|during|since|by|from|until|till|before|after|around|of)\\s+(?:the\\s+year\\s+)?(\\d{3,4})(?:\\s*${ERA})?(?!\\s*(?:am|pm|a\\.m|p\\.m|:|h\\b|hours?|hrs?|minutes?|mins?|o['’]?\\s?clock|%|\\d))`,
  (m, s) => yearSpan(m[1] ?? '', m[2], s.now),
);

const yearWithEra = parser(`(\\d{1,4})\\s*${ERA}(?![\\w.])`, (m, s) => yearSpan(m[1] ?? '', m[2], s.now));

const season = parser(
  `(?:(${MODIFIER})\\s+|((?:in|during|over|through)\\s+the)\\s+)?(spring|summer|fall|autumn|winter)(?:\\s+(?:of\\s+)?(\\d{4}))?`,
  (m0, s) => {
    const m = [m0[0], m0[1], m0[3], m0[4]];
    const name = (m[2] ?? '').toLowerCase();
    const kind = modKind(m[1]);
    if (!kind && !m[3] && !m0[2]) return null; // a bare "fall" or "spring" is usually not a time
    const [mo, d] = SEASONS[name] as [number, number];
    const startIn = (y: number) => DateTime.fromObject({ year: y, month: mo, day: d }, { zone: s.now.zone });
    const endOf = (st: DateTime) => seasonAround(st, 1).start;
    if (m[3]) {
      const st = startIn(Number(m[3]));
      return { start: st, grain: 'day', end: endOf(st) };
    }
    const today = s.now.startOf('day');
    const occurrences = [-2, -1, 0, 1, 2].map((k) => startIn(today.year + k));
    const containing = occurrences.find((st) => st <= today && endOf(st) > today);
    const lastEnded = [...occurrences].reverse().find((st) => endOf(st) <= today) as DateTime;
    const nextStarting = occurrences.find((st) => st > today) as DateTime;
    let st: DateTime;
    if (kind === 'past') st = lastEnded;
    else if (kind === 'next' || kind === 'coming') st = nextStarting;
    else st = containing ?? (s.tense === 'past' ? lastEnded : nextStarting);
    return { start: st, grain: 'day', end: endOf(st) };
  },
);

const holiday = parser(
  `(?:(${MODIFIER})\\s+)?(${HOLIDAY_PATTERN})(?:\\s+day)?${YEAR_SHIFT}?`,
  (m, s) => {
    const name = (m[2] ?? '').replace(/\s+/g, ' ');
    const kind = modKind(m[1]);
    const year = shiftedYear(m, 3, s.now);
    const today = s.now.startOf('day');
    const at = (y: number) => {
      const d = holidayInYear(name, y);
      return d ? day(d, s.now) : null;
    };
    let start: DateTime | null = null;
    if (year !== null) start = at(year);
    else {
      const thisYear = at(today.year);
      if (!thisYear) return null;
      const wantPast = kind === 'past' || (kind === null && s.tense === 'past');
      if (wantPast) start = thisYear < today || (kind === null && +thisYear === +today) ? thisYear : at(today.year - 1);
      else start = thisYear >= today ? thisYear : at(today.year + 1);
    }
    return start ? { start, grain: 'day' } : null;
  },
);


// ---------------------------------------------------------------------------------------------------------------
// Clock times chrono does not read: "a quarter past 3pm", "half past three", "20 to noon", "19h30", "8 tonight",
// "at 8 in the evening", "at 730", "eight o'clock". They return a time only; chrono merges it with a nearby date.

const HOUR_WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  noon: 12, midnight: 0,
};
const HOUR_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)';
const MERIDIEM = '(?:\\s*(a\\.m\\.|p\\.m\\.|am|pm))?';
const CLOCK_NUM = `(?:\\d{1,2}(?::[0-5]\\d)?|${HOUR_WORD})`;
const OCLOCK = "(?:\\s*o['’]?\\s?clock)?(?:\\s*ish)?";

interface Clock {
  hour: number;
  minute: number;
  /** 0 am, 1 pm, null unknown. */
  meridiem: 0 | 1 | null;
}

/** Reads "3", "3:20", "730", "three", "noon" with an optional am/pm into a clock time, or null. */
function clockOf(numText: string, meridiemText?: string): Clock | null {
  const t = numText.toLowerCase().trim();
  let hour: number;
  let minute = 0;
  let meridiem: 0 | 1 | null = null;
  const word = HOUR_WORDS[t];
  if (word !== undefined) {
    hour = word;
    if (t === 'noon') meridiem = 1;
    if (t === 'midnight') meridiem = 0;
  } else {
    const m = /^(\d{1,2})(?::?([0-5]\d))?$/.exec(t);
    if (!m) return null;
    hour = Number(m[1]);
    minute = m[2] ? Number(m[2]) : 0;
  }
  if (hour > 23) return null;
  const mer = meridiemText?.toLowerCase().replace(/\./g, '');
  if (mer === 'am' || mer === 'a') {
    if (hour > 12) return null;
    meridiem = 0;
    if (hour === 12) hour = 0;
  } else if (mer === 'pm' || mer === 'p') {
    if (hour > 12) return null;
    meridiem = 1;
    if (hour < 12) hour += 12;
  } else if (hour > 12 || hour === 0) meridiem = hour >= 12 ? 1 : 0;
  return { hour, minute, meridiem };
}

/** Applies a part of the day to a clock time without am/pm: "8 in the evening" is 20:00, "12 at night" 00:00. */
function withPartOfDay(clock: Clock, part: string | undefined): Clock {
  if (!part || clock.meridiem !== null) return clock;
  const p = part.toLowerCase();
  if (p === 'morning') return { ...clock, hour: clock.hour === 12 ? 0 : clock.hour, meridiem: 0 };
  if (p === 'night' && (clock.hour === 12 || clock.hour < 5)) return { ...clock, hour: clock.hour === 12 ? 0 : clock.hour, meridiem: 0 };
  return { ...clock, hour: clock.hour < 12 ? clock.hour + 12 : clock.hour, meridiem: 1 };
}

function clockParser(source: string, build: (m: RegExpMatchArray, state: GrammarState) => Clock | null): Parser {
  const re = words(source);
  return {
    pattern: () => re,
    extract: (context, match) => {
      const state = stateOf(context);
      const clock = state ? build(match, state) : null;
      if (!clock) return null;
      const c = context.createParsingComponents({ hour: clock.hour, minute: clock.minute });
      if (clock.meridiem !== null) c.assign('meridiem', clock.meridiem);
      else c.imply('meridiem', clock.hour >= 12 ? 1 : 0);
      c.addTag('harmonia/clock');
      return c;
    },
  };
}

const MINUTES_WORDS: Record<string, number> = { 'a quarter': 15, quarter: 15, half: 30, 'a half': 30 };

const pastOrTo = clockParser(
  `(?:at\\s+|@\\s*)?(a\\s+quarter|quarter|half|\\d{1,2}|${NUMBER_WORD}(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?)(?:\\s+min(?:ute)?s?)?\\s+(past|after|to|till|before)\\s+(\\d{1,2}|${HOUR_WORD}|noon|midnight)(?:h\\b)?${MERIDIEM}`,
  (m) => {
    const key = (m[1] ?? '').toLowerCase().replace(/\s+/g, ' ');
    const minutes = MINUTES_WORDS[key] ?? amountOf(key);
    const base = clockOf(m[3] ?? '', m[4]);
    if (minutes === null || minutes === undefined || !base || minutes >= 60 || !Number.isInteger(minutes)) return null;
    const before = /to|till|before/i.test(m[2] ?? '');
    if (before && minutes === 30) return null; // "half to" is not English
    const total = base.hour * 60 + (before ? -minutes : minutes);
    const t = (total + 24 * 60) % (24 * 60);
    return { hour: Math.floor(t / 60), minute: t % 60, meridiem: base.meridiem };
  },
);

/** European "19h30", "8h00", "15h". */
const hNotation = clockParser(
  // A bare "8h" is a duration ("I slept 8h") unless "at" or a time zone makes it a time.
  `(?:at\\s+|@\\s*)([01]?\\d|2[0-3])h([0-5]\\d)?|([01]?\\d|2[0-3])h([0-5]\\d)|([01]?\\d|2[0-3])h(?=\\s+\\(?(?:gmt|utc|[a-z]{1,2}[sd]t|cet|cest|bst|ist)\\b)|(?<=(?:\\d{4}|${WEEKDAY}|tonight|tomorrow|today),?\\s+)([01]?\\d|2[0-3])h`,
  (m) => {
    const hour = Number(m[1] ?? m[3] ?? m[5] ?? m[6]);
    const minute = Number(m[2] ?? m[4] ?? 0);
    return { hour, minute, meridiem: hour >= 12 ? 1 : 0 };
  },
);

/** "3 in the morning", "8 o'clock in the evening", "3:20 in afternoon", "eight this evening", "at 730 in the evening". */
const clockWithPart = clockParser(
  `(?:at\\s+|@\\s*)?(${CLOCK_NUM}|\\d{3,4})${OCLOCK}${MERIDIEM}\\s+(?:in\\s+(?:the\\s+)?|this\\s+|at\\s+)(morning|afternoon|evening|night)`,
  (m) => {
    const clock = clockOf(m[1] ?? '', m[2]);
    return clock ? withPartOfDay(clock, m[3]) : null;
  },
);

/** "in the evening at eight", "morning at 9". */
const partThenClock = clockParser(
  `(?:in\\s+the\\s+|this\\s+)?(morning|afternoon|evening|night)\\s+(?:at|@)\\s*(${CLOCK_NUM})${OCLOCK}${MERIDIEM}`,
  (m) => {
    const clock = clockOf(m[2] ?? '', m[3]);
    return clock ? withPartOfDay(clock, m[1]) : null;
  },
);

/** "at eight", "at 730", "@ 3:20", "at 150ish", "at 8 o'clock". */
const atClock = clockParser(`(?:at|@)\\s*(${CLOCK_NUM}|\\d{3,4})${OCLOCK}${MERIDIEM}(?![\\w:])`, (m) => clockOf(m[1] ?? '', m[2]));

/** A bare clock number right before a day word: "8 tonight", "9 tomorrow morning", "eight today". */
const clockBeforeDay = clockParser(
  `(${CLOCK_NUM})${OCLOCK}${MERIDIEM}(?=\\s+(?:tonight|tomorrow|today|this\\s+(?:morning|afternoon|evening)))`,
  (m) => clockOf(m[1] ?? '', m[2]),
);

/** Digits right after a day word: "tonight 815", "tomorrow 930". */
const clockAfterDay = clockParser(`(?<=(?:tonight|tomorrow|today)\\s+)(\\d{3,4})${OCLOCK}${MERIDIEM}`, (m) => clockOf(m[1] ?? '', m[2]));

/** Parts of the day chrono does not know: "early morning", "in the early hours", "lunch", "afternoonish". */
const partOfDayWords: Parser = (() => {
  const re = words(
    '(?:in\\s+the\\s+early\\s+hours(?:\\s+of\\s+the\\s+morning)?|(?:in\\s+the\\s+)?early\\s+(?:in\\s+the\\s+)?morning|(?:at\\s+)?lunch(?:time)?|(?:morning|afternoon|evening|night)ish|in\\s+the\\s+(?:morning|afternoon|evening|night))',
  );
  const starts: [RegExp, number][] = [
    [/early|lunch|morning/i, 0],
    [/lunch/i, 12],
    [/afternoon/i, 12],
    [/evening|night/i, 18],
  ];
  return {
    pattern: () => re,
    extract: (context, match) => {
      let hour = 0;
      for (const [r, h] of starts) if (r.test(match[0])) hour = h;
      const c = context.createParsingComponents();
      c.imply('hour', hour);
      c.addTag('casualReference/partOfDay');
      return c;
    },
  };
})();

/**
 * "the 15th", "on the 3rd", "Thu 15th", "february the 15th": a day of the month. The month (and year) are left
 * uncertain for resolve.ts to choose by tense and by a weekday if one is named.
 */
const ordinalDay: Parser = (() => {
  const re = words(
    `(?:(${MONTH})\\s+the\\s+|(?<=${WEEKDAY},?\\s+)|(?:on\\s+)?the\\s+)(\\d{1,2})(?:st|nd|rd|th)(?!\\s+(?:of|century|floor|place|time|grade|birthday|anniversary|row|percent))`,
  );
  return {
    pattern: () => re,
    extract: (context, match) => {
      const d = Number(match[2]);
      const month = match[1] ? monthOf(match[1]) : null;
      if (d < 1 || d > 31) return null;
      return context.createParsingComponents(month ? { day: d, month } : { day: d });
    },
  };
})();

/** Harmonia's parsers, most specific first. */
export const HARMONIA_PARSERS: Parser[] = [
  pastOrTo,
  clockWithPart,
  partThenClock,
  hNotation,
  atClock,
  clockBeforeDay,
  clockAfterDay,
  partOfDayWords,
  ordinalDay,
  nthLastWeekOf,
  lastWeekendOf,
  nthLastDayOf,
  nthWeekdayOf,
  dayOfMonthRef,
  partOfMonthName,
  partOfYear,
  partOfPeriod,
  restOf,
  holiday,
  countedWeekdays,
  upcomingUnits,
  rollingUnits,
  durationFromNow,
  durationAgo,
  inDuration,
  dayAfterTomorrow,
  periodAfterNext,
  namedPeriod,
  theWeekend,
  weekdayOfWeek,
  weekday,
  season,
  monthName,
  yearWithPreposition,
  yearWithEra,
];
