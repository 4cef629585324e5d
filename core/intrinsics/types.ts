// Shared types for the ASL intrinsic functions (`States.*`): the parsed call tree, the signatures used by
// validation and the language server, and the environment the evaluator reads paths, randomness and UUIDs from.

import type { JsonValue } from '../json';

/**
 * One argument of an intrinsic call. Offsets are UTF-16 indexes into the text given to `parseIntrinsic`.
 * A string literal's `value` has its escapes (`\'`, `\{`, `\}`, `\\`) resolved; `raw` is the text between the
 * quotes as written, which States.Format needs to tell an escaped `\{\}` from a `{}` placeholder.
 */
export type IntrinsicArg =
  | { kind: 'string'; value: string; offset: number; length: number; raw?: string }
  | { kind: 'number'; value: number; offset: number; length: number }
  | { kind: 'boolean'; value: boolean; offset: number; length: number }
  | { kind: 'null'; offset: number; length: number }
  | { kind: 'path'; text: string; offset: number; length: number }
  | { kind: 'call'; call: IntrinsicCall };

/** `States.Name(arg, ...)`: `offset`/`length` cover the name through the closing parenthesis. */
export interface IntrinsicCall {
  name: string;
  nameOffset: number;
  args: IntrinsicArg[];
  offset: number;
  length: number;
}

export type IntrinsicParseResult =
  { ok: true; call: IntrinsicCall } | { ok: false; message: string; offset: number; length: number };

/** A problem found by the static checks, located in the intrinsic text. */
export interface IntrinsicProblem {
  message: string;
  offset: number;
  length: number;
}

/**
 * Parameter and result types: `string`, `number`, `integer`, `boolean`, `array`, `object` or `any`.
 * `maxArgs` is `Infinity` for variadic functions.
 */
export interface IntrinsicSignature {
  name: string;
  params: { name: string; type: string; variadic?: boolean; optional?: boolean }[];
  minArgs: number;
  maxArgs: number;
  returns: string;
  description: string;
}

/** What evaluation needs from the caller. */
export interface IntrinsicEnv {
  /** Resolves `$.x`, `$$.x`, `$`, `$var.x`; throws a StatesError when the path matches nothing. */
  resolvePath(pathText: string): JsonValue;
  /** A number in [0, 1), from the run's seeded generator. */
  random(): number;
  /** A version 4 UUID. */
  uuid(): string;
}
