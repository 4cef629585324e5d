// The API's side of task tokens and Activities over a stand-in for the engine's callback port (the
// engine side is the callbacks work, api/callbacks.ts): GetActivityTask hands each waiting Activity Task
// to one worker, holds the poll open until a task is scheduled, and tells the engine which worker took
// it; SendTask* reach the execution waiting on the token; a token handed out before and closed since is
// TaskTimedOut, any other unknown token InvalidToken.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../core';
import { Backend } from './backend';
import type { CallbackPort, WaitingTask } from './callbacks';
import type { ExecutionRun } from './execution';
import { answer } from './server';

const ACTIVITY = 'arn:aws:states:us-east-1:123456789012:activity:Work';

/** What an engine with callbacks would offer; records what the API asked of it. */
class FakePort implements CallbackPort {
  waiting: WaitingTask[] = [];
  log: string[] = [];
  sendTaskSuccess(token: string, output: JsonValue): boolean {
    return this.close(token, `success ${JSON.stringify(output)}`);
  }
  sendTaskFailure(token: string, error?: string, cause?: string): boolean {
    return this.close(token, `failure ${error} ${cause}`);
  }
  sendTaskHeartbeat(token: string): boolean {
    this.log.push(`heartbeat ${token}`);
    return this.waiting.some((t) => t.taskToken === token);
  }
  waitingTasks(): readonly WaitingTask[] {
    return this.waiting;
  }
  activityTaskStarted(token: string, worker: string | undefined): void {
    this.log.push(`started ${token} by ${worker}`);
  }
  private close(token: string, what: string): boolean {
    const found = this.waiting.some((t) => t.taskToken === token);
    this.waiting = this.waiting.filter((t) => t.taskToken !== token);
    if (found) this.log.push(`${what} ${token}`);
    return found;
  }
}

function backendWith(port: FakePort, activityPollMs = 5_000): Backend {
  const backend = new Backend({ activityPollMs });
  const run = {
    callbacks: port,
    tokensSeen: new Set<string>(),
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
  void it('hands a waiting Activity Task to one worker, with its input, and tells the engine who took it', async () => {
    const port = new FakePort();
    port.waiting.push({ taskToken: 'tok-1', stateName: 'Work', activityArn: ACTIVITY, input: { n: 1 } });
    const backend = backendWith(port, 10);
    const first = await send(backend, 'GetActivityTask', { activityArn: ACTIVITY, workerName: 'w1' });
    assert.deepEqual(first, { status: 200, body: { taskToken: 'tok-1', input: '{"n":1}' } });
    assert.deepEqual(port.log, ['started tok-1 by w1']);
    const second = await send(backend, 'GetActivityTask', { activityArn: ACTIVITY });
    assert.deepEqual(second, { status: 200, body: {} }, 'the same task is not handed out twice');
  });

  void it('holds a poll open until a task is scheduled', async () => {
    const port = new FakePort();
    const backend = backendWith(port);
    const polling = send(backend, 'GetActivityTask', { activityArn: ACTIVITY, workerName: 'w2' });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backend.openPolls, 1);
    port.waiting.push({ taskToken: 'tok-2', stateName: 'Work', activityArn: ACTIVITY, input: 'x' });
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
    port.waiting.push({ taskToken: 'a', stateName: 'Ask' }, { taskToken: 'b', stateName: 'Ask' });
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

  void it('answers TaskDoesNotExist for a token whose execution has ended', async () => {
    const port = new FakePort();
    port.waiting.push({ taskToken: 'c', stateName: 'Ask' });
    const backend = backendWith(port);
    assert.equal((await send(backend, 'SendTaskHeartbeat', { taskToken: 'c' })).status, 200);
    const run = [...backend.executions.values()][0] as unknown as { status: string; callbacks: unknown };
    run.status = 'ABORTED';
    run.callbacks = undefined;
    const ended = await send(backend, 'SendTaskSuccess', { taskToken: 'c', output: '{}' });
    assert.deepEqual(ended.body, {
      __type: 'TaskDoesNotExist',
      message:
        "Task Does Not Exist: 'its execution arn:aws:states:us-east-1:123456789012:execution:M:e has ended (ABORTED)'",
    });
  });
});
