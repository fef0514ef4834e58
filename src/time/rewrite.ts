/** Wording of an absolute time inside memory content: "User has a meeting on 2024-08-20 at 14:00". */
import { DateTime } from 'luxon';
import type { EventGrain } from '../core/memory.js';

interface TimeLike {
  eventAt: string;
  eventEnd: string | null;
  grain: EventGrain;
}

function parse(iso: string): DateTime {
  // Keep the wall clock of the stored offset: the text shows the user's local time.
  return DateTime.fromISO(iso, { setZone: true });
}

const date = (d: DateTime) => d.toFormat('yyyy-MM-dd');
const clock = (d: DateTime) => d.toFormat('HH:mm');
const monthYear = (d: DateTime) => d.setLocale('en').toFormat('LLLL yyyy');

/** The absolute time as a phrase starting with a preposition: "on 2024-08-22", "in August 2024". */
export function describeTime(t: TimeLike, expression = ''): string {
  const start = parse(t.eventAt);
  const end = t.eventEnd ? parse(t.eventEnd) : null;
  const lastDay = end ? end.minus({ milliseconds: 1 }) : null;
  if (/\bweek-?\s?ends?\b|\bwkend\b/i.test(expression) && end) {
    const saturday = start.weekday === 5 ? start.plus({ days: 1 }) : start;
    return `on the weekend of ${date(saturday)}`;
  }
  const season = /\b(spring|summer|fall|autumn|winter)\b/i.exec(expression)?.[1]?.toLowerCase();
  if (season && end) return `in ${season} ${start.year}`;
  const part = /\b(beginning|start|end|early|mid|late)\b/i.exec(expression)?.[1]?.toLowerCase();
  if (part && end && (t.grain === 'day' || t.grain === 'month')) {
    const days = end.diff(start, 'days').days;
    const whole = days <= 4 ? `the week of ${date(start.startOf('week'))}` : days <= 11 ? monthYear(start) : String(start.year);
    return part === 'early' || part === 'mid' || part === 'late' ? `in ${part} ${whole}` : `at the ${part} of ${whole}`;
  }
  switch (t.grain) {
    case 'minute':
    case 'hour': {
      if (end && t.grain === 'hour') {
        const part = /\b(morning|afternoon|evening|night|lunch)\b/i.exec(expression)?.[1]?.toLowerCase() ?? (/\btonight\b/i.test(expression) ? 'evening' : null);
        if (part) return part === 'lunch' ? `at lunchtime on ${date(start)}` : `on the ${part} of ${date(start)}`;
      }
      if (end && lastDay && date(lastDay) === date(start)) return `on ${date(start)} from ${clock(start)} to ${clock(end)}`;
      if (end && lastDay) return `from ${date(start)} ${clock(start)} to ${date(end)} ${clock(end)}`;
      return `on ${date(start)} at ${clock(start)}`;
    }
    case 'day':
      if (lastDay && date(lastDay) !== date(start)) return `from ${date(start)} to ${date(lastDay)}`;
      return `on ${date(start)}`;
    case 'week':
      if (lastDay && lastDay.diff(start, 'days').days > 7) return `from the week of ${date(start)} to the week of ${date(lastDay.minus({ days: 6 }))}`;
      return `in the week of ${date(start)}`;
    case 'month':
      if (lastDay && monthYear(lastDay) !== monthYear(start)) return `from ${monthYear(start)} to ${monthYear(lastDay)}`;
      return `in ${monthYear(start)}`;
    case 'year':
      if (lastDay && lastDay.year !== start.year) return `from ${start.year} to ${lastDay.year}`;
      return `in ${start.year}`;
  }
}

/** Prepositions that give way to the time's own ("at" + "on 2024-08-20 at 14:00" -> "on 2024-08-20 at 14:00"). */
const WEAK = new Set(['on', 'at', 'in']);
/** Prepositions that carry meaning and stay ("until" + "on 2024-08-20" -> "until 2024-08-20"). */
const STRONG = new Set(['by', 'since', 'until', 'till', 'before', 'after', 'from', 'for', 'during', 'through', 'around', 'of', 'to', 'over', 'within']);
const LEADING_PREPOSITION = /^(?:on|at|in)\s+/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Puts the absolute time in place of the phrase: "User has a meeting tomorrow at 2pm" -> "User has a meeting on
 * 2024-08-20 at 14:00". Without doubled prepositions ("is on March 3rd" -> "is on 2025-03-03"). When the phrase
 * is not in the content, the time is appended in parentheses.
 */
export function rewriteWithTime(content: string, expression: string, resolved: TimeLike): string {
  const phrase = expression.trim();
  let replacement = describeTime(resolved, phrase);
  const at = phrase ? content.search(new RegExp(`(?<![\\w])${escapeRegExp(phrase)}(?![\\w])`, 'i')) : -1;
  if (at < 0) {
    const m = /^(.*?)([.!?]*)$/s.exec(content.trimEnd());
    return `${m?.[1] ?? content} (${replacement})${m?.[2] ?? ''}`;
  }
  // A phrase that starts with a meaningful preposition keeps it: "until 2020" -> "until 2020", not "in 2020".
  const own = /^(\w+)\s/.exec(phrase)?.[1]?.toLowerCase();
  if (own && STRONG.has(own)) replacement = `${own} ${replacement.replace(LEADING_PREPOSITION, '')}`;
  let head = content.slice(0, at);
  const tail = content.slice(at + phrase.length);
  const previous = /(\w+)\s+$/.exec(head);
  const prep = previous?.[1]?.toLowerCase();
  if (prep && previous && LEADING_PREPOSITION.test(replacement)) {
    if (WEAK.has(prep)) head = head.slice(0, previous.index);
    else if (STRONG.has(prep)) replacement = replacement.replace(LEADING_PREPOSITION, '');
  }
  if (at === 0 || /[.!?]\s*$/.test(head)) replacement = replacement.charAt(0).toUpperCase() + replacement.slice(1);
  return (head + replacement + tail).replace(/\b(on|at|in) \1\b/gi, '$1');
}
