// `stepthrough serve` answers from outside: `start` an execution whose callback Task waits for the
// client, list its waiting Tasks, answer them (success, failure, heartbeat; AWS's exception names for
// a bad token), take its result; an Activity and a handler-called Task in the same started execution.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Client, mocks } from './harness';

const APPROVAL = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token', 'order.$': '$.order' } },
      HeartbeatSeconds: 60,
      Catch: [{ ErrorEquals: ['Denied'], ResultPath: '$.denied', Next: 'Refused' }],
      Next: 'Work',
    },
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:us-east-1:123456789012:activity:Work',
      End: true,
    },
    Refused: { Type: 'Pass', End: true },
  },
};

async function start(client: Client, id: number, input: unknown): Promise<number> {
  const started = await client.request({ id, type: 'start', definition: { inline: APPROVAL }, input });
  assert.equal(started.ok, true, JSON.stringify(started));
  return (started.result as { executionId: number }).executionId;
}

interface Waiting {
  stateName: string;
  taskToken: string;
  resource: string;
  request: unknown;
}

void describe('serve: executions answered from outside', () => {
  void it('lists the waiting Task, takes a heartbeat and success, then the Activity, and gives the result', async () => {
    const client = new Client();
    const executionId = await start(client, 1, { order: 7 });
    const first = await client.request({ id: 2, type: 'waitingTasks', executionId });
    const [ask] = first.result as Waiting[];
    assert.equal(ask?.stateName, 'Ask');
    assert.deepEqual(ask?.request, { QueueUrl: 'q', MessageBody: { token: ask?.taskToken, order: 7 } });
    const beat = await client.request({
      id: 3,
      type: 'sendTaskHeartbeat',
      executionId,
      taskToken: ask?.taskToken,
    });
    assert.deepEqual(beat, { id: 3, ok: true, result: null });
    const ok = await client.request({
      id: 4,
      type: 'sendTaskSuccess',
      executionId,
      taskToken: ask?.taskToken,
      output: { approved: true },
    });
    assert.equal(ok.ok, true);
    const again = await client.request({
      id: 5,
      type: 'sendTaskSuccess',
      executionId,
      taskToken: ask?.taskToken,
      output: {},
    });
    assert.equal(again.ok, false);
    assert.deepEqual(
      [(again.error as { code: string }).code, (again.error as { awsError: string }).awsError],
      ['E_TASK_TOKEN', 'TaskTimedOut'],
    );
    const second = await client.request({ id: 6, type: 'waitingTasks', executionId });
    const [work] = second.result as Waiting[];
    assert.deepEqual(
      [work?.stateName, work?.resource, work?.request],
      ['Work', 'arn:aws:states:us-east-1:123456789012:activity:Work', { approved: true }],
    );
    await client.request({
      id: 7,
      type: 'sendTaskSuccess',
      executionId,
      taskToken: work?.taskToken,
      output: 'done',
    });
    const result = await client.request({ id: 8, type: 'executionResult', executionId });
    assert.deepEqual(
      [(result.result as { status: string }).status, (result.result as { output: unknown }).output],
      ['SUCCEEDED', 'done'],
    );
    const forgotten = await client.request({ id: 9, type: 'waitingTasks', executionId });
    assert.equal((forgotten.error as { code: string }).code, 'E_USAGE');
    await client.close();
  });

  void it('a failure is caught by the Catch; an unknown token is InvalidToken; a mocked Task does not wait', async () => {
    const client = new Client();
    const executionId = await start(client, 1, { order: 8 });
    const [ask] = (await client.request({ id: 2, type: 'waitingTasks', executionId })).result as Waiting[];
    const bad = await client.request({ id: 3, type: 'sendTaskFailure', executionId, taskToken: 'nope' });
    assert.equal((bad.error as { awsError: string }).awsError, 'InvalidToken');
    await client.request({
      id: 4,
      type: 'sendTaskFailure',
      executionId,
      taskToken: ask?.taskToken,
      error: 'Denied',
      cause: 'too dear',
    });
    const result = (await client.request({ id: 5, type: 'executionResult', executionId })).result as {
      output: unknown;
    };
    assert.deepEqual(result.output, { order: 8, denied: { Error: 'Denied', Cause: 'too dear' } });

    const mocked = await client.request({
      id: 6,
      type: 'start',
      definition: { inline: APPROVAL },
      mocks: mocks({ Ask: [{ Return: { approved: 1 } }], Work: [{ Return: 'w' }] }),
    });
    const id = (mocked.result as { executionId: number }).executionId;
    const none = await client.request({ id: 7, type: 'waitingTasks', executionId: id });
    assert.deepEqual(none.result, [], 'the execution ended without waiting');
    await client.request({ id: 8, type: 'executionResult', executionId: id });
    await client.close();
  });

  void it('refuses malformed requests on the wire and stops started executions on shutdown', async () => {
    const client = new Client();
    const noId = await client.request({ id: 1, type: 'waitingTasks' });
    assert.match((noId.error as { message: string }).message, /"executionId" must be an integer/);
    const noOutput = await client.request({ id: 2, type: 'sendTaskSuccess', executionId: 1, taskToken: 't' });
    assert.match((noOutput.error as { message: string }).message, /"output" is required/);
    await start(client, 3, { order: 9 });
    await client.close();
  });
});
