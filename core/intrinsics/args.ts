// Argument checks shared by the intrinsic implementations. AWS reports intrinsic processing errors with the
// error name States.Runtime (States.IntrinsicFailure is reserved), so every check throws that.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, jsonTypeName } from '../json';
import type { JsonObject, JsonValue } from '../json';

/** A States.Runtime error whose cause names the function. */
export function intrinsicError(functionName: string, detail: string): StatesError {
  return new StatesError(ErrorNames.Runtime, `Invalid arguments in ${functionName}: ${detail}`);
}

/** A short, bounded rendering of a value for error messages. */
export function describeValue(value: JsonValue): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function ordinal(index: number): string {
  return ['first', 'second', 'third', 'fourth'][index] ?? `#${index + 1}`;
}

function typeMismatch(functionName: string, index: number, expected: string, value: JsonValue): StatesError {
  return intrinsicError(
    functionName,
    `the ${ordinal(index)} argument must be ${expected}, but it was ${jsonTypeName(value)} ${describeValue(value)}.`,
  );
}

export function expectString(functionName: string, args: JsonValue[], index: number): string {
  const value = args[index] ?? null;
  if (typeof value !== 'string') throw typeMismatch(functionName, index, 'a string', value);
  return value;
}

export function expectArray(functionName: string, args: JsonValue[], index: number): JsonValue[] {
  const value = args[index] ?? null;
  if (!Array.isArray(value)) throw typeMismatch(functionName, index, 'an array', value);
  return value;
}

export function expectObject(functionName: string, args: JsonValue[], index: number): JsonObject {
  const value = args[index] ?? null;
  if (!isJsonObject(value)) throw typeMismatch(functionName, index, 'a JSON object', value);
  return value;
}

export function expectBoolean(functionName: string, args: JsonValue[], index: number): boolean {
  const value = args[index] ?? null;
  if (typeof value !== 'boolean') throw typeMismatch(functionName, index, 'a boolean', value);
  return value;
}

/** An integer argument that must already be whole (e.g. an array index). */
export function expectExactInteger(functionName: string, args: JsonValue[], index: number): number {
  const value = args[index] ?? null;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw typeMismatch(functionName, index, 'an integer', value);
  }
  return value + 0;
}

/**
 * A number rounded to the nearest integer, halves towards positive infinity (Java's Math.round), as AWS does
 * for MathAdd, MathRandom, ArrayRange and ArrayPartition: 1.5 → 2, -1.5 → -1, -0.5 → 0.
 */
export function expectRoundedInteger(functionName: string, args: JsonValue[], index: number): number {
  const value = args[index] ?? null;
  if (typeof value !== 'number') throw typeMismatch(functionName, index, 'a number', value);
  return Math.round(value) + 0;
}
