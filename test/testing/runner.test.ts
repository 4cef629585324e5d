// Integration tests of the test runner on real files: the example suite, failing cases and their
// messages, single-state (TestState) cases, a MockConfigFile, IAM decisions during runs, test-file
// features (variables, substitutions, context, ItemReader data, timeouts), coverage numbers on a
// known machine, exit codes and the reporters.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, relative } from 'node:path';
import {
  formatJson,
  formatJunit,
  formatPretty,
  formatTap,
  loadTestFile,
  runCase,
  runTestCase,
  runTestFiles,
  suiteExitCode,
  type CaseResult,
  type SuiteResult,
} from '../../core/testing';
import { nodeFileAccess, testFileIO } from '../../host';

const nodeTestFileIO = testFileIO(nodeFileAccess());

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const EXAMPLE = join(ROOT, 'examples', 'order', 'order.sfn-test.yaml');

function run(files: string[], options: Parameters<typeof runTestFiles>[2] = {}): Promise<SuiteResult> {
  return runTestFiles(files, nodeTestFileIO, options);
}

function cases(suite: SuiteResult): Map<string, CaseResult> {
  return new Map(suite.files.flatMap((f) => f.cases).map((c) => [c.name, c]));
}

function messages(result: CaseResult | undefined): string[] {
  return (result?.failures ?? []).map((f) => f.message);
}

void describe('the example suite (examples/order)', () => {
  void it('passes every case and covers the whole machine', async () => {
    const suite = await run([EXAMPLE]);
    assert.deepEqual(suite.totals, {
      files: 1,
      cases: 11,
      passed: 11,
      failed: 0,
      skipped: 0,
      errors: 0,
      badFiles: 0,
    });
    const [machine] = suite.coverage.machines;
    assert.equal(relative(ROOT, machine?.machineFile ?? ''), join('examples', 'order', 'order.asl.json'));
    assert.deepEqual(machine?.totals, {
      states: { covered: 11, total: 11 },
      transitions: { covered: 7, total: 7 },
      retriers: { covered: 1, total: 1 },
      percent: 100,
    });
    assert.equal(suiteExitCode(suite, 100), 0);
  });

  void it('reports single-state cases with TestState statuses and next states', async () => {
    const byName = cases(await run([EXAMPLE]));
    assert.deepEqual(byName.get('HasLines sends an order without lines to EmptyOrder')?.execution, {
      status: 'SUCCEEDED',
      output: { orderId: 'ord-0', lineCount: 0 },
      path: ['HasLines'],
      nextState: 'EmptyOrder',
    });
    assert.deepEqual(byName.get('a throttled ReserveLine is retriable')?.execution, {
      status: 'RETRIABLE',
      output: null,
      path: ['ReserveLine'],
      error: 'Lambda.TooManyRequestsException',
      cause: 'Rate exceeded',
    });
    const caught = byName.get('ReserveStock catches a line that cannot be reserved')?.execution;
    assert.equal(caught?.status, 'CAUGHT_ERROR');
    assert.equal(caught?.nextState, 'OutOfStock');
    assert.deepEqual((caught?.output as { error?: unknown }).error, {
      Error: 'Lambda.ServiceException',
      Cause: 'down',
    });
  });
});

