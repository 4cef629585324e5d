// Validation of one mocked response entry ({"Return": ...} or {"Throw": {...}}), shared by the
// simple mock form and AWS's MockConfigFile, plus the E_INVALID_MOCKS error helper.

import { cloneJson, isJsonObject, jsonTypeName, outsideDepthProblem, type JsonValue } from '../json';
import { StepthroughError } from '../errors';
import { parseCallbackScript } from './callbackScript';
import type { MockResponse } from './types';

/** How strict entry validation is; the two mock formats differ in what they allow. */
export interface EntryRules {
  /** Keys besides Return/Throw (and Delay) are ignored, e.g. the corpus's "event" key. */
  ignoreExtraKeys: boolean;
  /** "Delay"/"delaySeconds" (simulated task duration) may be given. */
  allowDelay: boolean;
  /** Throw.Cause must be present (AWS's MockConfigFile requires it). */
  requireCause: boolean;
  /** Throw.Cause may be a JSON object or array, which is serialised to text (as AWS Lambda causes are). */
  allowStructuredCause: boolean;
  /** "Callback" (a scripted answer to a task token, callbackScript.ts) may be given. */
  allowCallback?: boolean;
}

/** A StepthroughError for malformed mocks, pointing at the mock file when known. */
export function invalidMocks(message: string, hint: string, origin?: string): StepthroughError {
  return new StepthroughError('E_INVALID_MOCKS', message, {
    hint,
    ...(origin === undefined ? {} : { location: { file: origin } }),
  });
}

/** Where the first non-JSON part of a value is (e.g. `.a[2]`), or undefined when it is all JSON. */
export function findNonJson(value: unknown, path = ''): string | undefined {
  return isPlainJson(value, 0) ? undefined : locateNonJson(value, path);
}

/** Whether a value is plain JSON (checked without building paths: mocks are read on every run). */
function isPlainJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 10_000) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!isPlainJson(record[key], depth + 1)) return false;
  return true;
}

