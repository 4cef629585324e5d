// Test-file mocks: `return` / `returnFile` / `throw: {error, cause}` / `delay` / `when` / `callback:
// {after, success | failure, heartbeats, submitted}` (core/mocks/callbackScript.ts), each also in its
// capitalised spelling (Return / ReturnFile / Throw / Delay / When / Callback), one entry or an ordered
// list per state, checked against the machine's states and turned into the core's simple mock form.

import { isJsonObject, jsonTypeName, type JsonObject, type JsonValue } from '../json';
import { parseCallbackScript } from '../mocks/callbackScript';
import { knownMockKeys, unknownMockKeys, type LogicalIds } from '../mocks/keys';
import type { FileChecker, ValuePath } from './checker';

export const MOCK_ENTRY_KEYS = new Set([
  'return',
  'returnFile',
  'throw',
  'delay',
  'when',
  'Return',
  'ReturnFile',
  'Throw',
  'Delay',
  'When',
  'callback',
  'Callback',
]);
export const MOCK_THROW_KEYS = new Set(['error', 'cause', 'Error', 'Cause']);

export type StateMocks = Record<string, JsonObject[]>;

/** What the loader knows about the machine's states, for checking mock targets. */
export interface MachineStates {
  /** State name → its Type. */
  types: ReadonlyMap<string, string>;
  /** The definition, for the keys mocks may have (core/mocks/keys.ts). */
  definition: JsonObject;
  /** A template machine's logical IDs of the resources each Task names (keys too). */
  logicalIds?: LogicalIds;
}

/** Reads a data file (or fixture) referred to from a test file; undefined after reporting a problem. */
export type DataLoader = (reference: string, path: ValuePath) => JsonValue | undefined;

/**
 * Which spelling of a key an object gives (`return` or `Return`), undefined when neither. Both at once
 * is a problem, as it is on every other surface (core/mocks/simple.ts): which one wins is not a guess.
 */
function spelling(
  object: JsonObject,
  lower: string,
  upper: string,
  path: ValuePath,
  check: FileChecker,
  what: string,
): string | undefined {
  const given = [lower, upper].filter((key) => object[key] !== undefined);
  if (given.length > 1) check.error(path, `${what} has "${lower}" or "${upper}", not both`);
  return given[0];
}

/** The value under either spelling of a key (see spelling). */
function pick(
  object: JsonObject,
  lower: string,
  upper: string,
  path: ValuePath,
  check: FileChecker,
  what: string,
): JsonValue | undefined {
  const key = spelling(object, lower, upper, path, check, what);
  return key === undefined ? undefined : object[key];
}

function normaliseThrow(raw: JsonValue, path: ValuePath, check: FileChecker): JsonObject | undefined {
  const spec = check.object(raw, path, '"throw"');
  if (!spec) return undefined;
  check.checkKeys(spec, path, MOCK_THROW_KEYS, 'a throw');
  const error = pick(spec, 'error', 'Error', path, check, 'a throw');
  if (typeof error !== 'string' || error === '') {
    check.error(path, '"throw" needs "error": the error name, e.g. Lambda.ServiceException');
    return undefined;
  }
  const cause = pick(spec, 'cause', 'Cause', path, check, 'a throw');
  if (cause !== undefined && typeof cause !== 'string' && !isJsonObject(cause)) {
    check.error([...path, 'cause'], `"cause" must be text or an object, got ${jsonTypeName(cause)}`);
    return undefined;
  }
  return cause === undefined ? { Error: error } : { Error: error, Cause: cause };
}

