// `stepthrough run` through the real CLI process: what test files accept (--role, --item-reader,
// --substitutions), mocks keyed by the one rule with "did you mean", any JSON as input with input
// errors that speak of the input, --verbose, --json, mistyped flags and messages without repeated
// prefixes; and `graph --substitutions` and `graph --input` refusing what AWS would refuse.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const FEATURES = join(ROOT, 'test', 'testing', 'fixtures', 'features.asl.json');
const ITEMS = join(ROOT, 'test', 'testing', 'fixtures', 'items.csv');
const ORDER = join(ROOT, 'examples', 'order');
const work = mkdtempSync(join(tmpdir(), 'stepthrough-run-'));
after(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(work, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const featureMocks = file('features.mocks.json', {
  fetcher: { Return: { Payload: 42 } }, // keyed by the function the substituted FunctionName names
  Publish: { Return: { MessageId: 'm-1' } },
});

describe('run accepts what test files accept', () => {
  test('--substitutions, --item-reader STATE=FILE and mocks keyed by function', () => {
    const subs = file('subs.json', { Region: 'eu-west-1', FetchFn: 'fetcher' });
    const r = cli(
      'run',
      FEATURES,
      '--substitutions',
      subs,
      '--item-reader',
      `Items=${ITEMS}`,
      '--mocks',
      featureMocks,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const result = JSON.parse(r.stdout) as { output: { region: string; items: unknown; fetched: unknown } };
    assert.equal(result.output.region, 'eu-west-1');
    assert.deepEqual(result.output.items, [{ sku: 'x' }, { sku: 'y' }, { sku: 'z' }]);
    assert.deepEqual(result.output.fetched, { value: 42 });
  });

  test('--machines FILE runs a startExecution.sync:2 child locally; mocks may name its states', () => {
    const parent = file('parent.asl.json', {
      StartAt: 'StartChild',
      States: {
        StartChild: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: {
            StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow',
            'Input.$': '$',
          },
          OutputPath: '$.Output',
          End: true,
        },
      },
    });
    file('child.asl.json', {
      StartAt: 'Double',
      States: {
        Double: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'd', 'Payload.$': '$' },
          OutputPath: '$.Payload',
          End: true,
        },
      },
    });
    const machines = file('machines.yaml', 'ChildFlow: ./child.asl.json\n');
    const mocks = file('child.mocks.json', { Double: [{ Return: { Payload: { n: 2 } } }] });
    const r = cli('run', parent, '--machines', machines, '--mocks', mocks, '--input-json', '{"n":1}');
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /StartChild \[child 0\] → Double \(Task\)/);
    const json = JSON.parse(
      cli('run', parent, '--machines', machines, '--mocks', mocks, '--json').stdout,
    ) as {
      output: unknown;
      childExecutions: { startedBy: string; states: string[] }[];
    };
    assert.deepEqual(json.output, { n: 2 });
    assert.deepEqual(
      json.childExecutions.map((c) => [c.startedBy, c.states]),
      [['startExecution', ['Double']]],
    );
    const typo = cli(
      'run',
      parent,
      '--machines',
      machines,
      '--mocks',
      file('typo.json', { Doubel: [{ Return: {} }] }),
    );
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /did you mean "Double"/);
  });

  test('--item-reader names a Map state', () => {
    const r = cli('run', FEATURES, '--item-reader', `Fetch=${ITEMS}`);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr.trim(),
      'stepthrough run: --item-reader names "Fetch", a Task state (only a Map reads items).',
    );
  });

  test('--role: a Task call the role does not allow fails as on AWS', () => {
    const args = [
      'run',
      join(ORDER, 'order.asl.json'),
      '--input',
      join(ORDER, 'order.input.json'),
      '--mocks',
      join(ORDER, 'order.mocks.json'),
    ];
    assert.equal(cli(...args, '--role', join(ORDER, 'order-role.json')).status, 0);
    const refused = cli(...args, '--role', join(ORDER, 'order-role-no-notify.json'), '--json');
    assert.equal(refused.status, 1);
    const result = JSON.parse(refused.stdout) as { error: string; cause: string };
    assert.equal(result.error, 'SNS.AuthorizationErrorException');
    assert.match(result.cause, /is not authorized to perform: SNS:Publish/);
  });
});

