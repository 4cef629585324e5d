// The functions Step Functions adds to JSONata ($partition, $range, $hash, $random with a seed, $uuid,
// $parse), $eval removed as AWS removes it, $now/$millis on the execution clock, and the runaway guards
// (regular expressions included: they run in the regex sandbox with the evaluation's remaining time).

import { digest } from '../hash';
import type jsonata from './vendor/jsonata';
import { visit } from 'jsonc-parser';
import { JavaRandom } from '../intrinsics/java-random';
import { AsyncBoundedRegExp } from '../regex';
import { contextOf, type EvaluationContext } from './context';

type Focus = jsonata.Focus;

/** A jsonata-style error: the library renders `message` from its catalogue for the T codes. */
interface JsonataThrown {
  code: string;
  stack: string | undefined;
  index?: number;
  token?: string;
  type?: string;
  message?: string;
}

/** T0410: Argument N of function "name" does not match function signature. */
function signatureError(functionName: string, index: number): JsonataThrown {
  return { code: 'T0410', index, token: functionName, stack: new Error().stack };
}

/** D3137 is the code jsonata's own $error() uses; AWS's functions report their refusals with it. */
function functionError(message: string): JsonataThrown {
  return { code: 'D3137', message, stack: new Error().stack };
}

function requireContext(focus: Focus): EvaluationContext {
  const context = contextOf(focus.environment);
  // Every evaluation binds a context; a missing one is a programming error, not a user error.
  if (context === undefined) throw new Error('JSONata evaluation context is missing');
  return context;
}

/** A finite number truncated towards zero (AWS: -1.7 is -1), or a signature error. */
function integerArgument(value: unknown, functionName: string, index: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw signatureError(functionName, index);
  return Math.trunc(value);
}

/** A jsonata sequence: a one-element result collapses to the element, as AWS's $range(1, 9, 9) is 1. */
function toSequence<T>(values: T[]): T[] {
  (values as T[] & { sequence?: boolean }).sequence = true;
  return values;
}

/** $partition(array, size): chunks of `size`, the last one holding the remainder. */
function partition(array: unknown, size: unknown): unknown {
  if (array === undefined) return undefined;
  if (!Array.isArray(array)) {
    // What AWS answers for a non-array (its signature names no element type).
    throw { code: 'T0412', index: 1, token: 'partition', type: undefined, stack: new Error().stack };
  }
  if (array.length === 0) return undefined;
  if (size === undefined) return [array.slice()];
  const chunkSize = integerArgument(size, 'partition', 2);
  if (chunkSize < 0) throw functionError('Second argument must be zero or greater');
  if (chunkSize === 0) return undefined;
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunkSize) chunks.push(array.slice(i, i + chunkSize));
  return chunks;
}

/** $range(start, end, step): start, start+step, ... up to end inclusive. */
function range(this: Focus, start: unknown, end: unknown, step: unknown): unknown {
  const first = integerArgument(start, 'range', 1);
  const last = integerArgument(end, 'range', 2);
  if (step === undefined) return undefined;
  const increment = integerArgument(step, 'range', 3);
  if (increment === 0 || (increment > 0 && first > last) || (increment < 0 && first < last)) return undefined;
  const count = Math.floor((last - first) / increment) + 1;
  requireContext(this).budget.checkRangeSize(count);
  const values: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) values[i] = first + i * increment;
  return toSequence(values);
}

const HASH_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['MD5', 'md5'],
  ['SHA-1', 'sha1'],
  ['SHA-256', 'sha256'],
  ['SHA-384', 'sha384'],
  ['SHA-512', 'sha512'],
]);

/** $hash(value, algorithm): the hex digest of the UTF-8 bytes; algorithm names are case-sensitive. */
function hash(this: Focus, value: unknown, algorithm: unknown): unknown {
  if (typeof value !== 'string') throw signatureError('hash', 1);
  if (algorithm === undefined) return undefined;
  if (typeof algorithm !== 'string') throw signatureError('hash', 2);
  const nodeAlgorithm = HASH_ALGORITHMS.get(algorithm);
  if (nodeAlgorithm === undefined) {
    throw functionError(`Hash algorithm '${algorithm}' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5`);
  }
  return digest(nodeAlgorithm, value, 'hex');
}

