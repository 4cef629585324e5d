// The Task state: its request (InputPath and Parameters, or Arguments), the service call with its
// history events on the virtual clock (timeouts, IAM, oversized results), then its result through the
// query language's output pipeline; Retry and Catch around it all.
//
// The call's answer comes from the host's services as a value or a promise: a task handler may answer
// later. A Task that waits for its task token (or an Activity) is answered by a script or from outside
// (taskWait.ts). Whatever answers, the answer is placed on the virtual clock there.

import { isJsonObject, type JsonValue } from '../../json';
import type { QueryLanguage, TaskTimeouts } from '../dataflow';
import { NOT_TRUNCATED, type NewEvent, type TaskResource } from '../events';
import { andThen, type MaybePromise } from '../maybePromise';
import type { TaskRequest } from '../host';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';
import { failed, type ServiceCall } from './taskEvents';
import { httpOutcome, isHttpInvoke } from './httpTask';
import { runNestedExecution, settleSyncMock, startPatternOf } from './nestedExecution';
import { settleCall, settleWait } from './taskWait';

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
 * The service call with its history events; returns the raw result or throws the task's error. A bare
 * function ARN writes Lambda's own events (LambdaFunction*: the function ARN, its input), an Activity
 * Activity* events, any other resource Task* events naming the service and the action
 * (`arn:aws:states:::lambda:invoke` is resourceType `lambda`, resource `invoke`).
 */
function callService(
  run: StateRun,
  parameters: JsonValue,
  timeouts: TaskTimeouts,
  credentials: { roleArn: string } | undefined,
): MaybePromise<JsonValue> {
  const resource = typeof run.def.Resource === 'string' ? run.def.Resource : '';
  const family = isLegacyLambdaArn(resource) ? 'lambda' : isActivityArn(resource) ? 'activity' : 'task';
  const target = taskResourceOf(resource);
  const { timeoutSeconds, heartbeatSeconds } = timeouts;
  if (family === 'lambda') {
    const details: LambdaScheduled = { resource, input: parameters, inputDetails: NOT_TRUNCATED };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (credentials) details.taskCredentials = credentials;
    run.record({ type: 'LambdaFunctionScheduled', details: details });
  } else if (family === 'activity') {
    const details: ActivityScheduled = { resource, input: parameters, inputDetails: NOT_TRUNCATED };
    if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
    if (heartbeatSeconds !== undefined) details.heartbeatInSeconds = heartbeatSeconds;
    run.record({ type: 'ActivityScheduled', details: details });
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
  const execution = run.thread.execution;
  if (execution) request.execution = execution.info;
  const call: ServiceCall = {
    run,
    family,
    target,
    parameters,
    timeoutSeconds: timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    heartbeatSeconds,
  };
  const denied = services.authorize(request);
  if (denied) failed(call, denied.error, denied.cause);
  // Event details are written as literals: object spread is a slow path in V8 here.
  if (family === 'lambda') run.record({ type: 'LambdaFunctionStarted' });
  else if (family === 'activity') run.record({ type: 'ActivityStarted', details: ACTIVITY_WORKER });
  else run.record({ type: 'TaskStarted', details: target });
  const waits = family === 'activity' || resource.endsWith('.waitForTaskToken');
  const nested = startPatternOf(resource);
  const http = isHttpInvoke(resource);
  return andThen(services.call(request), (response) => {
    if (response.kind === 'execution') {
      if (nested === undefined) throw new Error(`a mapped machine answered the ${resource} Task`);
      return runNestedExecution(call, response.machine, nested, response.key);
    }
    if (waits) return settleWait(call, response);
    if (nested === 'sync' || nested === 'sync:2') return settleSyncMock(call, response);
    return settleCall(call, http ? httpOutcome(response) : response);
  });
}

/**
 * The worker an Activity's ActivityStarted names: AWS names the worker that called GetActivityTask;
 * here a mock, a handler or the caller answers, so the engine names itself.
 */
const ACTIVITY_WORKER = Object.freeze({ workerName: 'stepthrough' });

/** `arn:<partition>:states:<region>:<account>:activity:<name>`. */
export function isActivityArn(resource: string): boolean {
  return /^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource);
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
type ActivityScheduled = Extract<NewEvent, { type: 'ActivityScheduled' }>['details'];
