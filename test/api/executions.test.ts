// `stepthrough api` through the AWS SDK for JavaScript: executions (start, poll, describe, list with
// paging and filters, history with nextToken / reverseOrder / includeExecutionData, stop, express
// executions and StartSyncExecution), TestState with DEBUG, and AWS's refusals. Many executions at
// once, each its own.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
  type GetExecutionHistoryCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { definition, eventually, refusal, ROLE, startHarness, type ApiHarness } from './harness';

const ORDER = definition({
  Validate: {
    Type: 'Choice',
    Choices: [{ Variable: '$.qty', NumericGreaterThan: 0, Next: 'Each' }],
    Default: 'Rejected',
  },
  Rejected: { Type: 'Fail', Error: 'Order.Invalid', Cause: 'quantity must be positive' },
  Each: {
    Type: 'Map',
    ItemsPath: '$.lines',
    ItemProcessor: {
      StartAt: 'Price',
      States: { Price: { Type: 'Pass', Parameters: { 'sku.$': '$', price: 3 }, End: true } },
    },
    ResultPath: '$.priced',
    Next: 'Wait',
  },
  Wait: { Type: 'Wait', Seconds: 86400, Next: 'Done' },
  Done: {
    Type: 'Pass',
    Parameters: { 'count.$': 'States.ArrayLength($.priced)', 'id.$': '$$.Execution.Name' },
    End: true,
  },
});