describe('mocks, input and messages', () => {
  test('a mock for a state that does not exist is refused with "did you mean", as test and pytest do', () => {
    const mocks = file('typo.mocks.json', { ReserveLne: { Return: {} } });
    const r = cli('run', join(ORDER, 'order.asl.json'), '--mocks', mocks);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      /^stepthrough run: .*typo\.mocks\.json: The mocks file has a mock for "ReserveLne", which is not a state of the state machine, nor a function or activity one of its Tasks calls \(did you mean "ReserveLine"\?\)\.\n {2}hint: Did you mean "ReserveLine"\?/,
    );
  });

  test('any JSON value is an input; a bad input file is reported as the input', () => {
    const pass = file('p.asl.json', { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    for (const [text, value] of [
      ['"hello"', 'hello'],
      ['42', 42],
      ['[1]', [1]],
    ] as const) {
      const r = cli('run', pass, '--input', file('in.json', text), '--json');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual((JSON.parse(r.stdout) as { output: unknown }).output, value);
    }
    const bad = cli('run', pass, '--input', file('bad.json', '{ nope'));
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^stepthrough run: .*bad\.json:1:3: The input file is not valid JSON: /);
    assert.doesNotMatch(bad.stderr, /definition/);
  });

  test('a mistyped flag says "did you mean"; a message does not repeat its prefix', () => {
    const typo = cli('run', join(ORDER, 'order.asl.json'), '--inptu', 'x');
    assert.equal(typo.status, 2);
    assert.match(typo.stderr, /^stepthrough run: unknown option --inptu \(did you mean --input\?\)\./);
    const none = cli('run');
    assert.match(none.stderr, /^stepthrough run: missing the state machine file\./);
    assert.doesNotMatch(none.stderr, /stepthrough run: stepthrough run/);
    assert.doesNotMatch(cli('graph').stderr, /stepthrough graph: stepthrough graph/);
    assert.doesNotMatch(cli('validate').stderr, /stepthrough validate: stepthrough validate/);
  });

  test("another command's option is refused, not ignored (test --no-validate ran nothing it said)", () => {
    const testFile = join(ORDER, 'order.sfn-test.yaml');
    const refused = cli('test', testFile, '--no-validate');
    assert.equal(refused.status, 2);
    assert.match(
      refused.stderr,
      /^stepthrough test: --no-validate is not an option of test \(a test file runs its cases anyway with `validate: false`\)\.\n {2}hint: 'stepthrough help test' lists its options\./,
    );
    assert.equal(refused.stdout, '', 'no case ran');
    const validate = cli('validate', join(ORDER, 'order.asl.json'), '--json');
    assert.equal(validate.status, 2);
    assert.match(validate.stderr, /^stepthrough validate: --json is not an option of validate\.\n/);
    // Every command still takes its own options and the two every command takes.
    assert.equal(cli('test', testFile, '--no-color', '--reporter', 'tap').status, 0);
    assert.equal(cli('validate', join(ORDER, 'order.asl.json'), '--format', 'json', '--no-color').status, 0);
    assert.equal(cli('run', join(ORDER, 'order.asl.json'), '--help').status, 0);
  });

  test('--verbose prints each state input and output', () => {
    const r = cli(
      'run',
      join(ORDER, 'order.asl.json'),
      '--input',
      join(ORDER, 'order.input.json'),
      '--mocks',
      join(ORDER, 'order.mocks.json'),
      '--verbose',
    );
    assert.equal(r.status, 0);
    assert.match(r.stdout, /→ Validate \(Pass\) {2}t\+0s\n {6}input {2}\{"orderId":"ord-42",/);
    assert.match(r.stdout, /output of Validate \{"orderId":"ord-42","customer":.*"lineCount":2\}/);
    assert.match(r.stdout, /ReserveStock \[1\] {5}input {2}\{"sku":"pen-3","quantity":12\}/);
  });
});

describe('graph', () => {
  const rejected = join(ROOT, 'test', 'rejected', 'unknown-action.asl.json');

  test('draws a machine AWS would reject, but refuses to run it for --input', () => {
    const drawn = cli('graph', rejected);
    assert.equal(drawn.status, 0, drawn.stderr);
    assert.match(drawn.stdout, /<svg/);
    const run = cli('graph', rejected, '--input-json', '{}');
    assert.equal(run.status, 2);
    assert.match(
      run.stderr,
      /unknown-action\.asl\.json:7:44 ASL114 "invok" is not an optimized lambda integration/,
    );
    assert.match(
      run.stderr,
      /stepthrough graph: AWS would reject this state machine \(1 error\); nothing ran\./,
    );
    const anyway = cli(
      'graph',
      rejected,
      '--input-json',
      '{}',
      '--mocks',
      file('r.json', { Reserve: { Return: 1 } }),
      '--no-validate',
    );
    assert.equal(anyway.status, 0, anyway.stderr);
  });

  test('--substitutions fills placeholders in the picture and the run', () => {
    const subs = file('graph-subs.json', { Region: 'eu-west-1', FetchFn: 'fetcher' });
    const r = cli(
      'graph',
      FEATURES,
      '--substitutions',
      subs,
      '--input-json',
      '{}',
      '--mocks',
      featureMocks,
      '--format',
      'html',
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /graph: run FAILED \(States\.ItemReaderFailed/,
      'the run reached the Map: Fetch found its mock by function name',
    );
  });
});
