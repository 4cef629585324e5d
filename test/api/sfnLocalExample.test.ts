// AWS's own Step Functions Local mock example, replayed against `stepthrough api` as the page runs it
// against Step Functions Local: "Using mocked service integrations for testing in Step Functions Local"
// (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-test-sm-exec.html; the MockConfigFile
// and definition are in fixtures/sfn-local-mock-example). The page's steps: create LambdaSQSIntegration,
// start it as `arn:aws:states:us-east-1:123456789012:stateMachine:LambdaSQSIntegration#HappyPath`, read
// the results with DescribeExecution / GetExecutionHistory. What the page says each test case does:
//   HappyPath  - LambdaState returns MockedLambdaSuccess, SQSState MockedSQSSuccess; LambdaState's output
//                is SQSState's input; the first state's entry has id 2 and previousEventId 0, input "{}".
//   RetryPath  - the first attempt fails with Lambda.ResourceNotReadyException, the first and second
//                retries with Lambda.TimeoutException, the third retry succeeds ("four attempts").
//   HybridPath - only LambdaState is mocked; SQSState "performs an actual service call". Stepthrough
//                calls no AWS service: that Task fails naming the missing mock (README, "what differs").

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { eventually, refusal, startHarness, type ApiHarness } from './harness';

const FIXTURES = join(__dirname, 'fixtures', 'sfn-local-mock-example');
const MOCK_CONFIG = join(FIXTURES, 'MockConfigFile.json');
const DEFINITION = readFileSync(join(FIXTURES, 'LambdaSQSIntegration.asl.json'), 'utf8');
const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:LambdaSQSIntegration';
const LAMBDA_SUCCESS = { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } };
const SQS_SUCCESS = {
  MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51',
  MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51',
};

void describe("AWS's Step Functions Local mock example (sfn-local-test-sm-exec)", () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({
      mockConfig: { spec: JSON.parse(readFileSync(MOCK_CONFIG, 'utf8')), origin: MOCK_CONFIG },
    });
    // Step 3.1 of the page.
    const created = await api.sfn.send(
      new CreateStateMachineCommand({
        name: 'LambdaSQSIntegration',
        definition: DEFINITION,
        roleArn: 'arn:aws:iam::123456789012:role/service-role/LambdaSQSIntegration',
      }),
    );
    assert.equal(created.stateMachineArn, MACHINE);
  });
  after(() => api.close());

  async function run(
    testCase: string,
    name: string,
  ): Promise<{ status: string; output?: string; error?: string; cause?: string; events: HistoryEvent[] }> {
    const started = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${MACHINE}#${testCase}`, name }),
    );
    // The page's step 3.3: the execution ARN has no test case in it.
    assert.equal(
      started.executionArn,
      `arn:aws:states:us-east-1:123456789012:execution:LambdaSQSIntegration:${name}`,
    );
    const done = await eventually(async () => {
      const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));
      return d.status === 'RUNNING' ? undefined : d;
    }, `${testCase} to end`);
    const history = await api.sfn.send(
      new GetExecutionHistoryCommand({ executionArn: started.executionArn }),
    );
    return {
      status: done.status ?? '',
      output: done.output,
      error: done.error,
      cause: done.cause,
      events: history.events ?? [],
    };
  }

  const byType = (events: HistoryEvent[], type: string): HistoryEvent[] =>
    events.filter((e) => e.type === type);

  void it('HappyPath: both Tasks answer with their mocked responses, the Lambda result flows into SQSState', async () => {
    const result = await run('HappyPath', 'executionWithHappyPathMockedServices');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(result.output ?? ''), SQS_SUCCESS);
    const entered = byType(result.events, 'TaskStateEntered');
    assert.deepEqual(
      entered.map((e) => e.stateEnteredEventDetails?.name),
      ['LambdaState', 'SQSState'],
    );
    // As the page's history shows it: id 2, previousEventId 0, input "{}".
    assert.deepEqual(
      [entered[0]?.id, entered[0]?.previousEventId, entered[0]?.stateEnteredEventDetails?.input],
      [2, 0, '{}'],
    );
    assert.deepEqual(JSON.parse(entered[1]?.stateEnteredEventDetails?.input ?? ''), LAMBDA_SUCCESS);
    const succeeded = byType(result.events, 'TaskSucceeded');
    assert.deepEqual(
      succeeded.map((e) => [
        e.taskSucceededEventDetails?.resourceType,
        e.taskSucceededEventDetails?.resource,
      ]),
      [
        ['lambda', 'invoke'],
        ['sqs', 'sendMessage'],
      ],
    );
    assert.deepEqual(JSON.parse(succeeded[1]?.taskSucceededEventDetails?.output ?? ''), SQS_SUCCESS);
  });

  void it('RetryPath: three failed attempts (ResourceNotReady, then Timeout twice), the fourth succeeds', async () => {
    const result = await run('RetryPath', 'executionWithRetryPathMockedServices');
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(JSON.parse(result.output ?? ''), SQS_SUCCESS);
    const failures = byType(result.events, 'TaskFailed').map((e) => [
      e.taskFailedEventDetails?.error,
      e.taskFailedEventDetails?.cause,
    ]);
    assert.deepEqual(failures, [
      ['Lambda.ResourceNotReadyException', 'Lambda resource is not ready.'],
      ['Lambda.TimeoutException', 'Lambda timed out.'],
      ['Lambda.TimeoutException', 'Lambda timed out.'],
    ]);
    const scheduled = byType(result.events, 'TaskScheduled').filter(
      (e) => e.taskScheduledEventDetails?.resource === 'invoke',
    );
    assert.equal(scheduled.length, 4);
    // The retrier's back-off (IntervalSeconds 2, BackoffRate 2) shows between the attempts: 2 s, 4 s, 8 s.
    const times = scheduled.map((e) => e.timestamp?.getTime() ?? 0);
    assert.deepEqual(
      times.slice(1).map((t, i) => t - (times[i] ?? 0)),
      [2000, 4000, 8000],
    );
    assert.equal(byType(result.events, 'TaskStateEntered').length, 2, 'a retried Task is entered once');
  });

  void it('HybridPath: LambdaState is mocked; the unmocked SQSState cannot call SQS locally and says so', async () => {
    const result = await run('HybridPath', 'executionWithHybridPathMockedServices');
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Stepthrough.MockMissing');
    assert.match(result.cause ?? '', /SQSState/);
    const lambda = byType(result.events, 'TaskSucceeded')[0];
    assert.deepEqual(JSON.parse(lambda?.taskSucceededEventDetails?.output ?? ''), LAMBDA_SUCCESS);
  });

  void it('refuses a test case the MockConfigFile does not define, naming those it does', async () => {
    const refused = await refusal(
      api.sfn.send(new StartExecutionCommand({ stateMachineArn: `${MACHINE}#SadPath` })),
    );
    assert.equal(refused.name, 'ValidationException');
    assert.match(
      refused.message,
      /no test case "SadPath"; available test cases: "HappyPath", "RetryPath", "HybridPath"/,
    );
  });
});
