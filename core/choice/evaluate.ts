// Evaluates one JSONPath-language Choice rule (a comparison, or And/Or/Not of rules) to true or false.
// Paths are resolved by the caller; this module only applies AWS's comparison semantics.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { compareValues, comparisonOperatorSpec, type ComparisonOperatorSpec } from './operators';

/** Resolves a reference path (`$.x`, `$$.Execution.Input.x`, `$var.x`) against the state's data. */
export type ResolvePath = (pathText: string) => { found: true; value: JsonValue } | { found: false };

/**
 * AWS's cause (without the "An error occurred while executing the state ..." prefix the caller adds) when a
 * rule's Variable, or a `...Path` operand, matches nothing.
 */
export function invalidChoicePathCause(pathText: string): string {
  return `Invalid path '${pathText}': The choice state's condition path references an invalid value.`;
}

function runtimeError(cause: string): StatesError {
  return new StatesError(ErrorNames.Runtime, cause);
}

/** The single comparison operator key of a rule (keys like Next, Comment, Assign are ignored). */
function findComparisonOperator(rule: JsonObject): ComparisonOperatorSpec | undefined {
  for (const key of Object.keys(rule)) {
    const spec = comparisonOperatorSpec(key);
    if (spec !== undefined) return spec;
  }
  return undefined;
}

function evaluateLogical(rule: JsonObject, resolve: ResolvePath, stateName: string): boolean | undefined {
  if (Object.hasOwn(rule, 'Not')) {
    const inner = rule.Not;
    if (!isJsonObject(inner)) {
      throw runtimeError(`The 'Not' operator of a choice rule in state '${stateName}' must be an object.`);
    }
    return !evaluateChoiceRule(inner, resolve, stateName);
  }
  const isAnd = Object.hasOwn(rule, 'And');
  if (!isAnd && !Object.hasOwn(rule, 'Or')) return undefined;
  const operands = isAnd ? rule.And : rule.Or;
  const name = isAnd ? 'And' : 'Or';
  if (!Array.isArray(operands)) {
    throw runtimeError(`The '${name}' operator of a choice rule in state '${stateName}' must be an array.`);
  }
  // Short-circuit, in order: a guard such as IsPresent protects the rules after it.
  for (const operand of operands) {
    if (!isJsonObject(operand)) {
      throw runtimeError(
        `Each element of '${name}' in a choice rule of state '${stateName}' must be an object.`,
      );
    }
    const result = evaluateChoiceRule(operand, resolve, stateName);
    if (isAnd && !result) return false;
    if (!isAnd && result) return true;
  }
  return isAnd;
}

/**
 * Evaluates a Choice rule. Throws StatesError('States.Runtime') when the Variable (or a `...Path` operand)
 * does not resolve, except for IsPresent, which is exactly the test for that. Type mismatches are false.
 */
export function evaluateChoiceRule(rule: JsonObject, resolve: ResolvePath, stateName: string): boolean {
  const logical = evaluateLogical(rule, resolve, stateName);
  if (logical !== undefined) return logical;

  const spec = findComparisonOperator(rule);
  if (spec === undefined) {
    throw runtimeError(`A choice rule in state '${stateName}' has no comparison operator.`);
  }
  const variablePath = rule.Variable;
  if (typeof variablePath !== 'string') {
    throw runtimeError(`A choice rule in state '${stateName}' has no Variable field.`);
  }
  const operandField = rule[spec.name] as JsonValue;

  const variable = resolve(variablePath);
  if (!variable.found) {
    if (spec.name === 'IsPresent') return operandField === false;
    throw runtimeError(invalidChoicePathCause(variablePath));
  }

  let operand: JsonValue = operandField;
  if (spec.isPath) {
    if (typeof operandField !== 'string') {
      throw runtimeError(`The '${spec.name}' field of a choice rule in state '${stateName}' must be a path.`);
    }
    const resolved = resolve(operandField);
    if (!resolved.found) throw runtimeError(invalidChoicePathCause(operandField));
    operand = resolved.value;
  }
  return compareValues(spec, variable.value, operand);
}
