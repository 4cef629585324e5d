// Types of the mock layer: what a mocked Task invocation answers, where answers come from,
// and the programmatic handler library users can give instead of static mocks.

import type { ScopePath } from '../interpreter/events';
import type { JsonValue } from '../json';

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
    };

/** A set of mocked responses, looked up by state name and 0-based invocation count. */
export interface MockSource {
  /**
   * The response for the `invocation`-th call (0-based) of `stateName`; retries and each Map
   * iteration or Parallel branch count as calls. `undefined` when the source has no response for
   * that call (state not mocked, or a MockConfigFile response list that ran out).
   */
  responseFor(stateName: string, invocation: number): MockResponse | undefined;
  /** Whether this source mocks the state at all. */
  has(stateName: string): boolean;
  /** The mocked state names, in definition order of the source. */
  stateNames(): string[];
}

/** Context given to a programmatic task handler. `attempt` is 0 for the first try, 1 for the first retry... */
export interface TaskHandlerContext {
  stateName: string;
  resource: string;
  invocation: number;
  attempt: number;
  /** The Task's TimeoutSeconds (evaluated), when it sets one: a handler that runs longer is stopped. */
  timeoutSeconds?: number;
  /** The Map iterations and Parallel branches the call runs in (empty at the top level). */
  scope: ScopePath;
}

/**
 * A programmatic Task implementation: receives the effective task input (after Parameters/Arguments)
 * and returns the raw task result. Throw a StatesError to fail the task with an error name and cause.
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
