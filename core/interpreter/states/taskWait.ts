// A Task's answer on the virtual clock. A plain call's answer may "take" a mock's declared duration and
// time out against TimeoutSeconds (settleCall). A Task that waits for its task token
// (`.waitForTaskToken`) or an Activity (settleWait) writes that the call was made (TaskSubmitted; an
// Activity writes none), then waits for the token's answer:
//
//   - a plain mock (Return / Throw / a timeout) is the answer itself, after its declared duration, as in
//     AWS Step Functions Local's mocked callbacks;
//   - a scripted callback (core/mocks/callbackScript.ts) answers, sends heartbeats or stays silent on the
//     virtual clock; callbackOutcome() says when the wait ends and how;
//   - nothing here answering, with the caller's consent (outsideAnswers), the thread waits for the
//     execution handle's sendTaskSuccess / Failure / Heartbeat (taskTokens.ts), the clock standing still
//     while every live thread so waits.
//
// A missed heartbeat is States.Timeout, as AWS's recorded histories show it
// (../shared/histories/callback/heartbeats__heartbeat_timeout), marked so that a Retry or Catch on
// States.HeartbeatTimeout matches it (errorHandling.ts).

import { ErrorNames, StatesError } from '../../errors';
import type { JsonValue } from '../../json';
import type { MockResponse } from '../../mocks';
import { callbackOutcome, type CallbackScript } from '../../mocks/callbackScript';
import { NOT_TRUNCATED } from '../events';
import { after, type MaybePromise } from '../maybePromise';
import { failed, reportResponse, timeOut, type ServiceCall } from './taskEvents';

/** The response on the virtual clock: a timeout when it "takes" too long, else its result or error. */
export function settleCall(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  if (response.kind === 'execution')
    throw new Error(`a mapped machine answered the Task state '${call.run.name}', which starts none`);
  if (response.kind === 'callback' || response.kind === 'outside') {
    throw new StatesError(
      'Stepthrough.InvalidMock',
      `The Task state '${call.run.name}' is answered by a ${response.kind === 'callback' ? 'scripted callback' : 'task token from outside'}, but its resource does not wait for a task token: only a '.waitForTaskToken' resource or an Activity does.`,
    );
  }
  const { timeoutSeconds, heartbeatSeconds } = call;
  const durationMs = (response.delaySeconds ?? 0) * 1000;
  const limitMs = Math.min(timeoutSeconds, heartbeatSeconds ?? Infinity) * 1000;
  const timedOutByMock =
    response.kind === 'throw' &&
    (response.error === ErrorNames.Timeout || response.error === ErrorNames.HeartbeatTimeout) &&
    response.cause === '';
  const run = call.run;
  if (durationMs > limitMs || timedOutByMock) {
    const heartbeat = !timedOutByMock && heartbeatSeconds !== undefined && heartbeatSeconds < timeoutSeconds;
    const error = timedOutByMock && response.kind === 'throw' ? response.error : ErrorNames.Timeout;
    return after(run.host.sleep(run.thread, Math.min(durationMs, limitMs)), () =>
      timeOut(call, error, heartbeat),
    );
  }
  const slept = durationMs > 0 ? run.host.sleep(run.thread, durationMs) : undefined;
  return after(slept, () => reportResponse(call, response));
}

/** A call that waits for its task token: submitted, then answered by a mock, a script or from outside. */
export function settleWait(call: ServiceCall, response: MockResponse): MaybePromise<JsonValue> {
  const { run } = call;
  if (call.family === 'task') {
    const { resourceType, resource } = call.target;
    const output = response.kind === 'callback' ? response.script.submitted : {};
    run.record({
      type: 'TaskSubmitted',
      details: { resourceType, resource, output, outputDetails: NOT_TRUNCATED },
    });
  }
  if (response.kind === 'callback') return scripted(call, response.script);
  if (response.kind === 'outside') {
    const answer = run.host.awaitAnswer(run.thread, {
      stateName: run.name,
      taskToken: run.taskToken(),
      resource: typeof run.def.Resource === 'string' ? run.def.Resource : '',
      request: call.parameters,
      threadId: run.thread.id,
      timeoutSeconds: call.timeoutSeconds,
      heartbeatSeconds: call.heartbeatSeconds,
      ...(call.family === 'activity'
        ? {
            activityTaken: (workerName: string | undefined) =>
              run.record({
                type: 'ActivityStarted',
                details: workerName === undefined ? {} : { workerName },
              }),
          }
        : {}),
    });
    return answer.then((got) =>
      got.kind === 'timeout'
        ? timeOut(call, ErrorNames.Timeout, got.heartbeat)
        : got.kind === 'success'
          ? reportResponse(call, { kind: 'return', value: got.output })
          : failed(call, got.error, got.cause),
    );
  }
  return settleCall(call, response);
}

function scripted(call: ServiceCall, script: CallbackScript): MaybePromise<JsonValue> {
  const { run } = call;
  const outcome = callbackOutcome(script, call.timeoutSeconds, call.heartbeatSeconds);
  const ms = outcome.atSeconds * 1000;
  return after(ms > 0 ? run.host.sleep(run.thread, ms) : undefined, () => {
    if (outcome.kind === 'timeout') return timeOut(call, ErrorNames.Timeout, outcome.heartbeat);
    const answer = script.answer;
    if (answer?.kind === 'failure') return failed(call, answer.error, answer.cause);
    return reportResponse(call, { kind: 'return', value: answer?.output ?? null });
  });
}
