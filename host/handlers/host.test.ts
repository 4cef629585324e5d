// The handler host through the engine: each kind (Node CommonJS/ESM/callback, Python, command) runs
// as a Task with Lambda's event, context and environment; errors, timeouts, crashes and bad output
// are the Task failures AWS shows (never a hung run); sibling Map iterations get separate processes
// while sequential calls reuse a warm one; every process is gone after close().

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  execute,
  simpleMocks,
  StepthroughError,
  type ExecuteOptions,
  type JsonObject,
  type JsonValue,
} from '../../core';
import { parseHandlers, type HandlerMap, type HandlerProblem } from '../../core/handlers';
import { nodeFileAccess } from '..';
import { HandlerHost, liveWorkerCount, type HandlerOutput } from '.';

const FIXTURES = resolve(__dirname, '../../test/handlers/fixtures');
const hosts: HandlerHost[] = [];

after(async () => {
  await Promise.all(hosts.map((h) => h.close()));
});

function newHost(options: ConstructorParameters<typeof HandlerHost>[0] = {}): HandlerHost {
  const host = new HandlerHost(options);
  hosts.push(host);
  return host;
}

/** A handlers map as a test file writes it, relative to the fixtures folder. */
function handlers(value: JsonValue, baseDir = FIXTURES): HandlerMap {
  const problems: HandlerProblem[] = [];
  const parsed = parseHandlers(value, problems);
  assert.deepEqual(problems, []);
  assert.equal(parsed.auto, false);
  if (parsed.auto) throw new Error('unreachable');
  for (const spec of Object.values(parsed.handlers)) spec.baseDir = baseDir;
  return parsed.handlers;
}

function invoke(state: string, functionName: string, extra: JsonObject = {}): JsonObject {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::lambda:invoke',
    Parameters: { FunctionName: functionName, 'Payload.$': '$' },
    ...extra,
  };
}

function machine(states: Record<string, JsonObject>, startAt = Object.keys(states)[0] as string): JsonObject {
  return { StartAt: startAt, States: states };
}

const oneCall = (extra: JsonObject = {}): JsonObject =>
  machine({ Charge: { ...invoke('Charge', 'charge-fn', extra), End: true } });

