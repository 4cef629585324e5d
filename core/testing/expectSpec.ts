// The `expect:` block of a case: checks its keys and value types (statuses, state names that must
// exist, path entries) and returns the typed expectation.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { FileChecker, ValuePath } from './checker';
import type { Expectation, StateExpectation } from './model';
import type { MachineStates } from './mockSpec';

export const EXPECT_KEYS = new Set([
  'status',
  'output',
  'outputContains',
  'error',
  'cause',
  'causeContains',
  'path',
  'states',
  'variables',
  'nextState',
]);
export const STATE_EXPECT_KEYS = new Set([
  'attempts',
  'entered',
  'input',
  'output',
  'outputContains',
  'error',
  'cause',
  'variables',
]);
export const PATH_KEYS = new Set(['states', 'includeInner']);
export const EXECUTION_STATUSES = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export const STATE_STATUSES = ['SUCCEEDED', 'FAILED', 'CAUGHT_ERROR', 'RETRIABLE'] as const;

function objectExpectation(
  value: JsonValue | undefined,
  path: ValuePath,
  check: FileChecker,
  what: string,
): JsonObject | undefined {
  if (value === undefined) return undefined;
  if (isJsonObject(value)) return value;
  check.error(path, `${what} must be an object (the keys to compare)`);
  return undefined;
}

function stateExpectation(raw: JsonValue, path: ValuePath, check: FileChecker): StateExpectation | undefined {
  const spec = check.object(raw, path, 'a state expectation');
  if (!spec) return undefined;
  check.checkKeys(spec, path, STATE_EXPECT_KEYS, 'a state expectation');
  const out: StateExpectation = {};
  const attempts = check.number(spec.attempts, [...path, 'attempts'], '"attempts"', true);
  if (attempts !== undefined) out.attempts = attempts;
  const entered = check.number(spec.entered, [...path, 'entered'], '"entered"', true);
  if (entered !== undefined) out.entered = entered;
  if (spec.input !== undefined) out.input = spec.input;
  if (spec.output !== undefined) out.output = spec.output;
  const contains = objectExpectation(
    spec.outputContains,
    [...path, 'outputContains'],
    check,
    '"outputContains"',
  );
  if (contains) out.outputContains = contains;
  const error = check.string(spec.error, [...path, 'error'], '"error"');
  if (error !== undefined) out.error = error;
  const cause = check.string(spec.cause, [...path, 'cause'], '"cause"');
  if (cause !== undefined) out.cause = cause;
  const variables = objectExpectation(spec.variables, [...path, 'variables'], check, '"variables"');
  if (variables) out.variables = variables;
  return out;
}

/** Reads `expect`; `singleState` selects the TestState statuses and allows `nextState`. */
export function normaliseExpectation(
  raw: JsonValue | undefined,
  path: ValuePath,
  check: FileChecker,
  machine: MachineStates,
  singleState: boolean,
): Expectation {
  const out: Expectation = {};
  const spec = check.object(raw, path, '"expect"');
  if (!spec) return out;
  check.checkKeys(spec, path, EXPECT_KEYS, '"expect"');
  const statuses: readonly string[] = singleState ? STATE_STATUSES : EXECUTION_STATUSES;
  const status = check.string(spec.status, [...path, 'status'], '"status"');
  if (status !== undefined) {
    if (statuses.includes(status)) out.status = status as Expectation['status'];
    else
      check.error(
        [...path, 'status'],
        `"status" must be one of ${statuses.join(', ')}${singleState ? ' (a single-state case reports TestState statuses)' : ''}, got "${status}"`,
      );
  }
  if (spec.output !== undefined) out.output = spec.output;
  const contains = objectExpectation(
    spec.outputContains,
    [...path, 'outputContains'],
    check,
    '"outputContains"',
  );
  if (contains) out.outputContains = contains;
  for (const key of ['error', 'cause', 'causeContains'] as const) {
    const value = check.string(spec[key], [...path, key], `"${key}"`);
    if (value !== undefined) out[key] = value;
  }
  if (spec.path !== undefined) {
    // `path: [...]` (top-level states) or `path: {states: [...], includeInner: true}` (every state).
    let list: JsonValue | undefined = spec.path;
    let listPath: ValuePath = [...path, 'path'];
    if (isJsonObject(spec.path)) {
      check.checkKeys(spec.path, listPath, PATH_KEYS, '"path"');
      const inner = spec.path.includeInner;
      if (inner !== undefined && typeof inner !== 'boolean')
        check.error([...listPath, 'includeInner'], '"includeInner" must be true or false');
      if (inner === true) out.pathIncludesInner = true;
      list = spec.path.states;
      listPath = [...listPath, 'states'];
      if (list === undefined) check.error(listPath, '"path" needs "states": the state names in order');
    }
    if (singleState)
      check.error([...path, 'path'], '"path" does not apply to a single-state case; use "nextState"');
    else if (list !== undefined && !Array.isArray(list))
      check.error(listPath, '"path" must be a list of state names (or {states: [...], includeInner: true})');
    else if (Array.isArray(list)) {
      const names: string[] = [];
      list.forEach((name, index) => {
        if (typeof name !== 'string') check.error([...listPath, index], 'a path entry must be a state name');
        else {
          if (!machine.types.has(name))
            check.error([...listPath, index], `"${name}" is not a state of the state machine`);
          names.push(name);
        }
      });
      out.path = names;
    }
  }
  const states = check.object(spec.states, [...path, 'states'], '"states"');
  if (states) {
    out.states = {};
    for (const [name, value] of Object.entries(states)) {
      if (!machine.types.has(name)) {
        check.error(
          [...path, 'states', name],
          `expectation for state "${name}", which does not exist in the state machine`,
          true,
        );
        continue;
      }
      const expectation = stateExpectation(value, [...path, 'states', name], check);
      if (expectation) out.states[name] = expectation;
    }
  }
  const variables = objectExpectation(spec.variables, [...path, 'variables'], check, '"variables"');
  if (variables) out.variables = variables;
  if (spec.nextState !== undefined) {
    if (!singleState)
      check.error([...path, 'nextState'], '"nextState" applies to single-state cases (with "state:")');
    else if (spec.nextState === null || typeof spec.nextState === 'string') out.nextState = spec.nextState;
    else check.error([...path, 'nextState'], '"nextState" must be a state name, or null when the state ends');
  }
  return out;
}