void describe('failing cases', () => {
  void it('fail with the first difference, the unmet expectations and the path taken', async () => {
    const suite = await run([join(FIXTURES, 'failing.fixture-sfn-test.yaml')]);
    assert.deepEqual(suite.totals, {
      files: 1,
      cases: 4,
      passed: 1,
      failed: 3,
      skipped: 0,
      errors: 0,
      badFiles: 0,
    });
    assert.equal(suiteExitCode(suite), 1);
    const byName = cases(suite);
    const wrong = byName.get('wrong output and path');
    assert.deepEqual(messages(wrong), [
      'output differs at $.chargeId: expected "ch-2", got "ch-1"',
      'path differs at step 4: expected Ship, got ChargeAndNotify',
      'ReserveLine attempts: expected 5, got 2',
    ]);
    assert.deepEqual(wrong?.failures[0]?.difference, {
      path: '$.chargeId',
      kind: 'changed',
      expected: 'ch-2',
      actual: 'ch-1',
    });
    assert.deepEqual(wrong?.location, {
      file: join(FIXTURES, 'failing.fixture-sfn-test.yaml'),
      line: 10,
      column: 5,
    });
    assert.deepEqual(wrong?.execution?.path, [
      'Validate',
      'HasLines',
      'ReserveStock',
      'ChargeAndNotify',
      'WaitForCourier',
      'Ship',
    ]);
    assert.deepEqual(messages(byName.get('unexpected failure')), [
      'status: expected SUCCEEDED, got FAILED (Order.Empty: The order has no lines.)',
      'outputContains: expected an object containing {"status":"SHIPPED"}, got null',
    ]);
    assert.deepEqual(messages(byName.get('wrong next state')), [
      'nextState: expected "EmptyOrder", got "ReserveStock"',
    ]);
    assert.equal(byName.get('passes')?.outcome, 'passed');
  });

  void it('prints them readably: diff lines, path taken, totals', async () => {
    const suite = await run([join(FIXTURES, 'failing.fixture-sfn-test.yaml')]);
    const text = formatPretty(suite, { displayPath: (p) => relative(ROOT, p) });
    assert.match(text, /✗ wrong output and path/);
    assert.match(text, /at test\/testing\/fixtures\/failing\.fixture-sfn-test\.yaml:10:5/);
    assert.match(text, /output: first difference at \$\.chargeId\n {8}- "ch-2"\n {8}\+ "ch-1"/);
    assert.match(
      text,
      /path taken: Validate → HasLines → ReserveStock → ChargeAndNotify → WaitForCourier → Ship/,
    );
    assert.match(text, /path taken: HasLines ⇒ ReserveStock/);
    assert.match(text, /Cases: 3 failed, 1 passed, 4 total/);
  });

  void it('reports bad files with file and line, runs nothing from them, and exits 2', async () => {
    const suite = await run([
      join(FIXTURES, 'bad.fixture-sfn-test.yaml'),
      join(FIXTURES, 'failing.fixture-sfn-test.yaml'),
    ]);
    const bad = suite.files[0];
    assert.deepEqual(
      bad?.problems?.map((p) => `${relative(ROOT, p.file)}:${p.line}:${p.column}: ${p.message}`),
      [
        'test/testing/fixtures/bad.fixture-sfn-test.yaml:3:3: mock for "Wrok", which is not a state of the state machine, nor a function or activity one of its Tasks calls (did you mean "Work"?)',
        'test/testing/fixtures/bad.fixture-sfn-test.yaml:6:15: unknown key "stauts" in "expect" (did you mean "status"?); allowed: status, output, outputContains, error, cause, causeContains, path, states, variables, nextState',
      ],
    );
    assert.equal(suite.totals.badFiles, 1);
    assert.equal(suite.totals.cases, 4);
    assert.equal(suiteExitCode(suite), 2);
  });

  void it('filters cases by name', async () => {
    const suite = await run([EXAMPLE], { filter: 'single' });
    assert.equal(suite.totals.cases, 0);
    const some = await run([EXAMPLE], { filter: 'RETRIABLE' });
    assert.deepEqual([...cases(some).keys()], ['a throttled ReserveLine is retriable']);
    const regex = await run([EXAMPLE], { filter: /^ReserveStock|^HasLines/ });
    assert.equal(regex.totals.cases, 2);
  });
});

void describe('coverage on a known machine', () => {
  void it('counts states, transitions (each Choice rule, Default, Catch) and retriers', async () => {
    const suite = await run([join(FIXTURES, 'coverage.sfn-test.yaml')]);
    assert.deepEqual(suite.totals, {
      files: 1,
      cases: 4,
      passed: 3,
      failed: 0,
      skipped: 1,
      errors: 0,
      badFiles: 0,
    });
    const [machine] = suite.coverage.machines;
    assert.ok(machine);
    assert.deepEqual(machine.totals.states, { covered: 3, total: 5 });
    assert.deepEqual(machine.totals.transitions, { covered: 4, total: 8 });
    assert.deepEqual(machine.totals.retriers, { covered: 1, total: 2 });
    assert.equal(machine.totals.percent.toFixed(2), '53.33');
    assert.equal(suite.coverage.percent.toFixed(2), '53.33');
    assert.deepEqual(machine.coveredStates, ['Route', 'Work', 'Done']);
    assert.deepEqual(machine.uncoveredStates, ['Recover', 'Reject']);
    assert.deepEqual(
      machine.transitions.map((t) => `${t.from}>${t.to} ${t.kind}${t.index ?? ''} ${t.hits}`),
      [
        'Route>Work choice0 1',
        'Route>Work choice1 1',
        'Route>Done choice2 0',
        'Route>Reject default 1',
        'Work>Done next 2',
        'Work>Reject catch0 0',
        'Work>Recover catch1 0',
        'Recover>Done next 0',
      ],
    );
    assert.deepEqual(
      machine.retriers.map((r) => `${r.state}#${r.index} [${r.errorEquals.join()}] ${r.hits}`),
      ['Work#0 [Busy] 1', 'Work#1 [States.Timeout] 0'],
    );
    assert.equal(suiteExitCode(suite, 50), 0);
    assert.equal(suiteExitCode(suite, 60), 1);
  });
});