void describe('executions through the AWS SDK', () => {
  let api: ApiHarness;
  let orderArn: string;
  before(async () => {
    api = await startHarness();
    const created = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Order', definition: ORDER, roleArn: ROLE }),
    );
    orderArn = created.stateMachineArn ?? '';
  });
  after(() => api.close());

  void it('starts an execution and reports it as AWS does, a day-long Wait included (virtual time)', async () => {
    const started = await api.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: orderArn,
        name: 'first',
        input: '{"qty": 2, "lines": ["a", "b"]}',
      }),
    );
    assert.equal(started.executionArn, 'arn:aws:states:us-east-1:123456789012:execution:Order:first');
    const done = await eventually(async () => {
      const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, 'the execution to end');
    assert.equal(done.status, 'SUCCEEDED');
    assert.equal(done.output, '{"count":2,"id":"first"}');
    assert.equal(done.input, '{"qty": 2, "lines": ["a", "b"]}');
    assert.equal(done.name, 'first');
    assert.equal(done.stateMachineArn, orderArn);
    // The Wait took a day of the execution's time, none of the test's.
    assert.equal((done.stopDate?.getTime() ?? 0) - (done.startDate?.getTime() ?? 0), 86_400_000);
    const machine = await api.sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: started.executionArn }),
    );
    assert.equal(machine.definition, ORDER);
    assert.equal(machine.name, 'Order');
  });

  void it('reports a failed execution with its error and cause', async () => {
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: orderArn, input: '{"qty": 0}' }),
    );
    const failed = await eventually(async () => {
      const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, 'the execution to end');
    assert.deepEqual(
      [failed.status, failed.error, failed.cause, failed.output],
      ['FAILED', 'Order.Invalid', 'quantity must be positive', undefined],
    );
    assert.equal(failed.redriveStatus, 'REDRIVABLE');
    assert.match(executionArn ?? '', /^arn:aws:states:us-east-1:123456789012:execution:Order:[0-9a-f-]{36}$/);
  });

  void it('pages through a history forwards and backwards, with and without execution data', async () => {
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: orderArn,
        name: 'paged',
        input: '{"qty": 1, "lines": ["a", "b", "c"]}',
      }),
    );
    await eventually(async () => {
      const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    }, 'success');
    const whole = await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    const events = whole.events ?? [];
    assert.equal(whole.nextToken, undefined);
    assert.deepEqual(
      events.map((e) => e.id),
      events.map((_, i) => i + 1),
    );
    assert.equal(events[0]?.type, 'ExecutionStarted');
    assert.equal(events[1]?.type, 'ChoiceStateEntered');
    assert.equal(
      events[1]?.previousEventId,
      0,
      'the first state entry follows nothing, as in every AWS history',
    );
    assert.equal(events.at(-1)?.type, 'ExecutionSucceeded');
    assert.equal(events[0]?.executionStartedEventDetails?.roleArn, ROLE);
    assert.equal(events[0]?.executionStartedEventDetails?.input, '{"qty":1,"lines":["a","b","c"]}');
    assert.equal(events.filter((e) => e.type === 'MapIterationStarted').length, 3);

    const pages: HistoryEvent[][] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 4, nextToken }),
      );
      pages.push(page.events ?? []);
      nextToken = page.nextToken;
    } while (nextToken);
    assert.equal(pages.length, Math.ceil(events.length / 4));
    assert.deepEqual(pages.flat(), events);

    const reversed: HistoryEvent[] = [];
    nextToken = undefined;
    do {
      const page: GetExecutionHistoryCommandOutput = await api.sfn.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 5, reverseOrder: true, nextToken }),
      );
      reversed.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(reversed, [...events].reverse());

    const bare = await api.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );
    const started = bare.events?.[0]?.executionStartedEventDetails;
    assert.deepEqual(started, { inputDetails: { truncated: false }, roleArn: ROLE });
    assert.ok((bare.events ?? []).every((e) => e.stateExitedEventDetails?.output === undefined));

    // A token is good only for the listing it came from.
    const first = await api.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 2 }));
    const wrong = await refusal(
      api.sfn.send(
        new GetExecutionHistoryCommand({
          executionArn,
          maxResults: 2,
          reverseOrder: true,
          nextToken: first.nextToken,
        }),
      ),
    );
    assert.equal(wrong.name, 'InvalidToken');
  });

  void it('lists executions newest first, filtered by status, a page at a time', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Listed', definition: ORDER, roleArn: ROLE }),
    );
    const arns: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { executionArn } = await api.sfn.send(
        new StartExecutionCommand({
          stateMachineArn,
          name: `run-${i}`,
          input: JSON.stringify({ qty: i % 2, lines: [] }),
        }),
      );
      arns.push(executionArn ?? '');
    }
    const listed: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await api.sfn.send(
        new ListExecutionsCommand({ stateMachineArn, maxResults: 2, nextToken }),
      );
      listed.push(...(page.executions ?? []).map((e) => e.executionArn ?? ''));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.deepEqual(listed, [...arns].reverse());
    const failed = await api.sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'FAILED' }));
    assert.deepEqual(
      (failed.executions ?? []).map((e) => e.name),
      ['run-4', 'run-2', 'run-0'],
    );
    const missing = await refusal(
      api.sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope',
        }),
      ),
    );
    assert.equal(missing.name, 'StateMachineDoesNotExist');
  });

  void it('refuses a reused name, bad input, unknown machines and executions', async () => {
    const input = '{"qty": 1, "lines": []}';
    await api.sfn.send(new StartExecutionCommand({ stateMachineArn: orderArn, name: 'once', input }));
    const again = await refusal(
      api.sfn.send(new StartExecutionCommand({ stateMachineArn: orderArn, name: 'once', input })),
    );
    assert.deepEqual(again, {
      name: 'ExecutionAlreadyExists',
      message: "Execution Already Exists: 'arn:aws:states:us-east-1:123456789012:execution:Order:once'",
      status: 400,
    });
    const badInput = await refusal(
      api.sfn.send(new StartExecutionCommand({ stateMachineArn: orderArn, input: '{"qty": ' })),
    );
    assert.equal(badInput.name, 'InvalidExecutionInput');
    assert.match(badInput.message, /^Invalid State Machine Execution Input: '/);
    const badName = await refusal(
      api.sfn.send(new StartExecutionCommand({ stateMachineArn: orderArn, name: 'a b' })),
    );
    assert.deepEqual([badName.name, badName.message], ['InvalidName', "Invalid Name: 'a b'"]);
    const huge = await refusal(
      api.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: orderArn,
          input: JSON.stringify({ pad: 'x'.repeat(262_144) }),
        }),
      ),
    );
    assert.equal(huge.name, 'ValidationException');
    assert.match(
      huge.message,
      /at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144/,
    );
    assert.doesNotMatch(huge.message, /xxxx/, 'AWS leaves sensitive values out of the message');
    const noMachine = await refusal(
      api.sfn.send(
        new StartExecutionCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Nope',
        }),
      ),
    );
    assert.equal(noMachine.name, 'StateMachineDoesNotExist');
    const noExecution = await refusal(
      api.sfn.send(
        new DescribeExecutionCommand({
          executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Order:nope',
        }),
      ),
    );
    assert.equal(noExecution.name, 'ExecutionDoesNotExist');
    const notAnExecution = await refusal(
      api.sfn.send(new DescribeExecutionCommand({ executionArn: orderArn })),
    );
    assert.equal(notAnExecution.name, 'InvalidArn');
    const noToken = await refusal(
      api.sfn.send(new StartExecutionCommand({ stateMachineArn: `${orderArn}#HappyPath` })),
    );
    assert.equal(noToken.name, 'ValidationException');
    assert.match(noToken.message, /no mock config: start it with --mock-config FILE or SFN_MOCK_CONFIG/);
  });

  void it('runs many executions at once, each with its own input, name and outcome', async () => {
    const count = 40;
    const started = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        api.sfn.send(
          new StartExecutionCommand({
            stateMachineArn: orderArn,
            name: `many-${i}`,
            input: JSON.stringify({ qty: i % 3, lines: Array.from({ length: i }, (_, j) => `s${j}`) }),
          }),
        ),
      ),
    );
    const outcomes = await Promise.all(
      started.map(({ executionArn }) =>
        eventually(async () => {
          const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
          return d.status === 'RUNNING' ? undefined : d;
        }, 'the execution to end'),
      ),
    );
    outcomes.forEach((d, i) => {
      if (i % 3 === 0) assert.deepEqual([d.status, d.error], ['FAILED', 'Order.Invalid']);
      else
        assert.deepEqual([d.status, d.output], ['SUCCEEDED', JSON.stringify({ count: i, id: `many-${i}` })]);
    });
  });
});

