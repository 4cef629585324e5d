// Tests of `stepthrough serve`: the JSON-lines protocol end to end over in-memory streams — execute
// with mocks, MockConfigFiles and roles, testState statuses, test-file listing and runs, protocol
// errors, shutdown and end of input (handler callbacks: cli/serve/handlers.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { StepthroughError } from '../../core';
import { nodeFileAccess } from '../../host';
import type { CommandContext } from '../context';
import { Client, dir, file, mocks, ORDER } from '../serve/harness';
import { MAX_MESSAGE_NESTING } from '../serve-protocol';
import { serializeMessage } from '../serve/session';
import { serveCommand, SERVE_USAGE } from './serve';

test('execute runs a definition file with simple mocks and reports status, output and states', async () => {
  const client = new Client();
  const response = await client.request({
    id: 1,
    type: 'execute',
    definition: { file: ORDER },
    input: { sku: 'book' },
    mocks: mocks({
      Reserve: { Return: { Payload: { reserved: true } } },
      Charge: { Return: { charged: 5 } },
    }),
  });
  assert.equal(response.id, 1);
  assert.equal(response.ok, true);
  const result = response.result as Record<string, unknown>;
  assert.equal(result.status, 'SUCCEEDED');
  assert.deepEqual(result.output, { charged: 5 });
  assert.deepEqual(result.states, ['Reserve', 'Charge']);
  assert.ok(Array.isArray(result.events) && result.events.length > 5);
  await client.close();
});

test('an inline definition runs too, and a failing run is an ok response with error and cause', async () => {
  const client = new Client();
  const response = await client.request({
    id: 2,
    type: 'execute',
    definition: { inline: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Bad', Cause: 'very' } } } },
  });
  assert.equal(response.ok, true);
  assert.deepEqual(
    { ...(response.result as Record<string, unknown>), events: undefined },
    { status: 'FAILED', output: null, error: 'Bad', cause: 'very', states: ['F'], events: undefined },
  );
  await client.close();
});

test('testState runs one state with TestState statuses and the next state', async () => {
  const client = new Client();
  const run = async (id: number, state: string, mock: unknown): Promise<Record<string, unknown>> => {
    const response = await client.request({
      id,
      type: 'testState',
      definition: { file: ORDER },
      state,
      input: { a: 1 },
      mocks: mocks(mock),
    });
    assert.equal(response.ok, true, JSON.stringify(response));
    return response.result as Record<string, unknown>;
  };
  const ok = await run(10, 'Reserve', { Reserve: { Return: { Payload: { b: 2 } } } });
  assert.deepEqual(
    [ok.status, ok.output, ok.nextState, ok.states],
    ['SUCCEEDED', { b: 2 }, 'Charge', ['Reserve']],
  );
  const retriable = await run(11, 'Reserve', { Reserve: { Throw: { Error: 'Throttled', Cause: 'x' } } });
  assert.deepEqual([retriable.status, retriable.error, retriable.cause], ['RETRIABLE', 'Throttled', 'x']);
  const caught = await run(12, 'Reserve', { Reserve: { Throw: { Error: 'Boom', Cause: 'y' } } });
  assert.deepEqual([caught.status, caught.nextState, caught.error], ['CAUGHT_ERROR', 'Failed', 'Boom']);
  assert.deepEqual(caught.output, { a: 1, error: { Error: 'Boom', Cause: 'y' } });
  const last = await run(13, 'Charge', { Charge: { Return: 'done' } });
  assert.deepEqual([last.status, last.output, last.nextState], ['SUCCEEDED', 'done', null]);
  const missing = await client.request({
    id: 14,
    type: 'testState',
    definition: { file: ORDER },
    state: 'Reserv',
  });
  assert.equal(missing.ok, false);
  assert.deepEqual(missing.error, {
    code: 'E_UNKNOWN_STATE',
    message: 'the state machine has no state "Reserv"',
    hint: 'Did you mean "Reserve"?',
  });
  await client.close();
});

test('a MockConfigFile selects its test case; without one the error says what to pass', async () => {
  const config = file('mock-config.json', {
    StateMachines: { order: { TestCases: { Happy: { Reserve: 'Ok', Charge: 'Charged' } } } },
    MockedResponses: {
      Ok: { '0': { Return: { Payload: { r: 1 } } } },
      Charged: { '0': { Return: { charged: 'yes' } } },
    },
  });
  const client = new Client();
  const happy = await client.request({
    id: 20,
    type: 'execute',
    definition: { file: ORDER },
    mocks: { kind: 'file', file: config, testCase: 'Happy' },
  });
  assert.deepEqual((happy.result as Record<string, unknown>).output, { charged: 'yes' });
  const noCase = await client.request({
    id: 21,
    type: 'execute',
    definition: { file: ORDER },
    mocks: { kind: 'file', file: config },
  });
  assert.equal(noCase.ok, false);
  const error = noCase.error as Record<string, unknown>;
  assert.equal(error.code, 'E_USAGE');
  assert.match(String(error.hint), /test_case=/);
  await client.close();
});

test('request errors name the problem: missing files, unknown mocked states, mixed handler entries, bad roles', async () => {
  const client = new Client();
  const errorOf = async (message: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await client.request(message);
    assert.equal(response.ok, false, JSON.stringify(response));
    assert.equal(response.id, message.id);
    return response.error as Record<string, unknown>;
  };
  const notFound = await errorOf({
    id: 30,
    type: 'execute',
    definition: { file: join(dir, 'nope.asl.json') },
  });
  assert.equal(notFound.code, 'E_FILE_NOT_FOUND');
  assert.match(String(notFound.message), /nope\.asl\.json' does not exist/);
  const typo = await errorOf({
    id: 31,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Charg: { Return: 1 } }),
  });
  assert.deepEqual([typo.code, typo.hint], ['E_UNKNOWN_STATE', 'Did you mean "Charge"?']);
  const mixed = await errorOf({
    id: 32,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Charge: [{ Return: 1 }, { handler: 'm:f' }] }),
  });
  assert.equal(mixed.code, 'E_INVALID_MOCKS');
  assert.match(String(mixed.message), /cannot be mixed/);
  const role = await errorOf({
    id: 33,
    type: 'execute',
    definition: { file: ORDER },
    role: { document: { Statement: [{ Effect: 'Maybe' }] } },
  });
  assert.equal(role.code, 'E_USAGE');
  assert.match(String(role.message), /role policy is not valid/);
  await client.close();
});

