// JSON differences for test reports: the first place an actual value departs from the expected
// one (JSONPath-like location, kind), and a compact -/+ rendering of it.

import { isJsonObject, jsonEquals, jsonTypeName, type JsonValue } from '../json';
import type { JsonDifference } from './model';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * The first difference between `expected` and `actual`, walking objects in the expected value's key
 * order (then keys only the actual value has) and arrays by index; undefined when they are equal.
 */
export function firstDifference(
  expected: JsonValue,
  actual: JsonValue,
  path = '$',
): JsonDifference | undefined {
  if (jsonEquals(expected, actual)) return undefined;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const shared = Math.min(expected.length, actual.length);
    for (let i = 0; i < shared; i++) {
      const inner = firstDifference(expected[i] as JsonValue, actual[i] as JsonValue, childPath(path, i));
      if (inner) return inner;
    }
    if (expected.length > actual.length)
      return { path: childPath(path, shared), kind: 'missing', expected: expected[shared] as JsonValue };
    return { path: childPath(path, shared), kind: 'unexpected', actual: actual[shared] as JsonValue };
  }
  if (isJsonObject(expected) && isJsonObject(actual)) {
    for (const key of Object.keys(expected)) {
      const e = expected[key] as JsonValue;
      if (!Object.prototype.hasOwnProperty.call(actual, key))
        return { path: childPath(path, key), kind: 'missing', expected: e };
      const inner = firstDifference(e, actual[key] as JsonValue, childPath(path, key));
      if (inner) return inner;
    }
    for (const key of Object.keys(actual)) {
      if (!Object.prototype.hasOwnProperty.call(expected, key))
        return { path: childPath(path, key), kind: 'unexpected', actual: actual[key] as JsonValue };
    }
  }
  const kind = jsonTypeName(expected) === jsonTypeName(actual) ? 'changed' : 'type';
  return { path, kind, expected, actual };
}

function show(value: JsonValue | undefined, max: number): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One line: `at $.a.b: expected "x", got "y"` (or "missing"/"unexpected key"). */
export function describeDifference(diff: JsonDifference, max = 120): string {
  switch (diff.kind) {
    case 'missing':
      return `at ${diff.path}: missing (expected ${show(diff.expected, max)})`;
    case 'unexpected':
      return `at ${diff.path}: not expected (got ${show(diff.actual, max)})`;
    case 'type':
      return `at ${diff.path}: expected ${jsonTypeName(diff.expected)} ${show(diff.expected, max)}, got ${jsonTypeName(diff.actual)} ${show(diff.actual, max)}`;
    default:
      return `at ${diff.path}: expected ${show(diff.expected, max)}, got ${show(diff.actual, max)}`;
  }
}

/** The difference as diff lines: `- expected` and `+ actual` (one of them for missing/unexpected). */
export function differenceLines(diff: JsonDifference, max = 160): string[] {
  const lines = [`first difference at ${diff.path}`];
  if (diff.kind !== 'unexpected') lines.push(`- ${show(diff.expected, max)}`);
  if (diff.kind !== 'missing') lines.push(`+ ${show(diff.actual, max)}`);
  return lines;
}
