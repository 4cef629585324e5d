// Math and randomness intrinsics: States.MathAdd, States.MathRandom and States.UUID.

import type { JsonValue } from '../json';
import { expectRoundedInteger, intrinsicError } from './args';
import { JavaRandom } from './java-random';
import type { IntrinsicEnv } from './types';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/**
 * The sum of two numbers, each first rounded to the nearest integer (halves towards +∞), as recorded on AWS:
 * MathAdd(1.49, 1.5) is 1 + 2 = 3 and MathAdd(-0.5, 0.5) is 0 + 1 = 1. Both must be 32-bit integers.
 */
export function statesMathAdd(args: JsonValue[]): JsonValue {
  const name = 'States.MathAdd';
  const a = expectRoundedInteger(name, args, 0);
  const b = expectRoundedInteger(name, args, 1);
  for (const value of [a, b]) {
    if (value < INT_MIN || value > INT_MAX) {
      throw intrinsicError(name, `${value} is outside the supported range ${INT_MIN} to ${INT_MAX}.`);
    }
  }
  return a + b;
}

/**
 * A random integer in [start, end). Bounds are rounded to the nearest integer. With a seed the result is
 * deterministic (java.util.Random(seed).nextInt(end - start) + start); without one it uses `env.random()`.
 */
export function statesMathRandom(args: JsonValue[], env: IntrinsicEnv): JsonValue {
  const name = 'States.MathRandom';
  const start = expectRoundedInteger(name, args, 0);
  const end = expectRoundedInteger(name, args, 1);
  const bound = end - start;
  if (bound <= 0) {
    throw intrinsicError(name, `the end (${end}) must be greater than the start (${start}).`);
  }
  if (args.length < 3) return start + Math.floor(env.random() * bound);
  const seed = expectRoundedInteger(name, args, 2);
  const generator = new JavaRandom(seed);
  const offset = bound <= INT_MAX ? generator.nextInt(bound) : Math.floor(generator.nextDouble() * bound);
  return start + offset;
}

export function statesUuid(_args: JsonValue[], env: IntrinsicEnv): JsonValue {
  return env.uuid();
}
