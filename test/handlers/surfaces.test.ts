// Handlers on the CLI's surfaces: test files (`handlers:` at the top and per case, `handlers: auto` for
// a template machine, problems located in the file), `stepthrough test` on the example app, and
// `stepthrough run --handlers FILE|auto`; the CLI as a process leaves no handler process behind,
// whether it ends normally or is told to stop (SIGTERM) while a handler runs.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { capturedContext } from '../../cli/capturedContext';
import { testCommand } from '../../cli/commands/test';
import { nodeFileAccess, testFileIO } from '../../host';
import type { JsonObject } from '../../core';
import { ended, running } from './processes';
import { loadTestFileWithTemplate, runTestCase, type TestFileSpec } from '../../core/testing';

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures');
const APP = join(ROOT, 'examples', 'order-app');
const CLI = [process.execPath, '--import', 'tsx', join(ROOT, 'cli', 'main.ts')];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stepthrough-handlers-'));
}

const MACHINE = JSON.stringify({
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge-fn', 'Payload.$': '$' },
      ResultSelector: { 'r.$': '$.Payload' },
      OutputPath: '$.r',
      End: true,
    },
  },
});

describe('test files', () => {
  it('stepthrough test runs the example app with its real Python and Node.js code', async () => {
    const ctx = capturedContext([APP], {});
    const code = await testCommand(ctx);
    const out = ctx.out.join('\n');
    assert.equal(code, 0, out + ctx.err.join('\n'));
    assert.match(out, /Cases: 10 passed, 10 total/);
  });

  it("a case sets handlers over the file's, with paths relative to the test file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.asl.json'), MACHINE);
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./m.asl.json
handlers:
  Charge: ${join(FIXTURES, 'node', 'charge.mjs')}
cases:
  - name: file handler
    input: { amount: 1 }
    expect: { output: { module: esm, amount: 1 } }
  - name: case handler by function name
    input: { amount: 2 }
    handlers:
      charge-fn: { handler: 'cmd: ${join(FIXTURES, 'bin', 'charge')}', environment: { CURRENCY: CHF } }
    expect: { output: { command: true, event: { amount: 2 }, currency: CHF } }
`,
    );
    const ctx = capturedContext([dir], {});
    assert.equal(await testCommand(ctx), 0, ctx.out.join('\n'));
  });

  it("layers: a mock beats a handler at its layer and key; a case's handler beats the file's mock", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.asl.json'), MACHINE);
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./m.asl.json
handlers:
  charge-fn: ${join(FIXTURES, 'node', 'charge.mjs')}
mocks:
  Charge: { return: { Payload: { mocked: file } } }
cases:
  - name: the file's state mock beats the file's function handler
    expect: { output: { mocked: file } }
  - name: the case's handler beats the file's mock
    input: { amount: 3 }
    handlers:
      charge-fn: ${join(FIXTURES, 'node', 'charge.mjs')}
    expect: { output: { module: esm, amount: 3 } }
  - name: the case's state handler beats the case's function mock (the more specific key)
    input: { amount: 4 }
    handlers:
      Charge: ${join(FIXTURES, 'node', 'charge.mjs')}
    mocks:
      charge-fn: { return: { Payload: { mocked: case } } }
    expect: { output: { module: esm, amount: 4 } }
  - name: the case's function mock beats the case's function handler
    handlers:
      charge-fn: ${join(FIXTURES, 'node', 'charge.mjs')}
    mocks:
      charge-fn: { return: { Payload: { mocked: case } } }
    expect: { output: { mocked: case } }
`,
    );
    const ctx = capturedContext([dir], {});
    const code = await testCommand(ctx);
    assert.equal(code, 0, ctx.out.join('\n'));
    assert.match(ctx.out.join('\n'), /Cases: 4 passed, 4 total/);
  });

  it('reports handler problems where the test file writes them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.asl.json'), MACHINE);
    const file = join(dir, 'bad.sfn-test.yaml');
    writeFileSync(
      file,
      `stateMachine: ./m.asl.json
handlers:
  Chrage: ./x.js
  Charge: { handler: './x.js', timout: 3 }
cases:
  - name: auto without a template
    handlers: auto
    expect: { status: SUCCEEDED }
`,
    );
    const loaded = await loadTestFileWithTemplate(file, testFileIO(nodeFileAccess()));
    assert.equal(loaded.ok, false);
    if (loaded.ok) return;
    assert.deepEqual(
      loaded.problems.map((p) => `${p.line}:${p.column} ${p.message}`),
      [
        '3:3 handler for "Chrage", which is not a Task state of the state machine, nor a function or activity it calls (did you mean "Charge"?)',
        '4:32 unknown key "timout" in a handler (known: handler, environment, timeout, memory, root)',
        '7:15 handlers: auto runs the functions of a template machine: name it as "stateMachine: ./template.yaml#MachineId"',
      ],
    );
  });

  it('a template with several machines must be named with #Id', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'template.yaml'),
      `Resources:
  A: { Type: AWS::StepFunctions::StateMachine, Properties: { Definition: { StartAt: P, States: { P: { Type: Pass, End: true } } } } }
  B: { Type: AWS::StepFunctions::StateMachine, Properties: { Definition: { StartAt: P, States: { P: { Type: Pass, End: true } } } } }
`,
    );
    const file = join(dir, 't.sfn-test.yaml');
    writeFileSync(
      file,
      'stateMachine: ./template.yaml\ncases:\n  - name: x\n    expect: { status: SUCCEEDED }\n',
    );
    const loaded = await loadTestFileWithTemplate(file, testFileIO(nodeFileAccess()));
    assert.ok(!loaded.ok);
    assert.match(
      loaded.problems[0]?.message ?? '',
      /has 2 state machines \(A, B\): name one, as "\.\/template\.yaml#A"/,
    );
    writeFileSync(
      file,
      'stateMachine: ./template.yaml#B\ncases:\n  - name: x\n    expect: { status: SUCCEEDED }\n',
    );
    const named = await loadTestFileWithTemplate(file, testFileIO(nodeFileAccess()));
    assert.ok(named.ok);
    assert.equal(named.spec.machineName, 'B');
  });

  it('a case with handlers cannot run where no handler host runs them', async () => {
    const loaded = await loadTestFileWithTemplate(
      join(APP, 'order-app.sfn-test.yaml'),
      testFileIO(nodeFileAccess()),
    );
    assert.ok(loaded.ok);
    const spec: TestFileSpec = loaded.spec;
    const result = await runTestCase(spec, spec.cases[0] as TestFileSpec['cases'][number]);
    assert.equal(result.outcome, 'failed');
    assert.match(
      result.failures[0]?.message ?? '',
      /runs handlers \(ValidateOrderFunction, ChargeCardFunction\), which need a handler host/,
    );
  });

  it('auto names the function it cannot run and asks for a mock', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'template.yaml'),
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Runtime: java21, Handler: a.B::c, CodeUri: . }
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Policies:
        - LambdaInvokePolicy: { FunctionName: !Ref Fn }
      Definition:
        StartAt: Call
        States:
          Call: { Type: Task, Resource: !GetAtt Fn.Arn, End: true }
