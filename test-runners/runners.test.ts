// Proof that `stepthrough/vitest` and `stepthrough/jest` work in a real consumer project: real Vitest
// and real Jest run the example test files (ESM TypeScript and CommonJS under Vitest; CommonJS and ESM
// under Jest) that use every matcher, a snapshot and defineSfnTests, and they pass; then they run the
// failing examples, and the output says readably what each broken expectation was.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConsumerProject, REPO } from './consumerProject';

let project = '';

before(async () => {
  project = await createConsumerProject();
});

after(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

interface Run {
  status: number | null;
  output: string;
}

function run(tool: 'vitest' | 'jest', args: string[], esm = false): Run {
  const bin =
    tool === 'vitest'
      ? join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
      : join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
  const fixed = tool === 'vitest' ? ['run', '--reporter=verbose'] : ['--rootDir', '.', '--ci'];
  const child = spawnSync(process.execPath, [bin, ...fixed, ...args], {
    cwd: project,
    encoding: 'utf8',
    // CI: a snapshot that is not in the committed file fails instead of being written.
    env: {
      ...process.env,
      CI: 'true',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
      NODE_OPTIONS: esm ? '--experimental-vm-modules' : '',
    },
  });
  return { status: child.status, output: `${child.stdout}\n${child.stderr}` };
}

/** The readable report of each broken expectation in failing/ (the same for both frameworks). */
function assertReadableFailures(output: string): void {
  const expected: [string, RegExp][] = [
    ['toSucceed', /Expected the execution to succeed, but it ended FAILED/],
    ['toSucceed ending', /Ended: +FAILED Order\.Empty: The order has no lines\./],
    ['toSucceed path', /Path taken: Validate → HasLines → EmptyOrder/],
    ['toSucceedWith diff -', /-\s+"status": "DELIVERED",/],
    ['toSucceedWith diff +', /\+\s+"status": "SHIPPED",/],
    ['toFailWith error', /Expected error: "Order\.Missing"\s+Received error: "Order\.Empty"/],
    ['toFailWith cause', /Expected cause: "gone"\s+Received cause: "The order has no lines\."/],
    [
      'toHaveVisited',
      /Expected the execution to enter "OutOfStock"\s+States entered: Validate, HasLines, ReserveStock/,
    ],
    ['toHavePath diff', /\+\s+"ReserveStock",\s+\+\s+"ChargeAndNotify",\s+\+\s+"WaitForCourier",/],
    ['toHaveInvoked', /Expected "ReserveLine" to be invoked at least once with input containing/],
    ['toHaveInvoked calls', /Received: 3 calls, 0 matching/],
    ['toHaveInvoked diff', /-\s+"sku": "mug-9",\s+\+\s+"sku": "book-1",/],
    ['toHaveVariables', /The workflow variables at the end differ[\s\S]*?-\s+"total": 37\.5/],
    ['not an execution', /toSucceed: expected an execution result/],
    ['test-file case name', /expects the wrong status/],
    ['test-file case location', /order\.failing\.sfn-test\.yaml:8:5/],
    ['test-file case diff', /outputContains: first difference at \$\.status\s+- "DELIVERED"\s+\+ "SHIPPED"/],
  ];
  for (const [what, pattern] of expected) assert.match(output, pattern, `${what} is not reported readably`);
}

describe('Vitest', () => {
  test('runs the ESM TypeScript and CommonJS examples: every matcher, a snapshot, test-file cases', () => {
    const { status, output } = run('vitest', ['tests/order.vitest']);
    assert.equal(status, 0, output);
    for (const name of [
      'ships an order after a throttled reservation',
      'workflow variables',
      // cases of examples/order/order.sfn-test.yaml, registered by defineSfnTests
      'retries a throttled reservation, then ships',
      'ReserveStock catches a line that cannot be reserved',
      'CommonJS: ships the order',
      'a throttled ReserveLine is retriable',
    ]) {
      assert.match(
        output,
        new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
        `test "${name}" did not run`,
      );
    }
    assert.match(output, /Tests\s+16 passed \(16\)/);
    assert.doesNotMatch(output, /Snapshots\s+\d+ (written|failed)/);
  });

  test('fails readably when expectations are broken', () => {
    const { status, output } = run('vitest', ['failing/failing.vitest']);
    assert.equal(status, 1, output);
    assertReadableFailures(output);
    assert.match(output, /Tests\s+9 failed \(9\)/);
  });
});

describe('Jest', () => {
  test('runs the CommonJS example: every matcher, a snapshot, test-file cases', () => {
    const { status, output } = run('jest', ['tests/order.jest.test.cjs']);
    assert.equal(status, 0, output);
    assert.match(output, /examples\/order\/order\.sfn-test\.yaml\n\s+✓ ships an order with two lines/);
    assert.match(output, /Tests:\s+14 passed, 14 total/);
    assert.match(output, /Snapshots:\s+1 passed, 1 total/);
  });

  test('runs the ESM example (--experimental-vm-modules)', () => {
    const { status, output } = run('jest', ['tests/order.jest.test.mjs'], true);
    assert.equal(status, 0, output);
    assert.match(output, /✓ ESM: ships the order/);
    assert.match(output, /✓ the MockConfigFile's HappyPath ships after a throttled reservation/);
    assert.match(output, /Tests:\s+2 passed, 2 total/);
  });

  test('fails readably when expectations are broken', () => {
    const { status, output } = run('jest', ['failing/failing.jest']);
    assert.equal(status, 1, output);
    assertReadableFailures(output);
    assert.match(output, /Tests:\s+9 failed, 9 total/);
  });
});