function locateNonJson(value: unknown, path: string): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(value)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = locateNonJson(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) {
      const found = locateNonJson(item, `${path}.${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return path || '(value)';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  return jsonTypeName(value);
}

const DELAY_KEYS = ['Delay', 'delaySeconds'] as const;

/** Names the entry in messages; a function when building the text up front would be wasted work. */
export type Where = string | (() => string);

function whereText(where: Where): string {
  return typeof where === 'string' ? where : where();
}

function parseDelay(
  entry: Record<string, unknown>,
  where: Where,
  origin: string | undefined,
): number | undefined {
  const hasDelay = Object.prototype.hasOwnProperty.call(entry, 'Delay');
  const hasDelaySeconds = Object.prototype.hasOwnProperty.call(entry, 'delaySeconds');
  if (!hasDelay && !hasDelaySeconds) return undefined;
  const given = DELAY_KEYS.filter((key) => Object.prototype.hasOwnProperty.call(entry, key));
  if (given.length > 1) {
    throw invalidMocks(
      `${whereText(where)}: both "Delay" and "delaySeconds" are given`,
      'Give the simulated duration once.',
      origin,
    );
  }
  const key = given[0] as (typeof DELAY_KEYS)[number];
  const delay = entry[key];
  if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) {
    throw invalidMocks(
      `${whereText(where)}: "${key}" must be a non-negative number of seconds, got ${typeof delay === 'number' ? String(delay) : describe(delay)}`,
      `Write e.g. "${key}": 10 to simulate a task that runs for 10 seconds.`,
      origin,
    );
  }
  return delay;
}

function parseThrow(
  raw: unknown,
  where: Where,
  rules: EntryRules,
  origin: string | undefined,
): { error: string; cause: string; structuredCause?: JsonValue } {
  const example = '"Throw": {"Error": "Lambda.ServiceException", "Cause": "..."}';
  if (!isJsonObject(raw)) {
    throw invalidMocks(
      `${whereText(where)}: "Throw" must be an object, got ${describe(raw)}`,
      `Write ${example}.`,
      origin,
    );
  }
  const unknownKeys = Object.keys(raw).filter((key) => key !== 'Error' && key !== 'Cause');
  if (unknownKeys.length > 0) {
    throw invalidMocks(
      `${whereText(where)}: "Throw" has unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.map((k) => `"${k}"`).join(', ')}`,
      'A Throw has only "Error" and "Cause".',
      origin,
    );
  }
  const error = raw['Error'];
  if (error === undefined)
    throw invalidMocks(`${whereText(where)}: "Throw" has no "Error"`, `Write ${example}.`, origin);
  if (typeof error !== 'string') {
    throw invalidMocks(
      `${whereText(where)}: "Throw.Error" must be a string, got ${describe(error)}`,
      `Write ${example}.`,
      origin,
    );
  }
  const cause = raw['Cause'];
  if (cause === undefined) {
    if (rules.requireCause) {
      throw invalidMocks(
        `${whereText(where)}: "Throw" has no "Cause"`,
        `A MockConfigFile Throw needs both fields: ${example}.`,
        origin,
      );
    }
    return { error, cause: '' };
  }
  if (typeof cause === 'string') return { error, cause };
  if (rules.allowStructuredCause && (isJsonObject(cause) || Array.isArray(cause))) {
    return { error, cause: spacedJson(cause), structuredCause: cause };
  }
  throw invalidMocks(
    `${whereText(where)}: "Throw.Cause" must be a string${rules.allowStructuredCause ? ' (or a JSON object, sent as its text)' : ''}, got ${describe(cause)}`,
    `Write ${example}.`,
    origin,
  );
}

/**
 * Validates one entry and turns it into a MockResponse. `where` names the entry in messages,
 * e.g. `mocks for state "Lambda", entry 2`.
 */
export function parseResponseEntry(
  raw: unknown,
  where: Where,
  rules: EntryRules,
  origin: string | undefined,
): MockResponse {
  const example = '{"Return": <task result>} or {"Throw": {"Error": "...", "Cause": "..."}}';
  if (!isJsonObject(raw)) {
    throw invalidMocks(
      `${whereText(where)}: expected an object, got ${describe(raw)}`,
      `Each response is ${example}.`,
      origin,
    );
  }
  const hasReturn = Object.prototype.hasOwnProperty.call(raw, 'Return');
  const hasThrow = Object.prototype.hasOwnProperty.call(raw, 'Throw');
  const hasCallback = rules.allowCallback === true && Object.prototype.hasOwnProperty.call(raw, 'Callback');
  if (hasCallback) {
    if (hasReturn || hasThrow)
      throw invalidMocks(
        `${whereText(where)}: has "Callback" and "${hasReturn ? 'Return' : 'Throw'}"`,
        'A callback answers the task token itself: keep one.',
        origin,
      );
    return { kind: 'callback', script: parseCallbackScript(raw['Callback'], where, origin) };
  }
  if (hasReturn && hasThrow) {
    throw invalidMocks(
      `${whereText(where)}: has both "Return" and "Throw"`,
      'A response either returns a result or throws an error; keep one.',
      origin,
    );
  }
  if (!hasReturn && !hasThrow) {
    const keys = Object.keys(raw);
    throw invalidMocks(
      `${whereText(where)}: has neither "Return" nor "Throw"${keys.length > 0 ? ` (fields: ${keys.map((k) => `"${k}"`).join(', ')})` : ''}`,
      `Each response is ${example}.`,
      origin,
    );
  }
  if (!rules.ignoreExtraKeys) {
    const allowed = new Set<string>(['Return', 'Throw', ...(rules.allowDelay ? DELAY_KEYS : [])]);
    const extra = Object.keys(raw).filter((key) => !allowed.has(key));
    if (extra.length > 0) {
      throw invalidMocks(
        `${whereText(where)}: unknown field${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}`,
        'A mocked response holds a single field, "Return" or "Throw".',
        origin,
      );
    }
  }
  const delaySeconds = rules.allowDelay ? parseDelay(raw, where, origin) : undefined;
  if (hasReturn) {
    const value: unknown = raw['Return'];
    const tooDeep = outsideDepthProblem(value, `${whereText(where)}: "Return"`);
    if (tooDeep !== undefined) {
      throw invalidMocks(
        tooDeep,
        'Flatten the mocked result: no service returns JSON nested this deep.',
        origin,
      );
    }
    const bad = findNonJson(value);
    if (bad !== undefined) {
      throw invalidMocks(
        `${whereText(where)}: "Return" is not a JSON value (at ${bad === '(value)' ? 'its top' : `Return${bad}`})`,
        'Mocked results must be plain JSON: objects, arrays, strings, finite numbers, booleans or null.',
        origin,
      );
    }
    // A copy: later changes to the caller's object do not reach the mocks. (Set, not spread: mocks are
    // read on every run.)
    const response: MockResponse = { kind: 'return', value: cloneJson(value as JsonValue) };
    if (delaySeconds !== undefined) response.delaySeconds = delaySeconds;
    return response;
  }
  const delay = delaySeconds === undefined ? {} : { delaySeconds };
  return { kind: 'throw', ...parseThrow(raw['Throw'], where, rules, origin), ...delay };
}

/** A copy of a response, so callers cannot change the stored one. */
export function copyResponse(response: MockResponse): MockResponse {
  if (response.kind === 'throw') return { ...response };
  if (response.kind === 'callback') return { ...response, script: structuredClone(response.script) };
  if (response.kind === 'outside' || response.kind === 'execution') return { ...response };
  const copy: MockResponse = { kind: 'return', value: cloneJson(response.value) };
  if (response.delaySeconds !== undefined) copy.delaySeconds = response.delaySeconds;
  return copy;
}

/** Checks the invocation number a caller passed: a non-negative integer. */
export function checkInvocation(invocation: number): void {
  if (!Number.isInteger(invocation) || invocation < 0) {
    throw new StepthroughError(
      'E_INTERNAL',
      `mock lookup with invalid invocation number ${String(invocation)}`,
      {
        hint: 'Invocation numbers count calls of a state from 0.',
      },
    );
  }
}

/**
 * JSON text with ", " and ": " separators: how Lambda runtimes (Python's json.dumps) write an error
 * object into a task failure's cause, so a structured Cause in a mock reads as AWS would send it.
 */
function spacedJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(', ')}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .map((k) => `${JSON.stringify(k)}: ${spacedJson(value[k] as JsonValue)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}