void describe('express executions and StartSyncExecution', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness();
  });
  after(() => api.close());

  void it('runs an EXPRESS machine synchronously and answers with its result', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Quick', definition: ORDER, roleArn: ROLE, type: 'EXPRESS' }),
    );
    const ok = await api.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn, name: 'sync', input: '{"qty": 1, "lines": ["x"]}' }),
    );
    assert.equal(ok.status, 'SUCCEEDED');
    assert.equal(ok.output, '{"count":1,"id":"sync"}');
    assert.match(
      ok.executionArn ?? '',
      /^arn:aws:states:us-east-1:123456789012:express:Quick:sync:[0-9a-f-]{36}$/,
    );
    const failed = await api.sfn.send(
      new StartSyncExecutionCommand({ stateMachineArn, input: '{"qty": 0}' }),
    );
    assert.deepEqual(
      [failed.status, failed.error, failed.cause],
      ['FAILED', 'Order.Invalid', 'quantity must be positive'],
    );
    // Express executions are not kept for DescribeExecution, GetExecutionHistory or ListExecutions.
    const describe = await refusal(
      api.sfn.send(new DescribeExecutionCommand({ executionArn: ok.executionArn })),
    );
    assert.deepEqual(
      [describe.name, describe.message],
      ['InvalidArn', "Invalid Arn: 'Resource type not valid in this context: express'"],
    );
    const list = await refusal(api.sfn.send(new ListExecutionsCommand({ stateMachineArn })));
    assert.equal(list.name, 'StateMachineTypeNotSupported');
    const async = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    assert.match(async.executionArn ?? '', /:express:Quick:/);
  });

  void it('refuses StartSyncExecution on a STANDARD machine', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Std', definition: ORDER, roleArn: ROLE }),
    );
    const refused = await refusal(api.sfn.send(new StartSyncExecutionCommand({ stateMachineArn })));
    assert.equal(refused.name, 'StateMachineTypeNotSupported');
  });
});

