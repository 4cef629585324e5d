// Where SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat and GetActivityTask meet the engine: the
// execution handle's callback methods (core/interpreter/taskTokens.ts), seen as the API needs them.
//
//   sendTaskSuccess(taskToken, output)          the waiting Task succeeds with `output`
//   sendTaskFailure(taskToken, error?, cause?)  the waiting Task fails with that error and cause
//   sendTaskHeartbeat(taskToken)                the Task's HeartbeatSeconds clock restarts
//   waitingTasks()                              the Tasks waiting for an answer now, with their token
//
// A send the engine refuses throws its TaskTokenError; here it becomes the API exception of the same
// name (`awsError`: InvalidToken, TaskTimedOut, TaskDoesNotExist, InvalidOutput are AWS's names in the
// service model). An execution runs with `outsideAnswers` (execution.ts), so a `.waitForTaskToken` Task
// or an Activity that no MockConfigFile test case answers waits for these operations.
//
//   takeActivityTask(taskToken, workerName)    GetActivityTask hands the task to a worker: ActivityStarted
//
// As on AWS, an Activity's ActivityStarted is written when a worker's GetActivityTask takes the task,
// naming that worker (../shared/histories/callback/activities__activity_task).

import { TaskTokenError, type ExecutionHandle, type JsonValue } from '../core';
import { ApiError, invalidToken, taskTimedOut } from './errors';

export interface WaitingTask {
  taskToken: string;
  stateName: string;
  /** An Activity Task's activity ARN; absent for a `.waitForTaskToken` callback. */
  activityArn?: string;
  /** What an Activity worker gets as its input (the Task's effective input). */
  input: JsonValue;
  /** An Activity's task a worker has taken already. */
  taken: boolean;
}

/** Each send throws the API's exception (ApiError) for a token the execution is not waiting on. */
export interface CallbackPort {
  sendTaskSuccess(taskToken: string, output: JsonValue): void;
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  sendTaskHeartbeat(taskToken: string): void;
  waitingTasks(): readonly WaitingTask[];
  /** A worker takes an Activity's task (ActivityStarted); false when it was taken already. */
  takeActivityTask(taskToken: string, workerName: string | undefined): boolean;
}

const ACTIVITY_ARN = /^arn:[^:]+:states:[^:]*:[^:]*:activity:/;

/** The engine's refusal as the API's exception; anything else is not ours to translate. */
export function apiErrorOfTokenError(err: unknown): unknown {
  if (!(err instanceof TaskTokenError)) return err;
  switch (err.awsError) {
    case 'InvalidToken':
      return invalidToken();
    case 'TaskTimedOut':
      return taskTimedOut();
    case 'InvalidOutput':
      return new ApiError('InvalidOutput', `Invalid Output: '${err.message}'`);
    case 'TaskDoesNotExist':
      return new ApiError('TaskDoesNotExist', `Task Does Not Exist: '${err.message}'`);
  }
}

function translated(send: () => void): void {
  try {
    send();
  } catch (err) {
    throw apiErrorOfTokenError(err);
  }
}

/** The handle's callback methods as the API's port. */
export function callbackPortOf(handle: ExecutionHandle): CallbackPort {
  return {
    sendTaskSuccess: (token, output) => translated(() => handle.sendTaskSuccess(token, output)),
    sendTaskFailure: (token, error, cause) => translated(() => handle.sendTaskFailure(token, error, cause)),
    sendTaskHeartbeat: (token) => translated(() => handle.sendTaskHeartbeat(token)),
    takeActivityTask: (token, workerName) => {
      let taken = false;
      translated(() => (taken = handle.takeActivityTask(token, workerName)));
      return taken;
    },
    waitingTasks: () =>
      handle.waitingTasks().map((task) => ({
        taskToken: task.taskToken,
        stateName: task.stateName,
        input: task.request,
        taken: task.taken === true,
        ...(ACTIVITY_ARN.test(task.resource) ? { activityArn: task.resource } : {}),
      })),
  };
}
