// A MockSource whose responses are computed at call time (the TestState API's `mock`, which may fail
// the state or a Map's tolerance depending on the request): a mock, not a task handler, so its
// result is the raw service result (no task-handler contract applies).

import type { MockResponse, MockSource } from './types';

/** Answers each key with its function's response for the call. */
export function callbackMocks(responders: Record<string, (invocation: number) => MockResponse>): MockSource {
  const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(responders, key);
  return {
    responseFor: (key, invocation) => (has(key) ? responders[key]?.(invocation) : undefined),
    has,
    stateNames: () => Object.keys(responders),
  };
}
