// The history events that end a Task's service call, as AWS writes them: a bare Lambda function ARN
// writes LambdaFunction* events, an Activity Activity* events, any other resource Task* events naming
// the service and the action. Shared by the plain call (task.ts) and the waits for a task token
// (taskWait.ts).

import { ErrorNames, StatesError } from '../../errors';
import { MAX_PAYLOAD_BYTES, outsideValueProblem, tooDeepText, type JsonValue } from '../../json';
import type { MockResponse } from '../../mocks';
import { NOT_TRUNCATED, type ErrorDetails, type TaskResource } from '../events';
import type { StateRun } from '../stateRun';

/** One call of a Task state and how its events are written. */
export interface ServiceCall {
  run: StateRun;
  /** Which family of events it writes. */
  family: 'lambda' | 'activity' | 'task';
  /** For Task* events. */
  target: TaskResource;
  /** The effective request (Parameters or Arguments evaluated). */
  parameters: JsonValue;
  timeoutSeconds: number;
  heartbeatSeconds: number | undefined;
}

/** Writes the timeout (AWS writes the error alone, no cause) and throws it. */
export function timeOut(call: ServiceCall, error: string, heartbeat = false): never {
  if (call.family === 'lambda') {
    call.run.record({ type: 'LambdaFunctionTimedOut', details: { error } });
  } else if (call.family === 'activity') {
    call.run.record({ type: 'ActivityTimedOut', details: { error } });
  } else {
    const { resourceType, resource } = call.target;
    call.run.record({ type: 'TaskTimedOut', details: { resourceType, resource, error } });
  }
  throw new StatesError(error, '', { fromTask: true, heartbeat });
}

/** Writes the task's failure (error and cause left out when empty, as AWS does) and throws it. */
export function failed(call: ServiceCall, error: string, cause: string): never {
  const details: ErrorDetails = {};
  if (error !== '') details.error = error;
  if (cause !== '') details.cause = cause;
  if (call.family === 'lambda') {
    call.run.record({ type: 'LambdaFunctionFailed', details: details });
  } else if (call.family === 'activity') {
    call.run.record({ type: 'ActivityFailed', details: details });
  } else {
    const { resourceType, resource } = call.target;
    call.run.record({ type: 'TaskFailed', details: { resourceType, resource, ...details } });
  }
  throw new StatesError(error, cause, { fromTask: true });
}

/** The result (or error) a service gave, with its event; returns the raw result or throws. */
export function reportResponse(
  call: ServiceCall,
  response: Extract<MockResponse, { kind: 'return' | 'throw' }>,
): JsonValue {
  const { run, family } = call;
  const lambda = family === 'lambda';
  if (response.kind === 'throw') {
    // A Lambda function's error object reaches the cause as the runtime wrote it (spaced JSON) for a
    // bare function ARN, and re-serialised compactly by the lambda:invoke integration.
    const cause =
      response.structuredCause !== undefined && !lambda
        ? JSON.stringify(response.structuredCause)
        : response.cause;
    failed(call, response.error, cause);
  }
  const output = response.value;
  // AWS reports an oversized result as the task's failure (catchable, even by States.ALL), naming the
  // function for a bare Lambda ARN and the service (`lambda`, `sqs`...) for an integration. A result
  // nested past the one bound on outside values (core/json.ts) fails the same way: checked first, as
  // measuring its size would recurse through every level.
  const problem = outsideValueProblem(output, MAX_PAYLOAD_BYTES);
  if (problem !== undefined) {
    const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
    const task = `The state/task '${lambda ? resource : serviceOf(resource)}'`;
    const cause =
      problem === 'depth'
        ? `${tooDeepText(`${task} returned a result that`)}.`
        : `${task} returned a result with a size exceeding the maximum number of bytes service limit.`;
    failed(call, ErrorNames.DataLimitExceeded, cause);
  }
  if (lambda) {
    run.record({
      type: 'LambdaFunctionSucceeded',
      details: { output, outputDetails: NOT_TRUNCATED },
    });
  } else if (family === 'activity') {
    run.record({ type: 'ActivitySucceeded', details: { output, outputDetails: NOT_TRUNCATED } });
  } else {
    const { resourceType, resource } = call.target;
    run.record({
      type: 'TaskSucceeded',
      details: { resourceType, resource, output, outputDetails: NOT_TRUNCATED },
    });
  }
  return output;
}

/** The service of an integration ARN (`arn:aws:states:::lambda:invoke` → `lambda`), else the ARN. */
function serviceOf(resource: string): string {
  return /^arn:[^:]+:states:::([^:.]+)/.exec(resource)?.[1] ?? resource;
}
