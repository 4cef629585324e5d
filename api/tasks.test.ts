// The API's side of task tokens and Activities over a stand-in for the engine's callback port (the
// engine side is the callbacks work, api/callbacks.ts): GetActivityTask hands each waiting Activity Task
// to one worker and holds the poll open until a task is scheduled; SendTask* reach the execution waiting
// on the token; the engine's refusals pass through; a token handed out before is TaskTimedOut once its
// task has closed, its execution ended or not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../core';
import { Backend } from './backend';
import type { CallbackPort, WaitingTask } from './callbacks';
import { taskTimedOut } from './errors';
import type { ExecutionRun } from './execution';
import { answer } from './server';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:Work';

/** What the engine's port offers (callbacks.ts); records what the API asked of it. */
class FakePort implements CallbackPort {
  waiting: WaitingTask[] = [];
  /** Every token handed out, as the execution's onTaskWaiting records them. */
  readonly seen = new Set<string>();
  log: string[] = [];
  wait(...tasks: Omit<WaitingTask, 'taken'>[]): void {
    this.waiting.push(...tasks.map((t) => ({ ...t, taken: false })));
    for (const t of tasks) this.seen.add(t.taskToken);
  }
  takeActivityTask(token: string, workerName: string | undefined): boolean {
    const task = this.waiting.find((t) => t.taskToken === token);
    if (!task || task.taken) return false;
    task.taken = true;
    this.log.push(`taken ${token} by ${workerName ?? '(no name)'}`);
    return true;
  }
  sendTaskSuccess(token: string, output: JsonValue): void {
    this.close(token, `success ${JSON.stringify(output)}`);
  }
  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.close(token, `failure ${error} ${cause}`);
  }
  sendTaskHeartbeat(token: string): void {
    this.find(token);
    this.log.push(`heartbeat ${token}`);
  }
  waitingTasks(): readonly WaitingTask[] {
    return this.waiting;
  }
  private find(token: string): void {
    if (this.waiting.some((t) => t.taskToken === token)) return;
    throw taskTimedOut();
  }
  private close(token: string, what: string): void {
    this.find(token);
    this.waiting = this.waiting.filter((t) => t.taskToken !== token);
    this.log.push(`${what} ${token}`);
  }
}

function backendWith(port: FakePort, activityPollMs = 5_000): Backend {
  const backend = new Backend({ activityPollMs });
  const run = {
    callbacks: port,
    tokensSeen: port.seen,
    status: 'RUNNING',
    arn: 'arn:aws:states:us-east-1:123456789012:execution:M:e',
  } as unknown as ExecutionRun;
  backend.executions.set('arn:aws:states:us-east-1:123456789012:execution:M:e', run);
  backend.activities.set(ACTIVITY, {
    arn: ACTIVITY,
    name: 'Work',
    creationDate: 0,
    tags: new Map(),
    encryptionConfiguration: {},
  });
  return backend;
}

async function send(
  backend: Backend,
  operation: string,
  input: unknown,
  signal = new AbortController().signal,
) {
  return answer(backend, `AWSStepFunctions.${operation}`, JSON.stringify(input), signal);
}

void describe('task tokens and Activities over the engine port', () => {
  void it('hands a waiting Activity Task to one worker, with its input', async () => {
    const port = new FakePort();
    port.wait({ taskToken: 'tok-1', stateName: 'Work', activityArn: ACTIVITY, input: { n: 1 } });
    const backend = backendWith(port, 10);
    const first = await send(backend, 'GetActivityTask', { activityArn: ACTIVITY, workerName: 'w1' });
    assert.deepEqual(first, { status: 200, body: { taskToken: 'tok-1', input: '{"n":1}' } });
    const second = await send(backend, 'GetActivityTask', { activityArn: ACTIVITY });
    assert.deepEqual(second, { status: 200, body: {} }, 'the same task is not handed out twice');
    assert.deepEqual(
      port.log,
      ['taken tok-1 by w1'],
      "the worker's name reaches the engine (ActivityStarted)",
    );
  });

  void it('holds a poll open until a task is scheduled', async () => {
    const port = new FakePort();
    const backend = backendWith(port);
    const polling = send(backend, 'GetActivityTask', { activityArn: ACTIVITY, workerName: 'w2' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backend.openPolls, 1);
    port.wait({ taskToken: 'tok-2', stateName: 'Work', activityArn: ACTIVITY, input: 'x' });
    backend.changed();
    assert.deepEqual((await polling).body, { taskToken: 'tok-2', input: '"x"' });
    assert.equal(backend.openPolls, 0);
  });

  void it('ends a poll when the client goes away', async () => {
    const backend = backendWith(new FakePort());
    const hangUp = new AbortController();
    const polling = send(backend, 'GetActivityTask', { activityArn: ACTIVITY }, hangUp.signal);
    hangUp.abort();
    assert.deepEqual((await polling).body, {});
  });

  void it('delivers success, failure and heartbeats to the execution waiting on the token', async () => {
    const port = new FakePort();
    port.wait(
      { taskToken: 'a', stateName: 'Ask', input: {} },
      { taskToken: 'b', stateName: 'Ask', input: {} },
    );
    const backend = backendWith(port);
    assert.equal((await send(backend, 'SendTaskHeartbeat', { taskToken: 'a' })).status, 200);
    assert.equal(
      (await send(backend, 'SendTaskSuccess', { taskToken: 'a', output: '{"ok": 1}' })).status,
      200,
    );
    assert.equal(
      (await send(backend, 'SendTaskFailure', { taskToken: 'b', error: 'E', cause: 'C' })).status,
      200,
    );
    assert.deepEqual(port.log, ['heartbeat a', 'success {"ok":1} a', 'failure E C b']);
    const late = await send(backend, 'SendTaskSuccess', { taskToken: 'a', output: '{}' });
    assert.deepEqual(late, {
      status: 400,
      body: { __type: 'TaskTimedOut', message: "Task Timed Out: 'Provided task does not exist anymore'" },
    });
    const never = await send(backend, 'SendTaskHeartbeat', { taskToken: 'zzz' });
    assert.deepEqual(never.body, { __type: 'InvalidToken', message: "Invalid Token: 'Invalid token'" });
  });

  void it('answers TaskTimedOut for a token whose execution has ended', async () => {
    const port = new FakePort();
    port.wait({ taskToken: 'c', stateName: 'Ask', input: {} });
    const backend = backendWith(port);
    assert.equal((await send(backend, 'SendTaskHeartbeat', { taskToken: 'c' })).status, 200);
    const run = [...backend.executions.values()][0] as unknown as { status: string; callbacks: unknown };
    run.status = 'ABORTED';
    run.callbacks = undefined;
    const ended = await send(backend, 'SendTaskSuccess', { taskToken: 'c', output: '{}' });
    assert.deepEqual(ended.body, {
      __type: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
  });
});
