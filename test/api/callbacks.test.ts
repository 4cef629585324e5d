// Task tokens and Activities through the AWS SDK: CreateActivity, DescribeActivity, ListActivities,
// DeleteActivity, GetActivityTask (long poll), SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat,
// with AWS's refusals (InvalidToken, TaskTimedOut, InvalidOutput, ActivityDoesNotExist, InvalidName).
//
// The API answers a waiting Task through the engine's execution handle (sendTaskSuccess /
// sendTaskFailure / sendTaskHeartbeat / waitingTasks, api/callbacks.ts); executions run with
// `outsideAnswers`, so a callback or Activity Task no MockConfigFile answers waits for these requests.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DescribeActivityCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListActivitiesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { definition, eventually, refusal, ROLE, startHarness, type ApiHarness } from './harness';

const CALLBACK = definition({
  Ask: {
    Type: 'Task',
    Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
    Parameters: {
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
      MessageBody: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
    },
    HeartbeatSeconds: 3600,
    Catch: [{ ErrorEquals: ['Approval.Denied'], ResultPath: '$.denied', Next: 'Denied' }],
    End: true,
  },
  Denied: { Type: 'Pass', End: true },
});

/** The token the Task put in its SQS message, as a consumer of the queue would read it. */
async function tokenSent(api: ApiHarness, executionArn: string | undefined): Promise<string> {
  return eventually(async () => {
    const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    const parameters = scheduled?.taskScheduledEventDetails?.parameters;
    if (!parameters) return undefined;
    return (JSON.parse(parameters) as { MessageBody: { token: string } }).MessageBody.token;
  }, 'the task token to be sent');
}

async function finished(api: ApiHarness, executionArn: string | undefined) {
  return eventually(async () => {
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 'the execution to end');
}

void describe('activities and task tokens: requests and refusals', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ activityPollMs: 50 });
  });
  after(() => api.close());

  void it('creates, describes, lists and deletes activities', async () => {
    const created = await api.sfn.send(new CreateActivityCommand({ name: 'Approve' }));
    assert.equal(created.activityArn, 'arn:aws:states:us-east-1:123456789012:activity:Approve');
    const again = await api.sfn.send(new CreateActivityCommand({ name: 'Approve' }));
    assert.equal(again.creationDate?.getTime(), created.creationDate?.getTime());
    const described = await api.sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn }));
    assert.equal(described.name, 'Approve');
    const listed = await api.sfn.send(new ListActivitiesCommand({}));
    assert.deepEqual(
      (listed.activities ?? []).map((a) => a.name),
      ['Approve'],
    );
    await api.sfn.send(new DeleteActivityCommand({ activityArn: created.activityArn }));
    const gone = await refusal(
      api.sfn.send(new DescribeActivityCommand({ activityArn: created.activityArn })),
    );
    assert.deepEqual(
      [gone.name, gone.message],
      ['ActivityDoesNotExist', `Activity Does Not Exist: '${created.activityArn}'`],
    );
    const polled = await refusal(
      api.sfn.send(new GetActivityTaskCommand({ activityArn: created.activityArn })),
    );
    assert.equal(polled.name, 'ActivityDoesNotExist');
    const badName = await refusal(api.sfn.send(new CreateActivityCommand({ name: 'no spaces allowed' })));
    assert.equal(badName.name, 'InvalidName');
    const notActivity = await refusal(
      api.sfn.send(
        new DescribeActivityCommand({ activityArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:X' }),
      ),
    );
    assert.equal(notActivity.name, 'InvalidArn');
  });

  void it('a poll with no task scheduled ends empty after the long-poll time', async () => {
    const { activityArn } = await api.sfn.send(new CreateActivityCommand({ name: 'Idle' }));
    const polled = await api.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'w1' }));
    assert.equal(polled.taskToken, undefined);
    assert.equal(polled.input, undefined);
  });

  void it('refuses tokens no execution is waiting on, and output that is not JSON', async () => {
    const unknown = await refusal(
      api.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    );
    assert.deepEqual([unknown.name, unknown.message], ['InvalidToken', "Invalid Token: 'Invalid token'"]);
    for (const send of [
      api.sfn.send(new SendTaskFailureCommand({ taskToken: 'not-a-token', error: 'E' })),
      api.sfn.send(new SendTaskHeartbeatCommand({ taskToken: 'not-a-token' })),
    ]) {
      assert.equal((await refusal(send)).name, 'InvalidToken');
    }
    const output = await refusal(
      api.sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{nope' })),
    );
    assert.equal(output.name, 'InvalidOutput');
    const long = await refusal(
      api.sfn.send(new SendTaskSuccessCommand({ taskToken: 't'.repeat(2049), output: '{}' })),
    );
    assert.equal(long.name, 'ValidationException');
    assert.match(
      long.message,
      /at 'taskToken' failed to satisfy constraint: Member must have length less than or equal to 2048/,
    );
  });
});

