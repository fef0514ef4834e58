/** Phrases relative to now: durations ("in 3 days"), periods ("next week"), parts of periods ("end of the month"), weekdays. */
import { DateTime } from 'luxon';
import { MODIFIER, MONTH, NUM, NUMBER_WORD, type Span, UNIT, type Unit, WEEKDAY, amountOf, grainOfUnit, modKind, monthByTense, monthOf, parser, seasonAround, startOfUnit, startOfWeek, unitOf, weekdayOf, weekendOfWeek } from './common.js';
import type { Tense } from '../tense.js';

// ---------------------------------------------------------------------------------------------------------------
// Durations: "in 3 days", "2 hours ago", "a fortnight hence", "3 years from today"

/** Moves `now` by an amount of a unit; sub-day amounts are exact instants, longer ones calendar steps. */
function shift(now: DateTime, amount: number, unit: Unit, sign: 1 | -1, anchoredToDay = false): Span {
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

export const inDuration = parser(`in\\s+(${NUM})\\s*(?:more\\s+)?(${UNIT})`, (m, s) => durationSpan(m[1], m[2], s.now, 1));

export const durationFromNow = parser(
  `(${NUM})\\s*(?:more\\s+)?(${UNIT})\\s+(?:from\\s+(now|today|right\\s+now|tomorrow)|hence)`,
  (m, s) => durationSpan(m[1], m[2], m[3]?.toLowerCase() === 'tomorrow' ? s.now.plus({ days: 1 }) : s.now, 1, m[3] !== undefined && /today|tomorrow/i.test(m[3])),
);

export const durationAgo = parser(`(${NUM})\\s*(${UNIT})\\s+(?:ago|back|before\\s+now)`, (m, s) => durationSpan(m[1], m[2], s.now, -1));

/** "3 fridays from now", "2 thursdays back". */
export const countedWeekdays = parser(
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
export const upcomingUnits = parser(
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
export const rollingUnits = parser(
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

export const namedPeriod = parser(
  `(${MODIFIER})\\s+(${PERIOD_UNIT})(?:\\s+(after\\s+next|before\\s+last))?`,
  (m, s) => {
    const kind = modKind(m[1]);
    let offset = kind === 'past' ? -1 : kind === 'next' ? 1 : kind === 'coming' ? (/week|month|year|quarter|qtr|yr/i.test(m[2] ?? '') && !/end/i.test(m[2] ?? '') ? 1 : 0) : 0;
    if (m[3]) offset += /next/i.test(m[3]) ? 1 : -1;
    return periodSpan(m[2] ?? '', offset, s.now, kind, s.tense);
  },
);

/** "over the weekend", "on the weekend": the weekend the tense points to. */
export const theWeekend = parser(`(?:over|on|at|during|for)\\s+the\\s+(weekend|week-end|wkend)`, (m, s) => periodSpan(m[1] ?? 'weekend', 0, s.now, null, s.tense));

export const periodAfterNext = parser(`(?:the\\s+)?(${PERIOD_UNIT})\\s+(after\\s+next|before\\s+last)`, (m, s) =>
  periodSpan(m[1] ?? '', /next/i.test(m[2] ?? '') ? 2 : -2, s.now, /next/i.test(m[2] ?? '') ? 'next' : 'past', s.tense),
);

export const dayAfterTomorrow = parser(`(?:the\\s+)?day\\s+(after\\s+tomorrow|before\\s+yesterday)`, (m, s) => ({
  start: s.now.startOf('day').plus({ days: /after/i.test(m[1] ?? '') ? 2 : -2 }),
  grain: 'day',
}));

export const restOf = parser(`(?:the\\s+)?rest\\s+of\\s+(?:the|this)\\s+(week|month|year)`, (m, s) => {
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

const PART = '(?:beginning|start|end|early|mid|late)';

export const partOfPeriod = parser(
  `(?:(?:at|around|towards?)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(?:the\\s+)?(?:(${MODIFIER}|around\\s+next)\\s+)?(week|month|year)`,
  (m, s) => {
    const kind = modKind(m[2]?.replace(/around\s+/i, ''));
    const unit = (m[3] ?? 'month').toLowerCase() as 'week' | 'month' | 'year';
    const offset = kind === 'past' ? -1 : kind === 'next' || kind === 'coming' ? 1 : 0;
    const start = startOfUnit(s.now, unit).plus({ [`${unit}s`]: offset });
    return partOf(partWord(m[1] ?? 'end'), start, unit);
  },
);

export const partOfMonthName = parser(
  `(?:(?:at|around|towards?|in)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(${MONTH})(?:,?\\s+(\\d{4}))?`,
  (m, s) => {
    const month = monthOf(m[2] ?? '');
    if (!month) return null;
    const start = m[3] ? DateTime.fromObject({ year: Number(m[3]), month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense);
    return partOf(partWord(m[1] ?? 'end'), start, 'month');
  },
);

export const partOfYear = parser(`(?:(?:at|around|towards?|in)\\s+)?(?:the\\s+)?(${PART})(?:\\s+of|-|\\s)\\s*(\\d{4})`, (m, s) => {
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

export const weekday = parser(
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

export const weekdayOfWeek = parser(
  `(${MODIFIER})\\s+week['’]?s\\s+(${WEEKDAY})|(${WEEKDAY})\\s+from\\s+(${MODIFIER})\\s+week`,
  (m, s) => {
    const wd = weekdayOf(m[2] ?? m[3] ?? '');
    if (!wd) return null;
    return weekdaySpan(wd, s.now, s.tense, null, weekOffsetOf(m[1] ?? m[4]), 0);
  },
);