`,
    );
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./template.yaml#Flow
handlers: auto
cases:
  - name: not mocked
    expect: { status: SUCCEEDED }
  - name: mocked
    mocks: { Call: { return: 1 } }
    expect: { output: 1 }
`,
    );
    const ctx = capturedContext([dir], {});
    assert.equal(await testCommand(ctx), 1);
    const out = ctx.out.join('\n');
    assert.match(out, /The Task state 'Call' calls Fn, which handlers: auto cannot run \(runtime java21/);
    assert.match(out, /✓ mocked/);
  });
});

describe('stepthrough run --handlers, as a process', () => {
  it('auto runs a template machine with its functions; a mock file covers the rest', () => {
    const run = spawnSync(
      CLI[0] as string,
      [
        ...CLI.slice(1),
        'run',
        join(APP, 'template.yaml#OrderFlow'),
        '--handlers',
        'auto',
        '--mocks',
        join(APP, 'events', 'mocks.json'),
        '--input-json',
        '{"orderId": "o-7", "amount": 12, "card": "4111", "address": {"city": "Cork"}}',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { status: string; output: JsonObject };
    assert.deepEqual(result.output, {
      orderId: 'o-7',
      status: 'DELIVERED',
      chargeId: 'ch_o-7',
      currency: 'EUR',
      trackingId: 'TRK-1',
      deliveredAt: '2024-01-01T02:13:20Z',
    });
  });

  it('--handlers FILE: relative to the file; no process outlives the CLI', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.asl.json'), MACHINE);
    writeFileSync(
      join(dir, 'handlers.yaml'),
      `Charge: ${relative(dir, join(FIXTURES, 'node', 'counter.js'))}\n`,
    );
    writeFileSync(join(dir, 'bad.yaml'), 'Charge: { handler: 42 }\n');
    const run = spawnSync(
      CLI[0] as string,
      [...CLI.slice(1), 'run', join(dir, 'm.asl.json'), '--handlers', join(dir, 'handlers.yaml'), '--json'],
      { encoding: 'utf8' },
    );
    assert.equal(run.status, 0, run.stderr);
    const output = (JSON.parse(run.stdout) as { output: { pid: number; calls: number } }).output;
    assert.equal(output.calls, 1);
    await ended(output.pid);
    const bad = spawnSync(
      CLI[0] as string,
      [...CLI.slice(1), 'run', join(dir, 'm.asl.json'), '--handlers', join(dir, 'bad.yaml')],
      { encoding: 'utf8' },
    );
    assert.equal(bad.status, 2);
    assert.match(
      bad.stderr,
      /E_INVALID_HANDLERS|the handlers file .* at Charge: a handler object needs "handler"/,
    );
  });

  // #20: a handler answering with JSON nested ~10,000 levels was an internal error (a stack overflow in
  // the engine, blamed on the handler as a RangeError); it is the Task's States.DataLimitExceeded,
  // named where it happened (core/json.ts outsideDepthProblem), and a Catch on the Task takes it.
  it('a command handler answering JSON nested 10,000 levels deep fails its Task clearly', () => {
    const dir = tempDir();
    const caught = JSON.parse(MACHINE) as JsonObject;
    const states = caught.States as Record<string, JsonObject>;
    const charge = states.Charge as JsonObject;
    writeFileSync(join(dir, 'm.asl.json'), MACHINE);
    writeFileSync(
      join(dir, 'caught.asl.json'),
      JSON.stringify({
        ...caught,
        States: {
          Charge: {
            ...charge,
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Refused' }],
          },
          Refused: { Type: 'Pass', End: true },
        },
      }),
    );
    writeFileSync(join(dir, 'handlers.yaml'), `Charge: 'cmd: ${join(FIXTURES, 'bin', 'deep')}'\n`);
    const run = (machine: string) =>
      spawnSync(
        CLI[0] as string,
        [...CLI.slice(1), 'run', join(dir, machine), '--handlers', join(dir, 'handlers.yaml'), '--json'],
        { encoding: 'utf8' },
      );
    const failed = run('m.asl.json');
    assert.equal(failed.status, 1, failed.stderr);
    const result = JSON.parse(failed.stdout) as {
      status: string;
      error: string;
      cause: string;
      events: { type: string }[];
    };
    assert.equal(result.status, 'FAILED');
    assert.equal(result.error, 'States.DataLimitExceeded');
    assert.match(
      result.cause,
      /^The state\/task 'lambda' returned a result that nests objects or arrays more than 1000 levels deep/,
    );
    assert.ok(
      result.events.some((e) => e.type === 'TaskFailed'),
      'the Task itself failed',
    );
    assert.doesNotMatch(failed.stderr + failed.stdout, /InternalError|RangeError|call stack/);
    const handled = run('caught.asl.json');
    assert.equal(handled.status, 0, handled.stderr);
    const output = (JSON.parse(handled.stdout) as { output: { error: { Error: string } } }).output;
    assert.equal(output.error.Error, 'States.DataLimitExceeded');
  });

  it('SIGTERM while a handler runs: the CLI goes and takes the handler process with it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.asl.json'), MACHINE.replace('"End":true', '"TimeoutSeconds":3600,"End":true'));
    writeFileSync(
      join(dir, 'handlers.json'),
      JSON.stringify({ Charge: { handler: join(FIXTURES, 'node', 'started.js'), timeout: 3600 } }),
    );
    const child = spawn(
      CLI[0] as string,
      [...CLI.slice(1), 'run', join(dir, 'm.asl.json'), '--handlers', join(dir, 'handlers.json')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const pid = await new Promise<number>((done, fail) => {
      let err = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        err += chunk;
        const match = /\[Charge\] started (\d+)/.exec(err);
        if (match) done(Number(match[1]));
      });
      child.on('exit', () => fail(new Error(`the CLI ended first: ${err}`)));
    });
    assert.ok(running(pid));
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
    await ended(pid);
  });
});
