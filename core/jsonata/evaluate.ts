// Evaluating JSONata fields with AWS Step Functions' semantics: `$states` and workflow variables bound, the
// result converted to JSON, and every failure turned into States.QueryEvaluationError with AWS's cause.

import { StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { parseTimestamp } from '../choice/timestamp';
import { setOwn } from '../jsonpath/values';
import { CONTEXT_BINDING, type EvaluationContext, type JsonataRuntime } from './context';
import {
  evaluationFailure,
  returnedNothing,
  unexpectedResultType,
  unparsableTimestamp,
  unsupportedResultType,
} from './causes';
import { compileJsonata, extractExpression, isJsonataExpression } from './expression';
import { DEFAULT_JSONATA_LIMITS, EvaluationBudget } from './limits';
import { convertResult } from './values';

/** What an expression can read: `$states.*` and each workflow variable as `$name`. */
export interface JsonataBindings {
  states: { input: JsonValue; context: JsonValue; result?: JsonValue; errorOutput?: JsonValue };
  variables: Record<string, JsonValue>;
  /**
   * What `$` (and `$$`) read. AWS binds nothing, so runs leave it out; the debugger binds the state's input
   * for expressions typed at a pause.
   */
  contextItem?: JsonValue;
}

/** The result type a field requires (Items: array, Condition: boolean, Seconds: integer, ...). */
export type JsonataExpectedType =
  'array' | 'object' | 'number' | 'integer' | 'boolean' | 'string' | 'timestamp';

/**
 * Runs one expression and returns jsonata's raw result. `expression` may be the inner text or the whole
 * `{% %}` string. Syntax errors, runtime errors and bounds become States.QueryEvaluationError.
 */
async function evaluateRaw(
  expression: string,
  bindings: JsonataBindings,
  runtime: JsonataRuntime,
  field: string,
): Promise<{ inner: string; raw: unknown }> {
  const inner = extractExpression(expression).expression;
  const freshId = (): string => runtime.uuid();
  const entry = compileJsonata(inner);
  if ('error' in entry) {
    throw evaluationFailure(inner, field, { code: entry.error.code, message: entry.error.message }, freshId);
  }
  // Two of core's clock readers (ARCHITECTURE.md invariant 18): the budget counts real time from here, and
  // `$now()` without the caller's clock (an evaluation outside a run) is the wall clock's.
  const context: EvaluationContext = {
    runtime,
    budget: new EvaluationBudget(
      { ...DEFAULT_JSONATA_LIMITS, ...runtime.limits },
      Date.now(),
      runtime.signal,
    ),
    nowMillis: runtime.now?.() ?? Date.now(),
  };
  const scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(bindings.variables)) scope[name] = value;
  const states: Record<string, unknown> = { input: bindings.states.input, context: bindings.states.context };
  if (bindings.states.result !== undefined) states.result = bindings.states.result;
  if (bindings.states.errorOutput !== undefined) states.errorOutput = bindings.states.errorOutput;
  // $states is AWS's reserved name: it wins over a variable of the same name.
  scope.states = states;
  scope[CONTEXT_BINDING] = context;
  try {
    // AWS evaluates with nothing bound to `$`.
    const raw: unknown = await entry.compiled.evaluate(bindings.contextItem, scope);
    return { inner, raw };
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw evaluationFailure(inner, field, error, freshId);
  }
}

function toJsonValue(inner: string, field: string, raw: unknown): JsonValue {
  const converted = convertResult(raw);
  if (converted.kind === 'undefined') throw returnedNothing(inner, field);
  if (converted.kind === 'unsupported') throw unsupportedResultType(inner, field);
  return converted.value;
}

/**
 * Evaluates one JSONata expression for `field` (e.g. 'Output', 'Output/result', 'Arguments/FunctionName',
 * 'Items', 'Assign/x', 'Condition'). Throws StatesError('States.QueryEvaluationError', cause) with AWS's cause
 * (without the "An error occurred while executing the state ..." prefix).
 */
export async function evaluateJsonata(
  expression: string,
  bindings: JsonataBindings,
  runtime: JsonataRuntime,
  field: string,
): Promise<JsonValue> {
  const { inner, raw } = await evaluateRaw(expression, bindings, runtime, field);
  return toJsonValue(inner, field, raw);
}

/**
 * Evaluates a JSON template (Arguments, Output, Assign, ItemSelector, a Catcher's Output/Assign, ...): every
 * string that is a `{% %}` expression is replaced by its value, recursively through objects (`field/key`) and
 * arrays (`field[index]`), in document order; everything else is copied as it is. A top-level expression
 * string evaluates to the whole value.
 */
export async function evaluateJsonataTemplate(
  template: JsonValue,
  bindings: JsonataBindings,
  runtime: JsonataRuntime,
  field: string,
): Promise<JsonValue> {
  if (typeof template === 'string') {
    return isJsonataExpression(template) ? evaluateJsonata(template, bindings, runtime, field) : template;
  }
  if (Array.isArray(template)) {
    const out: JsonValue[] = [];
    for (let i = 0; i < template.length; i++) {
      out.push(await evaluateJsonataTemplate(template[i] as JsonValue, bindings, runtime, `${field}[${i}]`));
    }
    return out;
  }
  if (isJsonObject(template)) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(template)) {
      setOwn(out, key, await evaluateJsonataTemplate(value, bindings, runtime, `${field}/${key}`));
    }
    return out;
  }
  return template;
}

function matchesType(value: JsonValue, expected: Exclude<JsonataExpectedType, 'timestamp'>): boolean {
  switch (expected) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isJsonObject(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    default:
      return typeof value === expected;
  }
}

/**
 * Evaluates an expression whose field requires one type, e.g. Items → 'array': "The JSONata expression
 * '$ItemsVar' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was
 * 'string' for value: "string"". 'timestamp' requires a string AWS can parse as an ISO-8601 date-time
 * ("The Timestamp field cannot be parsed as ..."). Range checks (e.g. MaxConcurrency >= 0) are the caller's.
 */
export async function evaluateTyped(
  expression: string,
  bindings: JsonataBindings,
  runtime: JsonataRuntime,
  field: string,
  expected: JsonataExpectedType,
): Promise<JsonValue> {
  const { inner, raw } = await evaluateRaw(expression, bindings, runtime, field);
  const value = toJsonValue(inner, field, raw);
  if (expected === 'timestamp') {
    if (typeof value !== 'string') throw unexpectedResultType(inner, field, 'string', value);
    if (parseTimestamp(value) === undefined) throw unparsableTimestamp(field, value);
    return value;
  }
  if (!matchesType(value, expected)) throw unexpectedResultType(inner, field, expected, value);
  return value;
}
