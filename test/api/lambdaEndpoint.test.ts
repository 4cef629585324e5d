// LAMBDA_ENDPOINT: unmocked Lambda Tasks are sent to a Lambda API endpoint with Lambda's Invoke protocol.
// The endpoint here is a tiny stand-in for `sam local start-lambda` started by the test: it answers
// POST /2015-03-31/functions/<name>/invocations as Lambda does (the result; X-Amz-Function-Error with
// the function's error object; a 404 ResourceNotFoundException). What the state machine gets back is
// what AWS gives it (the lambda:invoke envelope, a function ARN's bare result, the function's errorType
// as the error, Lambda.ResourceNotFoundException with AWS's cause wording).

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { definition, eventually, ROLE, startHarness, type ApiHarness } from './harness';
import { lambdaStandIn, type StandIn } from './lambdaStandIn';

const FLOW = definition({
  Greet: {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: {
      FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:greet:live',
      'Payload.$': '$',
    },
    ResultSelector: {
      'greeting.$': '$.Payload.hello',
      'status.$': '$.StatusCode',
      'version.$': '$.ExecutedVersion',
    },
    ResultPath: '$.invoke',
    Next: 'GreetAgain',
  },
  GreetAgain: {
    Type: 'Task',
    Resource: 'arn:aws:lambda:us-east-1:123456789012:function:greet',
    ResultPath: '$.bare',
    Next: 'Boom',
  },
  Boom: {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'boom', 'Payload.$': '$' },
    Catch: [{ ErrorEquals: ['ValueError'], ResultPath: '$.caught', Next: 'Missing' }],
    End: true,
  },
  Missing: {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: 'nope', Payload: {} },
    End: true,
  },
});

async function finished(api: ApiHarness, executionArn: string | undefined) {
  return eventually(async () => {
    const d = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    return d.status === 'RUNNING' ? undefined : d;
  }, 'the execution to end');
}

void describe('LAMBDA_ENDPOINT: unmocked Lambda Tasks call a Lambda API endpoint', () => {
  let lambda: StandIn;
  let api: ApiHarness;
  let machineArn: string | undefined;
  before(async () => {
    lambda = await lambdaStandIn();
    api = await startHarness({
      lambdaEndpoint: lambda.url,
      mockConfig: {
        origin: 'inline',
        spec: {
          StateMachines: { Flow: { TestCases: { MockedBoom: { Boom: 'BoomOk' } } } },
          MockedResponses: { BoomOk: { '0': { Return: { StatusCode: 200, Payload: 'mocked' } } } },
        },
      },
    });
    machineArn = (
      await api.sfn.send(new CreateStateMachineCommand({ name: 'Flow', definition: FLOW, roleArn: ROLE }))
    ).stateMachineArn;
  });
  after(async () => {
    await api.close();
    await lambda.close();
  });

  void it('forwards lambda:invoke and function-ARN Tasks and maps results and errors as AWS does', async () => {
    lambda.calls.length = 0;
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: machineArn, input: '{"name": "Ada"}' }),
    );
    const done = await finished(api, executionArn);
    assert.deepEqual(
      lambda.calls.map((c) => [c.name, c.qualifier]),
      [
        ['greet', 'live'],
        ['greet', null],
        ['boom', null],
        ['nope', null],
      ],
    );
    assert.deepEqual(lambda.calls[0]?.payload, { name: 'Ada' });
    assert.deepEqual(lambda.calls[1]?.payload, {
      name: 'Ada',
      invoke: { greeting: 'Ada', status: 200, version: '$LATEST' },
    });
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'Lambda.ResourceNotFoundException');
    assert.equal(
      done.cause,
      'Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: req-1; Proxy: null)',
    );
    const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    const greetDone = events.find((e) => e.type === 'TaskSucceeded');
    const envelope = JSON.parse(greetDone?.taskSucceededEventDetails?.output ?? '{}') as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      Object.keys(envelope).sort(),
      ['ExecutedVersion', 'Payload', 'SdkHttpMetadata', 'SdkResponseMetadata', 'StatusCode'],
      'the lambda:invoke service envelope, as recorded on AWS (conformance services/lambda_task_service.test_invoke)',
    );
    assert.deepEqual(envelope.Payload, { hello: 'Ada' });
    const bare = events.find((e) => e.type === 'LambdaFunctionSucceeded');
    assert.equal(bare?.lambdaFunctionSucceededEventDetails?.output, '{"hello":"Ada"}');
    const boom = events.find((e) => e.type === 'TaskFailed');
    assert.equal(boom?.taskFailedEventDetails?.error, 'ValueError');
    assert.deepEqual(JSON.parse(boom?.taskFailedEventDetails?.cause ?? ''), {
      errorMessage: 'the order is bad',
      errorType: 'ValueError',
      stackTrace: ['  File "app.py", line 3'],
    });
  });

  void it('a mocked state is answered by the MockConfigFile, the others still go to the endpoint', async () => {
    lambda.calls.length = 0;
    const { executionArn } = await api.sfn.send(
      new StartExecutionCommand({ stateMachineArn: `${machineArn}#MockedBoom`, input: '{"name": "Bo"}' }),
    );
    const done = await finished(api, executionArn);
    assert.equal(done.status, 'SUCCEEDED');
    assert.deepEqual(
      lambda.calls.map((c) => c.name),
      ['greet', 'greet'],
    );
    assert.deepEqual(JSON.parse(done.output ?? ''), { StatusCode: 200, Payload: 'mocked' });
  });

  void it('StopExecution ends an execution while its Lambda call is still running', async () => {
    const slow = definition({
      Slow: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'slow', Payload: {} },
        End: true,
      },
    });
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'SlowFlow', definition: slow, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await lambda.heldArrived;
    const call = lambda.held[0];
    assert.ok(call);
    const callEnded = new Promise<void>((resolve) => call.res.on('close', resolve));
    assert.equal((await api.sfn.send(new DescribeExecutionCommand({ executionArn }))).status, 'RUNNING');
    await api.sfn.send(new StopExecutionCommand({ executionArn, cause: 'enough' }));
    const stopped = await api.sfn.send(new DescribeExecutionCommand({ executionArn }));
    assert.deepEqual([stopped.status, stopped.cause], ['ABORTED', 'enough']);
    await callEnded; // the forwarded request was abandoned, not left hanging
    const events = (await api.sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
    assert.deepEqual(
      events.map((e) => e.type),
      ['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'ExecutionAborted'],
    );
  });
});

void describe('LAMBDA_ENDPOINT that cannot be reached', () => {
  let api: ApiHarness;
  before(async () => {
    // A port nothing listens on: one that was just free.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    api = await startHarness({ lambdaEndpoint: `http://127.0.0.1:${port}` });
  });
  after(() => api.close());

  void it('fails the Task with an error that names the endpoint', async () => {
    const { stateMachineArn } = await api.sfn.send(
      new CreateStateMachineCommand({ name: 'Flow', definition: FLOW, roleArn: ROLE }),
    );
    const { executionArn } = await api.sfn.send(new StartExecutionCommand({ stateMachineArn }));
    const done = await finished(api, executionArn);
    assert.equal(done.status, 'FAILED');
    assert.equal(done.error, 'Stepthrough.LambdaEndpointError');
    assert.match(
      done.cause ?? '',
      /could not be reached for arn:aws:lambda:us-east-1:123456789012:function:greet:live/,
    );
  });
});
