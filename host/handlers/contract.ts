// The one place that knows how the engine hands a Task call to a task handler (core/mocks' contract):
// which keys a handler may be given under, what the handler receives, who the function is, and how
// its result becomes the Task's result. The contract (the trust work, being merged into core/mocks)
// is: keys by the one mock-key rule (state name, template logical ID, function name or ARN); for
// lambda:invoke the handler gets the Payload and returns the function's result, which the engine
// wraps as AWS does ({StatusCode, Payload, ExecutedVersion, ...}); for a function ARN Resource the
// bare result; other integrations: the request in, the service's result out.
//
// Until core/mocks implements it, this file does it over the engine's state-keyed handlers with the
// helpers `stepthrough serve` uses; once it does, `taskCall` reads the context core provides and
// `engineTaskHandlers` passes the handlers through.

import type { JsonObject, JsonValue, TaskHandler } from '../../core';
import { isJsonObject } from '../../core/json';
import { walkStates } from '../../core/iam';
import type { MockSource, TaskHandlerContext } from '../../core/mocks';
import { lambdaCall, lambdaInvokeEnvelope } from '../../cli/serve/handlers';
import type { Integration } from './outcome';

/** One Task call as a handler sees it. */
export interface TaskCall {
  integration: Integration;
  /** What the handler receives: the Payload for lambda:invoke, the request otherwise. */
  event: JsonValue;
  functionName: string;
  invokedFunctionArn: string;
  awsRequestId: string;
  /** The function's result as the Task's result. */
  taskResult(value: JsonValue): JsonValue;
}

const ACTIVITY = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;

export function integrationOf(resource: string): Integration {
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource)) return 'lambdaArn';
  if (/^arn:[^:]+:states:::lambda:invoke$/.test(resource)) return 'lambdaInvoke';
  if (/^arn:[^:]+:states:::lambda:invoke\.waitForTaskToken$/.test(resource)) return 'lambdaCallback';
  if (ACTIVITY.test(resource)) return 'activity';
  return 'other';
}

/** Where the run's ARNs live (its region and account). */
export interface RunIdentity {
  region: string;
  accountId: string;
}

/** The call's Lambda view, from the engine's handler input and context. */
export function taskCall(input: JsonValue, context: TaskHandlerContext, identity: RunIdentity): TaskCall {
  const integration = integrationOf(context.resource);
  const call = lambdaCall(context.stateName, input, context, identity);
  return {
    integration,
    event: call.event,
    functionName: call.context.functionName,
    invokedFunctionArn: call.context.invokedFunctionArn,
    awsRequestId: call.context.awsRequestId,
    taskResult: (value) =>
      integration === 'lambdaInvoke' ? lambdaInvokeEnvelope(value, call.context.awsRequestId) : value,
  };
}

/** The function a Task names literally: its function ARN Resource, or lambda:invoke's FunctionName. */
function literalFunction(state: JsonObject): string | undefined {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  const integration = integrationOf(resource);
  if (integration === 'lambdaArn') return resource;
  if (integration !== 'lambdaInvoke' && integration !== 'lambdaCallback') return undefined;
  for (const field of ['Parameters', 'Arguments'] as const) {
    const request = state[field];
    if (isJsonObject(request) && typeof request.FunctionName === 'string') return request.FunctionName;
  }
  return undefined;
}

function functionName(reference: string): string {
  return /(?:^|:)function:([^:]+)/.exec(reference)?.[1] ?? reference.split(':')[0] ?? reference;
}

/**
 * The engine's task handlers for handlers given by key. A state-name key beats a logical ID, which
 * beats a function ARN, which beats a function name (the mock-key rule); a state no key reaches, or
 * one its mocks answer, has no handler. `logicalIds` names each Task's template resource, by state name.
 */
export function engineTaskHandlers(
  handlers: Readonly<Record<string, TaskHandler>>,
  definition: JsonObject,
  logicalIds: Readonly<Record<string, string>> = {},
  mocks?: MockSource,
): Record<string, TaskHandler> {
  const has = (key: string | undefined): key is string =>
    key !== undefined && Object.prototype.hasOwnProperty.call(handlers, key);
  const out: Record<string, TaskHandler> = {};
  for (const visit of walkStates(definition)) {
    if (visit.definition.Type !== 'Task') continue;
    // A mock for the state beats a handler for it.
    if (mocks?.has(visit.name)) continue;
    const reference = literalFunction(visit.definition);
    const keys = [
      visit.name,
      Object.prototype.hasOwnProperty.call(logicalIds, visit.name) ? logicalIds[visit.name] : undefined,
      reference?.startsWith('arn:') ? reference : undefined,
      reference === undefined ? undefined : functionName(reference),
    ];
    const key = keys.find(has);
    if (key !== undefined)
      Object.defineProperty(out, visit.name, {
        value: handlers[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}
