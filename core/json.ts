// JSON value types and the small structural helpers every part of the engine shares.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A shallow copy of an object, own keys in order. Not `{ ...object }`: V8 gives a spread copy a map that
 * makes adding a key to it ten times slower, and the interpreter copies objects in order to add a key.
 */
export function shallowCopy(object: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(object)) {
    const value = object[key] as JsonValue;
    if (key === '__proto__')
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    else out[key] = value;
  }
  return out;
}

/** A deep copy of a JSON value (structuredClone is slower for the small values we copy most). */
export function cloneJson<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const copy = cloneJson((value as JsonObject)[key] as JsonValue);
    // `__proto__` would set the prototype: define it as the own property it is in JSON.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: copy, writable: true, enumerable: true, configurable: true });
    else out[key] = copy;
  }
  return out as T;
}

/** Structural equality; key order does not matter, number equality is numeric. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(bo, k) || !jsonEquals(ao[k], bo[k])) return false;
  }
  return true;
}

/**
 * The deep-subset rule of `outputContains` and a mock's `when`: every key of an expected object is in
 * the actual object with a value that matches by this rule (nested objects may be partial); arrays
 * and other values must be equal.
 */
export function isSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object' || Array.isArray(expected))
    return jsonEquals(expected, actual);
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  for (const k of Object.keys(e)) {
    if (!Object.prototype.hasOwnProperty.call(a, k) || !isSubset(e[k], a[k])) return false;
  }
  return true;
}

/** AWS's limit on a payload (a state's input or output, a task's result), in bytes of compact UTF-8 JSON. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/**
 * The deepest nesting Stepthrough accepts in an execution's input. AWS documents no bound; its services'
 * JSON reader (Jackson, whose StreamReadConstraints default to 1,000 levels since 2.15) refuses deeper
 * documents, and deeper values overflow JavaScript's stack in JSON.stringify: refusing them at the start
 * is a located error instead of a crash.
 */
export const MAX_INPUT_DEPTH = 1000;

/**
 * Whether a value nests objects and arrays deeper than `max` levels. Values nested at most 64 levels (all
 * but hostile ones) are settled by a short recursive walk that allocates nothing; deeper ones by an
 * explicit stack (no recursion).
 */
export function jsonDepthExceeds(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const shallowLimit = Math.min(max, 64);
  if (nestsWithin(value, 1, shallowLimit)) return false;
  if (shallowLimit === max) return true;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const child of children)
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/** Whether the object `v`, at `depth`, and every object or array inside it are at most `limit` levels deep. */
function nestsWithin(v: object, depth: number, limit: number): boolean {
  if (depth > limit) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const child: unknown = v[i];
      if (typeof child === 'object' && child !== null && !nestsWithin(child, depth + 1, limit)) return false;
    }
    return true;
  }
  const record = v as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const child = record[keys[i] as string];
    if (typeof child === 'object' && child !== null && !nestsWithin(child, depth + 1, limit)) return false;
  }
  return true;
}

/**
 * The one bound on nesting for a value entering a run from outside: an execution's input (execute(), the
 * API's StartExecution), a mock's Return, a task handler's result (Node.js, Python, command, in-process)
 * and an answer sent for a task token. Returns why `what` cannot enter ("the result of X nests objects or
 * arrays more than 1000 levels deep"), or undefined. Checked before anything serialises or copies the
 * value, since both recurse and a value nested ~10,000 levels deep overflows the stack. Where the size
 * limit is checked too (an execution's input, a Task's result), outsideValueProblem applies both bounds
 * in one walk.
 */
export function outsideDepthProblem(value: unknown, what: string): string | undefined {
  return jsonDepthExceeds(value, MAX_INPUT_DEPTH) ? tooDeepText(what) : undefined;
}

/** Why `what`, found nested past MAX_INPUT_DEPTH (outsideDepthProblem, outsideValueProblem), cannot enter. */
export function tooDeepText(what: string): string {
  return `${what} nests objects or arrays more than ${MAX_INPUT_DEPTH} levels deep`;
}

/**
 * Which bound a value entering a run from outside breaks, nesting (MAX_INPUT_DEPTH) checked first, then
 * size (`limit` bytes); undefined when it keeps both. A value within both (almost every one) is settled
 * by one walk, the size walk, which also gives up on nesting past the bound; only a value that walk
 * cannot settle is checked apart for each bound.
 */
export function outsideValueProblem(value: unknown, limit: number): 'depth' | 'size' | undefined {
  if (boundedSize(value, limit, 0) >= 0) return undefined;
  if (jsonDepthExceeds(value, MAX_INPUT_DEPTH)) return 'depth';
  return jsonByteLength(value) > limit ? 'size' : undefined;
}

/**
 * Whether the compact UTF-8 JSON text of a value exceeds `limit` bytes. Walks the value with an upper
 * bound (6 bytes per UTF-16 unit, escapes included) and only serialises when the bound is over the
 * limit, so checking small payloads stays cheap.
 */
export function jsonExceeds(value: unknown, limit: number): boolean {
  const left = boundedSize(value, limit, 0);
  if (left >= 0) return false;
  return jsonByteLength(value) > limit;
}

/**
 * `budget` minus an upper bound of the value's JSON size (every character counted as a 6-byte escape);
 * negative once the bound passes the budget (the walk stops there) or nesting passes MAX_INPUT_DEPTH
 * levels (the callers then measure exactly, after checking the nesting where it matters).
 */
function boundedSize(v: unknown, budget: number, depth: number): number {
  if (typeof v === 'string') return budget - (v.length * 6 + 2);
  if (typeof v !== 'object' || v === null) return budget - 24;
  if (depth >= MAX_INPUT_DEPTH) return -1;
  if (Array.isArray(v)) {
    let left = budget - 2 - v.length;
    for (let i = 0; i < v.length && left >= 0; i++) left = boundedSize(v[i], left, depth + 1);
    return left;
  }
  let left = budget - 2;
  // for-in, not Object.keys: no array per object (this runs on every state's output). Keys it adds
  // from a prototype only raise the bound, and a bound over the limit is measured exactly.
  for (const key in v) {
    left = boundedSize((v as Record<string, unknown>)[key], left - (key.length * 6 + 4), depth + 1);
    if (left < 0) return left;
  }
  return left;
}

/** The size in bytes of the compact UTF-8 JSON text of a value, as AWS measures payloads. */
export function jsonByteLength(value: unknown): number {
  const text = JSON.stringify(value);
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8');
}

/** The JSON type name AWS uses in messages. */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
