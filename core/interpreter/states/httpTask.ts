// HTTP Tasks (`arn:aws:states:::http:invoke`): the answer (a mock or a handler; nothing calls the network
// here) is the endpoint's response, `{StatusCode, StatusText, ResponseBody, Headers}`. AWS's developer
// guide ("Call HTTPS APIs in Step Functions workflows", HTTP Task failures): a response whose status is 400
// or more fails the Task with `States.Http.StatusCode.<code>` (`States.Http.StatusCode.404`, ...), which a
// Retry or Catch can name; the response itself is the failure's cause.

import { isJsonObject } from '../../json';
import type { MockResponse } from '../../mocks';

const HTTP_INVOKE = /^arn:[^:]+:states:::http:invoke$/;

export function isHttpInvoke(resource: string): boolean {
  return HTTP_INVOKE.test(resource);
}

/** A returned response with a status of 400 or more, as the failure AWS reports for it; else as given. */
export function httpOutcome(response: MockResponse): MockResponse {
  if (response.kind !== 'return' || !isJsonObject(response.value)) return response;
  const status = response.value.StatusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 400) return response;
  const failure: MockResponse = {
    kind: 'throw',
    error: `States.Http.StatusCode.${status}`,
    cause: JSON.stringify(response.value),
  };
  if (response.delaySeconds !== undefined) failure.delaySeconds = response.delaySeconds;
  return failure;
}
