// The Task state: its request (InputPath and Parameters, or Arguments), the service call with its
// history events on the virtual clock (timeouts, IAM, oversized results), then its result through the
// query language's output pipeline; Retry and Catch around it all.
//
// The call's answer comes from the host's services as a value or a promise: a task handler may answer
// later, and so, once callbacks exist, may a SendTaskSuccess from outside. Whatever answers, the answer is
// placed on the virtual clock by settleCall().

import { ErrorNames, StatesError } from '../../errors';
import { jsonExceeds, MAX_PAYLOAD_BYTES, type JsonValue } from '../../json';
import type { MockResponse } from '../../mocks';
import type { QueryLanguage, TaskTimeouts } from '../dataflow';
import { after, andThen, type MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';

export function isLegacyLambdaArn(resource: string): boolean {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
}

export function runTask(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, language, () => attemptTask(run, language));
}

function attemptTask(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThen(language.effectiveInput(run), (effective) =>
    andThen(language.parameters(run, effective), (request) =>
      andThen(language.taskTimeouts(run, effective), (timeouts) =>
        andThen(callService(run, request, timeouts), (result) =>
          language.finishWithResult(run, result, nextOf(run)),
        ),
      ),
    ),
  );
}

/** One call and the history events it writes: Lambda's own for a bare function ARN, Task* otherwise. */
interface ServiceCall {
  run: StateRun;
  state: string;
  resource: string;
  lambda: boolean;
  timeouts: TaskTimeouts;
}

/** The service call with its history events; returns the raw result or throws the task's error. */
function callService(run: StateRun, parameters: JsonValue, timeouts: TaskTimeouts): MaybePromise<JsonValue> {
  const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
  const lambda = isLegacyLambdaArn(resource);
  const state = run.name;
  run.record({
    type: lambda ? 'LambdaFunctionScheduled' : 'TaskScheduled',
    details: {
      state,
      resource,
      parameters,
      timeoutInSeconds: timeouts.timeoutSeconds,
      heartbeatInSeconds: timeouts.heartbeatSeconds,
    },
  });
  const services = run.host.services;
  const request = { stateName: state, resource, parameters, attempt: run.retryCount };
  const denied = services.authorize(request);
  if (denied) {
    run.record({
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: denied.error, cause: denied.cause },
    });
    throw new StatesError(denied.error, denied.cause, { fromTask: true });
  }
  // Event details are written as literals: object spread is a slow path in V8 here.
  run.record({ type: lambda ? 'LambdaFunctionStarted' : 'TaskStarted', details: { state, resource } });
  const call: ServiceCall = { run, state, resource, lambda, timeouts };
  return andThen(services.call(request), (response) => settleCall(call, response));
}

/** The response on the virtual clock: a timeout when it "takes" too long, else its result or error. */
function settleCall(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  const { timeoutSeconds, heartbeatSeconds } = call.timeouts;
  const durationMs = (response.delaySeconds ?? 0) * 1000;
  const limitMs = Math.min(timeoutSeconds, heartbeatSeconds ?? Infinity) * 1000;
  const timedOutByMock =
    response.kind === 'throw' &&
    (response.error === ErrorNames.Timeout || response.error === ErrorNames.HeartbeatTimeout) &&
    response.cause === '';
  const run = call.run;
  if (durationMs > limitMs || timedOutByMock) {
    const error =
      timedOutByMock && response.kind === 'throw'
        ? response.error
        : heartbeatSeconds !== undefined && heartbeatSeconds < timeoutSeconds
          ? ErrorNames.HeartbeatTimeout
          : ErrorNames.Timeout;
    return after(run.host.sleep(run.thread, Math.min(durationMs, limitMs)), () => timeOut(call, error));
  }
  const slept = durationMs > 0 ? run.host.sleep(run.thread, durationMs) : undefined;
  return after(slept, () => reportResponse(call, response));
}

function timeOut(call: ServiceCall, error: string): never {
  const { state, resource } = call;
  call.run.record({
    type: call.lambda ? 'LambdaFunctionTimedOut' : 'TaskTimedOut',
    details: { state, resource, error, cause: '' },
  });
  throw new StatesError(error, '', { fromTask: true });
}

function reportResponse(call: ServiceCall, response: MockResponse): JsonValue {
  const { run, state, resource, lambda } = call;
  if (response.kind === 'throw') {
    // A Lambda function's error object reaches the cause as the runtime wrote it (spaced JSON) for a
    // bare function ARN, and re-serialised compactly by the lambda:invoke integration.
    const cause =
      response.structuredCause !== undefined && !lambda
        ? JSON.stringify(response.structuredCause)
        : response.cause;
    run.record({
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: response.error, cause },
    });
    throw new StatesError(response.error, cause, { fromTask: true });
  }
  if (jsonExceeds(response.value, MAX_PAYLOAD_BYTES)) {
    // AWS reports an oversized result as the task's failure (catchable, even by States.ALL), naming the
    // function for a bare Lambda ARN and the service (`lambda`, `sqs`...) for an integration.
    const cause = `The state/task '${lambda ? resource : serviceOf(resource)}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    run.record({
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: ErrorNames.DataLimitExceeded, cause },
    });
    throw new StatesError(ErrorNames.DataLimitExceeded, cause, { fromTask: true });
  }
  run.record({
    type: lambda ? 'LambdaFunctionSucceeded' : 'TaskSucceeded',
    details: { state, resource, output: response.value },
  });
  return response.value;
}

/** The service of an integration ARN (`arn:aws:states:::lambda:invoke` → `lambda`), else the ARN. */
function serviceOf(resource: string): string {
  return /^arn:[^:]+:states:::([^:.]+)/.exec(resource)?.[1] ?? resource;
}
