// Nested executions: a Task's `states:startExecution` (plain, `.sync`, `.sync:2`) of a machine the caller
// mapped (ExecuteOptions.machines) runs here as a child execution with its own history, and the parent
// gets AWS's response shapes. Evidence, cited per test: AWS's recordings in ../shared/histories
// (service_integration/callback__start_execution_sync2, the cross-account `.sync` case) and
// ../shared/conformance (services/sfn_task_service.test_start_execution*), AWS's developer guide ("Start a
// new AWS Step Functions state machine from a running execution": `.sync` returns Output as JSON text,
// `.sync:2` parsed). The histories suite checks every event's shape against the recordings.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DefinitionError, StepthroughError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import { execute } from './execute';
import type { HistoryEvent } from './events';

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow';

function parent(resource: string, extra: JsonObject = {}, parameters?: JsonObject): JsonObject {
  return {
    StartAt: 'StartChild',
    States: {
      StartChild: {
        Type: 'Task',
        Resource: resource,
        Parameters: parameters ?? { StateMachineArn: CHILD_ARN, 'Input.$': '$', Name: 'run-1' },
        End: true,
        ...extra,
      },
      ...('Catch' in extra ? { Handled: { Type: 'Pass', End: true } } : {}),
    },
  };
}

const child: JsonObject = {
  StartAt: 'Wait',
  States: {
    Wait: { Type: 'Wait', Seconds: 30, Next: 'Work' },
    Work: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'f', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
};

const failingChild: JsonObject = {
  StartAt: 'Boom',
  States: { Boom: { Type: 'Fail', Error: 'Child.Broken', Cause: 'nothing works' } },
};

const types = (events: readonly HistoryEvent[]): string[] => events.map((e) => e.type);

describe('states:startExecution of a mapped machine', () => {
  test('.sync:2: TaskSubmitted with the StartExecution response, then DescribeExecution with Output parsed', async () => {
    // Recorded: ../shared/histories/service_integration/callback__start_execution_sync2 (events 5-6).
    const result = await execute(parent('arn:aws:states:::states:startExecution.sync:2'), {
      input: { order: 7 },
      machines: { ChildFlow: child },
      mocks: { Work: [{ Return: { StatusCode: 200, Payload: { done: true } } }] },
    });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(types(result.events), [
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const submitted = result.events[4];
    assert.ok(submitted?.type === 'TaskSubmitted');
    const started = submitted.taskSubmittedEventDetails.output as JsonObject;
    assert.equal(started.ExecutionArn, 'arn:aws:states:us-east-1:123456789012:execution:ChildFlow:run-1');
    assert.equal(started.StartDate, Date.parse('2024-01-01T00:00:00Z'));
    const output = result.output as JsonObject;
    assert.deepEqual(Object.keys(output), [
      'ExecutionArn',
      'Input',
      'InputDetails',
      'Name',
      'Output',
      'OutputDetails',
      'RedriveCount',
      'RedriveStatus',
      'RedriveStatusReason',
      'StartDate',
      'StateMachineArn',
      'Status',
      'StopDate',
    ]);
    assert.deepEqual(output.Input, { order: 7 });
    assert.deepEqual(output.Output, { done: true });
    assert.equal(output.Status, 'SUCCEEDED');
    assert.equal(output.StateMachineArn, CHILD_ARN);
    // The child's Wait ran on the virtual clock: the parent's Task ended 30 s later.
    assert.equal((output.StopDate as number) - (output.StartDate as number), 30_000);
    // The child's own history, in result.childExecutions.
    const [nested, ...others] = result.childExecutions ?? [];
    assert.equal(others.length, 0);
    assert.equal(nested?.startedBy, 'startExecution');
    assert.equal(nested?.parentState, 'StartChild');
    assert.equal(nested?.index, 0);
    assert.equal(nested?.executionArn, output.ExecutionArn);
    assert.deepEqual(nested?.states, ['Wait', 'Work']);
    assert.deepEqual(types(nested?.events ?? []).slice(0, 2), ['ExecutionStarted', 'WaitStateEntered']);
    assert.equal(types(nested?.events ?? []).at(-1), 'ExecutionSucceeded');
    // Its events are its own: no scope of the parent's, ids from 1.
    assert.deepEqual(nested?.events[1]?.scope, []);
    assert.equal(nested?.events[0]?.id, 1);
  });

  test('.sync: Input and Output as JSON text (the cross-account .sync recording)', async () => {
    // Recorded: ../shared/histories/service_integration/credentials_base__cross_account_states_start_sync_execution__...
    // where `"Input": "\"InputFromTrustedAccount\""` started the child with a JSON string.
    const result = await execute(parent('arn:aws:states:::states:startExecution.sync'), {
      input: '"text input"',
      machines: {
        [CHILD_ARN]: {
          StartAt: 'P',
          States: { P: { Type: 'Pass', Result: { Arg1: 'argument1' }, End: true } },
        },
      },
    });
    assert.equal(result.status, 'SUCCEEDED');
    const output = result.output as JsonObject;
    assert.equal(output.Output, '{"Arg1":"argument1"}');
    assert.equal(output.Input, '"text input"');
    assert.equal(result.childExecutions?.[0]?.input, 'text input');
  });

  test('Input null or absent starts the child with {} (the recorded .sync:2 run)', async () => {
    const result = await execute(
      parent(
        'arn:aws:states:::states:startExecution.sync:2',
        {},
        { StateMachineArn: CHILD_ARN, Input: null },
      ),
      { machines: { ChildFlow: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } },
    );
    assert.deepEqual((result.output as JsonObject).Input, {});
    assert.deepEqual(result.childExecutions?.[0]?.input, {});
    // No Name: a name derived from the call, the same every run.
    const again = await execute(
      parent('arn:aws:states:::states:startExecution.sync:2', {}, { StateMachineArn: CHILD_ARN }),
      { machines: { ChildFlow: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } },
    );
    assert.match(String((again.output as JsonObject).Name), /^[0-9a-f-]{36}$/);
  });

  test('a failed child fails the Task with States.TaskFailed and the DescribeExecution shape as cause', async () => {
    const result = await execute(parent('arn:aws:states:::states:startExecution.sync:2'), {
      machines: { ChildFlow: failingChild },
    });
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.TaskFailed');
    const cause = JSON.parse(result.cause ?? '') as JsonObject;
    assert.equal(cause.Status, 'FAILED');
    assert.equal(cause.Error, 'Child.Broken');
    assert.equal(cause.Cause, 'nothing works');
    assert.equal(cause.Output, undefined);
    const failed = result.events.find((e) => e.type === 'TaskFailed');
    assert.ok(failed?.type === 'TaskFailed');
    assert.equal(failed.taskFailedEventDetails.error, 'States.TaskFailed');
    assert.equal(result.childExecutions?.[0]?.status, 'FAILED');
  });

  test("the parent's Catch catches it as States.TaskFailed, not as the child's error", async () => {
    const caughtAs = async (errors: string[]): Promise<string> =>
      (
        await execute(
          parent('arn:aws:states:::states:startExecution.sync', {
            Catch: [{ ErrorEquals: errors, Next: 'Handled' }],
          }),
          { machines: { ChildFlow: failingChild } },
        )
      ).status;
    assert.equal(await caughtAs(['States.TaskFailed']), 'SUCCEEDED');
    assert.equal(await caughtAs(['Child.Broken']), 'FAILED');
  });

  test('plain startExecution answers at once with {ExecutionArn, StartDate}; the child still runs', async () => {
    // Recorded: ../shared/conformance/services/sfn_task_service.test_start_execution (output fields).
    const result = await execute(parent('arn:aws:states:::states:startExecution'), {
      machines: { ChildFlow: child },
      mocks: { Work: [{ Return: { Payload: 1 } }] },
    });
    assert.equal(result.status, 'SUCCEEDED');
    const output = result.output as JsonObject;
    assert.deepEqual(Object.keys(output), [
      'ExecutionArn',
      'SdkHttpMetadata',
      'SdkResponseMetadata',
      'StartDate',
    ]);
    assert.ok(!types(result.events).includes('TaskSubmitted'));
    // The parent ended at once; the child waited its 30 s and ran to its end all the same.
    const end = result.events.at(-1);
    assert.equal(end?.timestamp, '2024-01-01T00:00:00.000Z');
    const nested = result.childExecutions?.[0];
    assert.equal(nested?.status, 'SUCCEEDED');
    assert.deepEqual(nested?.output, 1);
    assert.equal(nested?.events.at(-1)?.timestamp, '2024-01-01T00:00:30.000Z');
  });

  test('a .sync Task whose TimeoutSeconds the child outlasts times out (States.Timeout)', async () => {
    const result = await execute(
      parent('arn:aws:states:::states:startExecution.sync:2', { TimeoutSeconds: 10 }),
      {
        machines: { ChildFlow: child },
        mocks: { Work: [{ Return: { Payload: 1 } }] },
      },
    );
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.Timeout');
  });

  test('a mock for the Task wins over the mapped machine; unmapped and unmocked is MockMissing', async () => {
    const mocked = await execute(parent('arn:aws:states:::states:startExecution.sync'), {
      machines: { ChildFlow: failingChild },
      mocks: { StartChild: [{ Return: { Status: 'SUCCEEDED' } }] },
    });
    assert.deepEqual(mocked.output, { Status: 'SUCCEEDED' });
    assert.equal(mocked.childExecutions, undefined);
    // A .sync Task answered by a mock still writes TaskSubmitted, as AWS does.
    assert.ok(types(mocked.events).includes('TaskSubmitted'));
    const missing = await execute(parent('arn:aws:states:::states:startExecution.sync'), {
      machines: { OtherFlow: child },
    });
    assert.equal(missing.error, 'Stepthrough.MockMissing');
  });

  test('the child runs in its own QueryLanguage (JSONata under a JSONPath parent)', async () => {
    const result = await execute(
      {
        StartAt: 'Set',
        States: {
          Set: { Type: 'Pass', Assign: { secret: 1 }, Next: 'StartChild' },
          StartChild: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: CHILD_ARN, Input: { n: 2 } },
            End: true,
          },
        },
      },
      {
        machines: {
          ChildFlow: {
            QueryLanguage: 'JSONata',
            StartAt: 'P',
            States: { P: { Type: 'Pass', Output: '{% $states.input.n * 10 %}', End: true } },
          },
        },
      },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal((result.output as JsonObject).Output, 20);
  });

  test('a mapped machine AWS would refuse is refused before anything runs; mocks may name its states', async () => {
    await assert.rejects(
      execute(parent('arn:aws:states:::states:startExecution.sync'), {
        machines: { ChildFlow: { StartAt: 'Nowhere', States: { P: { Type: 'Pass', End: true } } } },
      }),
      DefinitionError,
    );
    await assert.rejects(
      execute(parent('arn:aws:states:::states:startExecution.sync'), {
        machines: { ChildFlow: child },
        mocks: { Wrok: [{ Return: {} }] },
      }),
      (err: unknown) => err instanceof StepthroughError && err.code === 'E_UNKNOWN_STATE',
    );
  });

  test('nested executions are numbered per Task state, in the order they started', async () => {
    const result = await execute(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'StartChild',
              States: parent(
                'arn:aws:states:::states:startExecution.sync:2',
                {},
                { StateMachineArn: CHILD_ARN, 'Input.$': '$' },
              ).States as JsonObject,
            },
            End: true,
          },
        },
      },
      {
        input: [1, 2, 3] as JsonValue,
        machines: { ChildFlow: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } },
      },
    );
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(
      result.childExecutions?.map((c) => [c.index, c.input]),
      [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    );
  });
});

