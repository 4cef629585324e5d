// AWS's cause texts for a failed JSONata field (States.QueryEvaluationError), without the
// "An error occurred while executing the state 'X' (entered at the event id #N). " prefix the caller adds.

import { ErrorNames, StatesError } from '../errors';
import type { JsonValue } from '../json';
import { JsonataLimitError, LIMIT_MESSAGES } from './limits';
import { resultTypeName } from './values';

function subject(expression: string, field: string): string {
  return `The JSONata expression '${expression}' specified for the field '${field}'`;
}

function queryEvaluationError(cause: string): StatesError {
  return new StatesError(ErrorNames.QueryEvaluationError, cause);
}

/** "... returned nothing (undefined)." (recorded on AWS). */
export function returnedNothing(expression: string, field: string): StatesError {
  return queryEvaluationError(`${subject(expression, field)} returned nothing (undefined).`);
}

/** "... returned an unsupported result type." for a function result (recorded on AWS). */
export function unsupportedResultType(expression: string, field: string): StatesError {
  return queryEvaluationError(`${subject(expression, field)} returned an unsupported result type.`);
}

/**
 * "... returned an unexpected result type. Expected 'array', but was 'string' for value: "string"" (recorded
 * on AWS for Items; the value is compact JSON).
 */
export function unexpectedResultType(
  expression: string,
  field: string,
  expected: string,
  value: JsonValue,
): StatesError {
  return queryEvaluationError(
    `${subject(expression, field)} returned an unexpected result type. Expected '${expected}', but was '${resultTypeName(value)}' for value: ${JSON.stringify(value)}`,
  );
}

/** "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: <value>". */
export function unparsableTimestamp(field: string, value: string): StatesError {
  return queryEvaluationError(
    `The ${field} field cannot be parsed as an ISO-8601 extended offset date-time format string: ${value}`,
  );
}

/** jsonata's codes: S0xxx (syntax), T (type), D (dynamic), U (user) and four digits. */
const JSONATA_ERROR_CODE = /^[STDU]\d{4}$/;

interface JsonataErrorShape {
  code?: unknown;
  message?: unknown;
}

/**
 * The cause for an exception raised while evaluating, in AWS's three shapes:
 * - a JSONata error: "... threw an error during evaluation. T1006: Attempted to invoke a non-function";
 * - a bound (depth, memory, time): "... threw an error during evaluation: Expression evaluation memory limit
 *   exceeded: Check for excessive memory usage";
 * - anything else (a host exception such as $base64decode('!!!')): "... threw an internal error during
 *   evaluation." followed by a fresh id, which AWS prints and which therefore varies.
 */
export function evaluationFailure(
  expression: string,
  field: string,
  error: unknown,
  freshId: () => string,
): StatesError {
  const prefix = subject(expression, field);
  if (error instanceof JsonataLimitError) {
    return queryEvaluationError(`${prefix} threw an error during evaluation: ${error.message}`);
  }
  if (error instanceof RangeError) {
    // The host ran out of stack or of string/array length before a bound tripped.
    const bound = /call stack/i.test(error.message) ? LIMIT_MESSAGES.depth : LIMIT_MESSAGES.memory;
    return queryEvaluationError(`${prefix} threw an error during evaluation: ${bound}`);
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as JsonataErrorShape;
  if (typeof shape.code === 'string' && JSONATA_ERROR_CODE.test(shape.code)) {
    const message = typeof shape.message === 'string' ? shape.message : '';
    return queryEvaluationError(`${prefix} threw an error during evaluation. ${shape.code}: ${message}`);
  }
  return queryEvaluationError(`${prefix} threw an internal error during evaluation. ${freshId()}`);
}
