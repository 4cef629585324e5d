// What a handler's call outcome becomes for the Task, as AWS shows it:
//
//   - a result is the function's result (core/mocks/answer.ts wraps it for lambda:invoke);
//   - an unhandled error (and a load failure: Runtime.ImportModuleError, Runtime.HandlerNotFound...)
//     fails the Task with the error's type as its name and the runtime's error object as the Cause:
//     as the runtime wrote it for a function ARN Resource, re-serialised compactly by lambda:invoke
//     (recorded: conformance error_handling/task_lambda.test_raise_custom_exception and
//     task_service_lambda.test_raise_custom_exception); a handler standing in for another service
//     fails with its message as the Cause;
//   - running past the Task's TimeoutSeconds is States.Timeout with no cause (recorded:
//     conformance timeouts/timeouts.test_fixed_timeout_lambda and _service_lambda); running past the
//     function's own Timeout (Lambda's 3 s by default) is a Lambda failure without an error type,
//     which Step Functions reports as Lambda.Unknown, as it does a process that dies or runs out of
//     memory (Step Functions developer guide, "Handle Lambda service exceptions": "Unhandled errors
//     in Lambda are reported as Lambda.Unknown ... These include out-of-memory errors and function
//     timeouts"); for a handler standing in for another service these are States.TaskFailed.

import { ErrorNames, StatesError } from '../../core/errors';
import type { JsonValue } from '../../core';
import { spacedJson, type Integration } from '../../core/mocks/targets';
import type { RuntimeErrorObject } from './protocol';
import type { CallOutcome } from './worker';

/** What the mapping needs to know about the call. */
export interface CallShape {
  integration: Integration;
  /** Which bound stopped a call that ran too long: the Task's TimeoutSeconds or the function's own Timeout. */
  bound: 'task' | 'function';
  limitSeconds: number;
  /** The runtime that wrote an error object (its serialisation differs). */
  runtime: 'node' | 'python' | 'command';
  /** How messages name the handler: `ChargeCard (./src/charge.js#handler)`. */
  label: string;
}

export function isLambda(integration: Integration): boolean {
  return integration === 'lambdaInvoke' || integration === 'lambdaCallback' || integration === 'lambdaArn';
}

function failure(shape: CallShape, error: RuntimeErrorObject, written: string | undefined): StatesError {
  if (!isLambda(shape.integration))
    return new StatesError(error.errorType, error.errorMessage, { fromTask: true });
  // As each runtime writes its error object: Python's json.dumps spaced, Node.js's JSON.stringify compact.
  const asWritten = written ?? (shape.runtime === 'python' ? spacedJson(error) : JSON.stringify(error));
  const cause = shape.integration === 'lambdaArn' ? asWritten : JSON.stringify(error);
  return new StatesError(error.errorType, cause, { fromTask: true });
}

/** A failure with no error type: Lambda.Unknown for a function, States.TaskFailed for another service. */
function unknown(shape: CallShape, cause: string): StatesError {
  return new StatesError(isLambda(shape.integration) ? 'Lambda.Unknown' : ErrorNames.TaskFailed, cause, {
    fromTask: true,
  });
}

function exitText(code: number | null, signal: string | null): string {
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code ?? '?'}`;
}

/** The Task's result, or the StatesError it fails with. */
export function taskResult(outcome: CallOutcome, shape: CallShape): JsonValue {
  switch (outcome.kind) {
    case 'result':
      return outcome.value;
    case 'error':
      throw failure(shape, outcome.error, outcome.text);
    case 'initError':
      throw failure(shape, outcome.error, undefined);
    case 'timeout':
      if (shape.bound === 'task' || !isLambda(shape.integration))
        throw new StatesError(ErrorNames.Timeout, '', { fromTask: true });
      throw unknown(
        shape,
        `${shape.label}: Task timed out after ${shape.limitSeconds.toFixed(2)} seconds (the function's Timeout; Lambda's default is 3)`,
      );
    case 'crash': {
      const tail = outcome.exit.stderrTail;
      throw unknown(
        shape,
        `${shape.label}: the handler's process ${exitText(outcome.exit.code, outcome.exit.signal)} before it answered${tail ? `; its last output:\n${tail}` : ''}`,
      );
    }
    case 'spawnFailed':
      throw unknown(shape, `${shape.label}: the handler could not start: ${outcome.message}`);
    case 'protocol':
      throw unknown(shape, `${shape.label}: ${outcome.message}`);
    case 'badOutput':
      throw unknown(shape, `${shape.label}: ${outcome.message}`);
  }
}
