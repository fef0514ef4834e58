/** Vocabulary, result building and calendar helpers shared by Harmonia's chrono parsers. */
import { DateTime } from 'luxon';
import type { Parser, ParsingComponents, ParsingOption } from 'chrono-node/en';
import type { EventGrain } from '../../core/memory.js';
import { type CalendarDate } from '../holidays.js';
import type { Tense } from '../tense.js';

export type ParsingContext = Parameters<Parser['pattern']>[0];

export interface GrammarState {
  /** The reference instant in the user's zone. */
  now: DateTime;
  tense: Tense;
}

export type GrammarOption = ParsingOption & { harmonia?: GrammarState };

export function stateOf(context: ParsingContext): GrammarState | null {
  return (context.option as GrammarOption).harmonia ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

export const SMALL_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90, hundred: 100,
  couple: 2, pair: 2, few: 3, several: 3,
};

export const NUMBER_WORD = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|ninety|hundred)';
/** An amount: digits, decimals, fractions, words, "a couple of", "half an", "two and a half". */
export const NUM =
  '(?:(?:\\d+|' + NUMBER_WORD + ')\\s+and\\s+an?\\s+half' +
  '|three[-\\s]quarters?\\s+of\\s+an?|an?\\s+quarter\\s+of\\s+an?|half\\s+an?|an?\\s+half' +
  '|\\d+/\\d+|\\d+(?:\\.\\d+)?' +
  '|(?:a\\s+)?couple(?:\\s+of)?|(?:a\\s+)?pair\\s+of|(?:a\\s+)?few|several' +
  '|' + NUMBER_WORD + '(?:[-\\s](?:one|two|three|four|five|six|seven|eight|nine))?|an?)';

export const UNIT = "(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|fortnights?|months?|years?|yrs?|quarters?|qtrs?|'|\")";

export type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

export function unitOf(word: string): { unit: Unit; factor: number } | null {
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

export const WEEKDAYS: Record<string, number> = {
  monday: 1, mon: 1, tuesday: 2, tues: 2, tue: 2, wednesday: 3, wed: 3, thursday: 4, thurs: 4, thur: 4, thu: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};
export const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|thurs|thur|mon|tue|wed|thu|fri|sat|sun)\\.?';

export function weekdayOf(word: string): number | null {
  return WEEKDAYS[word.toLowerCase().replace(/\.$/, '').replace(/s$/, '')] ?? WEEKDAYS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

export const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sept: 9, sep: 9, october: 10, oct: 10, november: 11, nov: 11,
  december: 12, dec: 12,
};
export const MONTH = '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?';

export function monthOf(word: string): number | null {
  return MONTHS[word.toLowerCase().replace(/\.$/, '')] ?? null;
}

export const ORDINALS: Record<string, number> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4, fifth: 5, '5th': 5,
};
export const ORDINAL = '(?:first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)';

export const PAST_MODS = new Set(['last', 'past', 'previous', 'this past', 'the last', 'the past', 'the previous']);
export const NEXT_MODS = new Set(['next', 'following', 'the next', 'the following']);
export const COMING_MODS = new Set(['coming', 'upcoming', 'this coming', 'the coming', 'the upcoming']);
export const MODIFIER = '(?:this\\s+past|this\\s+coming|the\\s+(?:next|last|past|previous|following|coming|upcoming|current)|this|current|next|coming|upcoming|following|last|past|previous)';

export function modKind(mod: string | undefined): 'past' | 'next' | 'coming' | 'this' | null {
  if (!mod) return null;
  const m = mod.toLowerCase().replace(/\s+/g, ' ');
  if (PAST_MODS.has(m)) return 'past';
  if (NEXT_MODS.has(m)) return 'next';
  if (COMING_MODS.has(m)) return 'coming';
  return 'this';
}

/** Wraps a pattern so it only matches whole words. */
export function words(source: string): RegExp {
  return new RegExp(`(?<![\\w'’])(?:${source})(?![\\w’]|'\\w)`, 'i');
}

// ---------------------------------------------------------------------------------------------------------------
// Building results

export function wall(dt: DateTime): string {
  return [dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second].join(',');
}

export interface Span {
  start: DateTime;
  grain: EventGrain;
  end?: DateTime | null;
  /** An exact instant ("in 3 hours"): no wall-clock rebuild. */
  instant?: boolean;
  /** Report only the weekday as known, as chrono does, so "Sunday, Feb 10" still merges into one date. */
  weekdayOnly?: boolean;
}

export function componentsFor(context: ParsingContext, span: Span): ParsingComponents {
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

export function parser(source: string, build: (m: RegExpMatchArray, state: GrammarState) => Span | null): Parser {
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

export function day(d: CalendarDate, zoneOf: DateTime): DateTime {
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day }, { zone: zoneOf.zone });
}

export function startOfWeek(dt: DateTime): DateTime {
  return dt.startOf('day').minus({ days: dt.weekday - 1 });
}

export function startOfUnit(dt: DateTime, unit: Unit): DateTime {
  if (unit === 'week') return startOfWeek(dt);
  if (unit === 'quarter') return dt.startOf('quarter');
  return dt.startOf(unit);
}

export function grainOfUnit(unit: Unit): EventGrain {
  if (unit === 'second') return 'minute';
  if (unit === 'quarter') return 'month';
  return unit;
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar helpers shared by the parsers

/** The month `month` in a year chosen by tense: this year's unless it is over (future) or to come (past). */
export function monthByTense(now: DateTime, month: number, tense: Tense, kind: ReturnType<typeof modKind> = null): DateTime {
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

export const SEASONS: Record<string, [number, number]> = {
  // Northern-hemisphere astronomical seasons: [month, day] of the start.
  spring: [3, 20],
  summer: [6, 21],
  fall: [9, 23],
  autumn: [9, 23],
  winter: [12, 21],
};

export function seasonAround(now: DateTime, offset: number): { start: DateTime; end: DateTime; name: string } {
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

export function weekendStarting(friday: DateTime): Span {
  const start = friday.startOf('day').set({ hour: 18 });
  return { start, grain: 'hour', end: friday.startOf('day').plus({ days: 3 }) };
}

/** The weekend (Friday 18:00 to Monday 00:00) of the week `weeks` after the current one. */
export function weekendOfWeek(now: DateTime, weeks: number): Span {
  return weekendStarting(startOfWeek(now).plus({ weeks, days: 4 }));
}
