/**
 * ISO 8601 times given on the command line, read with luxon only: `list --since 2024-08-01` must not pay for
 * loading chrono. parse.ts falls back to natural language when these do not match.
 */
import { DateTime, type Zone } from 'luxon';
import { fromWallClock } from './zone.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/i;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const ISO_YEAR = /^(\d{4})$/;

export type Period = { start: DateTime; end: DateTime };

function valid(dt: DateTime): DateTime | null {
  return dt.isValid ? dt : null;
}

/** ISO forms: an instant (with or without offset), or a whole day, month or year as a period. */
export function parseIso(input: string, zone: Zone): Period | null {
  if (ISO_WITH_OFFSET.test(input)) {
    const dt = valid(DateTime.fromISO(input.replace(' ', 'T'), { setZone: true }));
    return dt ? { start: dt, end: dt } : null;
  }
  let m = ISO_LOCAL.exec(input);
  if (m) {
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as number[];
    const probe = valid(DateTime.fromObject({ year, month, day, hour, minute, second }, { zone }));
    if (!probe) return null;
    const dt = fromWallClock({ year: year as number, month: month as number, day: day as number, hour, minute, second }, zone);
    return { start: dt, end: dt };
  }
  m = ISO_DATE.exec(input);
  if (m) {
    const start = valid(DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { zone }));
    return start ? { start, end: start.plus({ days: 1 }) } : null;
  }
  m = ISO_MONTH.exec(input);
  if (m) {
    const start = valid(DateTime.fromObject({ year: Number(m[1]), month: Number(m[2]), day: 1 }, { zone }));
    return start ? { start, end: start.plus({ months: 1 }) } : null;
  }
  m = ISO_YEAR.exec(input);
  if (m) {
    const start = valid(DateTime.fromObject({ year: Number(m[1]), month: 1, day: 1 }, { zone }));
    return start ? { start, end: start.plus({ years: 1 }) } : null;
  }
  return null;
}
