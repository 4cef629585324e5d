// JSON intrinsics: States.StringToJson, States.JsonToString (compact text) and States.JsonMerge (shallow only).

import type { JsonObject, JsonValue } from '../json';
import { setOwn } from '../jsonpath/values';
import { describeValue, expectBoolean, expectObject, expectString, intrinsicError } from './args';
import { toCompactJson } from './format-value';

/** Parses JSON text; an empty or all-whitespace string gives null (recorded on AWS). */
export function statesStringToJson(args: JsonValue[]): JsonValue {
  const name = 'States.StringToJson';
  const text = expectString(name, args, 0);
  if (text.trim() === '') return null;
  try {
    return normalizeNegativeZero(JSON.parse(text) as JsonValue);
  } catch {
    throw intrinsicError(name, `the argument is not valid JSON text: ${describeValue(text)}.`);
  }
}

function normalizeNegativeZero(value: JsonValue): JsonValue {
  if (typeof value === 'number') return value + 0;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(normalizeNegativeZero);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(out, key, normalizeNegativeZero(value[key] as JsonValue));
  return out;
}

/** The value as compact JSON text: `{"a":1,"b":[]}`. */
export function statesJsonToString(args: JsonValue[]): JsonValue {
  return toCompactJson(args[0] ?? null);
}

/**
 * Merges two objects; keys of the second replace those of the first (whole values, not merged recursively).
 * The third argument selects deep merging, which AWS does not support: it must be false.
 */
export function statesJsonMerge(args: JsonValue[]): JsonValue {
  const name = 'States.JsonMerge';
  const left = expectObject(name, args, 0);
  const right = expectObject(name, args, 1);
  const deep = expectBoolean(name, args, 2);
  if (deep) {
    throw intrinsicError(
      name,
      'deep merge (true as the third argument) is not supported; only shallow merge (false) is.',
    );
  }
  return { ...left, ...right };
}
