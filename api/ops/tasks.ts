// Activities and task tokens: CreateActivity, DescribeActivity, DeleteActivity, ListActivities,
// GetActivityTask (a long poll: held open until a Task of the activity is scheduled, at most
// activityPollMs, AWS's 60 s), SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat. The engine's
// side is the execution handle's callback methods (callbacks.ts). A token no running execution is
// waiting on is InvalidToken; one that was handed out and has since closed is TaskTimedOut (also when
// its whole execution has ended: AWS's API reference says so of a closed task).

import type { JsonValue } from '../../core';
import { activityArn, checkName, parseArn } from '../arns';
import type { Backend } from '../backend';
import type { CallbackPort, WaitingTask } from '../callbacks';
import { activityDoesNotExist, ApiError, invalidToken, taskTimedOut } from '../errors';
import { pageAfterKey } from '../paging';
import type { ActivityRecord } from '../records';
import { epochSeconds, integer, text, type Operation } from './types';

/** AWS's cap on workers polling at once. */
const MAX_OPEN_POLLS = 1000;

const createActivity: Operation = (backend, input) => {
  const name = checkName(input.name as string);
  const arn = activityArn(backend.scope, name);
  let activity = backend.activities.get(arn);
  if (!activity) {
    activity = {
      arn,
      name,
      creationDate: backend.clock.now(),
      tags: new Map(),
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    };
    for (const tag of (input.tags ?? []) as { key: string; value?: string }[])
      activity.tags.set(tag.key, tag.value ?? '');
    backend.activities.set(arn, activity);
  }
  return { activityArn: arn, creationDate: epochSeconds(activity.creationDate) };
};

function findActivity(backend: Backend, arn: string): ActivityRecord {
  parseArn(arn, ['activity']);
  const activity = backend.activities.get(arn);
  if (!activity) throw activityDoesNotExist(arn);
  return activity;
}

const describeActivity: Operation = (backend, input) => {
  const activity = findActivity(backend, input.activityArn as string);
  return {
    activityArn: activity.arn,
    name: activity.name,
    creationDate: epochSeconds(activity.creationDate),
    encryptionConfiguration: activity.encryptionConfiguration,
  };
};

const deleteActivity: Operation = (backend, input) => {
  const arn = input.activityArn as string;
  parseArn(arn, ['activity']);
  backend.activities.delete(arn);
  return {};
};

const listActivities: Operation = (backend, input) => {
  const { page, nextToken } = pageAfterKey(
    [...backend.activities.values()],
    (a) => a.arn,
    'ListActivities',
    integer(input, 'maxResults'),
    text(input, 'nextToken'),
  );
  return {
    activities: page.map((a) => ({
      activityArn: a.arn,
      name: a.name,
      creationDate: epochSeconds(a.creationDate),
    })),
    ...(nextToken ? { nextToken } : {}),
  };
};

/** Every Task waiting for an answer now, with its execution's callback port. */
function* waiting(backend: Backend): Generator<{ port: CallbackPort; task: WaitingTask }> {
  for (const run of backend.executions.values()) {
    const port = run.callbacks;
    if (!port) continue;
    for (const task of port.waitingTasks()) yield { port, task };
  }
}

/**
 * A waiting task of the activity no worker has taken yet, now taken by this worker: its execution's
 * history gets ActivityStarted with the worker's name, as AWS writes it when GetActivityTask hands the
 * task out (../shared/histories/callback/activities__activity_task: ActivityScheduled, then
 * ActivityStarted naming the worker).
 */
function takeActivityTask(
  backend: Backend,
  arn: string,
  workerName: string | undefined,
): Record<string, unknown> | undefined {
  for (const { port, task } of waiting(backend)) {
    if (task.activityArn !== arn || task.taken) continue;
    if (!port.takeActivityTask(task.taskToken, workerName)) continue;
    return { taskToken: task.taskToken, input: JSON.stringify(task.input) };
  }
  return undefined;
}

const getActivityTask: Operation = async (backend, input, request) => {
  const arn = input.activityArn as string;
  findActivity(backend, arn);
  if (backend.openPolls >= MAX_OPEN_POLLS)
    throw new ApiError('ActivityWorkerLimitExceeded', `At most ${MAX_OPEN_POLLS} workers may poll at once.`);
  backend.openPolls++;
  try {
    const deadline = Date.now() + backend.activityPollMs;
    for (;;) {
      const task = takeActivityTask(backend, arn, text(input, 'workerName'));
      if (task) return task;
      if (request.signal.aborted || Date.now() >= deadline || !backend.activities.has(arn)) return {};
      await backend.nextChange(deadline, request.signal);
    }
  } finally {
    backend.openPolls--;
  }
};

/**
 * The execution waiting on `token`. A token handed out before whose task has closed (answered, timed
 * out, or its execution ended) is TaskTimedOut, AWS's "the task token has either expired or the task
 * associated with the token has already been closed" (API reference, SendTaskSuccess); any other token
 * is InvalidToken. (TaskDoesNotExist is "the activity does not exist": the engine's refusals carry it.)
 */
function owner(backend: Backend, token: string): CallbackPort {
  for (const { port, task } of waiting(backend)) {
    if (task.taskToken === token) return port;
  }
  for (const run of backend.executions.values()) {
    if (run.tokensSeen.has(token)) throw taskTimedOut();
  }
  throw invalidToken();
}

const sendTaskSuccess: Operation = (backend, input) => {
  const token = input.taskToken as string;
  let output: JsonValue;
  try {
    output = JSON.parse(input.output as string) as JsonValue;
  } catch (err) {
    throw new ApiError(
      'InvalidOutput',
      `Invalid Output: '${err instanceof Error ? err.message : String(err)}'`,
    );
  }
  const port = owner(backend, token);
  port.sendTaskSuccess(token, output);
  return {};
};

const sendTaskFailure: Operation = (backend, input) => {
  const token = input.taskToken as string;
  const port = owner(backend, token);
  port.sendTaskFailure(token, text(input, 'error'), text(input, 'cause'));
  return {};
};

const sendTaskHeartbeat: Operation = (backend, input) => {
  const token = input.taskToken as string;
  const port = owner(backend, token);
  port.sendTaskHeartbeat(token);
  return {};
};

export const TASK_OPERATIONS: Record<string, Operation> = {
  CreateActivity: createActivity,
  DescribeActivity: describeActivity,
  DeleteActivity: deleteActivity,
  ListActivities: listActivities,
  GetActivityTask: getActivityTask,
  SendTaskSuccess: sendTaskSuccess,
  SendTaskFailure: sendTaskFailure,
  SendTaskHeartbeat: sendTaskHeartbeat,
};
