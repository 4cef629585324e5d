// Converting what jsonata returns (undefined, sequences, lambdas, non-finite numbers) into the plain JSON
// AWS produces, and the type names AWS uses in its error causes.

import type { JsonObject, JsonValue } from '../json';
import { setOwn } from '../jsonpath/values';
import { isJsonataFunction } from './limits';

/** The outcome of converting one evaluation result. */
export type ConvertedResult =
  | { kind: 'value'; value: JsonValue }
  | { kind: 'undefined' }
  /** A function (lambda, native function, regex) anywhere in the result. */
  | { kind: 'unsupported' };

class UnsupportedValue extends Error {}

/**
 * Plain JSON for a jsonata result, as fresh objects (never aliasing the bindings). Sequences become arrays;
 * `undefined` object members are dropped (jsonata never builds them, but functions may); an `undefined`
 * array element becomes null; -0 becomes 0; a non-finite number becomes the string AWS writes for it
 * ("Infinity", "-Infinity", "NaN": AWS serialises through Jackson, which quotes them).
 */
export function convertResult(value: unknown): ConvertedResult {
  if (value === undefined) return { kind: 'undefined' };
  try {
    return { kind: 'value', value: toJson(value) };
  } catch (error) {
    if (error instanceof UnsupportedValue) return { kind: 'unsupported' };
    throw error;
  }
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return numberToJson(value);
    case 'object':
      break;
    default:
      // functions, symbols, bigints: nothing JSON can carry.
      throw new UnsupportedValue();
  }
  if (isJsonataFunction(value)) throw new UnsupportedValue();
  if (Array.isArray(value)) return (value as unknown[]).map((item) => toJson(item));
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    // A key named `__proto__` is a member, as in the JSON AWS returns.
    if (item !== undefined) setOwn(out, key, toJson(item));
  }
  return out;
}

function numberToJson(value: number): JsonValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value === 0 ? 0 : value;
}

/** The JSON type name AWS prints in "returned an unexpected result type" causes. */
export function resultTypeName(
  value: JsonValue,
): 'null' | 'array' | 'object' | 'string' | 'number' | 'boolean' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'object' | 'string' | 'number' | 'boolean';
}
