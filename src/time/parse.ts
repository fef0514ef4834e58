/** Times given on the command line: --at, --since, --until, --event-after, --event-before. */
import { DateTime, type Zone } from 'luxon';
import { UsageError } from '../core/errors.js';
import { resolveSpan, type Tense } from './resolve.js';
import { parseIso, type Period } from './iso.js';
import { toZone } from './zone.js';

const HINT = 'use ISO 8601 (2024-08-19, 2024-08-19T10:00, 2024-08-19T10:00:00-04:00) or a phrase like "yesterday 3pm"';

/** Words that may surround an understood phrase without changing it ("at", "on", "the", punctuation). */
const FILLER = /\b(?:at|on|in|the|of|around|about|approximately|approx|ish)\b|[\s,.;:!?()'"-]/gi;


function zoneOf(zone: string, what: string): Zone {
  const z = toZone(zone);
  if (!z) throw new UsageError(`invalid time zone "${zone}"${what ? ` for ${what}` : ''}`, { hint: 'use an IANA name such as America/New_York' });
  return z;
}

/** Natural language, accepted only when the phrase understood covers the whole input ("garbage tomorrow" fails). */
function parsePhrase(input: string, zone: string, now: Date, tense: Tense): Period | null {
  if (/^now$/i.test(input)) {
    const dt = DateTime.fromJSDate(now, { zone: zoneOf(zone, 'now') });
    return { start: dt, end: dt };
  }
  const span = resolveSpan(input, now, zone, undefined, tense);
  if (!span) return null;
  let rest = input.toLowerCase();
  for (const part of span.matched.toLowerCase().split(/\s+/)) rest = rest.replace(part, ' ');
  if (rest.replace(FILLER, '').length > 0) return null;
  let end = span.end;
  if (!end) end = span.grain === 'minute' ? span.start : span.start.plus({ [`${span.grain}s`]: 1 });
  return { start: span.start, end };
}

function parsePeriod(input: string, zone: string, now: Date, tense: Tense, what: string): Period {
  const text = input.trim();
  const z = zoneOf(zone, what);
  const label = what ? `${what} ` : '';
  if (!text) throw new UsageError(`invalid ${label}time "${input}": empty`, { hint: HINT });
  // Something shaped like an ISO date that is not a valid one ("2024-13-01") is an error, not a phrase for chrono.
  const isoShaped = /^\d{4}-\d{1,2}(?:-\d{1,2})?(?:[T ]|$)/.test(text);
  const period = parseIso(text, z) ?? (isoShaped ? null : parsePhrase(text, zone, now, tense));
  if (!period) throw new UsageError(`invalid ${label}time "${input}": not a date or time Harmonia understands`, { hint: HINT });
  return period;
}

/**
 * --at: ISO 8601 with or without offset (no offset = wall time in `zone`), a date (its first instant in `zone`) or
 * a phrase ("yesterday 3pm", "2 hours ago") resolved against `now` in `zone`. Ambiguous phrases ("friday 3pm")
 * are read as the past: a reference time is when something was said. Throws UsageError when unparsable.
 */
export function parseReferenceTime(input: string, zone: string, now: Date = new Date()): Date {
  return parsePeriod(input, zone, now, 'past', '--at').start.toJSDate();
}

/**
 * --since/--until/--event-after/--event-before. `bound` 'start' gives the first instant of the named period
 * ("2024-08-01" -> that day's midnight in `zone`, "last week" -> its Monday), 'end' its exclusive end (the next
 * midnight for a date). An exact instant is its own start and end. --since/--until read ambiguous phrases as the
 * past; event bounds as the future. Throws UsageError naming `flag`.
 */
export function parseDateBound(input: string, zone: string, bound: 'start' | 'end', now: Date = new Date(), flag = ''): Date {
  const tense: Tense = /since|until|before-created|after-created/.test(flag) ? 'past' : 'neutral';
  const period = parsePeriod(input, zone, now, tense, flag);
  return (bound === 'start' ? period.start : period.end).toJSDate();
}
