/**
 * A small table of holidays whose date follows a rule: a fixed day, the nth weekday of a month, or an offset from
 * (Western or Orthodox) Easter. Lunar and lunisolar calendars (Chinese New Year, Diwali, Eid) are left out: they
 * need astronomical tables.
 */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

type Rule =
  | { kind: 'fixed'; month: number; day: number }
  | { kind: 'nth'; month: number; weekday: number; n: number } // weekday 1=Mon..7=Sun, n=-1 for last
  | { kind: 'easter'; offset: number; orthodox?: boolean }
  | { kind: 'after'; base: string; offset: number };

interface Holiday {
  names: string[];
  rule: Rule;
}

const HOLIDAYS: Holiday[] = [
  { names: ["new year's day", 'new years day', 'new year day', "new year's", 'new years'], rule: { kind: 'fixed', month: 1, day: 1 } },
  { names: ["new year's eve", 'new years eve', 'nye'], rule: { kind: 'fixed', month: 12, day: 31 } },
  { names: ["valentine's day", 'valentines day', 'valentine day', "valentine's", 'valentines'], rule: { kind: 'fixed', month: 2, day: 14 } },
  { names: ["st. patrick's day", "st patrick's day", 'st patricks day', "saint patrick's day", 'saint patricks day', "st. paddy's day", "st paddy's day"], rule: { kind: 'fixed', month: 3, day: 17 } },
  { names: ["april fools' day", "april fool's day", 'april fools day', "april fools'", 'april fools'], rule: { kind: 'fixed', month: 4, day: 1 } },
  { names: ['earth day'], rule: { kind: 'fixed', month: 4, day: 22 } },
  { names: ['cinco de mayo'], rule: { kind: 'fixed', month: 5, day: 5 } },
  { names: ['juneteenth'], rule: { kind: 'fixed', month: 6, day: 19 } },
  { names: ['independence day', 'fourth of july', '4th of july', 'july 4th', 'july fourth'], rule: { kind: 'fixed', month: 7, day: 4 } },
  { names: ['bastille day'], rule: { kind: 'fixed', month: 7, day: 14 } },
  { names: ['halloween', "hallowe'en"], rule: { kind: 'fixed', month: 10, day: 31 } },
  { names: ["all saints' day", "all saints day", 'all saints'], rule: { kind: 'fixed', month: 11, day: 1 } },
  { names: ["veterans day", "veterans' day", "veteran's day", 'armistice day', 'remembrance day'], rule: { kind: 'fixed', month: 11, day: 11 } },
  { names: ["boss's day", 'bosses day', "bosses' day", 'boss day', "national boss day"], rule: { kind: 'fixed', month: 10, day: 16 } },
  { names: ['christmas eve', 'xmas eve'], rule: { kind: 'fixed', month: 12, day: 24 } },
  { names: ['christmas day', 'christmas', 'xmas day', 'xmas', 'x-mas'], rule: { kind: 'fixed', month: 12, day: 25 } },
  { names: ['boxing day'], rule: { kind: 'fixed', month: 12, day: 26 } },
  { names: ["martin luther king jr. day", "martin luther king jr day", "martin luther king's day", 'martin luther kings day', 'martin luther king day', 'mlk jr. day', 'mlk jr day', 'mlk day', 'civil rights day'], rule: { kind: 'nth', month: 1, weekday: 1, n: 3 } },
  { names: ["presidents' day", "presidents day", "president's day", "washington's birthday"], rule: { kind: 'nth', month: 2, weekday: 1, n: 3 } },
  { names: ["mother's day", 'mothers day', "mothers' day"], rule: { kind: 'nth', month: 5, weekday: 7, n: 2 } },
  { names: ['memorial day'], rule: { kind: 'nth', month: 5, weekday: 1, n: -1 } },
  { names: ["father's day", 'fathers day', "fathers' day"], rule: { kind: 'nth', month: 6, weekday: 7, n: 3 } },
  { names: ['labor day', 'labour day'], rule: { kind: 'nth', month: 9, weekday: 1, n: 1 } },
  { names: ['columbus day', "indigenous peoples' day", 'indigenous peoples day'], rule: { kind: 'nth', month: 10, weekday: 1, n: 2 } },
  { names: ['thanksgiving day', 'thanksgiving'], rule: { kind: 'nth', month: 11, weekday: 4, n: 4 } },
  { names: ['black friday'], rule: { kind: 'after', base: 'thanksgiving', offset: 1 } },
  { names: ['cyber monday'], rule: { kind: 'after', base: 'thanksgiving', offset: 4 } },
  { names: ['ash wednesday'], rule: { kind: 'easter', offset: -46 } },
  { names: ['palm sunday', 'branch sunday'], rule: { kind: 'easter', offset: -7 } },
  { names: ['maundy thursday', 'holy thursday', 'covenant thursday', 'covenant thu', 'thursday of mysteries', 'thu of mysteries'], rule: { kind: 'easter', offset: -3 } },
  { names: ['good friday', 'holy friday'], rule: { kind: 'easter', offset: -2 } },
  { names: ['holy saturday', 'easter saturday'], rule: { kind: 'easter', offset: -1 } },
  { names: ['easter sunday', 'easter day', 'easter'], rule: { kind: 'easter', offset: 0 } },
  { names: ['easter monday', 'easter mon'], rule: { kind: 'easter', offset: 1 } },
  { names: ['ascension day', 'ascension thursday', 'ascension'], rule: { kind: 'easter', offset: 39 } },
  { names: ['pentecost', 'whit sunday', 'whitsunday', 'white sunday'], rule: { kind: 'easter', offset: 49 } },
  { names: ['whit monday', 'whitmonday', 'monday of the holy spirit', 'pentecost monday'], rule: { kind: 'easter', offset: 50 } },
  { names: ['trinity sunday'], rule: { kind: 'easter', offset: 56 } },
  { names: ['corpus christi'], rule: { kind: 'easter', offset: 60 } },
  { names: ['orthodox easter', 'orthodox easter sunday'], rule: { kind: 'easter', offset: 0, orthodox: true } },
  { names: ['orthodox good friday', 'orthodox great friday'], rule: { kind: 'easter', offset: -2, orthodox: true } },
  { names: ['clean monday', 'orthodox shrove monday', 'ash monday'], rule: { kind: 'easter', offset: -48, orthodox: true } },
  { names: ['lazarus saturday'], rule: { kind: 'easter', offset: -8, orthodox: true } },
];

