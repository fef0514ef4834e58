import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { parseDateBound, parseReferenceTime } from '../../src/time/parse.js';
import { findTimeExpression, resolveTimeExpression, rewriteWithTime, type ResolvedTime } from '../../src/time/resolve.js';
import { isValidTimeZone, systemTimeZone } from '../../src/time/zone.js';

/** The instant that shows `wall` (ISO without offset) in `zone`. */
function at(wall: string, zone: string): Date {
  return DateTime.fromISO(wall, { zone }).toJSDate();
}

/** Finds the phrase in a message and resolves it with the message as context, as the rules extractor does. */
function fromMessage(message: string, wall: string, zone: string): ResolvedTime | null {
  const ref = at(wall, zone);
  const found = findTimeExpression(message, ref, zone);
  return found ? resolveTimeExpression(found.text, ref, zone, message) : null;
}

const NY = 'America/New_York';
const LONDON = 'Europe/London';
// 2024-08-19 is a Monday.
const MONDAY = '2024-08-19T10:00:00';

describe('the spec example', () => {
  it('"I have a meeting tomorrow at 2pm" at 2024-08-19T10:00 New York', () => {
    const ref = at(MONDAY, NY);
    const found = findTimeExpression('I have a meeting tomorrow at 2pm', ref, NY);
    expect(found).toEqual({ text: 'tomorrow at 2pm', index: 17 });
    const resolved = resolveTimeExpression('tomorrow at 2pm', ref, NY, 'I have a meeting tomorrow at 2pm');
    expect(resolved).toEqual({ eventAt: '2024-08-20T14:00:00-04:00', eventEnd: null, grain: 'minute', text: 'tomorrow at 2pm' });
    expect(rewriteWithTime('User has a meeting tomorrow at 2pm', 'tomorrow at 2pm', resolved!)).toBe('User has a meeting on 2024-08-20 at 14:00');
  });
});