test('a role without the Lambda permission fails the Task as AWS does', async () => {
  const client = new Client();
  const response = await client.request({
    id: 40,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { Return: { Payload: {} } }, Charge: { Return: 1 } }),
    role: {
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' }],
      },
    },
  });
  const result = response.result as Record<string, unknown>;
  assert.equal(result.status, 'SUCCEEDED', 'the Catch takes the access-denied error');
  assert.deepEqual(result.states, ['Reserve', 'Failed']);
  assert.match(JSON.stringify(result.output), /not authorized to perform: lambda:InvokeFunction/);
  await client.close();
});

test('listTestFile lists cases with their lines; runTestFile runs the named ones', async () => {
  const testFile = file(
    'order.sfn-test.yaml',
    [
      'stateMachine: ./order.asl.json',
      'mocks:',
      '  Reserve: { return: { Payload: { ok: true } } }',
      '  Charge: { return: { charged: 1 } }',
      'cases:',
      '  - name: charges',
      '    expect: { status: SUCCEEDED, output: { charged: 1 } }',
      '  - name: wrong output',
      '    expect: { output: { charged: 2 } }',
      '  - name: later',
      '    skip: true',
      '',
    ].join('\n'),
  );
  const client = new Client();
  const listed = await client.request({ id: 50, type: 'listTestFile', file: testFile });
  const list = listed.result as {
    cases: { name: string; line: number; skip: boolean }[];
    problems: unknown[];
  };
  assert.deepEqual(
    list.cases.map((c) => [c.name, c.line, c.skip]),
    [
      ['charges', 6, false],
      ['wrong output', 8, false],
      ['later', 10, true],
    ],
  );
  assert.deepEqual(list.problems, []);
  const ran = await client.request({
    id: 51,
    type: 'runTestFile',
    file: testFile,
    cases: ['wrong output', 'gone'],
  });
  const run = ran.result as {
    cases: { name: string; outcome: string; failures: { check: string; message: string }[] }[];
    unknownCases: string[];
  };
  assert.deepEqual(
    run.cases.map((c) => [c.name, c.outcome]),
    [['wrong output', 'failed']],
  );
  assert.equal(run.cases[0]?.failures[0]?.check, 'output');
  assert.match(String(run.cases[0]?.failures[0]?.message), /at \$\.charged: expected 2, got 1/);
  assert.deepEqual(run.unknownCases, ['gone']);

  const bad = file(
    'bad.sfn-test.yaml',
    'stateMachine: ./order.asl.json\ncases:\n  - name: x\n    mocks: { Nope: { return: 1 } }\n',
  );
  const problems = (await client.request({ id: 52, type: 'listTestFile', file: bad })).result as {
    cases: unknown[];
    problems: { line: number; message: string }[];
  };
  assert.deepEqual(problems.cases, []);
  assert.equal(problems.problems[0]?.line, 4);
  assert.match(String(problems.problems[0]?.message), /Nope/);
  await client.close();
});

