// Evaluates filter conditions with Jayway's value semantics: a missing path is "undefined" (equal to nothing,
// so `!=` is true), numbers and numeric strings compare equal, ordering only between two numbers or two strings.

import { isJsonObject, jsonEquals, type JsonValue } from '../json';
import type { ComparisonOperator, FilterExpression, FilterOperand, FilterPath } from './ast';
import { parseDecimal } from './values';

/** What an operand evaluates to: a JSON value, nothing (a path that did not resolve), or a regex. */
export type FilterValue =
  | { kind: 'value'; value: JsonValue }
  | { kind: 'undefined' }
  | { kind: 'regex'; regex: RegExp; text: string };

/** Resolves a filter sub-path against the current item (`@`) or the document (`$`). */
export type SubPathResolver = (path: FilterPath, current: JsonValue) => FilterValue;

/** Whether a `=~` pattern matches a text; the caller bounds the time a match may take. */
export type RegexMatcher = (regex: RegExp, text: string) => boolean;

export const UNDEFINED_FILTER_VALUE: FilterValue = { kind: 'undefined' };

export function testFilter(
  expression: FilterExpression,
  current: JsonValue,
  resolve: SubPathResolver,
  matches: RegexMatcher,
): boolean {
  switch (expression.kind) {
    case 'or':
      return expression.operands.some((operand) => testFilter(operand, current, resolve, matches));
    case 'and':
      return expression.operands.every((operand) => testFilter(operand, current, resolve, matches));
    case 'not':
      return !testFilter(expression.operand, current, resolve, matches);
    case 'exists':
      return resolve(expression.path, current).kind !== 'undefined';
    case 'compare':
      return compare(
        expression.operator,
        operandValue(expression.left, current, resolve),
        operandValue(expression.right, current, resolve),
        matches,
      );
  }
}

function operandValue(operand: FilterOperand, current: JsonValue, resolve: SubPathResolver): FilterValue {
  switch (operand.kind) {
    case 'path':
      return resolve(operand.path, current);
    case 'literal':
      return { kind: 'value', value: operand.value };
    case 'regex':
      return { kind: 'regex', regex: operand.regex, text: `/${operand.source}/${operand.flags}` };
  }
}

function compare(
  operator: ComparisonOperator,
  left: FilterValue,
  right: FilterValue,
  matches: RegexMatcher,
): boolean {
  switch (operator) {
    case '==':
      return valuesEqual(left, right);
    case '!=':
      return !valuesEqual(left, right);
    case '===':
      return sameKind(left, right) && valuesEqual(left, right);
    case '!==':
      return !(sameKind(left, right) && valuesEqual(left, right));
    case '<':
      return order(left, right, (c) => c < 0);
    case '<=':
      return order(left, right, (c) => c <= 0);
    case '>':
      return order(left, right, (c) => c > 0);
    case '>=':
      return order(left, right, (c) => c >= 0);
    case '=~':
      return regexMatches(left, right, matches);
    case 'in':
      return isIn(left, right);
    case 'nin':
      return !isIn(left, right);
    case 'contains':
      return contains(left, right);
    case 'subsetof':
      return setTest(left, right, (l, r) => l.every((item) => includesValue(r, item)));
    case 'anyof':
      return setTest(left, right, (l, r) => l.some((item) => includesValue(r, item)));
    case 'noneof':
      return setTest(left, right, (l, r) => !l.some((item) => includesValue(r, item)));
    case 'size':
      return sizeIs(left, right);
    case 'empty':
      return emptyIs(left, right);
  }
}

/** Jayway's node kinds: number, string, boolean, null, JSON (array/object), undefined, regex. */
function kindOf(v: FilterValue): string {
  if (v.kind !== 'value') return v.kind;
  const value = v.value;
  if (value === null) return 'null';
  if (Array.isArray(value) || isJsonObject(value)) return 'json';
  return typeof value;
}