describe('chat messages', () => {
  const cases: [string, string, string, string | null, string | null][] = [
    ['My haircut is next Thursday at 4pm', MONDAY, NY, '2024-08-29T16:00:00-04:00', 'minute'],
    ["I'm flying to Rome in 4 days", MONDAY, NY, '2024-08-23T00:00:00-04:00', 'day'],
    ['I went swimming yesterday', MONDAY, NY, '2024-08-18T00:00:00-04:00', 'day'],
    ['I have a call tonight at 9', MONDAY, LONDON, '2024-08-19T21:00:00+01:00', 'minute'],
    ['My driving test is on April 2nd', '2025-01-10T09:00:00', 'Europe/Berlin', '2025-04-02T00:00:00+02:00', 'day'],
    ['The concert is on Friday at 8pm', MONDAY, 'America/Los_Angeles', '2024-08-23T20:00:00-07:00', 'minute'],
    ["I have a doctor's appointment on November 6 at 11am", '2024-10-20T12:00:00', NY, '2024-11-06T11:00:00-05:00', 'minute'],
    ['I quit smoking 4 days ago', '2024-08-21T10:00:00', NY, '2024-08-17T00:00:00-04:00', 'day'],
    ['My wedding is on 2025-06-14', MONDAY, 'Asia/Tokyo', '2025-06-14T00:00:00+09:00', 'day'],
    ['We adopted our cat three years ago', MONDAY, NY, '2021-01-01T00:00:00-05:00', 'year'],
    ['I walk the dog every morning at 7am', MONDAY, NY, null, null],
    ['We are going camping next week', MONDAY, NY, '2024-08-26T00:00:00-04:00', 'week'],
    ['I started a new job last month', MONDAY, NY, '2024-07-01T00:00:00-04:00', 'month'],
    ['I moved to Lisbon in 2019', MONDAY, NY, '2019-01-01T00:00:00-05:00', 'year'],
    ['Lunch with Ana the day after tomorrow at noon', MONDAY, NY, '2024-08-21T12:00:00-04:00', 'minute'],
  ];
  it.each(cases)('%s (at %s in %s)', (message, wall, zone, eventAt, grain) => {
    const got = fromMessage(message, wall, zone);
    if (eventAt === null) expect(got).toBeNull();
    else expect({ eventAt: got?.eventAt, grain: got?.grain }).toEqual({ eventAt, grain });
  });

  it('gives ranges an exclusive end', () => {
    expect(resolveTimeExpression('next week', at(MONDAY, NY), NY)?.eventEnd).toBe('2024-09-02T00:00:00-04:00');
    const meeting = resolveTimeExpression('from 2 to 4pm tomorrow', at(MONDAY, NY), NY);
    expect(meeting).toMatchObject({ eventAt: '2024-08-20T14:00:00-04:00', eventEnd: '2024-08-20T16:00:00-04:00', grain: 'minute' });
    expect(resolveTimeExpression('this weekend', at(MONDAY, NY), NY)).toMatchObject({
      eventAt: '2024-08-23T18:00:00-04:00',
      eventEnd: '2024-08-26T00:00:00-04:00',
    });
  });

  it('knows holidays, noon, midnight and the end of the month', () => {
    const ref = at(MONDAY, NY);
    expect(resolveTimeExpression('thanksgiving', ref, NY)?.eventAt).toBe('2024-11-28T00:00:00-05:00');
    expect(resolveTimeExpression('last christmas', ref, NY)?.eventAt).toBe('2023-12-25T00:00:00-05:00');
    expect(resolveTimeExpression('easter 2025', ref, NY)?.eventAt).toBe('2025-04-20T00:00:00-04:00');
    expect(resolveTimeExpression('at noon', ref, NY)?.eventAt).toBe('2024-08-19T12:00:00-04:00');
    expect(resolveTimeExpression('midnight', ref, NY)?.eventAt).toBe('2024-08-20T00:00:00-04:00');
    expect(resolveTimeExpression('end of the month', ref, NY)).toMatchObject({ eventAt: '2024-08-21T00:00:00-04:00', eventEnd: '2024-09-01T00:00:00-04:00', grain: 'day' });
    expect(resolveTimeExpression('first tuesday of october', ref, NY)?.eventAt).toBe('2024-10-01T00:00:00-04:00');
    expect(resolveTimeExpression('a quarter past 3pm', ref, NY)?.eventAt).toBe('2024-08-19T15:15:00-04:00');
  });

  it('counts hours as elapsed time and days on the calendar', () => {
    const ref = at(MONDAY, NY);
    expect(resolveTimeExpression('in 2 hours', ref, NY)).toMatchObject({ eventAt: '2024-08-19T12:00:00-04:00', grain: 'minute' });
    expect(resolveTimeExpression('2 weeks from now', ref, NY)).toMatchObject({ eventAt: '2024-09-02T00:00:00-04:00', grain: 'day' });
  });
});

