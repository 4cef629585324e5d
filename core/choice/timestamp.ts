// Timestamp parsing as AWS Step Functions accepts it (Choice Timestamp* operators, IsTimestamp, Wait
// Timestamp/TimestampPath): the RFC 3339 profile of ISO 8601 with an uppercase "T" and "Z".

/** An instant with nanosecond precision (epoch milliseconds in a JS number would lose the nanos). */
export interface PreciseInstant {
  /** Whole seconds since 1970-01-01T00:00:00Z (may be negative). */
  readonly epochSeconds: number;
  /** 0..999_999_999 */
  readonly nanos: number;
}

// yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM). The shape is checked here; the ranges are checked below.
const TIMESTAMP_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

const MAX_OFFSET_SECONDS = 18 * 3600;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to the given proleptic Gregorian date (month 1..12). */
function daysSinceEpoch(year: number, month: number, day: number): number {
  // Count from March so the leap day is the last day of the counting year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * Parses a timestamp string the way AWS does, with full (nanosecond) precision.
 * Accepted: `2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123456789Z`, `2016-03-14T01:59:00+01:00`.
 * Rejected: a missing offset, lowercase `t`/`z`, a space instead of `T`, missing seconds, more than nine
 * fraction digits, out-of-range fields (month 13, Feb 30, hour 24, second 60) and offsets beyond ±18:00.
 */
export function parseTimestamp(text: string): PreciseInstant | undefined {
  const m = TIMESTAMP_SHAPE.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const nanos = m[7] === undefined ? 0 : Number(m[7].padEnd(9, '0'));
  let offsetSeconds = 0;
  if (m[8] === undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetMinutes > 59) return undefined;
    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (m[9] === '-' ? -1 : 1);
    if (Math.abs(offsetSeconds) > MAX_OFFSET_SECONDS) return undefined;
  }
  const epochSeconds =
    daysSinceEpoch(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return { epochSeconds, nanos };
}

/** AWS's accepted ISO-8601/RFC 3339 timestamp forms to epoch milliseconds (sub-millisecond digits are truncated). */
export function timestampFromString(text: string): number | undefined {
  const instant = parseTimestamp(text);
  if (instant === undefined) return undefined;
  return instant.epochSeconds * 1000 + Math.floor(instant.nanos / 1_000_000);
}

/** Negative, zero or positive as `a` is before, equal to or after `b`. */
export function compareInstants(a: PreciseInstant, b: PreciseInstant): number {
  if (a.epochSeconds !== b.epochSeconds) return a.epochSeconds < b.epochSeconds ? -1 : 1;
  if (a.nanos !== b.nanos) return a.nanos < b.nanos ? -1 : 1;
  return 0;
}

/** Whether a JSON value is a string AWS accepts as a timestamp (the IsTimestamp test). */
export function isTimestampString(value: unknown): value is string {
  return typeof value === 'string' && parseTimestamp(value) !== undefined;
}
