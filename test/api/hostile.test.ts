// `stepthrough api` facing what no SDK sends: bodies that are not JSON, of the wrong shape, nested
// without end, larger than any request; unknown and missing operations; malformed HTTP; hostile names.
// Each is answered with AWS's error shape and status (never a 500 with a stack), and the server answers
// the next request as if nothing had happened.

import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { SLICE_STATES } from '../../api/execution';
import { answer } from '../../api/server';
import { call, definition, eventually, raw, ROLE, startHarness, type ApiHarness } from './harness';

void describe('hostile requests', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startHarness({ maxBodyBytes: 1024 * 1024 });
  });
  after(() => api.close());

  /** After each hostile request, a normal one still works. */
  async function stillServes(): Promise<void> {
    const listed = await api.sfn.send(new ListStateMachinesCommand({}));
    assert.ok(Array.isArray(listed.stateMachines));
  }

  void it('answers bodies that are not JSON, or not an object, with SerializationException', async () => {
    for (const body of [
      '{',
      'garbage',
      '\u0000\u0001\u0002',
      '[1,2]',
      '"text"',
      '42',
      'null',
      '{"name": }',
    ]) {
      const answer = await raw(api.url, { target: 'AWSStepFunctions.CreateStateMachine', body });
      assert.equal(answer.status, 400, body);
      assert.equal(answer.json().__type, 'SerializationException', body);
      assert.equal(answer.headers['content-type'], 'application/x-amz-json-1.0');
      assert.ok(answer.headers['x-amzn-requestid']);
      await stillServes();
    }
  });

  void it('answers members of the wrong type with SerializationException, missing ones with ValidationException', async () => {
    const wrongType = await call(api.url, 'ListExecutions', { stateMachineArn: 7 });
    assert.equal(wrongType.status, 400);
    assert.deepEqual(wrongType.json(), {
      __type: 'SerializationException',
      message: 'stateMachineArn must be a string, not a number',
    });
    const nested = await call(api.url, 'CreateStateMachine', {
      name: 'x',
      definition: '{}',
      roleArn: ROLE,
      tags: [{ key: { deep: true } }],
    });
    assert.equal(nested.json().__type, 'SerializationException');
    const missing = await call(api.url, 'CreateStateMachine', { name: 'x' });
    assert.deepEqual(missing.json(), {
      __type: 'ValidationException',
      message:
        "2 validation errors detected: Value null at 'definition' failed to satisfy constraint: Member must not be null; Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    });
    const empty = await raw(api.url, { target: 'AWSStepFunctions.DescribeExecution', body: '' });
    assert.equal(empty.json().__type, 'ValidationException');
    const badEnum = await call(api.url, 'ListExecutions', {
      stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:X',
      statusFilter: 'DONE',
    });
    assert.equal(
      badEnum.json().message,
      "1 validation error detected: Value 'DONE' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]",
    );
    await stillServes();
  });

  void it('answers unknown, unimplemented and missing operations with UnknownOperationException', async () => {
    const unknown = await call(api.url, 'LaunchRockets', {});
    assert.equal(unknown.status, 400);
    assert.equal(unknown.json().__type, 'UnknownOperationException');
    const notOurs = await raw(api.url, { target: 'DynamoDB_20120810.ListTables', body: '{}' });
    assert.equal(notOurs.json().__type, 'UnknownOperationException');
    const missing = await raw(api.url, { body: '{}' });
    assert.deepEqual(missing.json(), {
      __type: 'UnknownOperationException',
      message: 'Missing X-Amz-Target header (AWSStepFunctions.<Operation>).',
    });
    const unimplemented = await call(api.url, 'DescribeMapRun', { mapRunArn: 'x' });
    assert.deepEqual(unimplemented.json(), {
      __type: 'UnknownOperationException',
      message: 'Stepthrough does not implement DescribeMapRun.',
    });
    for (const target of [
      'AWSStepFunctions.constructor',
      'AWSStepFunctions.__proto__',
      'AWSStepFunctions.toString',
    ]) {
      const answer = await raw(api.url, { target, body: '{}' });
      assert.equal(answer.json().__type, 'UnknownOperationException', target);
    }
    const get = await raw(api.url, { method: 'GET' });
    assert.equal(get.json().__type, 'UnknownOperationException');
    await stillServes();
  });

  void it('refuses a body larger than the limit without reading it, then serves the next request', async () => {
    const huge = await raw(api.url, {
      target: 'AWSStepFunctions.CreateStateMachine',
      body: Buffer.alloc(3 * 1024 * 1024, 0x61),
    }).catch((err: NodeJS.ErrnoException) => err);
    // The server answers 413 and closes the connection; the client may see the answer or the reset.
    if (!(huge instanceof Error)) {
      assert.equal(huge.status, 413);
      assert.equal(huge.json().__type, 'RequestEntityTooLarge');
    } else assert.match(String(huge.code), /EPIPE|ECONNRESET/);
    await stillServes();
  });

  void it('survives JSON nested past any reasonable depth, and deep execution input', async () => {
    const depth = 200_000;
    const deep = `{"name": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const answer = await raw(api.url, { target: 'AWSStepFunctions.CreateActivity', body: deep });
    assert.equal(answer.status, 400);
    assert.match(String(answer.json().__type), /SerializationException|ValidationException/);
    const created = await call(api.url, 'CreateStateMachine', {
      name: 'Deep',
      definition: definition({ Echo: { Type: 'Pass', End: true } }),
      roleArn: ROLE,
    });
    const arn = created.json().stateMachineArn;
    const input = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const started = await call(api.url, 'StartExecution', { stateMachineArn: arn, input });
    assert.deepEqual(started.json(), {
      __type: 'InvalidExecutionInput',
      message: "Invalid State Machine Execution Input: 'The input nests deeper than 1000 levels.'",
    });
    const deepButFine = `${'{"a":'.repeat(1000)}"[{"${'}'.repeat(1000)}`;
    const accepted = await call(api.url, 'StartExecution', { stateMachineArn: arn, input: deepButFine });
    assert.equal(accepted.status, 200, accepted.body);
    await stillServes();
  });

  void it('answers malformed HTTP with 400 and keeps serving', async () => {
    const port = api.server.port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    assert.match(reply, /^HTTP\/1\.1 400 Bad Request/);
    // A client that goes away in the middle of a request does no harm either.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nX-Amz-Target: AWSStepFunctions.ListActivities\r\n\r\n{"a"',
        );
        socket.destroy();
        resolve();
      });
    });
    await stillServes();
  });

  void it('ignores credentials and signatures, whatever they are', async () => {
    const answer = await raw(api.url, {
      target: 'AWSStepFunctions.ListStateMachines',
      body: '{}',
      headers: {
        Authorization: 'AWS4-HMAC-SHA256 Credential=garbage, Signature=nonsense',
        'X-Amz-Security-Token': 'not-a-session-token',
      },
    });
    assert.equal(answer.status, 200);
  });

  void it('keeps names that look like Object.prototype members apart from it', async () => {
    for (const name of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const created = await call(api.url, 'CreateActivity', { name });
      assert.equal(created.status, 200, created.body);
      const described = await call(api.url, 'DescribeActivity', { activityArn: created.json().activityArn });
      assert.equal(described.json().name, name);
    }
    const listed = await call(api.url, 'ListActivities', {});
    assert.deepEqual((listed.json().activities as { name: string }[]).map((a) => a.name).sort(), [
      '__proto__',
      'constructor',
      'hasOwnProperty',
    ]);
  });

  void it('runs a runaway execution in slices: it never holds other requests up, and ends at the history bound', async () => {
    const created = await call(api.url, 'CreateStateMachine', {
      name: 'Runaway',
      definition: definition({
        Spin: { Type: 'Pass', Next: 'Again' },
        Again: {
          Type: 'Choice',
          Choices: [{ Variable: '$.never', IsPresent: true, Next: 'Done' }],
          Default: 'Spin',
        },
        Done: { Type: 'Succeed' },
      }),
      roleArn: ROLE,
    });
    const backend = api.server.backend;
    const signal = new AbortController().signal;
    const target = (operation: string): string => `AWSStepFunctions.${operation}`;
    // Straight through the server's request function, then one turn of the event loop: a run that
    // did not give the loop back would be over by then (25,000 events), a sliced one has run a slice
    // or two and waits behind the other requests.
    const started = await answer(
      backend,
      target('StartExecution'),
      JSON.stringify({ stateMachineArn: created.json().stateMachineArn }),
      signal,
    );
    assert.equal(started.status, 200);
    const executionArn = (started.body as { executionArn: string }).executionArn;
    await new Promise((resolve) => setImmediate(resolve));
    const described = await answer(
      backend,
      target('DescribeExecution'),
      JSON.stringify({ executionArn }),
      signal,
    );
    assert.equal((described.body as { status: string }).status, 'RUNNING');
    const history = await answer(
      backend,
      target('GetExecutionHistory'),
      JSON.stringify({ executionArn, maxResults: 1000 }),
      signal,
    );
    const shown = (history.body as { events: unknown[] }).events.length;
    // Two events a state (entered, exited): a slice is at most SLICE_STATES states.
    assert.ok(shown > 0 && shown <= 4 * SLICE_STATES + 2, `a slice or two ran, not ${shown} events`);
    await stillServes();
    const ended = await eventually(async () => {
      const d = await call(api.url, 'DescribeExecution', { executionArn });
      return d.json().status === 'RUNNING' ? undefined : d.json();
    }, 'the runaway execution to end');
    assert.equal(ended.status, 'FAILED');
    assert.equal(ended.error, 'Stepthrough.HistoryLimitExceeded');
    await stillServes();
  });
});
