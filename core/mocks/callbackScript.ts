// A scripted callback: how a test answers a Task that waits for its task token (`.waitForTaskToken`)
// without anyone outside, on the virtual clock. One shape on every surface (test files, `run --mocks`,
// the library, pytest through `serve`):
//
//   callback:
//     after: 3600            seconds after the task started at which the answer arrives (default 0)
//     success: {...}         the output sent with SendTaskSuccess, or
//     failure: {error, cause}  what SendTaskFailure sends; neither: nobody answers (the task times out)
//     heartbeats: [60, 120]  seconds after the start at which SendTaskHeartbeat arrives
//     submitted: {...}       the service's own response to the call (TaskSubmitted's output; default {})
//
// `callbackOutcome` is the rule that places the answer against TimeoutSeconds and HeartbeatSeconds.

import { cloneJson, isJsonObject, type JsonValue } from '../json';
import { findNonJson, invalidMocks, type Where } from './responseEntry';

export interface CallbackScript {
  /** Seconds after the task started at which the answer arrives. */
  after: number;
  /** The answer; absent when nobody answers. */
  answer?: { kind: 'success'; output: JsonValue } | { kind: 'failure'; error: string; cause: string };
  /** Seconds after the start at which heartbeats arrive, ascending. */
  heartbeats: number[];
  /** The service's response to the call itself (TaskSubmitted's output). */
  submitted: JsonValue;
}

const KEYS = new Set(['after', 'success', 'failure', 'heartbeats', 'submitted']);
const EXAMPLE =
  'callback: {after: 3600, success: {approved: true}} or {failure: {error: "Rejected", cause: "..."}}';

function seconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function text(where: Where): string {
  return typeof where === 'string' ? where : where();
}

/** Reads a `callback` entry; throws E_INVALID_MOCKS naming the entry for a malformed one. */
export function parseCallbackScript(raw: unknown, where: Where, origin?: string): CallbackScript {
  if (!isJsonObject(raw))
    throw invalidMocks(`${text(where)}: "callback" must be an object`, `Write ${EXAMPLE}.`, origin);
  const unknown = Object.keys(raw).filter((key) => !KEYS.has(key));
  if (unknown.length > 0)
    throw invalidMocks(
      `${text(where)}: "callback" has unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}`,
      'A callback has "after", "success" or "failure", "heartbeats" and "submitted".',
      origin,
    );
  const after = raw.after ?? 0;
  if (!seconds(after))
    throw invalidMocks(
      `${text(where)}: "callback.after" must be a non-negative number of seconds`,
      `Write ${EXAMPLE}.`,
      origin,
    );
  if (raw.success !== undefined && raw.failure !== undefined)
    throw invalidMocks(
      `${text(where)}: "callback" has both "success" and "failure"`,
      'A task token is answered once: keep one.',
      origin,
    );
  const script: CallbackScript = { after, heartbeats: [], submitted: {} };
  if (raw.success !== undefined) {
    const bad = findNonJson(raw.success);
    if (bad !== undefined)
      throw invalidMocks(
        `${text(where)}: "callback.success" is not a JSON value`,
        `Write ${EXAMPLE}.`,
        origin,
      );
    script.answer = { kind: 'success', output: cloneJson(raw.success) };
  }
  if (raw.failure !== undefined) {
    const failure = raw.failure;
    const error = isJsonObject(failure) ? failure.error : undefined;
    const cause = isJsonObject(failure) ? (failure.cause ?? '') : undefined;
    const extra = isJsonObject(failure)
      ? Object.keys(failure).filter((k) => k !== 'error' && k !== 'cause')
      : [];
    if (typeof error !== 'string' || typeof cause !== 'string' || extra.length > 0)
      throw invalidMocks(
        `${text(where)}: "callback.failure" must be {error: "<name>", cause: "<text>"}`,
        'SendTaskFailure sends an error name and an optional cause, both text.',
        origin,
      );
    script.answer = { kind: 'failure', error, cause };
  }
  if (raw.heartbeats !== undefined) {
    const beats = raw.heartbeats;
    if (!Array.isArray(beats) || !beats.every(seconds))
      throw invalidMocks(
        `${text(where)}: "callback.heartbeats" must be a list of seconds after the task started`,
        'Write e.g. heartbeats: [60, 120].',
        origin,
      );
    script.heartbeats = [...beats].sort((a, b) => a - b);
  }
  if (raw.submitted !== undefined) {
    if (findNonJson(raw.submitted) !== undefined)
      throw invalidMocks(
        `${text(where)}: "callback.submitted" is not a JSON value`,
        `Write ${EXAMPLE}.`,
        origin,
      );
    script.submitted = cloneJson(raw.submitted);
  }
  return script;
}

/** When a waiting task ends, in seconds after it started, and why. */
export type CallbackOutcome =
  { atSeconds: number; kind: 'answer' } | { atSeconds: number; kind: 'timeout'; heartbeat: boolean };

/**
 * Places a callback's answer against the task's limits (AWS's developer guide, "Wait for a Callback with
 * Task Token": a task fails with States.Timeout after TimeoutSeconds, and when HeartbeatSeconds pass
 * without SendTaskHeartbeat). An answer or a heartbeat exactly at a limit is in time, as a mocked task
 * that lasts exactly its TimeoutSeconds is (states/task.ts): only a later one is late.
 */
export function callbackOutcome(
  script: Pick<CallbackScript, 'after' | 'answer' | 'heartbeats'>,
  timeoutSeconds: number,
  heartbeatSeconds: number | undefined,
): CallbackOutcome {
  const answerAt = script.answer === undefined ? Infinity : script.after;
  let lastBeat = 0;
  for (const beat of [...script.heartbeats.filter((b) => b < answerAt), answerAt]) {
    const heartbeatLimit = heartbeatSeconds === undefined ? Infinity : lastBeat + heartbeatSeconds;
    const limit = Math.min(heartbeatLimit, timeoutSeconds);
    if (beat > limit)
      return { atSeconds: limit, kind: 'timeout', heartbeat: heartbeatLimit < timeoutSeconds };
    lastBeat = beat;
  }
  return { atSeconds: answerAt, kind: 'answer' };
}
