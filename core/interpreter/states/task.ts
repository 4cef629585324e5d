// The Task state: its request (InputPath and Parameters, or Arguments), the service call with its
// history events on the virtual clock (timeouts, IAM, oversized results), then its result through the
// query language's output pipeline; Retry and Catch around it all.
//
// The call's answer comes from the host's services as a value or a promise: a task handler may answer
// later, and so, once callbacks exist, may a SendTaskSuccess from outside. Whatever answers, the answer is
// placed on the virtual clock by settleCall().

import { ErrorNames, StatesError } from '../../errors';
import { isJsonObject, jsonExceeds, MAX_PAYLOAD_BYTES, type JsonValue } from '../../json';
import type { MockResponse } from '../../mocks';
import type { QueryLanguage, TaskTimeouts } from '../dataflow';
import { NOT_TRUNCATED, type ErrorDetails, type NewEvent, type TaskResource } from '../events';
import { after, andThen, type MaybePromise } from '../maybePromise';
import type { TaskRequest } from '../host';
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
        andThen(credentialsOf(run, language, effective), (credentials) =>
          andThen(callService(run, request, timeouts, credentials), (result) =>
            language.finishWithResult(run, result, nextOf(run)),
          ),
        ),
      ),
    ),
  );
}

/** The role a Task's `Credentials` names (its RoleArn, literal, from a path or an expression), if any. */
function credentialsOf(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<{ roleArn: string } | undefined> {
  const credentials = run.def.Credentials;
  if (!isJsonObject(credentials)) return undefined;
  return andThen(language.template(run, credentials, 'Credentials', effective), (value) => {
    const roleArn = isJsonObject(value) ? value.RoleArn : undefined;
    return typeof roleArn === 'string' ? { roleArn } : undefined;
  });
}

/** A Task's timeout when it sets none: AWS's largest. */
const DEFAULT_TIMEOUT_SECONDS = 99_999_999;

/**
 * One call and the history events it writes: a bare function ARN writes Lambda's own events
 * (LambdaFunction*: the function ARN, its input), any other resource Task* events naming the service and
 * the action (`arn:aws:states:::lambda:invoke` is resourceType `lambda`, resource `invoke`).
 */
interface ServiceCall {
  run: StateRun;
  lambda: boolean;
  /** For Task* events. */
  target: TaskResource;
  timeoutSeconds: number;
  heartbeatSeconds: number | undefined;
}

/** The service call with its history events; returns the raw result or throws the task's error. */
function callService(
  run: StateRun,
  parameters: JsonValue,
  timeouts: TaskTimeouts,
  credentials: { roleArn: string } | undefined,
): MaybePromise<JsonValue> {
  const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
  const lambda = isLegacyLambdaArn(resource);
  const target = taskResourceOf(resource);
  const { timeoutSeconds, heartbeatSeconds } = timeouts;
  if (lambda) {
    const details: LambdaScheduled = { resource, input: parameters, inputDetails: NOT_TRUNCATED };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (credentials) details.taskCredentials = credentials;
    run.record({ type: 'LambdaFunctionScheduled', details: details });
  } else {
    const details: TaskScheduled = {
      resourceType: target.resourceType,
      resource: target.resource,
      region: run.identity.region,
      parameters,
    };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
    if (credentials) details.taskCredentials = credentials;
    run.record({ type: 'TaskScheduled', details: details });
  }
  const services = run.host.services;
  const request: TaskRequest = {
    stateName: run.name,
    resource,
    parameters,
    attempt: run.retryCount,
    scope: run.thread.scope,
  };
  // A handler process is stopped at the Task's own TimeoutSeconds, when it sets one.
  if (timeoutSeconds !== undefined) request.timeoutSeconds = timeoutSeconds;
  const call: ServiceCall = {
    run,
    lambda,
    target,
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    heartbeatSeconds,
  };
  const denied = services.authorize(request);
  if (denied) failed(call, denied.error, denied.cause);
  // Event details are written as literals: object spread is a slow path in V8 here.
  if (lambda) run.record({ type: 'LambdaFunctionStarted' });
  else run.record({ type: 'TaskStarted', details: target });
  return andThen(services.call(request), (response) => settleCall(call, response));
}

/** The response on the virtual clock: a timeout when it "takes" too long, else its result or error. */
function settleCall(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  const { timeoutSeconds, heartbeatSeconds } = call;
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
  // A timeout has no cause: AWS writes the error alone.
  if (call.lambda) {
    call.run.record({ type: 'LambdaFunctionTimedOut', details: { error } });
  } else {
    const { resourceType, resource } = call.target;
    call.run.record({ type: 'TaskTimedOut', details: { resourceType, resource, error } });
  }
  throw new StatesError(error, '', { fromTask: true });
}

/** Writes the task's failure (error and cause left out when empty, as AWS does) and throws it. */
function failed(call: ServiceCall, error: string, cause: string): never {
  const details: ErrorDetails = {};
  if (error !== '') details.error = error;
  if (cause !== '') details.cause = cause;
  if (call.lambda) {
    call.run.record({ type: 'LambdaFunctionFailed', details: details });
  } else {
    const { resourceType, resource } = call.target;
    call.run.record({ type: 'TaskFailed', details: { resourceType, resource, ...details } });
  }
  throw new StatesError(error, cause, { fromTask: true });
}

function reportResponse(call: ServiceCall, response: MockResponse): JsonValue {
  const { run, lambda } = call;
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
  if (jsonExceeds(output, MAX_PAYLOAD_BYTES)) {
    // AWS reports an oversized result as the task's failure (catchable, even by States.ALL), naming the
    // function for a bare Lambda ARN and the service (`lambda`, `sqs`...) for an integration.
    const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
    const cause = `The state/task '${lambda ? resource : serviceOf(resource)}' returned a result with a size exceeding the maximum number of bytes service limit.`;
    failed(call, ErrorNames.DataLimitExceeded, cause);
  }
  if (lambda) {
    run.record({
      type: 'LambdaFunctionSucceeded',
      details: { output, outputDetails: NOT_TRUNCATED },
    });
  } else {
    const { resourceType, resource } = call.target;
    run.record({
      type: 'TaskSucceeded',
      details: { resourceType, resource, output, outputDetails: NOT_TRUNCATED },
    });
  }
  return output;
}

/** `arn:aws:states:::aws-sdk:s3:getObject` → `aws-sdk:s3` and `getObject`; any other ARN is its own resource. */
export function taskResourceOf(arn: string): TaskResource {
  let known = taskResources.get(arn);
  if (known === undefined) {
    const m = /^arn:[^:]+:states:::(aws-sdk:[^:]+|[^:]+):(.+)$/.exec(arn);
    known = Object.freeze(
      m ? { resourceType: m[1] ?? '', resource: m[2] ?? '' } : { resourceType: '', resource: arn },
    );
    if (taskResources.size > 10_000) taskResources.clear();
    taskResources.set(arn, known);
  }
  return known;
}
const taskResources = new Map<string, TaskResource>();

type TaskScheduled = Extract<NewEvent, { type: 'TaskScheduled' }>['details'];
type LambdaScheduled = Extract<NewEvent, { type: 'LambdaFunctionScheduled' }>['details'];

/** The service of an integration ARN (`arn:aws:states:::lambda:invoke` → `lambda`), else the ARN. */
function serviceOf(resource: string): string {
  return /^arn:[^:]+:states:::([^:.]+)/.exec(resource)?.[1] ?? resource;
}
