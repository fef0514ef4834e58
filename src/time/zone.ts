/** Time-zone helpers. Luxon only: this module must stay cheap to import (no chrono). */
import { DateTime, IANAZone, Info, Settings, type Zone } from 'luxon';

// Harmonia writes ISO dates and English text, so luxon's locale is fixed rather than the machine's: dates read and
// written the same everywhere, and the first date made does not wait for ICU to resolve the system locale (about
// 10 ms of a cold start, in each thread that extracts). resolve.ts, the way into the grammar and rewrite.ts, imports
// this module.
Settings.defaultLocale = 'en-US';

let canonicalZones: ReadonlySet<string> | null = null;

/** True for an IANA zone name luxon (and so Intl) knows, e.g. "Europe/London" or "UTC". */
export function isValidTimeZone(zone: string): boolean {
  // Most names are canonical zones, found in ICU's list of them in about a millisecond; luxon's check builds a
  // formatter for the zone, which loads ICU's zone data (10-30 ms of a short command). UTC is valid everywhere;
  // aliases ("Etc/UTC", "Asia/Calcutta", "US/Eastern") and fixed offsets are not in the list and take luxon's check.
  canonicalZones ??= new Set(['UTC', ...Intl.supportedValuesOf('timeZone')]);
  return canonicalZones.has(zone) || IANAZone.isValidZone(zone);
}

/** The zone of this machine as Intl resolves it, or 'UTC' when Intl cannot tell. */
export function systemTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && isValidTimeZone(zone) ? zone : 'UTC';
  } catch {
    return 'UTC';
  }
}

/**
 * The luxon zone for an IANA name or a fixed offset such as "UTC-2" or "UTC+05:30" (the evaluation data gives
 * references with a bare offset). Null when luxon cannot read it.
 */
export function toZone(zone: string): Zone | null {
  const normalized = Info.normalizeZone(zone);
  return normalized && normalized.isValid ? normalized : null;
}

/** Offset from UTC in minutes that `zone` has at `instant` (what chrono needs as its reference offset). */
export function offsetMinutesAt(zone: Zone, instant: Date): number {
  return zone.offset(instant.getTime());
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
}

/**
 * The instant that shows `wall` on clocks in `zone`. In the repeated hour of a fall-back change the earlier
 * instant is taken (as calendars do); a wall time skipped by a spring-forward change moves forward (luxon).
 */
export function fromWallClock(wall: WallClock, zone: Zone): DateTime {
  const dt = DateTime.fromObject(
    { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour ?? 0, minute: wall.minute ?? 0, second: wall.second ?? 0 },
    { zone },
  );
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === dt.hour && earlier.minute === dt.minute && earlier.day === dt.day) return earlier;
  return dt;
}

/** ISO 8601 with the zone's offset and no milliseconds: "2024-08-20T14:00:00-04:00" (UTC as "+00:00"). */
export function formatWithOffset(dt: DateTime): string {
  return dt.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
