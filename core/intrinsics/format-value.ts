// How AWS turns JSON values into text inside intrinsics. AWS runs on the JVM (Jackson), so numbers print the
// way Java prints them and States.Format renders objects and arrays like Java's Map/List toString:
// `{Arg1=1, Arg2=[]}` and `[a, b]` (recorded on AWS in generic.test_format_2.07 and test_context_json_path).

import type { JsonValue } from '../json';

/** Integral values below this print as plain integers (Jackson reads them as int/long). */
const LONG_LIMIT = 9.223372036854776e18;

/**
 * A number as Jackson prints it: integers plainly (`3`, `-12`); other values with Java's Double.toString,
 * i.e. plain decimals in [1e-3, 1e7) and `1.0E-5` / `1.2345E7` style outside that range.
 * (A JSON `1.0` has already become `1` once parsed, so it prints as `1`.)
 */
export function formatJavaNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Object.is(value, -0)) return '0';
  if (Number.isSafeInteger(value)) return String(value);
  if (Number.isInteger(value) && Math.abs(value) < LONG_LIMIT) return BigInt(value).toString();
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) return String(value);
  return javaScientific(value);
}

/** Java's `d.dddE±n` form (no `+` on the exponent, at least one fractional digit). */
function javaScientific(value: number): string {
  const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
  const withFraction = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${withFraction}E${Number(exponent)}`;
}

/**
 * The text States.Format puts in place of `{}`: strings as they are, `null`/booleans/numbers as JSON,
 * objects as `{key=value, ...}` and arrays as `[a, b]`, recursively, with nested strings unquoted.
 */
export function formatArgumentText(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatJavaNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(formatArgumentText).join(', ')}]`;
  const entries = Object.keys(value).map((key) => `${key}=${formatArgumentText(value[key] as JsonValue)}`);
  return `{${entries.join(', ')}}`;
}

/** Compact JSON text (no spaces), numbers formatted as Jackson writes them. Used by States.JsonToString. */
export function toCompactJson(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return formatJavaNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(toCompactJson).join(',')}]`;
  const members = Object.keys(value).map(
    (key) => `${JSON.stringify(key)}:${toCompactJson(value[key] as JsonValue)}`,
  );
  return `{${members.join(',')}}`;
}