function normaliseEntry(
  raw: JsonValue,
  path: ValuePath,
  check: FileChecker,
  load: DataLoader,
): JsonObject | undefined {
  const entry = check.object(raw, path, 'a mock entry');
  if (!entry) return undefined;
  check.checkKeys(entry, path, MOCK_ENTRY_KEYS, 'a mock entry');
  const problems = check.problems.length;
  const returned = pick(entry, 'return', 'Return', path, check, 'a mock entry');
  const fileKey = spelling(entry, 'returnFile', 'ReturnFile', path, check, 'a mock entry');
  const file = fileKey === undefined ? undefined : entry[fileKey];
  const thrownKey = spelling(entry, 'throw', 'Throw', path, check, 'a mock entry');
  const thrown = thrownKey === undefined ? undefined : entry[thrownKey];
  const callbackKey = spelling(entry, 'callback', 'Callback', path, check, 'a mock entry');
  const callback = callbackKey === undefined ? undefined : entry[callbackKey];
  const delayKey = spelling(entry, 'delay', 'Delay', path, check, 'a mock entry');
  const whenKey = spelling(entry, 'when', 'When', path, check, 'a mock entry');
  if (check.problems.length > problems) return undefined;
  const given = [returned, file, thrown, callback].filter((v) => v !== undefined).length;
  if (given !== 1) {
    check.error(
      path,
      given === 0
        ? 'a mock entry needs "return: <result>", "throw: {error, cause}" or "callback: {after, success}"'
        : 'a mock entry has one of "return", "returnFile", "throw" or "callback"',
    );
    return undefined;
  }
  const out: JsonObject = {};
  if (callback !== undefined && callbackKey !== undefined) {
    const callbackPath = [...path, callbackKey];
    try {
      parseCallbackScript(callback, 'the mock');
    } catch (error) {
      check.error(
        callbackPath,
        error instanceof Error ? error.message.replace(/^the mock: /, '') : String(error),
      );
      return undefined;
    }
    out.Callback = callback;
  }
  if (returned !== undefined) out.Return = returned;
  if (file !== undefined && fileKey !== undefined) {
    const reference = check.string(file, [...path, fileKey], `"${fileKey}"`);
    const value = reference === undefined ? undefined : load(reference, [...path, fileKey]);
    if (value === undefined) return undefined;
    out.Return = value;
  }
  if (thrown !== undefined && thrownKey !== undefined) {
    const spec = normaliseThrow(thrown, [...path, thrownKey], check);
    if (!spec) return undefined;
    out.Throw = spec;
  }
  const delay = delayKey === undefined ? undefined : entry[delayKey];
  if (delay !== undefined && delayKey !== undefined) {
    if (typeof delay !== 'number' || !(delay >= 0)) {
      check.error(
        [...path, delayKey],
        `"delay" must be a non-negative number of seconds, got ${JSON.stringify(delay)}`,
      );
      return undefined;
    }
    out.Delay = delay;
  }
  if (whenKey !== undefined) out.When = entry[whenKey] as JsonValue;
  return out;
}

/** Mocks of one `mocks:` block, checked against the machine; states with bad entries are left out. */
export function normaliseMocks(
  raw: JsonValue | undefined,
  path: ValuePath,
  check: FileChecker,
  machine: MachineStates,
  load: DataLoader,
): StateMocks {
  const out: StateMocks = {};
  const spec = check.object(raw, path, '"mocks"');
  if (!spec) return out;
  for (const [state, value] of Object.entries(spec)) {
    const statePath = [...path, state];
    const type = machine.types.get(state);
    if (type === undefined && !knownMockKeys(machine.definition, machine.logicalIds).has(state)) {
      // The one rule for mock keys: a state, or a function or activity a Task calls.
      const [unknown] = unknownMockKeys([state], machine.definition, machine.logicalIds);
      check.error(statePath, unknown?.message ?? `mock for "${state}"`, true);
      continue;
    }
    if (type !== undefined && type !== 'Task' && type !== 'Map') {
      check.error(
        statePath,
        `mock for state "${state}", a ${type} state: only Task states (and a Map's ItemReader) call services`,
        true,
      );
      continue;
    }
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0) {
      check.error(statePath, `the mock list for "${state}" is empty`);
      continue;
    }
    const entries: JsonObject[] = [];
    list.forEach((item, index) => {
      const entry = normaliseEntry(
        item,
        Array.isArray(value) ? [...statePath, index] : statePath,
        check,
        load,
      );
      if (entry) entries.push(entry);
    });
    if (entries.length === list.length) out[state] = entries;
  }
  return out;
}