describe('daylight saving time', () => {
  it('New York, fall back: a summer reference, an event after the change gets the winter offset', () => {
    const ref = at('2024-10-30T10:00:00', NY);
    expect(resolveTimeExpression('next Monday at 9am', ref, NY)?.eventAt).toBe('2024-11-04T09:00:00-05:00');
    expect(resolveTimeExpression('in 7 days', ref, NY)?.eventAt).toBe('2024-11-06T00:00:00-05:00');
    // Midnight on the day of the change is still summer time (the change is at 02:00).
    expect(resolveTimeExpression('tomorrow', at('2024-11-02T12:00:00', NY), NY)?.eventAt).toBe('2024-11-03T00:00:00-04:00');
  });

  it('New York, spring forward: a winter reference, an event after the change gets the summer offset', () => {
    const ref = at('2024-03-08T12:00:00', NY);
    expect(resolveTimeExpression('on Monday at 9am', ref, NY)?.eventAt).toBe('2024-03-11T09:00:00-04:00');
  });

  it('London, fall back and spring forward', () => {
    expect(resolveTimeExpression('on Monday at 10am', at('2024-10-25T12:00:00', LONDON), LONDON)?.eventAt).toBe('2024-10-28T10:00:00+00:00');
    expect(resolveTimeExpression('next Monday at 9am', at('2024-03-29T12:00:00', LONDON), LONDON)?.eventAt).toBe('2024-04-01T09:00:00+01:00');
    // Three elapsed hours across the skipped hour: 00:30 GMT + 3h is 04:30 BST.
    expect(resolveTimeExpression('in 3 hours', new Date('2024-03-31T00:30:00Z'), LONDON)?.eventAt).toBe('2024-03-31T04:30:00+01:00');
  });

  it('a wall time in the repeated hour is the first one; a skipped one moves forward', () => {
    expect(parseReferenceTime('2024-11-03T01:30', NY).toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(parseReferenceTime('2024-03-10T02:30', NY).toISOString()).toBe('2024-03-10T07:30:00.000Z');
  });
});

describe('past or future by tense', () => {
  const ref = at(MONDAY, NY);
  it('a weekday', () => {
    expect(resolveTimeExpression('on Friday', ref, NY, 'I went there on Friday')?.eventAt).toBe('2024-08-16T00:00:00-04:00');
    expect(resolveTimeExpression('on Saturday', ref, NY, 'The party is on Saturday')?.eventAt).toBe('2024-08-24T00:00:00-04:00');
    expect(resolveTimeExpression('on Friday', ref, NY, 'On Friday I visited my aunt')?.eventAt).toBe('2024-08-16T00:00:00-04:00');
  });

  it('a date without a year', () => {
    const january = at('2025-01-10T09:00:00', 'Europe/Berlin');
    expect(resolveTimeExpression('March 3rd', january, 'Europe/Berlin', 'My exam is on March 3rd')?.eventAt).toBe('2025-03-03T00:00:00+01:00');
    expect(resolveTimeExpression('March 3rd', january, 'Europe/Berlin', 'I got my degree on March 3rd')?.eventAt).toBe('2024-03-03T00:00:00+01:00');
    expect(resolveTimeExpression('May', ref, NY, 'I moved in May')?.eventAt).toBe('2024-05-01T00:00:00-04:00');
    expect(resolveTimeExpression('May', ref, NY, "I'm moving in May")?.eventAt).toBe('2025-05-01T00:00:00-04:00');
  });

  it('inherently past or future phrases ignore the tense', () => {
    expect(resolveTimeExpression('last Friday', ref, NY, 'I will never forget last Friday')?.eventAt).toBe('2024-08-16T00:00:00-04:00');
    expect(resolveTimeExpression('next Tuesday', ref, NY, 'I said I would come next Tuesday')?.eventAt).toBe('2024-08-27T00:00:00-04:00');
    expect(resolveTimeExpression('yesterday', ref, NY, 'I will remember yesterday')?.eventAt).toBe('2024-08-18T00:00:00-04:00');
    expect(resolveTimeExpression('in 3 days', ref, NY, 'My flight leaves in 3 days')?.eventAt).toBe('2024-08-22T00:00:00-04:00');
  });

  it('a clock time without am/pm is the next (or last) time the clock shows it', () => {
    expect(resolveTimeExpression('at 5', ref, NY, "Let's meet at 5")?.eventAt).toBe('2024-08-19T17:00:00-04:00');
    expect(resolveTimeExpression('at 6', ref, NY, 'I woke up at 6')?.eventAt).toBe('2024-08-19T06:00:00-04:00');
  });
});

describe('recurring expressions', () => {
  it.each(['every day at 9:30am', 'every Monday', 'each morning', 'weekly on Fridays', 'on Mondays'])('%s -> null', (phrase) => {
    expect(resolveTimeExpression(phrase, at(MONDAY, NY), NY)).toBeNull();
  });

  it('a recurrence marker in the sentence makes the phrase recurring', () => {
    expect(resolveTimeExpression('at 9:30am', at(MONDAY, NY), NY, 'I have a standup every day at 9:30am')).toBeNull();
    expect(findTimeExpression('I have a standup every day at 9:30am', at(MONDAY, NY), NY)?.text).toBe('every day at 9:30am');
    expect(resolveTimeExpression('at 9:30am', at(MONDAY, NY), NY, 'I have a standup at 9:30am every day')).toBeNull();
  });

  it('"each other" or "every" elsewhere in the sentence does not make a phrase recurring', () => {
    expect(fromMessage('We gave each other gifts yesterday', MONDAY, NY)?.eventAt).toBe('2024-08-18T00:00:00-04:00');
  });
});

describe('findTimeExpression', () => {
  it.each([
    "I'm 34 years old",
    "I've been married for 3 years",
    'I may go to the gym',
    'We will march on',
    'I have 2 kids and 3 cats',
    'The sun is out',
    'I now live in Berlin',
    'I ate 3/4 of the pizza',
    'I love to sleep all night',
    'I became vegan at 19',
  ])('finds nothing in "%s"', (message) => {
    expect(findTimeExpression(message, at(MONDAY, NY), NY)).toBeNull();
  });

  it('finds month names used as dates and reports where the phrase is', () => {
    expect(findTimeExpression('I moved here in May', at(MONDAY, NY), NY)).toEqual({ text: 'May', index: 16 });
    expect(findTimeExpression('we met last week at the fair', at(MONDAY, NY), NY)).toEqual({ text: 'last week', index: 7 });
  });

  it('keeps up with chat traffic', () => {
    const messages = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `I like pizza with extra cheese number ${i}` : 'see you tomorrow at 5pm for dinner'));
    const ref = at(MONDAY, NY);
    const t = performance.now();
    for (const m of messages) findTimeExpression(m, ref, NY);
    expect(performance.now() - t).toBeLessThan(2000);
  });
});

