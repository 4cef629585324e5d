// The Task state: parameters, the mocked (or handler-provided) service call on the virtual clock,
// timeouts, IAM authorization, then ResultSelector / ResultPath / OutputPath.

import { ErrorNames, StatesError } from '../../errors';
import { jsonExceeds, MAX_PAYLOAD_BYTES, type JsonValue } from '../../json';
import type { MockResponse, TaskHandler } from '../../mocks';
import { after, andThen, type MaybePromise } from '../maybePromise';
import { evaluatePayloadTemplate } from '../payload';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applySelectPath, readRequiredPath } from './dataflow';
import { finishWithResult } from './finish';
import { jsonataField, jsonataTypedField, usesJsonata } from '../query';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';

const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

export function isLegacyLambdaArn(resource: string): boolean {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
}

export function runTask(run: StateRun): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, () => attemptTask(run));
}

function secondsField(
  run: StateRun,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  input: JsonValue,
): number | undefined {
  const literal = run.def[field];
  if (typeof literal === 'number') return literal;
  const pathText = run.def[field === 'TimeoutSeconds' ? 'TimeoutSecondsPath' : 'HeartbeatSecondsPath'];
  if (typeof pathText !== 'string') return undefined;
  const value = readRequiredPath(run, pathText, input);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw run.fail(
      `The ${field}Path field refers to value "${JSON.stringify(value)}" which is not a valid positive integer: ${pathText}`,
    );
  }
  return value;
}

/** Runs a programmatic task handler; its exceptions become the task's error. */
async function callHandler(
  handler: TaskHandler,
  parameters: JsonValue,
  context: Parameters<TaskHandler>[1],
): Promise<MockResponse> {
  try {
    const value = await handler(parameters, context);
    return { kind: 'return', value };
  } catch (err) {
    if (err instanceof StatesError) return { kind: 'throw', error: err.error, cause: err.cause ?? '' };
    const e = err instanceof Error ? err : new Error(String(err));
    return { kind: 'throw', error: e.name || 'Error', cause: e.message };
  }
}

/** Asks the task handler or the mocks for this invocation's response (mocks answer synchronously). */
function invokeTask(
  run: StateRun,
  parameters: JsonValue,
  resource: string,
  timeoutSeconds: number,
): MockResponse | Promise<MockResponse> {
  const rt = run.rt;
  const invocation = rt.nextInvocation(run.name);
  // Own entries only: a state named `constructor` or `toString` has no handler unless one is given.
  const handlers = rt.config.taskHandlers;
  const handler = Object.prototype.hasOwnProperty.call(handlers, run.name) ? handlers[run.name] : undefined;
  if (handler) {
    return callHandler(handler, parameters, {
      stateName: run.name,
      resource,
      invocation,
      attempt: run.retryCount,
      ...(timeoutSeconds === DEFAULT_TIMEOUT_SECONDS ? {} : { timeoutSeconds }),
      scope: run.thread.scope,
    });
  }
  const response = rt.config.mocks?.responseFor(run.name, invocation);
  if (!response) {
    throw new StatesError(
      'Stepthrough.MockMissing',
      `The Task state '${run.name}' (${resource}) has no mock and no task handler. Add a mock for it, e.g. {"${run.name}": [{"Return": {}}]}.`,
    );
  }
  return response;
}

function attemptTask(run: StateRun): MaybePromise<StateCompletion> {
  const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
  if (usesJsonata(run)) return attemptTaskByJsonata(run, resource);
  const effective = applySelectPath(run, 'InputPath', run.rawInput);
  return after(run.stage('afterInputPath', effective), () => {
    if (!('Parameters' in run.def)) return callAndFinish(run, resource, effective, effective);
    const parameters = evaluatePayloadTemplate(run.def.Parameters as JsonValue, run.scope(effective));
    return after(run.stage('afterParameters', parameters), () =>
      callAndFinish(run, resource, parameters, effective),
    );
  });
}

/** JSONPath: the timeouts (literal or `*Path` over the effective input), the call, then the result. */
function callAndFinish(
  run: StateRun,
  resource: string,
  parameters: JsonValue,
  effective: JsonValue,
): MaybePromise<StateCompletion> {
  const timeout = secondsField(run, 'TimeoutSeconds', effective) ?? DEFAULT_TIMEOUT_SECONDS;
  const heartbeat = secondsField(run, 'HeartbeatSeconds', effective);
  return andThen(callService(run, resource, parameters, timeout, heartbeat), (result) =>
    finishWithResult(run, result, nextOf(run)),
  );
}