async function run(
  host: HandlerHost,
  definition: JsonObject,
  map: HandlerMap,
  input: JsonValue = { amount: 5, card: '4242' },
  options: ExecuteOptions = {},
) {
  return execute(definition, {
    input,
    taskHandlers: await host.forRun({ handlers: map }),
    ...options,
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('each kind runs as a Task', () => {
  const host = newHost();

  test('a CommonJS async handler gets the Payload, a Lambda context and its environment; lambda:invoke wraps the result', async () => {
    const map = handlers({
      Charge: { handler: './node/charge.js#handler', environment: { CURRENCY: 'EUR' } },
    });
    const result = await run(host, oneCall(), map);
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    const output = result.output as JsonObject;
    assert.equal(output.StatusCode, 200);
    assert.equal(output.ExecutedVersion, '$LATEST');
    const payload = output.Payload as JsonObject;
    assert.equal(payload.charged, 5);
    assert.equal(payload.functionName, 'charge-fn');
    assert.equal(payload.invokedFunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:charge-fn');
    assert.equal(payload.logGroupName, '/aws/lambda/charge-fn');
    assert.equal(payload.memoryLimitInMB, '128');
    assert.match(
      String(payload.awsRequestId),
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const remaining = payload.remainingMs as number;
    assert.ok(
      remaining > 0 && remaining <= 3000,
      `remaining time counts down from Lambda's 3 s: ${remaining}`,
    );
    assert.equal(payload.currency, 'EUR');
    assert.equal(payload.lambdaName, 'charge-fn');
    assert.equal(process.env.CURRENCY, undefined, "the function's environment is its own");
  });

  test("getRemainingTimeInMillis counts down from the Task's TimeoutSeconds when it is the tighter bound", async () => {
    const map = handlers({ Charge: { handler: './node/charge.js', timeout: 60 } });
    const result = await run(host, oneCall({ TimeoutSeconds: 2 }), map);
    const remaining = ((result.output as JsonObject).Payload as JsonObject).remainingMs as number;
    assert.ok(remaining > 0 && remaining <= 2000, `${remaining}`);
  });

  test('an ES module, a callback-style handler and a function ARN Resource (the bare result)', async () => {
    const esm = await run(host, oneCall(), handlers({ Charge: './node/charge.mjs' }));
    assert.deepEqual((esm.output as JsonObject).Payload, { module: 'esm', amount: 5 });
    const callback = await run(host, oneCall(), handlers({ Charge: './node/callback.js#handler' }));
    assert.deepEqual((callback.output as JsonObject).Payload, { style: 'callback', amount: 5 });
    const arn = machine({
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge-fn',
        End: true,
      },
    });
    const bare = await run(host, arn, handlers({ Charge: './node/charge.mjs' }));
    assert.deepEqual(bare.output, { module: 'esm', amount: 5 });
  });

  test('a handler that neither returns a promise nor calls back answers null, as the Node.js runtime does', async () => {
    const lines: HandlerOutput[] = [];
    const own = newHost({ onOutput: (line) => lines.push(line) });
    const result = await run(own, oneCall(), handlers({ Charge: './node/sync.js' }));
    assert.equal((result.output as JsonObject).Payload, null);
    assert.ok(
      lines.some((l) => l.stream === 'stderr' && /answers null/.test(l.text)),
      'and says why',
    );
  });

  test('a Python callable, with Lambda context attributes and its environment', async () => {
    const map = handlers({
      Charge: { handler: 'python:app.charge:handler', root: './python', environment: { CURRENCY: 'GBP' } },
    });
    const result = await run(host, oneCall(), map);
    assert.equal(result.status, 'SUCCEEDED', result.cause);
    const payload = (result.output as JsonObject).Payload as JsonObject;
    assert.deepEqual(
      { ...payload, awsRequestId: typeof payload.awsRequestId },
      { charged: 5, functionName: 'charge-fn', awsRequestId: 'string', remaining: true, currency: 'GBP' },
    );
  });

  test('a command reads the event on stdin and prints its result', async () => {
    const map = handlers({ Charge: { handler: 'cmd: ./bin/charge', environment: { CURRENCY: 'JPY' } } });
    const result = await run(host, oneCall(), map);
    assert.deepEqual((result.output as JsonObject).Payload, {
      command: true,
      event: { amount: 5, card: '4242' },
      currency: 'JPY',
    });
  });

  test('a handler may be keyed by the function a Task calls; a mock for the state wins over it', async () => {
    const byFunction = await run(host, oneCall(), handlers({ 'charge-fn': './node/charge.mjs' }));
    assert.deepEqual((byFunction.output as JsonObject).Payload, { module: 'esm', amount: 5 });
    const definition = oneCall();
    const map = handlers({ Charge: './node/charge.mjs' });
    const mocks = simpleMocks({ Charge: [{ Return: { mocked: true } }] });
    const mocked = await execute(definition, {
      input: {},
      mocks,
      taskHandlers: await host.forRun({ handlers: map }),
    });
    assert.deepEqual(mocked.output, { mocked: true });
  });

  test("the handler's output reaches the host's listener, line by line, named by key", async () => {
    const lines: HandlerOutput[] = [];
    const own = newHost({ onOutput: (line) => lines.push(line) });
    await run(own, oneCall(), handlers({ Charge: './node/crash.js' }));
    assert.deepEqual(lines, [
      { key: 'Charge', handler: './node/crash.js', stream: 'stderr', text: 'about to exit' },
    ]);
  });
});

describe('failures are the Task failures AWS shows', () => {
  const host = newHost();

  test("a thrown error: its name is the error, the Node runtime's error object the cause", async () => {
    const result = await run(host, oneCall(), handlers({ Charge: './node/declined.js' }));
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'CardDeclined');
    const cause = JSON.parse(result.cause ?? '') as JsonObject;
    assert.deepEqual(Object.keys(cause), ['errorType', 'errorMessage', 'trace']);
    assert.equal(cause.errorMessage, 'card 4242 declined');
    assert.equal((cause.trace as string[])[0], 'CardDeclined: card 4242 declined');
    assert.ok(!result.cause?.includes('": "'), 'lambda:invoke re-serialises compactly');
  });

  test('a Python exception: {errorMessage, errorType, requestId, stackTrace}, spaced for a function ARN, compact for lambda:invoke', async () => {
    const map = handlers({ Charge: { handler: 'python:app.charge:declined', root: './python' } });
    const viaInvoke = await run(host, oneCall(), map);
    assert.equal(viaInvoke.error, 'CardDeclined');
    assert.match(
      viaInvoke.cause ?? '',
      /^\{"errorMessage":"card 4242 declined","errorType":"CardDeclined","requestId":"[0-9a-f-]{36}","stackTrace":\[" {2}File /,
    );
    const arn = machine({
      Charge: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:charge-fn',
        End: true,
      },
    });
    const viaArn = await run(host, arn, map);
    assert.equal(viaArn.error, 'CardDeclined');
    assert.match(
      viaArn.cause ?? '',
      /^\{"errorMessage": "card 4242 declined", "errorType": "CardDeclined", "requestId": "[0-9a-f-]{36}", "stackTrace": \[" {2}File /,
    );
    assert.match(viaArn.cause ?? '', /app\/charge\.py\\", line \d+, in declined\\n {4}raise CardDeclined/);
  });

  test("a handler that outlives the Task's TimeoutSeconds is killed and the Task times out (States.Timeout, no cause)", async () => {
    for (const handler of [
      './node/hang.js',
      './node/spin.js',
      { handler: 'python:app.charge:hang', root: './python' },
    ]) {
      const result = await run(host, oneCall({ TimeoutSeconds: 1 }), handlers({ Charge: handler }));
      assert.equal(result.status, 'FAILED', JSON.stringify(handler));
      assert.equal(result.error, 'States.Timeout');
      assert.ok(!result.cause, 'no cause, as recorded on AWS');
      assert.ok(result.events.some((e) => e.type === 'TaskTimedOut'));
    }
  });

  test("running past the function's own Timeout (no TimeoutSeconds) is Lambda.Unknown, which Catch can tell from States.Timeout", async () => {
    const definition = machine({
      Charge: {
        ...invoke('Charge', 'charge-fn'),
        Catch: [
          { ErrorEquals: ['States.Timeout'], Next: 'TimedOut' },
          { ErrorEquals: ['Lambda.Unknown'], ResultPath: '$.error', Next: 'Unknown' },
        ],
        End: true,
      },
      TimedOut: { Type: 'Fail', Error: 'WrongCatch' },
      Unknown: { Type: 'Pass', End: true },
    });
    const result = await run(
      host,
      definition,
      handlers({ Charge: { handler: './node/hang.js', timeout: 1 } }),
    );
    assert.equal(result.status, 'SUCCEEDED', `${result.error}: ${result.cause}`);
    const error = (result.output as JsonObject).error as JsonObject;
    assert.equal(error.Error, 'Lambda.Unknown');
    assert.match(String(error.Cause), /Task timed out after 1\.00 seconds/);
  });

  test('a process that dies is Lambda.Unknown naming its exit and last output', async () => {
    const result = await run(host, oneCall(), handlers({ Charge: './node/crash.js' }));
    assert.equal(result.error, 'Lambda.Unknown');
    assert.match(
      result.cause ?? '',
      /exited with code 3 before it answered; its last output:\nabout to exit/,
    );
  });

  test('a command printing invalid JSON, failing with an error object, or dying', async () => {
    const bad = await run(host, oneCall(), handlers({ Charge: 'cmd: ./bin/bad-json' }));
    assert.equal(bad.error, 'Lambda.Unknown');
    assert.match(bad.cause ?? '', /printed invalid JSON on stdout .*: charged: yes/);
    const declined = await run(host, oneCall(), handlers({ Charge: 'cmd: ./bin/declined' }));
    assert.equal(declined.error, 'CardDeclined');
    assert.deepEqual(JSON.parse(declined.cause ?? ''), {
      errorType: 'CardDeclined',
      errorMessage: 'no funds',
    });
    const dies = await run(host, oneCall(), handlers({ Charge: 'cmd: ./bin/dies' }));
    assert.equal(dies.error, 'Lambda.Unknown');
    assert.match(dies.cause ?? '', /exited with code 7 .*\ndisk on fire/);
  });

  test('a handler standing in for another service fails with States.TaskFailed or its own error', async () => {
    const definition = machine({
      Send: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage',
        Parameters: { QueueUrl: 'q', MessageBody: 'x' },
        End: true,
      },
    });
    const bad = await run(host, definition, handlers({ Send: 'cmd: ./bin/bad-json' }));
    assert.equal(bad.error, 'States.TaskFailed');
    const declined = await run(host, definition, handlers({ Send: './node/declined.js' }));
    assert.deepEqual([declined.error, declined.cause], ['CardDeclined', 'card undefined declined']);
  });

  test('code that does not load fails as the runtime reports it', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'stepthrough-handlers-'));
    writeFileSync(join(folder, 'broken.js'), 'exports.handler = async () => {\n');
    writeFileSync(join(folder, 'noexport.js'), 'exports.other = async () => 1;\n');
    writeFileSync(join(folder, 'broken.py'), 'def handler(event, context)\n    return 1\n');
    const syntax = await run(host, oneCall(), handlers({ Charge: './broken.js' }, folder));
    assert.equal(syntax.error, 'Runtime.UserCodeSyntaxError');
    const missing = await run(host, oneCall(), handlers({ Charge: './noexport.js#handler' }, folder));
    assert.equal(missing.error, 'Runtime.HandlerNotFound');
    assert.match(
      JSON.parse(missing.cause ?? '').errorMessage,
      /noexport\.js#handler is undefined or not exported/,
    );
    const python = await run(host, oneCall(), handlers({ Charge: 'python:broken:handler' }, folder));
    assert.equal(python.error, 'Runtime.UserCodeSyntaxError');
    const noAttribute = await run(
      host,
      oneCall(),
      handlers({ Charge: { handler: 'python:app.charge:nothing', root: './python' } }),
    );
    assert.equal(noAttribute.error, 'Runtime.HandlerNotFound');
  });

  test('a Python result JSON cannot hold is Runtime.MarshalError', async () => {
    const result = await run(
      host,
      oneCall(),
      handlers({ Charge: { handler: 'python:app.charge:not_json', root: './python' } }),
    );
    assert.equal(result.error, 'Runtime.MarshalError');
  });
});

describe('a handler that cannot run is refused before the run', () => {
  const host = newHost();

  test('a missing file, module or command names the key and the path', async () => {
    const cases: [JsonValue, RegExp][] = [
      [
        './node/chrage.js#handler',
        /"Charge" \(\.\/node\/chrage\.js#handler\): .*node\/chrage\.js does not exist/,
      ],
      [
        { handler: 'python:app.chrage:handler', root: './python' },
        /cannot find module 'app\.chrage'|does not exist/,
      ],
      ['python:nowhere:handler', /Python cannot find module 'nowhere'/],
      ['cmd: ./bin/nothing', /bin\/nothing is not an executable file/],
      ['cmd: no-such-command-anywhere', /"no-such-command-anywhere" is not on PATH/],
    ];
    for (const [handler, message] of cases) {
      await assert.rejects(host.prepare(handlers({ Charge: handler })), (error: unknown) => {
        assert.ok(error instanceof StepthroughError);
        assert.equal(error.code, 'E_HANDLER_NOT_FOUND');
        assert.match(error.message, message);
        return true;
      });
    }
  });

  test('an untrusted workspace runs no handler (E_UNTRUSTED_WORKSPACE)', async () => {
    const untrusted = newHost({ files: nodeFileAccess({ trusted: false }) });
    await assert.rejects(untrusted.prepare(handlers({ Charge: './node/charge.js' })), (error: unknown) => {
      assert.ok(error instanceof StepthroughError);
      assert.equal(error.code, 'E_UNTRUSTED_WORKSPACE');
      return true;
    });
  });

  test('python: handlers without Python say so (E_PYTHON_MISSING)', async () => {
    const noPython = newHost({ environment: { ...process.env, STEPTHROUGH_PYTHON: '/nonexistent/python3' } });
    await assert.rejects(
      noPython.prepare(handlers({ Charge: 'python:app.charge:handler' })),
      (error: unknown) => {
        assert.ok(error instanceof StepthroughError);
        assert.equal(error.code, 'E_PYTHON_MISSING');
        assert.match(error.message, /STEPTHROUGH_PYTHON=\/nonexistent\/python3 does not run/);
        return true;
      },
    );
  });
});

describe('processes: isolation, reuse and shutdown', () => {
  test('sibling Map iterations never share a process; a later sequential call reuses a warm one', async () => {
    const host = newHost();
    const count = (name: string): JsonObject => ({
      ...invoke(name, 'counter'),
      ResultSelector: { 'r.$': '$.Payload' },
      OutputPath: '$.r',
    });
    const definition = machine({
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'item.$': '$$.Map.Item.Value' },
        ItemProcessor: { StartAt: 'Count', States: { Count: { ...count('Count'), End: true } } },
        ResultPath: '$.results',
        Next: 'After',
      },
      After: {
        ...invoke('After', 'counter'),
        ResultSelector: { 'r.$': '$.Payload' },
        ResultPath: '$.after',
        End: true,
      },
    });
    for (const handler of ['./node/counter.js', { handler: 'python:app.charge:counter', root: './python' }]) {
      const result = await run(host, definition, handlers({ Count: handler, After: handler }), {
        items: ['a', 'b', 'c'],
      });
      assert.equal(result.status, 'SUCCEEDED', result.cause);
      const raw = result.output as { results: JsonObject[]; after: { r: JsonObject } };
      const output = { results: raw.results, after: raw.after.r };
      assert.deepEqual(
        output.results.map((r) => [r.item, r.calls]),
        [
          ['a', 1],
          ['b', 1],
          ['c', 1],
        ],
        'each iteration saw fresh module state',
      );
      const pids = new Set(output.results.map((r) => r.pid));
      assert.equal(pids.size, 3, 'in three processes');
      assert.equal(output.after.calls, 2, 'the call after the Map found a warm process');
      assert.ok(pids.has(output.after.pid));
    }
  });

  test('two executions calling at the same time get separate processes; one after another share a warm one', async () => {
    const host = newHost();
    const map = handlers({ Charge: './node/counter.js' });
    const [a, b] = await Promise.all([run(host, oneCall(), map), run(host, oneCall(), map)]);
    const pa = (a.output as JsonObject).Payload as JsonObject;
    const pb = (b.output as JsonObject).Payload as JsonObject;
    assert.notEqual(pa.pid, pb.pid);
    assert.deepEqual([pa.calls, pb.calls], [1, 1]);
    const c = ((await run(host, oneCall(), map)).output as JsonObject).Payload as JsonObject;
    assert.equal(c.calls, 2);
    assert.ok([pa.pid, pb.pid].includes(c.pid));
  });

  test("each function's environment is its own: one function's changes do not reach another", async () => {
    const host = newHost();
    const definition = machine({
      First: {
        ...invoke('First', 'first'),
        ResultSelector: { 'r.$': '$.Payload' },
        ResultPath: '$.first',
        Next: 'Second',
      },
      Second: {
        ...invoke('Second', 'second'),
        ResultSelector: { 'r.$': '$.Payload' },
        ResultPath: '$.second',
        End: true,
      },
    });
    const map = handlers({
      First: { handler: './node/env.js', environment: { FUNCTION_ROLE: 'first' } },
      Second: { handler: './node/env.js', environment: { FUNCTION_ROLE: 'second' } },
    });
    const result = await run(host, definition, map, {});
    assert.deepEqual(result.output, {
      first: { r: { name: 'first', leaked: null } },
      second: { r: { name: 'second', leaked: null } },
    });
    assert.equal(process.env.LEAKED, undefined);
  });

  test('close() stops a call in flight (the Task fails, the run ends) and leaves no process running', async () => {
    let started: (pid: number) => void = () => undefined;
    const running = new Promise<number>((resolve) => (started = resolve));
    const host = new HandlerHost({
      onOutput: (line) => {
        const match = /^started (\d+)$/.exec(line.text);
        if (match) started(Number(match[1]));
      },
    });
    const before = liveWorkerCount();
    const pending = run(host, oneCall(), handlers({ Charge: './node/started.js' }));
    const pid = await running;
    assert.ok(alive(pid));
    await host.close();
    const result = await pending;
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'Lambda.Unknown');
    assert.equal(liveWorkerCount(), before);
    assert.equal(alive(pid), false, 'the worker process is gone');
  });
});