void describe('StopExecution', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ time: { kind: 'paced', scale: 1 } });
  });
  after(() => api.close());

  void it('stops a running execution: ABORTED, with the error and cause given, history ending in ExecutionAborted', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Slow', definition: ORDER, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn, name: 'stopped', input: '{"qty": 1, "lines": ["a"]}' }),
    );
    // In real time the day-long Wait holds the execution: it is RUNNING, its history stops at the Wait.
    const waiting = await eventually(async () => {
      const h = await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      return h.events?.at(-1)?.type === 'WaitStateEntered' ? h.events : undefined;
    }, 'the Wait to start');
    assert.equal((await api.sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING');
    const stopped = await api.sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Ops.Cancelled', cause: 'no longer needed' }),
    );
    assert.ok(stopped.stopDate instanceof Date);
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.deepEqual([d.status, d.error, d.cause], ['ABORTED', 'Ops.Cancelled', 'no longer needed']);
    assert.equal(d.stopDate?.getTime(), stopped.stopDate?.getTime());
    const history = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    assert.deepEqual(history.slice(0, -1), waiting);
    assert.deepEqual(history.at(-1), {
      timestamp: stopped.stopDate,
      type: 'ExecutionAborted',
      id: waiting.length + 1,
      previousEventId: waiting.length,
      executionAbortedEventDetails: { error: 'Ops.Cancelled', cause: 'no longer needed' },
    });
    // Stopping again changes nothing.
    const again = await api.sfn.send(new StopExecutionCommand({ executionArn }));
    assert.equal(again.stopDate?.getTime(), stopped.stopDate?.getTime());
    const listed = await api.sfn.send(
      new ListExecutionsCommand({ stateMachineArn, statusFilter: 'ABORTED' }),
    );
    assert.deepEqual(
      (listed.executions ?? []).map((e) => e.name),
      ['stopped'],
    );
  });
});

void describe('TestState through the AWS SDK', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness();
  });
  after(() => api.close());

  void it('runs one state with DEBUG inspection data', async () => {
    const state = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge', 'Payload.$': '$.order' },
      ResultSelector: { 'charged.$': '$.Payload.ok' },
      ResultPath: '$.result',
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 3, IntervalSeconds: 2 }],
      End: true,
    };
    const ok = await api.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify(state),
        input: '{"order": {"id": 7}}',
        inspectionLevel: 'DEBUG',
        mock: { result: '{"StatusCode": 200, "Payload": {"ok": true}}', fieldValidationMode: 'NONE' },
      }),
    );
    assert.equal(ok.status, 'SUCCEEDED');
    assert.equal(ok.output, '{"order":{"id":7},"result":{"charged":true}}');
    assert.equal(ok.inspectionData?.afterParameters, '{"FunctionName":"charge","Payload":{"id":7}}');
    assert.equal(ok.inspectionData?.afterResultSelector, '{"charged":true}');
    const retriable = await api.sfn.send(
      new TestStateCommand({
        definition: JSON.stringify(state),
        input: '{"order": {}}',
        inspectionLevel: 'DEBUG',
        mock: { errorOutput: { error: 'Lambda.TooManyRequestsException', cause: 'slow down' } },
      }),
    );
    assert.equal(retriable.status, 'RETRIABLE');
    assert.equal(retriable.inspectionData?.errorDetails?.retryBackoffIntervalSeconds, 2);
  });

  void it('answers TestState refusals with their AWS exception names', async () => {
    const invalid = await refusal(api.sfn.send(new TestStateCommand({ definition: '{"Type": "Nope"}' })));
    assert.equal(invalid.name, 'InvalidDefinition');
    const input = await refusal(
      api.sfn.send(new TestStateCommand({ definition: '{"Type": "Pass", "End": true}', input: '{oops' })),
    );
    assert.equal(input.name, 'InvalidExecutionInput');
  });
});
