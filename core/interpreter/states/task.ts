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
import { andThen, andThenWith, type MaybePromise } from '../maybePromise';
import type { TaskRequest } from '../host';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { withRetryAndCatch } from './errorFlow';
import { nextOf } from './simple';
import { failed, type ServiceCall } from './taskEvents';
import { httpOutcome, isHttpInvoke } from './httpTask';
import { runNestedExecution, settleSyncMock, startPatternOf, type StartPattern } from './nestedExecution';
import { settleCall, settleWait } from './taskWait';

export function isLegacyLambdaArn(resource: string): boolean {
  return /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
}

export function runTask(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return withRetryAndCatch(run, language, () => attemptTask(run, language));
}

/**
 * One attempt: the effective input, the request, the timeouts and the credentials (in that order, each
 * possibly a promise), the call, then the output pipeline. Written as steps rather than nested closures:
 * a closure is made only where a step is a promise.
 */
function attemptTask(run: StateRun, language: QueryLanguage): MaybePromise<StateCompletion> {
  return andThenWith(language.effectiveInput(run), requestOf, run, language);
}

function requestOf(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
): MaybePromise<StateCompletion> {
  const request = language.parameters(run, effective);
  if (request instanceof Promise) return request.then((r) => limitsOf(run, language, effective, r));
  return limitsOf(run, language, effective, request);
}

function limitsOf(
  run: StateRun,
  language: QueryLanguage,
  effective: JsonValue,
  request: JsonValue,
): MaybePromise<StateCompletion> {
  const timeouts = language.taskTimeouts(run, effective);
  if (timeouts instanceof Promise)
    return timeouts.then((t) => callWith(run, language, request, t, credentialsOf(run, language, effective)));
  return callWith(run, language, request, timeouts, credentialsOf(run, language, effective));
}

function callWith(
  run: StateRun,
  language: QueryLanguage,
  request: JsonValue,
  timeouts: TaskTimeouts,
  credentials: MaybePromise<{ roleArn: string } | undefined>,
): MaybePromise<StateCompletion> {
  if (credentials instanceof Promise)
    return credentials.then((c) => callWith(run, language, request, timeouts, c));
  const result = callService(run, request, timeouts, credentials);
  if (result instanceof Promise) return result.then((r) => language.finishWithResult(run, r, nextOf(run)));
  return language.finishWithResult(run, result, nextOf(run));
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
  const { family, target, waits, nested, http } = resourceKindOf(resource);
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
  else if (family !== 'activity') run.record({ type: 'TaskStarted', details: target });
  const answer = services.call(request);
  // An Activity is started when its worker takes it: a mock, a script or a handler at once; a worker
  // outside when it takes the task (the handle's takeActivityTask: the API's GetActivityTask).
  if (family === 'activity' && (answer instanceof Promise || answer.kind !== 'outside'))
    run.record({ type: 'ActivityStarted', details: ACTIVITY_WORKER });
  return andThen(answer instanceof Promise ? run.host.callOut(run.thread, answer) : answer, (response) => {
    if (response.kind === 'execution') {
      if (nested === undefined) throw new Error(`a mapped machine answered the ${resource} Task`);
      return runNestedExecution(call, response.machine, nested, response.key);
    }
    if (waits) return settleWait(call, response);
    if (nested === 'sync' || nested === 'sync:2') return settleSyncMock(call, response);
    return settleCall(call, http ? httpOutcome(response) : response);
  });
}

/** What a Task's resource makes of its call: the events it writes and how it is answered. */
interface ResourceKind {
  family: ServiceCall['family'];
  target: TaskResource;
  /** Waits for its task token (a callback or an Activity). */
  waits: boolean;
  nested: StartPattern | undefined;
  http: boolean;
}

/** A resource's kind, worked out once per resource text (four regular expressions otherwise, per call). */
function resourceKindOf(resource: string): ResourceKind {
  let kind = resourceKinds.get(resource);
  if (kind === undefined) {
    const family = isLegacyLambdaArn(resource) ? 'lambda' : isActivityArn(resource) ? 'activity' : 'task';
    kind = {
      family,
      target: taskResourceOf(resource),
      waits: family === 'activity' || resource.endsWith('.waitForTaskToken'),
      nested: startPatternOf(resource),
      http: isHttpInvoke(resource),
    };
    if (resourceKinds.size > 10_000) resourceKinds.clear();
    resourceKinds.set(resource, kind);
  }
  return kind;
}
const resourceKinds = new Map<string, ResourceKind>();

/**
 * The worker an Activity's ActivityStarted names when the engine's own worker takes it (a mock, a
 * scripted callback, a handler): AWS names the worker that called GetActivityTask (its `workerName`,
 * recorded in ../shared/histories/callback/activities__activity_task), here the engine names itself.
 */
export const ACTIVITY_WORKER = Object.freeze({ workerName: 'stepthrough' });

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
