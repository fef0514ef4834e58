/**
 * Harmonia's own chrono parsers: the relative phrases chrono gets wrong or does not know (periods like "next week",
 * durations like "in 3 days" computed in the user's zone, "the day after tomorrow", holidays, "the first Monday of
 * October", seasons, weekdays resolved by tense). They run before chrono's parsers, so on an equal match they win,
 * and chrono's refiners still merge them with a clock time ("thanksgiving at 5pm", "in 7 days at 5pm").
 *
 * Every result carries tags read back by resolve.ts: `harmonia/grain:<grain>`, `harmonia/start:<wall clock>`,
 * optionally `harmonia/end:<wall clock>` (exclusive) and `harmonia/instant:<epoch ms>` for exact instants.
 */
import type { Parser } from 'chrono-node/en';
import { dayOfMonthRef, holiday, lastWeekendOf, monthName, nthLastDayOf, nthLastWeekOf, nthWeekdayOf, season, yearWithEra, yearWithPreposition } from './calendar.js';
import { atClock, clockAfterDay, clockBeforeDay, clockWithPart, hNotation, ordinalDay, partOfDayWords, partThenClock, pastOrTo } from './clock.js';
import { countedWeekdays, dayAfterTomorrow, durationAgo, durationFromNow, inDuration, namedPeriod, partOfMonthName, partOfPeriod, partOfYear, periodAfterNext, restOf, rollingUnits, theWeekend, upcomingUnits, weekday, weekdayOfWeek } from './relative.js';

export type { GrammarOption, GrammarState } from './common.js';

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
