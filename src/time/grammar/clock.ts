/** Clock times chrono does not read, parts of the day, and days of the month without a month. */
import type { Parser } from 'chrono-node/en';
import { type GrammarState, MONTH, NUMBER_WORD, WEEKDAY, amountOf, monthOf, stateOf, words } from './common.js';

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

export const pastOrTo = clockParser(
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
export const hNotation = clockParser(
  // A bare "8h" is a duration ("I slept 8h") unless "at" or a time zone makes it a time.
  `(?:at\\s+|@\\s*)([01]?\\d|2[0-3])h([0-5]\\d)?|([01]?\\d|2[0-3])h([0-5]\\d)|([01]?\\d|2[0-3])h(?=\\s+\\(?(?:gmt|utc|[a-z]{1,2}[sd]t|cet|cest|bst|ist)\\b)|(?<=(?:\\d{4}|${WEEKDAY}|tonight|tomorrow|today),?\\s+)([01]?\\d|2[0-3])h`,
  (m) => {
    const hour = Number(m[1] ?? m[3] ?? m[5] ?? m[6]);
    const minute = Number(m[2] ?? m[4] ?? 0);
    return { hour, minute, meridiem: hour >= 12 ? 1 : 0 };
  },
);

/** "3 in the morning", "8 o'clock in the evening", "3:20 in afternoon", "eight this evening", "at 730 in the evening". */
export const clockWithPart = clockParser(
  `(?:at\\s+|@\\s*)?(${CLOCK_NUM}|\\d{3,4})${OCLOCK}${MERIDIEM}\\s+(?:in\\s+(?:the\\s+)?|this\\s+|at\\s+)(morning|afternoon|evening|night)`,
  (m) => {
    const clock = clockOf(m[1] ?? '', m[2]);
    return clock ? withPartOfDay(clock, m[3]) : null;
  },
);

/** "in the evening at eight", "morning at 9". */
export const partThenClock = clockParser(
  `(?:in\\s+the\\s+|this\\s+)?(morning|afternoon|evening|night)\\s+(?:at|@)\\s*(${CLOCK_NUM})${OCLOCK}${MERIDIEM}`,
  (m) => {
    const clock = clockOf(m[2] ?? '', m[3]);
    return clock ? withPartOfDay(clock, m[1]) : null;
  },
);

/** "at eight", "at 730", "@ 3:20", "at 150ish", "at 8 o'clock". */
export const atClock = clockParser(`(?:at|@)\\s*(${CLOCK_NUM}|\\d{3,4})${OCLOCK}${MERIDIEM}(?![\\w:])`, (m) => clockOf(m[1] ?? '', m[2]));

/** A bare clock number right before a day word: "8 tonight", "9 tomorrow morning", "eight today". */
export const clockBeforeDay = clockParser(
  `(${CLOCK_NUM})${OCLOCK}${MERIDIEM}(?=\\s+(?:tonight|tomorrow|today|this\\s+(?:morning|afternoon|evening)))`,
  (m) => clockOf(m[1] ?? '', m[2]),
);

/** Digits right after a day word: "tonight 815", "tomorrow 930". */
export const clockAfterDay = clockParser(`(?<=(?:tonight|tomorrow|today)\\s+)(\\d{3,4})${OCLOCK}${MERIDIEM}`, (m) => clockOf(m[1] ?? '', m[2]));

/** Parts of the day chrono does not know: "early morning", "in the early hours", "lunch", "afternoonish". */
export const partOfDayWords: Parser = (() => {
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
export const ordinalDay: Parser = (() => {
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