describe("a nested execution's own TimeoutSeconds", () => {
  // The States Language spec, Top-level fields: "TimeoutSeconds: the maximum number of seconds an
  // execution of the state machine can run. If it runs longer than the specified time, then the
  // execution fails with a States.Timeout Error Name." A child is an execution like any other (AWS's
  // developer guide, "Start workflow executions from a task state"): it ends TIMED_OUT, and a `.sync`
  // Task waiting for it fails as it does for any child that did not succeed (States.TaskFailed, with
  // DescribeExecution's shape, Status TIMED_OUT, as the cause). AWS's DescribeExecution of a timed-out
  // execution has no error and no cause (recorded: ../shared/conformance timeouts.test_global_timeout,
  // checked against the recording in test/nested/failedSyncChild.test.ts), so neither has the child's.
  const slowChild = (timeoutSeconds: number, waitSeconds: number): JsonObject => ({
    TimeoutSeconds: timeoutSeconds,
    StartAt: 'Wait',
    States: { Wait: { Type: 'Wait', Seconds: waitSeconds, End: true } },
  });

  test('a child that runs past its TimeoutSeconds ends TIMED_OUT at that time; the .sync Task fails with States.TaskFailed', async () => {
    const result = await execute(parent('arn:aws:states:::states:startExecution.sync:2'), {
      machines: { ChildFlow: slowChild(5, 60) },
    });
    const nested = result.childExecutions?.[0];
    assert.equal(nested?.status, 'TIMED_OUT');
    assert.equal(nested?.error, undefined);
    assert.equal(nested?.cause, undefined);
    assert.deepEqual(types(nested?.events ?? []), [
      'ExecutionStarted',
      'WaitStateEntered',
      'ExecutionTimedOut',
    ]);
    assert.equal(nested?.events.at(-1)?.timestamp, '2024-01-01T00:00:05.000Z');
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.TaskFailed');
    const cause = JSON.parse(result.cause ?? '') as JsonObject;
    assert.equal(cause.Status, 'TIMED_OUT');
    assert.equal('Error' in cause || 'Cause' in cause, false);
    assert.equal(cause.StopDate, Date.parse('2024-01-01T00:00:05.000Z'));
    const failed = result.events.find((e) => e.type === 'TaskFailed');
    assert.equal(failed?.timestamp, '2024-01-01T00:00:05.000Z');
  });

  test('a child that ends exactly at its TimeoutSeconds succeeds; the parent carries on (and its Catch sees TaskFailed)', async () => {
    const inTime = await execute(parent('arn:aws:states:::states:startExecution.sync:2'), {
      machines: { ChildFlow: slowChild(5, 5) },
    });
    assert.equal(inTime.status, 'SUCCEEDED');
    assert.equal(inTime.childExecutions?.[0]?.status, 'SUCCEEDED');
    const caught = await execute(
      parent('arn:aws:states:::states:startExecution.sync', {
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Handled' }],
      }),
      { machines: { ChildFlow: slowChild(5, 6) } },
    );
    assert.equal(caught.status, 'SUCCEEDED');
    assert.deepEqual(types(caught.events).slice(-3), [
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  test("a plain startExecution child times out on its own; the parent's TimeoutSeconds still rules the parent", async () => {
    const result = await execute(parent('arn:aws:states:::states:startExecution'), {
      machines: { ChildFlow: slowChild(5, 60) },
    });
    assert.equal(result.status, 'SUCCEEDED');
    assert.equal(result.childExecutions?.[0]?.status, 'TIMED_OUT');
    // A parent that times out first stops its .sync child, which is ABORTED, not TIMED_OUT.
    const parentFirst = await execute(
      { ...parent('arn:aws:states:::states:startExecution.sync:2'), TimeoutSeconds: 3 },
      { machines: { ChildFlow: slowChild(5, 60) } },
    );
    assert.equal(parentFirst.status, 'TIMED_OUT');
    assert.equal(parentFirst.childExecutions?.[0]?.status, 'ABORTED');
  });
});

describe('observers see a nested execution as a thread of its own', () => {
  test('onThreadStarted names the machines key, the thread that started it, and its states run on that thread', async () => {
    const started: { threadId: number; parentThreadId?: number; machine?: string; startedBy?: string }[] = [];
    const statesByThread: [string, number][] = [];
    await execute(
      parent(
        'arn:aws:states:::states:startExecution.sync:2',
        {},
        {
          StateMachineArn: CHILD_ARN,
          'Input.$': '$',
          Name: 'run-1',
        },
      ),
      {
        machines: { [CHILD_ARN]: child },
        mocks: { Work: [{ Return: { Payload: 1 } }] },
        observer: {
          onThreadStarted: (t) =>
            started.push({
              threadId: t.threadId,
              ...(t.parentThreadId === undefined ? {} : { parentThreadId: t.parentThreadId }),
              ...(t.machine === undefined ? {} : { machine: t.machine }),
              ...(t.childExecution ? { startedBy: t.childExecution.startedBy } : {}),
            }),
          beforeState: (frame) => {
            statesByThread.push([frame.stateName, frame.threadId]);
          },
        },
      },
    );
    const [root, nested, ...more] = started;
    assert.deepEqual(more, []);
    assert.deepEqual(root, { threadId: 1 });
    // Keyed by the whole ARN here: the key it was found under.
    assert.deepEqual(nested, {
      threadId: 2,
      parentThreadId: 1,
      machine: CHILD_ARN,
      startedBy: 'startExecution',
    });
    assert.deepEqual(statesByThread, [
      ['StartChild', 1],
      ['Wait', 2],
      ['Work', 2],
    ]);
  });

  test('a Parallel branch names the thread of its Parallel state', async () => {
    const parents: (number | undefined)[] = [];
    await execute(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            End: true,
            Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
          },
        },
      },
      { observer: { onThreadStarted: (t) => parents.push(t.parentThreadId) } },
    );
    assert.deepEqual(parents, [undefined, 1]);
  });
});
