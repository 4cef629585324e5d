// Types of the mock layer: what a mocked Task invocation answers, where answers come from,
// and the programmatic handler library users can give instead of static mocks.

import type { ScopePath } from '../interpreter/events';
import type { JsonObject, JsonValue } from '../json';
import type { CallbackScript } from './callbackScript';

/** The answer to one Task invocation. `delaySeconds` is simulated duration on the virtual clock. */
export type MockResponse =
  | { kind: 'return'; value: JsonValue; delaySeconds?: number }
  | {
      kind: 'throw';
      error: string;
      cause: string;
      delaySeconds?: number;
      /** The Cause as given when it was a JSON object (the interpreter formats it per integration). */
      structuredCause?: JsonValue;
    }
  /** A Task waiting for its task token, answered by a script on the virtual clock (callbackScript.ts). */
  | { kind: 'callback'; script: CallbackScript; delaySeconds?: number }
  /**
   * Nothing answers the Task here: it waits for its task token to be answered from outside the run (the
   * execution handle's sendTaskSuccess...), when the caller said it would (`outsideAnswers`).
   */
  | { kind: 'outside'; delaySeconds?: number }
  /**
   * A `states:startExecution` Task whose state machine is mapped (`ExecuteOptions.machines`): the engine
   * runs `machine` as a child execution and answers with AWS's response shape (nestedExecution.ts).
   */
  | { kind: 'execution'; machine: JsonObject; key: string; delaySeconds?: number };

/** A Task call as a mock source sees it, to choose among entries that match on input (`when`). */
export interface MockCall {
  /** What `when` is matched against: the request (the `Payload` in it for lambda:invoke). */
  subject: JsonValue;
  /**
   * The 0-based number of this call among the calls of this run that chose the same `group` (calls
   * whose request matched the same entries), so those entries are handed out in order.
   */
  sequence(group: string): number;
}

/**
 * A set of mocked responses, looked up by key (a state name; or a logical ID, function or activity a
 * Task resolves to: see keys.ts) and 0-based invocation count.
 */
export interface MockSource {
  /**
   * The response for the `invocation`-th call (0-based) under `key`; retries and each Map iteration
   * or Parallel branch count as calls. `undefined` when the source has no response for that call
   * (not mocked, a MockConfigFile response list that ran out, no `when` matched).
   */
  responseFor(key: string, invocation: number, call?: MockCall): MockResponse | undefined;
  /** Whether this source mocks the key at all. */
  has(key: string): boolean;
  /** The mocked keys, in definition order of the source. */
  stateNames(): string[];
  /** The sources it layers, first match first (a case's mocks before its file's); absent for one source. */
  layers?(): readonly MockSource[];
}

/**
 * Context given to a programmatic task handler. `attempt` is 1 for the first try, 2 for the first
 * retry...; `invocation` counts the state's calls from 0 (retries, Map iterations and Parallel
 * branches included). For a Lambda function the Lambda context fields are filled in.
 */
export interface TaskHandlerContext {
  stateName: string;
  resource: string;
  invocation: number;
  attempt: number;
  /** The key the handler was found under (a state name, logical ID, function or activity). */
  key: string;
  /** The Lambda function's name (the state name when the Task calls no known function). */
  functionName: string;
  invokedFunctionArn: string;
  /** A request id derived from the call: the same on every run. */
  awsRequestId: string;
  /** The Task's TimeoutSeconds (evaluated), when it sets one: a handler that runs longer is stopped. */
  timeoutSeconds?: number;
  /** The Map iterations and Parallel branches the call runs in (empty at the top level). */
  scope: ScopePath;
}

/**
 * A programmatic Task implementation, with the same contract as a Python handler: for lambda:invoke
 * it receives the request's `Payload` and returns the function's result (the engine wraps it in the
 * service envelope, as AWS does); for a function ARN it receives the request and returns the
 * function's result; for other integrations it receives the request (Parameters/Arguments) and
 * returns the service's result. Throw a StatesError to fail the task with an error name and cause;
 * any other exception fails it as the Lambda runtime would (Error: the exception's name).
 */
export type TaskHandler = (input: JsonValue, context: TaskHandlerContext) => JsonValue | Promise<JsonValue>;

/** Whether a value is a MockSource (as opposed to a raw mock specification). */
export function isMockSource(value: unknown): value is MockSource {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof MockSource, unknown>>;
  return (
    typeof candidate.responseFor === 'function' &&
    typeof candidate.has === 'function' &&
    typeof candidate.stateNames === 'function'
  );
}