async function attemptTaskByJsonata(run: StateRun, resource: string): Promise<StateCompletion> {
  const parameters =
    'Arguments' in run.def
      ? await jsonataField(run, run.def.Arguments as JsonValue, 'Arguments')
      : run.rawInput;
  await run.stage('afterParameters', parameters);
  const t =
    'TimeoutSeconds' in run.def
      ? await jsonataTypedField(run, run.def.TimeoutSeconds as JsonValue, 'TimeoutSeconds', 'integer')
      : undefined;
  const h =
    'HeartbeatSeconds' in run.def
      ? await jsonataTypedField(run, run.def.HeartbeatSeconds as JsonValue, 'HeartbeatSeconds', 'integer')
      : undefined;
  const timeout = typeof t === 'number' ? t : DEFAULT_TIMEOUT_SECONDS;
  const heartbeat = typeof h === 'number' ? h : undefined;
  const result = await callService(run, resource, parameters, timeout, heartbeat);
  return finishWithResult(run, result, nextOf(run));
}

/** Which history events a call writes: Lambda's own for a bare function ARN, Task* otherwise. */
interface ServiceCall {
  run: StateRun;
  state: string;
  resource: string;
  lambda: boolean;
  timeoutSeconds: number;
  heartbeatSeconds: number | undefined;
}

/** The service call with its history events; returns the raw result or throws the task's error. */
export function callService(
  run: StateRun,
  resource: string,
  parameters: JsonValue,
  timeoutSeconds: number,
  heartbeatSeconds: number | undefined,
): MaybePromise<JsonValue> {
  const rt = run.rt;
  const lambda = isLegacyLambdaArn(resource);
  const state = run.name;
  rt.append(run.thread, {
    type: lambda ? 'LambdaFunctionScheduled' : 'TaskScheduled',
    details: {
      state,
      resource,
      parameters,
      timeoutInSeconds: timeoutSeconds,
      heartbeatInSeconds: heartbeatSeconds,
    },
  });
  const denied = rt.config.authorizeTask?.({ stateName: run.name, resource, parameters });
  if (denied) {
    rt.append(run.thread, {
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: denied.error, cause: denied.cause },
    });
    rt.nextInvocation(run.name);
    throw new StatesError(denied.error, denied.cause, { fromTask: true });
  }
  // Event details are written as literals: object spread is a slow path in V8 here.
  rt.append(run.thread, {
    type: lambda ? 'LambdaFunctionStarted' : 'TaskStarted',
    details: { state, resource },
  });
  const call: ServiceCall = { run, state, resource, lambda, timeoutSeconds, heartbeatSeconds };
  return andThen(invokeTask(run, parameters, resource, timeoutSeconds), (response) =>
    settleCall(call, response),
  );
}

/** The response on the virtual clock: a timeout when it "takes" too long, else its result or error. */
function settleCall(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  const durationMs = (response.delaySeconds ?? 0) * 1000;
  const limitMs = Math.min(call.timeoutSeconds, call.heartbeatSeconds ?? Infinity) * 1000;
  const timedOutByMock =
    response.kind === 'throw' &&
    (response.error === ErrorNames.Timeout || response.error === ErrorNames.HeartbeatTimeout) &&
    response.cause === '';
  if (durationMs > limitMs || timedOutByMock) {
    const error =
      timedOutByMock && response.kind === 'throw'
        ? response.error
        : call.heartbeatSeconds !== undefined && call.heartbeatSeconds < call.timeoutSeconds
          ? ErrorNames.HeartbeatTimeout
          : ErrorNames.Timeout;
    return after(call.run.rt.sleep(call.run.thread, Math.min(durationMs, limitMs)), () =>
      timeOut(call, error),
    );
  }
  const slept = durationMs > 0 ? call.run.rt.sleep(call.run.thread, durationMs) : undefined;
  return after(slept, () => reportResponse(call, response));
}

function timeOut(call: ServiceCall, error: string): never {
  const { state, resource } = call;
  call.run.rt.append(call.run.thread, {
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
    run.rt.append(run.thread, {
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: response.error, cause },
    });
    throw new StatesError(response.error, cause, { fromTask: true });
  }
  if (jsonExceeds(response.value, MAX_PAYLOAD_BYTES)) {
    // AWS reports an oversized result as the task's failure (catchable, even by States.ALL), naming the
    // function for a bare Lambda ARN and the service (`lambda`, `sqs`...) for an integration.
    const cause = `The state/task '${lambda ? resource : serviceOf(resource)}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    run.rt.append(run.thread, {
      type: lambda ? 'LambdaFunctionFailed' : 'TaskFailed',
      details: { state, resource, error: ErrorNames.DataLimitExceeded, cause },
    });
    throw new StatesError(ErrorNames.DataLimitExceeded, cause, { fromTask: true });
  }
  run.rt.append(run.thread, {
    type: lambda ? 'LambdaFunctionSucceeded' : 'TaskSucceeded',
    details: { state, resource, output: response.value },
  });
  return response.value;
}

/** The service of an integration ARN (`arn:aws:states:::lambda:invoke` → `lambda`), else the ARN. */
function serviceOf(resource: string): string {
  return /^arn:[^:]+:states:::([^:.]+)/.exec(resource)?.[1] ?? resource;
}