/** $random([seed]): [0, 1). Seeded, it is java.util.Random(seed).nextDouble(), as on AWS. */
function random(this: Focus, seed: unknown): number {
  if (seed === undefined) return requireContext(this).runtime.random();
  return new JavaRandom(integerArgument(seed, 'random', 1)).nextDouble();
}

/** $uuid(): a version 4 UUID from the runtime. */
function uuid(this: Focus): string {
  return requireContext(this).runtime.uuid();
}

/** True when some object in `text` (already valid JSON) repeats a key, which AWS's parser refuses. */
function hasDuplicateKey(text: string): boolean {
  const stack: Set<string>[] = [];
  let duplicate = false;
  visit(text, {
    onObjectBegin: () => {
      stack.push(new Set());
    },
    onObjectEnd: () => {
      stack.pop();
    },
    onObjectProperty: (property) => {
      const keys = stack[stack.length - 1];
      if (keys === undefined) return;
      if (keys.has(property)) duplicate = true;
      keys.add(property);
    },
  });
  return duplicate;
}

/** $parse(json): the value of a JSON text (AWS's replacement for $eval). */
function parse(this: Focus, text: unknown): unknown {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw signatureError('parse', 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw functionError('Invalid JSON');
  }
  if (containsNonFinite(value) || (text.includes('{') && hasDuplicateKey(text)))
    throw functionError('Invalid JSON');
  return value;
}

/** JSON.parse turns 1e400 into Infinity; AWS's parser refuses such numbers. */
function containsNonFinite(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  if (Array.isArray(value)) return value.some(containsNonFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsNonFinite);
  return false;
}

interface NativeFunction {
  implementation: (this: Focus, ...args: unknown[]) => unknown;
}

/** $now([picture[, timezone]]): the evaluation's instant, formatted by jsonata's own $fromMillis. */
function now(this: Focus, picture: unknown, timezone: unknown): unknown {
  const millis = requireContext(this).nowMillis;
  const fromMillis = this.environment.lookup('fromMillis') as NativeFunction | undefined;
  if (fromMillis === undefined) return new Date(millis).toISOString();
  return fromMillis.implementation.call(this, millis, picture, timezone);
}

function millis(this: Focus): number {
  return requireContext(this).nowMillis;
}

type Assign = (name: string | symbol, value: unknown) => void;

/**
 * The regex engine the vendored jsonata asks for each regex literal (and `$toMillis` pattern) it is about to
 * run: matches run in the regex sandbox, off this thread, and may take what is left of the evaluation's time.
 */
function boundedRegex(regex: RegExp, environment: unknown): AsyncBoundedRegExp {
  const budget = requireContext({ environment } as Focus).budget;
  return new AsyncBoundedRegExp(regex, {
    remainingMs: () => budget.remainingMs(),
    onTimeout: () => budget.timedOut(),
    signal: budget.cancellation,
    onCancel: () => budget.cancelled(),
  });
}

/**
 * Installs Step Functions' dialect on a freshly compiled expression: the added functions (signatures admit
 * one optional slot per documented argument, so a surplus argument is jsonata's own T0410), `$eval` removed
 * (calling it is T1006 "Attempted to invoke a non-function", as AWS answers), and the guard callbacks,
 * which find the evaluation's budget through its environment.
 */
export function configureCompiledExpression(compiled: jsonata.Expression): void {
  compiled.registerFunction('partition', partition, '<x?x?:x>');
  compiled.registerFunction('range', range, '<x?x?x?:x>');
  compiled.registerFunction('hash', hash, '<x?x?:x>');
  compiled.registerFunction('random', random, '<x?:n>');
  compiled.registerFunction('uuid', uuid, '<:s>');
  compiled.registerFunction('parse', parse, '<x?:x>');
  compiled.registerFunction('now', now, '<s?s?:s>');
  compiled.registerFunction('millis', millis, '<:n>');
  const assign = compiled.assign.bind(compiled) as Assign;
  assign('eval', undefined);
  assign(Symbol.for('jsonata.__regex_engine'), boundedRegex);
  assign(Symbol.for('jsonata.__evaluate_entry'), (_expr: unknown, _input: unknown, environment: unknown) =>
    contextOf(environment)?.budget.enter(),
  );
  assign(
    Symbol.for('jsonata.__evaluate_exit'),
    (
      expr: { type?: unknown; group?: unknown } | undefined,
      _input: unknown,
      environment: unknown,
      result: unknown,
    ) => {
      contextOf(environment)?.budget.exit(expr, result);
    },
  );
}
