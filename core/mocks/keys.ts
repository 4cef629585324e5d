// The one rule for what a mock (or a task handler) may be keyed by, on every surface (test files,
// `run --mocks`, the library, the debugger, pytest):
//
//   1. A key is valid when it names a state, or a template logical ID, a Lambda function (its name
//      or ARN) or an activity (its name or ARN) that some Task resolves to. Anything else is a
//      mistake, reported with the nearest valid key ("did you mean").
//   2. A case's entry beats the file's (the caller passes its layers in that order).
//   3. For one call, a state-name key beats a logical ID, which beats a function, which beats an
//      activity (an ARN before a name at the same level).
//   4. At the same level, a mock beats a handler.
//
// Logical IDs come from templates (core/templates gives each Task's resource its logical name):
// callers pass them by state name.

import { walkStates } from '../model';
import { isJsonObject, type JsonObject } from '../json';
import { closestMatch } from '../validate/suggest';
import { taskTarget, type TaskTarget } from './targets';

export type MockKeyLevel = 'state' | 'logicalId' | 'function' | 'activity';

/** A key a call may be answered under, and its level in the rule. */
export interface CallKey {
  level: MockKeyLevel;
  key: string;
}

/**
 * Logical IDs of the resources each Task names, by state name: a template's `stateResources`
 * (core/templates: the CloudFormation logical ID, Terraform address or serverless key).
 */
export type LogicalIds = Readonly<Record<string, string | readonly string[]>>;

function logicalIdsOf(logicalIds: LogicalIds | undefined, stateName: string): readonly string[] {
  const ids =
    logicalIds !== undefined && Object.prototype.hasOwnProperty.call(logicalIds, stateName)
      ? logicalIds[stateName]
      : undefined;
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
}

/** The keys a Task call may be answered under, in the order the rule tries them (rule 3). */
export function callKeys(stateName: string, target: TaskTarget, logicalIds?: LogicalIds): CallKey[] {
  const keys: CallKey[] = [{ level: 'state', key: stateName }];
  for (const logicalId of logicalIdsOf(logicalIds, stateName))
    keys.push({ level: 'logicalId', key: logicalId });
  if (target.functionArn !== undefined) keys.push({ level: 'function', key: target.functionArn });
  if (target.functionName !== undefined) keys.push({ level: 'function', key: target.functionName });
  if (target.activityArn !== undefined) keys.push({ level: 'activity', key: target.activityArn });
  if (target.activityName !== undefined) keys.push({ level: 'activity', key: target.activityName });
  return keys;
}

/** One valid key of a machine: what it names and the states it reaches. */
export interface KnownKey {
  level: MockKeyLevel;
  /** The states it answers for (one for a state name; every Task calling a shared function). */
  states: string[];
  /** The state's Type, for a state-name key. */
  type?: string;
}

const knownKeysCache = new WeakMap<JsonObject, Map<string, KnownKey>>();

/** Every key a mock may be given under for this machine (rule 1), the most specific meaning first. */
export function knownMockKeys(definition: JsonObject, logicalIds?: LogicalIds): Map<string, KnownKey> {
  const cached = logicalIds === undefined ? knownKeysCache.get(definition) : undefined;
  if (cached) return cached;
  const known = new Map<string, KnownKey>();
  const add = (key: string, level: MockKeyLevel, state: string, type?: string): void => {
    const existing = known.get(key);
    if (existing === undefined)
      known.set(key, { level, states: [state], ...(type === undefined ? {} : { type }) });
    else if (existing.level === level && !existing.states.includes(state)) existing.states.push(state);
  };
  const visits = walkStates(definition);
  for (const visit of visits) add(visit.name, 'state', visit.name, String(visit.definition.Type ?? ''));
  for (const visit of visits) {
    for (const logicalId of logicalIdsOf(logicalIds, visit.name)) add(logicalId, 'logicalId', visit.name);
    const resource = visit.definition.Resource;
    if (visit.definition.Type !== 'Task' || typeof resource !== 'string') continue;
    const target = taskTarget(resource, undefined, visit.definition);
    for (const { level, key } of callKeys(visit.name, target).slice(1)) add(key, level, visit.name);
  }
  if (logicalIds === undefined) knownKeysCache.set(definition, known);
  return known;
}

/** A mock key the machine does not have, with the nearest valid key when one is a likely typo. */
export interface UnknownMockKey {
  key: string;
  suggestion?: string;
  /** `mock for "X", which the state machine does not have (did you mean "Y"?)` */
  message: string;
}

/** Checks mock keys against the machine (rule 1). */
export function unknownMockKeys(
  keys: Iterable<string>,
  definition: JsonObject,
  logicalIds?: LogicalIds,
): UnknownMockKey[] {
  const known = knownMockKeys(definition, logicalIds);
  const out: UnknownMockKey[] = [];
  for (const key of keys) {
    if (known.has(key)) continue;
    const suggestion = closestMatch(key, known.keys());
    const names = [...known.entries()].filter(([, k]) => k.level === 'state').map(([name]) => name);
    out.push({
      key,
      ...(suggestion === undefined ? {} : { suggestion }),
      message: `mock for "${key}", which is not a state of the state machine, nor a function or activity one of its Tasks calls${suggestion !== undefined ? ` (did you mean "${suggestion}"?)` : `; states: ${names.join(', ')}`}`,
    });
  }
  return out;
}

/** Whether a definition object looks like a machine (has States), for callers checking keys. */
export function hasStates(definition: unknown): definition is JsonObject {
  return isJsonObject(definition) && isJsonObject(definition.States);
}