function sameKind(a: FilterValue, b: FilterValue): boolean {
  return kindOf(a) === kindOf(b);
}

/** Jayway's ValueNode equality (note: 1 == '1.0' is true, '1.0' == 1 is false, as in Jayway). */
function valuesEqual(left: FilterValue, right: FilterValue): boolean {
  if (left.kind === 'regex' && right.kind === 'regex') return left.text === right.text;
  if (left.kind !== 'value' || right.kind !== 'value') return false;
  return jaywayEquals(left.value, right.value);
}

function jaywayEquals(a: JsonValue, b: JsonValue): boolean {
  if (typeof a === 'number') {
    if (typeof b === 'number') return a === b;
    if (typeof b === 'string') return parseDecimal(b) === a;
    return false;
  }
  if (typeof a === 'string') {
    if (typeof b === 'string') return a === b;
    if (typeof b === 'number') return a === String(b);
    return false;
  }
  if (typeof a === 'boolean' || a === null) return a === b;
  if (b === null || typeof b !== 'object') return false;
  return jsonEquals(a, b);
}

function order(left: FilterValue, right: FilterValue, accept: (comparison: number) => boolean): boolean {
  if (left.kind !== 'value' || right.kind !== 'value') return false;
  const a = left.value;
  const b = right.value;
  if (typeof a === 'number' && typeof b === 'number') return accept(a < b ? -1 : a > b ? 1 : 0);
  if (typeof a === 'string' && typeof b === 'string') return accept(a < b ? -1 : a > b ? 1 : 0);
  return false;
}

function regexMatches(left: FilterValue, right: FilterValue, matches: RegexMatcher): boolean {
  if ((left.kind === 'regex') === (right.kind === 'regex')) return false;
  const pattern = left.kind === 'regex' ? left : right;
  const subject = left.kind === 'regex' ? right : left;
  if (pattern.kind !== 'regex' || subject.kind !== 'value') return false;
  const test = (value: JsonValue): boolean =>
    (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') &&
    matches(pattern.regex, String(value));
  const value = subject.value;
  return Array.isArray(value) ? value.some(test) : test(value);
}

function asArray(v: FilterValue): JsonValue[] | undefined {
  return v.kind === 'value' && Array.isArray(v.value) ? v.value : undefined;
}

function includesValue(list: readonly JsonValue[], item: JsonValue): boolean {
  return list.some((element) => jaywayEquals(item, element));
}

function isIn(left: FilterValue, right: FilterValue): boolean {
  const list = asArray(right);
  return list !== undefined && left.kind === 'value' && includesValue(list, left.value);
}

function contains(left: FilterValue, right: FilterValue): boolean {
  if (left.kind !== 'value' || right.kind !== 'value') return false;
  if (typeof left.value === 'string')
    return typeof right.value === 'string' && left.value.includes(right.value);
  const list = asArray(left);
  return list !== undefined && list.some((element) => jaywayEquals(element, right.value));
}

function setTest(
  left: FilterValue,
  right: FilterValue,
  test: (l: readonly JsonValue[], r: readonly JsonValue[]) => boolean,
): boolean {
  const l = asArray(left);
  const r = asArray(right);
  return l !== undefined && r !== undefined && test(l, r);
}

function sizeIs(left: FilterValue, right: FilterValue): boolean {
  if (left.kind !== 'value' || right.kind !== 'value' || typeof right.value !== 'number') return false;
  const expected = Math.trunc(right.value);
  if (typeof left.value === 'string' || Array.isArray(left.value)) return left.value.length === expected;
  return false;
}

function emptyIs(left: FilterValue, right: FilterValue): boolean {
  if (left.kind !== 'value' || right.kind !== 'value' || typeof right.value !== 'boolean') return false;
  const value = left.value;
  if (typeof value === 'string' || Array.isArray(value)) return (value.length === 0) === right.value;
  if (isJsonObject(value)) return (Object.keys(value).length === 0) === right.value;
  return false;
}