const BY_NAME = new Map<string, Holiday>();
for (const h of HOLIDAYS) for (const n of h.names) BY_NAME.set(n, h);

/** Regex source matching any holiday name, longest names first so "christmas eve" beats "christmas". */
export const HOLIDAY_PATTERN = [...BY_NAME.keys()]
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]?").replace(/ /g, '\\s+'))
  .join('|');

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, ' ').trim();
}

function findHoliday(name: string): Holiday | undefined {
  const n = normalizeName(name);
  return BY_NAME.get(n) ?? BY_NAME.get(n.replace(/'/g, '')) ?? [...BY_NAME.entries()].find(([k]) => k.replace(/'/g, '') === n.replace(/'/g, ''))?.[1];
}

export function isHolidayName(name: string): boolean {
  return findHoliday(name) !== undefined;
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm). */
function westernEaster(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** Orthodox Easter Sunday: the Julian computus (Meeus), moved to the Gregorian calendar. */
function orthodoxEaster(year: number): CalendarDate {
  const a = year % 4;
  const b = year % 7;
  const c = year % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  const julianToGregorian = Math.floor(year / 100) - Math.floor(year / 400) - 2;
  return addDays({ year, month, day }, julianToGregorian);
}

function addDays(date: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** ISO weekday (1=Monday..7=Sunday) of a calendar date. */
export function isoWeekday(date: CalendarDate): number {
  const w = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The nth (1-based; negative counts from the end) `weekday` (1=Mon..7=Sun) of a month, or null if none. */
export function nthWeekdayOfMonth(year: number, month: number, weekday: number, n: number): CalendarDate | null {
  if (n > 0) {
    const first = isoWeekday({ year, month, day: 1 });
    const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
    return day <= daysInMonth(year, month) ? { year, month, day } : null;
  }
  const lastDay = daysInMonth(year, month);
  const last = isoWeekday({ year, month, day: lastDay });
  const day = lastDay - ((last - weekday + 7) % 7) + (n + 1) * 7;
  return day >= 1 ? { year, month, day } : null;
}

function dateByRule(rule: Rule, year: number): CalendarDate | null {
  switch (rule.kind) {
    case 'fixed':
      return { year, month: rule.month, day: rule.day };
    case 'nth':
      return nthWeekdayOfMonth(year, rule.month, rule.weekday, rule.n);
    case 'easter':
      return addDays(rule.orthodox ? orthodoxEaster(year) : westernEaster(year), rule.offset);
    case 'after': {
      const base = findHoliday(rule.base);
      const d = base ? dateByRule(base.rule, year) : null;
      return d ? addDays(d, rule.offset) : null;
    }
  }
}

/** The date of the named holiday in `year`, or null for an unknown name. */
export function holidayInYear(name: string, year: number): CalendarDate | null {
  const h = findHoliday(name);
  return h ? dateByRule(h.rule, year) : null;
}
