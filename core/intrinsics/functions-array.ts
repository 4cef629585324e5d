// Array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength,
// ArrayUnique. Argument values arrive already evaluated.

import { jsonEquals } from '../json';
import type { JsonValue } from '../json';
import { expectArray, expectExactInteger, expectRoundedInteger, intrinsicError } from './args';

/** AWS refuses to build a range longer than this. */
export const MAX_ARRAY_RANGE_ITEMS = 1000;

export function statesArray(args: JsonValue[]): JsonValue {
  return [...args];
}

/** Splits the array into chunks of `size` items; the last chunk holds the remainder. */
export function statesArrayPartition(args: JsonValue[]): JsonValue {
  const name = 'States.ArrayPartition';
  const array = expectArray(name, args, 0);
  const size = expectRoundedInteger(name, args, 1);
  if (size <= 0) throw intrinsicError(name, `the chunk size must be a positive integer, but it was ${size}.`);
  const chunks: JsonValue[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
}

/** True when an element is structurally equal to the value (objects and arrays compared deeply). */
export function statesArrayContains(args: JsonValue[]): JsonValue {
  const array = expectArray('States.ArrayContains', args, 0);
  const wanted = args[1] ?? null;
  return array.some((item) => jsonEquals(item, wanted));
}

/** start, start+step, ... up to and including end; a step of the wrong sign gives an empty array. */
export function statesArrayRange(args: JsonValue[]): JsonValue {
  const name = 'States.ArrayRange';
  const start = expectRoundedInteger(name, args, 0);
  const end = expectRoundedInteger(name, args, 1);
  const step = expectRoundedInteger(name, args, 2);
  if (step === 0) throw intrinsicError(name, 'the step (third argument) must not be 0.');
  const count = (step > 0 ? start <= end : start >= end) ? Math.floor((end - start) / step) + 1 : 0;
  if (count > MAX_ARRAY_RANGE_ITEMS) {
    throw intrinsicError(
      name,
      `the range would contain ${count} items; an array built by States.ArrayRange can contain at most ${MAX_ARRAY_RANGE_ITEMS}.`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(start + i * step);
  return out;
}

export function statesArrayGetItem(args: JsonValue[]): JsonValue {
  const name = 'States.ArrayGetItem';
  const array = expectArray(name, args, 0);
  const index = expectExactInteger(name, args, 1);
  if (index < 0 || index >= array.length) {
    throw intrinsicError(name, `the index ${index} is out of bounds for an array of length ${array.length}.`);
  }
  return array[index] ?? null;
}

export function statesArrayLength(args: JsonValue[]): JsonValue {
  return expectArray('States.ArrayLength', args, 0).length;
}

/** Removes duplicates (deep equality), keeping the first occurrence of each value in order. */
export function statesArrayUnique(args: JsonValue[]): JsonValue {
  const array = expectArray('States.ArrayUnique', args, 0);
  const unique: JsonValue[] = [];
  const seenPrimitives = new Set<string | number | boolean | null>();
  for (const item of array) {
    if (item === null || typeof item !== 'object') {
      if (seenPrimitives.has(item)) continue;
      seenPrimitives.add(item);
      unique.push(item);
    } else if (!unique.some((kept) => jsonEquals(kept, item))) {
      unique.push(item);
    }
  }
  return unique;
}