test('malformed lines get E_PROTOCOL errors and the session goes on', async () => {
  const client = new Client();
  const protocolError = async (line: unknown, id: number | null, pattern: RegExp): Promise<void> => {
    client.send(line);
    const response = await client.next();
    assert.equal(response.ok, false);
    assert.equal(response.id, id);
    const error = response.error as Record<string, unknown>;
    assert.equal(error.code, 'E_PROTOCOL');
    assert.match(String(error.message), pattern);
  };
  await protocolError('not json', null, /not JSON/);
  await protocolError({ id: 60, type: 'launch' }, 60, /unknown message type "launch"/);
  await protocolError({ type: 'execute', definition: { file: ORDER } }, null, /"id" must be an integer/);
  await protocolError({ id: 61, type: 'execute', definition: 'x.json' }, 61, /"definition" must be/);
  await protocolError(
    { id: 62, type: 'execute', definition: { file: ORDER }, settings: { seed: 'one' } },
    62,
    /"settings.seed" must be an integer/,
  );
  await protocolError({ type: 'handlerResult', callId: 77, ok: true, value: 1 }, null, /unknown callId 77/);
  const after = await client.request({
    id: 63,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { Return: { Payload: 1 } }, Charge: { Return: 2 } }),
  });
  assert.equal((after.result as Record<string, unknown>).status, 'SUCCEEDED');
  await client.close();
});

test('a second request with the id of one still in flight is refused; the first is answered once, and the id is free again', async () => {
  const client = new Client();
  client.send({
    id: 80,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { handler: 'm:f' } }),
  });
  const call = await client.next();
  assert.equal(call.type, 'invokeHandler');
  for (const duplicate of [
    { id: 80, type: 'execute', definition: { file: ORDER } },
    { id: 80, type: 'listTestFile', file: ORDER },
    { id: 80, type: 'shutdown' },
  ]) {
    const refused = await client.request(duplicate);
    assert.deepEqual(refused, {
      id: null,
      ok: false,
      error: {
        code: 'E_PROTOCOL',
        message: `request id 80 is already in flight: this ${duplicate.type} request is refused`,
        hint: 'Give each request an id that no unanswered request uses.',
      },
    });
  }
  client.send({ type: 'handlerResult', callId: call.callId, ok: true, value: { reserved: true } });
  const first = await client.next();
  assert.equal(first.id, 80);
  assert.equal(first.ok, true);
  assert.equal((first.result as Record<string, unknown>).status, 'FAILED'); // Charge has no mock
  // Answered, the id may be used again.
  const again = await client.request({
    id: 80,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { Return: { Payload: 1 } }, Charge: { Return: 2 } }),
  });
  assert.equal((again.result as Record<string, unknown>).status, 'SUCCEEDED');
  await client.close();
});

test('a message nested deeper than the protocol allows is refused with its id; one at the limit runs', async () => {
  const client = new Client();
  // {id, type, definition, input: [[...]]}: the message itself is one level, so input arrays add the rest.
  const line = (id: number, arrays: number): string =>
    `{"id": ${id}, "type": "execute", "definition": {"inline": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}}, "input": ${'['.repeat(arrays)}0${']'.repeat(arrays)}}`;
  client.send(line(90, MAX_MESSAGE_NESTING - 1));
  const atLimit = await client.next();
  assert.equal(atLimit.ok, true, JSON.stringify(atLimit).slice(0, 300));
  assert.equal((atLimit.result as Record<string, unknown>).status, 'SUCCEEDED');
  for (const arrays of [MAX_MESSAGE_NESTING, 100_000]) {
    client.send(line(91, arrays));
    assert.deepEqual(await client.next(), {
      id: 91,
      ok: false,
      error: {
        code: 'E_PROTOCOL',
        message: `the message nests more than ${MAX_MESSAGE_NESTING} arrays or objects deep`,
      },
    });
  }
  await client.close();
});

test('a response that cannot be written as JSON becomes an error response for its request', () => {
  let deep: unknown = 0;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const line = serializeMessage({ id: 5, ok: true, result: { output: deep } as never });
  const written = JSON.parse(line) as Record<string, unknown>;
  assert.equal(written.id, 5);
  assert.equal(written.ok, false);
  assert.match(
    String((written.error as Record<string, unknown>).message),
    /^the response could not be written as JSON: /,
  );
  assert.equal(serializeMessage({ id: 6, ok: true, result: null }), '{"id":6,"ok":true,"result":null}');
});

test('the end of input ends the server, aborting pending handler calls', async () => {
  const client = new Client();
  client.send({
    id: 70,
    type: 'execute',
    definition: { file: ORDER },
    mocks: mocks({ Reserve: { handler: 'm:f' } }),
  });
  assert.equal((await client.next()).type, 'invokeHandler');
  client.input.end();
  const done = await client.next();
  assert.equal(done.id, 70);
  assert.equal((done.result as Record<string, unknown>).status, 'ABORTED');
  assert.equal(await client.exit, 0);
});

test('serve takes no arguments', async () => {
  const ctx: CommandContext = {
    positionals: ['x'],
    values: {},
    stdout: () => undefined,
    stderr: () => undefined,
    color: false,
    files: nodeFileAccess(),
  };
  await assert.rejects(
    serveCommand(ctx, new PassThrough()),
    (e: unknown) => e instanceof StepthroughError && e.code === 'E_USAGE',
  );
  assert.match(SERVE_USAGE, /invokeHandler/);
});
