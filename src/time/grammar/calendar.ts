/** Named calendar dates: ordinal weekdays of a month, months, years, seasons and holidays. */
import { DateTime } from 'luxon';
import { type GrammarState, MODIFIER, MONTH, NUM, ORDINAL, ORDINALS, SEASONS, type Span, WEEKDAY, amountOf, day, modKind, monthByTense, monthOf, parser, seasonAround, startOfWeek, weekdayOf, weekendStarting } from './common.js';
import { HOLIDAY_PATTERN, holidayInYear, daysInMonth, nthWeekdayOfMonth } from '../holidays.js';

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

export const nthWeekdayOf = parser(
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

export const nthLastDayOf = parser(
  `(?:the\\s+)?(?:(${ORDINAL})\\s+)?last\\s+day\\s+(?:of|in)\\s+${MONTH_REF}`,
  (m, s) => {
    const ref = monthRef(s, m[2], m[3], m[4]);
    if (!ref) return null;
    const n = m[1] ? (ORDINALS[m[1].toLowerCase()] ?? 1) : 1;
    return { start: ref.endOf('month').startOf('day').minus({ days: n - 1 }), grain: 'day' };
  },
);

/** Weeks that lie wholly inside a month or year, counted from its end: "last week of september", "third last week of 2018". */
export const nthLastWeekOf = parser(
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

export const lastWeekendOf = parser(
  `(?:the\\s+)?last\\s+(?:week-?\\s?end|wkend)\\s+(?:of|in)\\s+(${MONTH})(?:,?\\s+(\\d{4}))?`,
  (m, s) => {
    const month = monthOf(m[1] ?? '');
    if (!month) return null;
    const ref = m[2] ? DateTime.fromObject({ year: Number(m[2]), month, day: 1 }, { zone: s.now.zone }) : monthByTense(s.now, month, s.tense);
    const sunday = nthWeekdayOfMonth(ref.year, ref.month, 7, -1);
    return sunday ? weekendStarting(day(sunday, s.now).minus({ days: 2 })) : null;
  },
);

export const dayOfMonthRef = parser(
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

export const monthName = parser(
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

export const yearWithPreposition = parser(
  `(?:in|during|since|by|from|until|till|before|after|around|of)\\s+(?:the\\s+year\\s+)?(\\d{3,4})(?:\\s*${ERA})?(?!\\s*(?:am|pm|a\\.m|p\\.m|:|h\\b|hours?|hrs?|minutes?|mins?|o['’]?\\s?clock|%|\\d))`,
  (m, s) => yearSpan(m[1] ?? '', m[2], s.now),
);

export const yearWithEra = parser(`(\\d{1,4})\\s*${ERA}(?![\\w.])`, (m, s) => yearSpan(m[1] ?? '', m[2], s.now));

export const season = parser(
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

export const holiday = parser(
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
