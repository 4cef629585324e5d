// Where SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat and GetActivityTask meet the engine.
//
// The engine answers a `.waitForTaskToken` Task or an Activity Task from outside through its execution
// handle. That part of the engine is the callbacks work (issue #15): until it lands, a handle has none
// of these methods and the operations answer as AWS does for a token no execution is waiting on. The
// API needs exactly this from a handle:
//
//   sendTaskSuccess(taskToken, output)          the waiting Task succeeds with `output`
//   sendTaskFailure(taskToken, error?, cause?)  the waiting Task fails with that error and cause
//   sendTaskHeartbeat(taskToken)                the Task's HeartbeatSeconds clock restarts
//   waitingTasks()                              the Tasks waiting for an answer now, with their token
//   activityTaskStarted?(taskToken, workerName) a worker took an Activity Task (AWS's ActivityStarted)
//
// Each send returns whether the token was one the execution is waiting on.

import type { ExecutionHandle, JsonValue } from '../core';

export interface WaitingTask {
  taskToken: string;
  stateName: string;
  /** An Activity Task's activity ARN; absent for a `.waitForTaskToken` callback. */
  activityArn?: string;
  /** What an Activity worker gets as its input (the Task's effective input). */
  input?: JsonValue;
}

export interface CallbackPort {
  sendTaskSuccess(taskToken: string, output: JsonValue): boolean;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): boolean;
  sendTaskHeartbeat(taskToken: string): boolean;
  waitingTasks(): readonly WaitingTask[];
  activityTaskStarted?(taskToken: string, workerName: string | undefined): void;
}

const PORT_METHODS = ['sendTaskSuccess', 'sendTaskFailure', 'sendTaskHeartbeat', 'waitingTasks'] as const;

/** The handle's callback methods, when the engine has them. */
export function callbackPortOf(handle: ExecutionHandle): CallbackPort | undefined {
  const candidate = handle as unknown as Partial<Record<(typeof PORT_METHODS)[number], unknown>>;
  return PORT_METHODS.every((m) => typeof candidate[m] === 'function')
    ? (handle as unknown as CallbackPort)
    : undefined;
}
