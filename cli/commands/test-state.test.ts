// Tests of `stepthrough test-state`: a request file in, the TestState response out as one JSON object;
// the request on stdin (`-`) through the real command line; refused requests as the API's error object.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepthroughError } from '../../core';
import { capturedContext } from '../capturedContext';
import { testStateCommand } from './test-state';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'st-test-state-'));

function requestFile(request: unknown): string {
  const file = join(dir, `request-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof request === 'string' ? request : JSON.stringify(request));
  return file;
}

const CHARGE = JSON.stringify({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { 'FunctionName.$': '$.fn', 'Payload.$': '$' },
  ResultSelector: { 'charged.$': '$.Payload' },
  ResultPath: '$.charge',
  Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 2 }],
  Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Refund' }],
  Next: 'Ship',
});

test('prints the response of a request file as one JSON object', async () => {
  const ctx = capturedContext([
    requestFile({
      definition: CHARGE,
      input: '{"fn": "charge"}',
      inspectionLevel: 'DEBUG',
      mock: { result: '{"StatusCode": 200, "Payload": "ch-1"}' },
    }),
  ]);
  assert.equal(await testStateCommand(ctx), 0);
  assert.equal(ctx.out.length, 1);
  const response = JSON.parse(ctx.out[0] ?? '') as Record<string, unknown>;
  assert.equal(response.status, 'SUCCEEDED');
  assert.equal(response.nextState, 'Ship');
  assert.deepEqual(JSON.parse(response.output as string), { fn: 'charge', charge: { charged: 'ch-1' } });
  const data = response.inspectionData as Record<string, string>;
  assert.deepEqual(JSON.parse(data.afterParameters ?? ''), {
    FunctionName: 'charge',
    Payload: { fn: 'charge' },
  });
  assert.deepEqual(JSON.parse(data.afterResultSelector ?? ''), { charged: 'ch-1' });
});

test('a retriable and a caught error, as statuses (exit 0: the call itself succeeded)', async () => {
  const throttled = capturedContext([
    requestFile({
      definition: CHARGE,
      input: '{"fn": "charge"}',
      mock: { errorOutput: { error: 'Lambda.TooManyRequestsException' } },
    }),
  ]);
  assert.equal(await testStateCommand(throttled), 0);
  assert.deepEqual(JSON.parse(throttled.out[0] ?? ''), {
    status: 'RETRIABLE',
    error: 'Lambda.TooManyRequestsException',
  });
  const declined = capturedContext([
    requestFile({
      definition: CHARGE,
      input: '{"fn": "charge"}',
      mock: { errorOutput: { error: 'Declined', cause: 'card' } },
    }),
  ]);
  assert.equal(await testStateCommand(declined), 0);
  const response = JSON.parse(declined.out[0] ?? '') as Record<string, string>;
  assert.equal(response.status, 'CAUGHT_ERROR');
  assert.equal(response.nextState, 'Refund');
  assert.deepEqual(JSON.parse(response.output ?? ''), { Error: 'Declined', Cause: 'card' });
});

test('a refused request prints the API error object and exits 2', async () => {
  const ctx = capturedContext([requestFile({ definition: CHARGE, input: '{not json' })]);
  assert.equal(await testStateCommand(ctx), 2);
  assert.deepEqual(JSON.parse(ctx.out[0] ?? ''), {
    __type: 'InvalidExecutionInput',
    message: 'input is not valid JSON: ' + errorOf('{not json'),
  });
  assert.match(ctx.err.join('\n'), /InvalidExecutionInput/);
});

function errorOf(text: string): string {
  try {
    JSON.parse(text);
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test('usage mistakes: no file, two files, a missing file, a file that is not JSON', async () => {
  await assert.rejects(
    testStateCommand(capturedContext([])),
    (e: unknown) => e instanceof StepthroughError && e.code === 'E_USAGE',
  );
  await assert.rejects(testStateCommand(capturedContext(['a', 'b'])), /one request file/);
  await assert.rejects(
    testStateCommand(capturedContext([join(dir, 'missing.json')])),
    (e: unknown) => e instanceof StepthroughError && e.code === 'E_FILE_NOT_FOUND',
  );
  await assert.rejects(testStateCommand(capturedContext([requestFile('definition: x')])), /not valid JSON/);
});

test('reads the request on stdin with -, through the real command line', () => {
  const request = JSON.stringify({ definition: '{"Type":"Pass","Result":{"ok":true},"End":true}' });
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'test-state', '-'],
    {
      input: request,
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.deepEqual(JSON.parse(child.stdout), { status: 'SUCCEEDED', output: '{"ok":true}' });
});