describe('rewriteWithTime', () => {
  const time = (eventAt: string, grain: ResolvedTime['grain'], eventEnd: string | null = null): ResolvedTime => ({ eventAt, eventEnd, grain, text: '' });

  it('words each grain', () => {
    expect(rewriteWithTime("User's flight to Paris is in 3 days", 'in 3 days', time('2024-08-22T00:00:00-04:00', 'day'))).toBe("User's flight to Paris is on 2024-08-22");
    expect(rewriteWithTime('User started a job last month', 'last month', time('2024-08-01T00:00:00-04:00', 'month', '2024-09-01T00:00:00-04:00'))).toBe(
      'User started a job in August 2024',
    );
    expect(rewriteWithTime('User moved here two years ago', 'two years ago', time('2022-01-01T00:00:00-05:00', 'year'))).toBe('User moved here in 2022');
    expect(rewriteWithTime('User is on holiday next week', 'next week', time('2024-08-19T00:00:00-04:00', 'week', '2024-08-26T00:00:00-04:00'))).toBe(
      'User is on holiday in the week of 2024-08-19',
    );
    expect(rewriteWithTime('User has a call tonight at 8', 'tonight at 8', time('2024-08-19T20:00:00+01:00', 'minute'))).toBe('User has a call on 2024-08-19 at 20:00');
  });

  it('never doubles prepositions', () => {
    const exam = time('2025-03-03T00:00:00+01:00', 'day');
    expect(rewriteWithTime("User's exam is on March 3rd", 'March 3rd', exam)).toBe("User's exam is on 2025-03-03");
    expect(rewriteWithTime("User's exam is on March 3rd", 'on March 3rd', exam)).toBe("User's exam is on 2025-03-03");
    expect(rewriteWithTime('User will call at 2pm tomorrow', '2pm tomorrow', time('2024-08-20T14:00:00-04:00', 'minute'))).toBe('User will call on 2024-08-20 at 14:00');
    expect(rewriteWithTime('User moved in May', 'May', time('2024-05-01T00:00:00-04:00', 'month'))).toBe('User moved in May 2024');
    expect(rewriteWithTime('User must finish by next week', 'next week', time('2024-08-26T00:00:00-04:00', 'week'))).toBe('User must finish by the week of 2024-08-26');
    expect(rewriteWithTime('User worked there until 2020', 'until 2020', time('2020-01-01T00:00:00-05:00', 'year'))).toBe('User worked there until 2020');
  });

  it('appends the time when the phrase is not in the content', () => {
    expect(rewriteWithTime('User has an exam.', 'March 3rd', time('2025-03-03T00:00:00+01:00', 'day'))).toBe('User has an exam (on 2025-03-03).');
  });
});