void describe('test-file features', () => {
  void it('checks variables, substitutions, context, ItemReader data and TimeoutSeconds', async () => {
    const suite = await run([join(FIXTURES, 'features.sfn-test.yaml')]);
    for (const c of suite.files[0]?.cases ?? []) assert.deepEqual(messages(c), [], c.name);
    assert.equal(suite.totals.passed, 3);
  });

  void it('fails a case whose variables differ, naming the variable', async () => {
    const suite = await run([join(FIXTURES, 'features.sfn-test.yaml')], { filter: 'variables' });
    assert.equal(suite.totals.passed, 1);
    // The same run with a wrong expectation, built from the loaded case.
    const loaded = loadTestFile(join(FIXTURES, 'features.sfn-test.yaml'), nodeTestFileIO);
    assert.ok(loaded.ok);
    const base = loaded.spec.cases[0];
    assert.ok(base);
    const result = await runTestCase(loaded.spec, {
      ...base,
      expect: { variables: { count: 3, missing: true } },
    });
    assert.deepEqual(messages(result), ['variables fails at $.count: expected 3, got 2']);
    const missing = await runTestCase(loaded.spec, { ...base, expect: { variables: { missing: true } } });
    assert.deepEqual(messages(missing), ['variables fails at $.missing: missing (expected true)']);
  });

  void it('runs each TestCase of a MockConfigFile when the file lists no cases', async () => {
    const suite = await run([join(FIXTURES, 'features-config.fixture-sfn-test.yaml')]);
    const byName = cases(suite);
    assert.deepEqual([...byName.keys()], ['Happy', 'NoPublishMock']);
    assert.equal(byName.get('Happy')?.outcome, 'passed');
    const noMock = byName.get('NoPublishMock');
    assert.equal(noMock?.outcome, 'failed');
    assert.match(
      messages(noMock)[0] ?? '',
      /^status: expected SUCCEEDED, got FAILED \(Stepthrough\.MockMissing: The Task state 'Publish'/,
    );
    assert.equal(relative(FIXTURES, noMock?.location.file ?? ''), 'features.mock-config.json');
    assert.equal(noMock?.location.line, 6);
  });

  void it('fails a Task the role refuses the way AWS does, so Catch and expectations see it', async () => {
    const suite = await run([join(FIXTURES, 'iam.sfn-test.yaml')]);
    for (const c of suite.files[0]?.cases ?? []) assert.deepEqual(messages(c), [], c.name);
    const loaded = loadTestFile(join(FIXTURES, 'iam.sfn-test.yaml'), nodeTestFileIO);
    assert.ok(loaded.ok);
    const denied = await runCase(loaded.spec, loaded.spec.cases[0] ?? assert.fail('no case'));
    const reserve = denied.states.get('ReserveLine');
    assert.equal(reserve?.error, 'Lambda.AWSLambdaException');
    assert.match(
      reserve?.cause ?? '',
      /^User: arn:aws:sts::123456789012:assumed-role\/order-runner\/\w{32} is not authorized to perform: lambda:InvokeFunction on resource: arn:aws:lambda:us-east-1:123456789012:function:reserve-stock with an explicit deny in an identity-based policy \(Service: AWSLambda; Status Code: 403; Error Code: AccessDeniedException;/,
    );
  });
});

void describe('reporters', () => {
  void it('write JUnit XML with failures, skips and bad files', async () => {
    const suite = await run([
      join(FIXTURES, 'failing.fixture-sfn-test.yaml'),
      join(FIXTURES, 'coverage.sfn-test.yaml'),
      join(FIXTURES, 'bad.fixture-sfn-test.yaml'),
    ]);
    const xml = formatJunit(suite, { displayPath: (p) => relative(ROOT, p) });
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="stepthrough" tests="9" failures="3" errors="1" skipped="1" /,
    );
    assert.match(
      xml,
      /<testsuite name="test\/testing\/fixtures\/failing\.fixture-sfn-test\.yaml" tests="4" failures="3" errors="0" skipped="0"/,
    );
    assert.match(
      xml,
      /<testcase name="wrong output and path" classname="[^"]+" file="[^"]+" line="10" time="[\d.]+">\n {6}<failure message="output differs at \$\.chargeId: expected &quot;ch-2&quot;, got &quot;ch-1&quot;" type="AssertionError">/,
    );
    assert.match(xml, /<testcase name="skipped cases cover nothing"[^>]*>\n {6}<skipped\/>/);
    assert.match(xml, /<error message="mock for &quot;Wrok&quot;, which is not a state of the state machine/);
    assert.equal((xml.match(/<testcase /g) ?? []).length, 9);
  });

  void it('write TAP 13 and JSON', async () => {
    const suite = await run([
      join(FIXTURES, 'coverage.sfn-test.yaml'),
      join(FIXTURES, 'bad.fixture-sfn-test.yaml'),
    ]);
    const tap = formatTap(suite, { displayPath: (p) => relative(ROOT, p) }).split('\n');
    assert.equal(tap[0], 'TAP version 13');
    assert.equal(
      tap[1],
      'ok 1 - test/testing/fixtures/coverage.sfn-test.yaml > kind b takes the second Choice rule',
    );
    assert.equal(
      tap[4],
      'ok 4 - test/testing/fixtures/coverage.sfn-test.yaml > skipped cases cover nothing # SKIP',
    );
    assert.equal(
      tap[5],
      'not ok 5 - test/testing/fixtures/bad.fixture-sfn-test.yaml # test file has problems',
    );
    assert.ok(tap.includes('1..5'));
    const json = JSON.parse(formatJson(suite, { displayPath: (p) => relative(ROOT, p) })) as SuiteResult;
    assert.equal(json.totals.cases, 4);
    assert.equal(json.coverage.machines[0]?.machineFile, 'test/testing/fixtures/coverage.asl.json');
    assert.equal(json.files[1]?.problems?.[0]?.line, 3);
  });
});
