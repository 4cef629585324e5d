// The query language of a state (JSONPath or JSONata) and the JSONata side of expression
// evaluation: `$states.*` bindings, workflow variables, and AWS's error prefixes.

import { ErrorNames } from '../errors';
import { isJsonObject, jsonExceeds, type JsonObject, type JsonValue } from '../json';
import {
  evaluateJsonataTemplate,
  evaluateTyped,
  isJsonataExpression,
  type JsonataBindings,
  type JsonataExpectedType,
  type JsonataRuntime,
} from '../jsonata';
import { evaluatePayloadTemplate } from './payload';
import type { StateRun } from './stateRun';

export function usesJsonata(run: StateRun): boolean {
  const own = run.def.QueryLanguage;
  if (own === 'JSONata') return true;
  if (own === 'JSONPath') return false;
  return run.thread.queryLanguage === 'JSONata';
}

export interface StatesExtras {
  result?: JsonValue;
  errorOutput?: JsonValue;
  context?: JsonValue;
}

function bindings(run: StateRun, extras: StatesExtras): JsonataBindings {
  const states: JsonataBindings['states'] = { input: run.rawInput, context: extras.context ?? run.context() };
  if ('result' in extras) states.result = extras.result;
  if ('errorOutput' in extras) states.errorOutput = extras.errorOutput;
  return { states, variables: run.thread.variables.snapshot() };
}

function runtime(run: StateRun): JsonataRuntime {
  const rt = run.rt;
  return { random: () => rt.random.next(), uuid: () => rt.random.uuid(), now: () => rt.scheduler.now };
}

/** Evaluates a JSONata template field (Arguments, Output, ItemSelector, ...). */
export async function jsonataField(
  run: StateRun,
  template: JsonValue,
  field: string,
  extras: StatesExtras = {},
): Promise<JsonValue> {
  try {
    return await evaluateJsonataTemplate(template, bindings(run, extras), runtime(run), field);
  } catch (err) {
    throw run.decorate(err);
  }
}

/** A field that is either a literal or a JSONata expression of one type (TimeoutSeconds, Items, ...). */
export async function jsonataTypedField(
  run: StateRun,
  value: JsonValue,
  field: string,
  expected: JsonataExpectedType,
  extras: StatesExtras = {},
): Promise<JsonValue> {
  if (!isJsonataExpression(value)) return value;
  try {
    return await evaluateTyped(value, bindings(run, extras), runtime(run), field, expected);
  } catch (err) {
    throw run.decorate(err);
  }
}

/**
 * Evaluates an Assign block. JSONata: a template whose keys are variable names. JSONPath: a payload
 * template over `dollar` (`x.$` keys take paths or intrinsics). Values are read as at state entry.
 */
export function evaluateAssign(
  run: StateRun,
  assign: JsonValue | undefined,
  dollar: JsonValue,
  extras: StatesExtras,
): Record<string, JsonValue> | undefined | Promise<Record<string, JsonValue>> {
  if (!isJsonObject(assign)) return undefined;
  if (usesJsonata(run)) {
    // Evaluated as one template: each variable's expression is reported as field 'Assign/<name>'.
    return jsonataField(run, assign, 'Assign', extras) as Promise<JsonObject>;
  }
  const value = evaluatePayloadTemplate(assign, run.scope(dollar));
  return isJsonObject(value) ? value : undefined;
}

/** AWS's limits on workflow variables: one variable, and everything one Assign sets. */
export const MAX_VARIABLE_BYTES = 256 * 1024;

/** Stores assigned variables in the state's thread scope, within AWS's size limits. */
export function applyAssigned(run: StateRun, assigned: Record<string, JsonValue> | undefined): void {
  if (!assigned) return;
  for (const key of Object.keys(assigned)) {
    if (jsonExceeds(assigned[key], MAX_VARIABLE_BYTES)) {
      throw run.fail(
        `The variable '${key}' exceeds the 256 KiB size limit for a workflow variable.`,
        ErrorNames.DataLimitExceeded,
      );
    }
  }
  if (jsonExceeds(assigned, MAX_VARIABLE_BYTES)) {
    throw run.fail(
      `The variables assigned by this state exceed the 256 KiB limit for one Assign.`,
      ErrorNames.DataLimitExceeded,
    );
  }
  for (const key of Object.keys(assigned)) run.thread.variables.set(key, assigned[key] as JsonValue);
}