describe('CLI times', () => {
  const now = at(MONDAY, NY);

  it('--at reads ISO without offset in the zone, keeps an explicit offset, and takes a date as its midnight', () => {
    expect(parseReferenceTime('2024-08-19T10:00', NY).toISOString()).toBe('2024-08-19T14:00:00.000Z');
    expect(parseReferenceTime('2024-08-19T10:00:00-07:00', NY).toISOString()).toBe('2024-08-19T17:00:00.000Z');
    expect(parseReferenceTime('2024-08-19', 'Asia/Tokyo').toISOString()).toBe('2024-08-18T15:00:00.000Z');
  });

  it('--at reads phrases against now, ambiguous ones in the past', () => {
    expect(parseReferenceTime('yesterday 3pm', NY, now).toISOString()).toBe('2024-08-18T19:00:00.000Z');
    expect(parseReferenceTime('2 hours ago', NY, now).toISOString()).toBe('2024-08-19T12:00:00.000Z');
    expect(parseReferenceTime('friday 3pm', NY, now).toISOString()).toBe('2024-08-16T19:00:00.000Z');
  });

  it('an unparsable --at is a UsageError naming the flag', () => {
    for (const bad of ['nope', 'garbage tomorrow', '', '2024-13-40']) {
      expect(() => parseReferenceTime(bad, NY, now)).toThrow(UsageError);
    }
    expect(() => parseReferenceTime('nope', NY, now)).toThrow(/^invalid --at time "nope"/);
    try {
      parseReferenceTime('nope', NY, now);
    } catch (e) {
      expect((e as UsageError).code).toBe('usage');
    }
  });

  it('date bounds give the first instant of a period and its exclusive end', () => {
    expect(parseDateBound('2024-08-01', NY, 'start', now).toISOString()).toBe('2024-08-01T04:00:00.000Z');
    expect(parseDateBound('2024-08-01', NY, 'end', now).toISOString()).toBe('2024-08-02T04:00:00.000Z');
    expect(parseDateBound('2024-08', NY, 'end', now).toISOString()).toBe('2024-09-01T04:00:00.000Z');
    expect(parseDateBound('last week', NY, 'start', now, '--since').toISOString()).toBe('2024-08-12T04:00:00.000Z');
    expect(parseDateBound('last week', NY, 'end', now, '--since').toISOString()).toBe('2024-08-19T04:00:00.000Z');
    expect(parseDateBound('yesterday', NY, 'end', now, '--until').toISOString()).toBe('2024-08-19T04:00:00.000Z');
    expect(parseDateBound('2024-08-19T10:00', NY, 'end', now).toISOString()).toBe('2024-08-19T14:00:00.000Z');
  });

  it('an unparsable bound names its flag', () => {
    expect(() => parseDateBound('whenever', NY, 'start', now, '--event-after')).toThrow(/^invalid --event-after time "whenever"/);
  });
});

describe('zones', () => {
  it('validates IANA names and finds the system zone', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    // Not canonical zones (ICU's list leaves them out), still valid: luxon's check answers for them.
    for (const alias of ['UTC', 'Etc/UTC', 'Asia/Calcutta', 'US/Eastern', 'Etc/GMT+5']) expect(isValidTimeZone(alias)).toBe(true);
    for (const bad of ['', 'Europe', 'europe/lisbon/x', 'GMT+25']) expect(isValidTimeZone(bad)).toBe(false);
    expect(isValidTimeZone(systemTimeZone())).toBe(true);
  });

  it('an unknown zone is a usage error', () => {
    expect(() => resolveTimeExpression('tomorrow', at(MONDAY, NY), 'Mars/Olympus')).toThrow(UsageError);
  });
});