void describe('callbacks end to end (waitForTaskToken)', () => {
  let api: ApiHarness;
  let machine: string | undefined;
  before(async () => {
    api = await startHarness();
    machine = (
      await api.sfn.send(
        new CreateStateMachineCommand({ name: 'Approval', definition: CALLBACK, roleArn: ROLE }),
      )
    ).stateMachineArn;
  });
  after(() => api.close());

  void it('SendTaskSuccess answers the waiting Task; a second answer finds the task closed', async () => {
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"order": 7}' }),
    );
    const token = await tokenSent(api, executionArn);
    assert.equal((await api.sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING');
    await api.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await api.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved": true}' }));
    const done = await finished(api, executionArn);
    assert.deepEqual([done.status, done.output], ['SUCCEEDED', '{"approved":true}']);
    const late = await refusal(api.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    assert.equal(late.name, 'TaskTimedOut');
  });

  void it('SendTaskFailure fails the waiting Task with its error and cause (caught here)', async () => {
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: '{"order": 8}' }),
    );
    const token = await tokenSent(api, executionArn);
    await api.sfn.send(
      new SendTaskFailureCommand({ taskToken: token, error: 'Approval.Denied', cause: 'too expensive' }),
    );
    const done = await finished(api, executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(done.output ?? ''), {
      order: 8,
      denied: { Error: 'Approval.Denied', Cause: 'too expensive' },
    });
  });
  void it('a missed heartbeat fails the Task with States.Timeout once another branch carries the clock past it', async () => {
    // Time stands still while every thread waits on the outside (ARCHITECTURE 26); the Wait branch moves
    // it 10 s on, past the callback's 5 s HeartbeatSeconds. AWS records a missed heartbeat as
    // States.Timeout (../shared/histories/callback/heartbeats__heartbeat_timeout).
    const racing = definition({
      Both: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Ask',
            States: {
              Ask: {
                Type: 'Task',
                Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
                Parameters: {
                  QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
                  'MessageBody.$': '$$.Task.Token',
                },
                TimeoutSeconds: 600,
                HeartbeatSeconds: 5,
                End: true,
              },
            },
          },
          { StartAt: 'Later', States: { Later: { Type: 'Wait', Seconds: 10, End: true } } },
        ],
        End: true,
      },
    });
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Heartbeat', definition: racing, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const done = await finished(api, executionArn);
    assert.deepEqual([done.status, done.error], ['FAILED', 'States.Timeout']);
    const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const timedOut = events.find((e) => e.type === 'TaskTimedOut');
    assert.equal(timedOut?.taskTimedOutEventDetails?.error, 'States.Timeout');
    const started = Date.parse(String(events[0]?.timestamp));
    assert.equal(
      Date.parse(String(timedOut?.timestamp)) - started,
      5000,
      'after HeartbeatSeconds, not TimeoutSeconds',
    );
    const scheduled = events.find((e) => e.type === 'TaskScheduled');
    const token = (
      JSON.parse(scheduled?.taskScheduledEventDetails?.parameters ?? '{}') as { MessageBody: string }
    ).MessageBody;
    const late = await refusal(api.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })));
    assert.equal(late.name, 'TaskTimedOut', 'its task closed when it timed out');
  });
});

void describe('an Activity worker loop', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ activityPollMs: 300 });
  });
  after(() => api.close());

  void it('a worker takes each scheduled task with GetActivityTask and answers it', async () => {
    const { activityArn } = await api.sfn.send(new CreateActivityCommand({ name: 'Double' }));
    const work = definition({ Work: { Type: 'Task', Resource: activityArn, End: true } });
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Worker', definition: work, roleArn: ROLE }),
    );
    const runs = await Promise.all(
      [1, 2, 3].map((n) =>
        api.sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ n }) })),
      ),
    );
    const answered: number[] = [];
    while (answered.length < runs.length) {
      const task = await api.sfn.send(new GetActivityTaskCommand({ activityArn, workerName: 'doubler' }));
      assert.ok(task.taskToken, 'a task is scheduled for each execution');
      const { n } = JSON.parse(task.input ?? '{}') as { n: number };
      answered.push(n);
      await api.sfn.send(
        new SendTaskSuccessCommand({
          taskToken: task.taskToken,
          output: JSON.stringify({ doubled: n * 2 }),
        }),
      );
    }
    assert.deepEqual(answered.sort(), [1, 2, 3]);
    for (const [i, { executionArn }] of runs.entries()) {
      const done = await finished(api, executionArn);
      assert.deepEqual([done.status, done.output], ['SUCCEEDED', JSON.stringify({ doubled: (i + 1) * 2 })]);
      // As AWS records it (../shared/histories/callback/activities__activity_task): ActivityStarted when
      // the worker's GetActivityTask took the task, naming that worker.
      const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
      assert.deepEqual(
        events.slice(2, 5).map((e) => e.type),
        ['ActivityScheduled', 'ActivityStarted', 'ActivitySucceeded'],
      );
      const startedEvent = events.find((e) => e.type === 'ActivityStarted');
      assert.equal(startedEvent?.activityStartedEventDetails?.workerName, 'doubler');
    }
  });
});

void describe('nothing waits forever: outside waits count real seconds (`--time real`)', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ time: { kind: 'paced', scale: 1 } });
  });
  after(() => api.close());

  void it('a callback nobody answers times out after its TimeoutSeconds of real time, with no other branch to move the clock', async () => {
    // Before, the clock stood still on the lone waiting Task and the execution stayed RUNNING for ever.
    const lone = definition({
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: {
          QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q',
          'MessageBody.$': '$$.Task.Token',
        },
        TimeoutSeconds: 1,
        End: true,
      },
    });
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Unanswered', definition: lone, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    const done = await eventually(
      async () => {
        const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
        return d.status === 'RUNNING' ? undefined : d;
      },
      'the execution to time out',
      1_000_000,
    );
    assert.deepEqual([done.status, done.error], ['FAILED', 'States.Timeout']);
    const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const submitted = events.find((e) => e.type === 'TaskSubmitted');
    const timedOut = events.find((e) => e.type === 'TaskTimedOut');
    assert.equal(timedOut?.taskTimedOutEventDetails?.error, 'States.Timeout');
    assert.equal(
      Date.parse(String(timedOut?.timestamp)) - Date.parse(String(submitted?.timestamp)),
      1000,
      'TimeoutSeconds after the Task began to wait',
    );
  });
});
