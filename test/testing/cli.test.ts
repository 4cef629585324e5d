// End-to-end tests of `stepthrough test`: discovery (directories, globs, files), exit codes,
// reporters and --output, --filter, --coverage / --coverage-min, usage errors; through
// testCommand() with a captured context, and through the real CLI process once it is wired.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StepthroughError } from '../../core';
import { testCommand } from '../../cli/commands/test';
import { roleFindings, formatRoleFindings } from '../../cli/commands/validate-role';
import { capturedContext } from '../../cli/capturedContext';
import { nodeFileAccess } from '../../host';

const files = nodeFileAccess();

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(__dirname, 'fixtures');
const ORDER = join(ROOT, 'examples', 'order');

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

async function runTest(
  positionals: string[],
  values: Record<string, string | boolean> = {},
): Promise<Captured> {
  const ctx = capturedContext(positionals, values);
  const code = await testCommand(ctx);
  return { code, stdout: ctx.out.join('\n'), stderr: ctx.err.join('\n') };
}

void describe('stepthrough test (testCommand)', () => {
  void it('finds the test files under a directory and exits 0 when every case passes', async () => {
    const r = await runTest([ORDER], { coverage: true });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /order\.sfn-test\.yaml\n {2}✓ ships an order with two lines/);
    assert.match(r.stdout, /Cases: 11 passed, 11 total {3}Files: 1 file/);
    assert.match(
      r.stdout,
      /Coverage 100\.0%\n {2}\S*order\.asl\.json {2}states 11\/11 · transitions 7\/7 · retriers 1\/1 · 100\.0%/,
    );
  });

  void it('skips files not named *.sfn-test.* in directories, and takes files named directly', async () => {
    const dir = await runTest([FIXTURES]);
    assert.equal(dir.code, 0, dir.stdout);
    assert.doesNotMatch(dir.stdout, /fixture-sfn-test/);
    assert.match(dir.stdout, /coverage\.sfn-test\.yaml/);
    const direct = await runTest([join(FIXTURES, 'failing.fixture-sfn-test.yaml')]);
    assert.equal(direct.code, 1);
    assert.match(direct.stdout, /✗ wrong output and path/);
    assert.match(direct.stdout, /- "ch-2"\n {8}\+ "ch-1"/);
  });

  void it('expands globs', async () => {
    const r = await runTest([`${FIXTURES}/*.fixture-sfn-test.yaml`], { reporter: 'tap' });
    assert.equal(r.code, 2);
    assert.match(r.stdout, /not ok \d+ - \S*bad\.fixture-sfn-test\.yaml # test file has problems/);
    assert.match(r.stdout, /ok \d+ - \S*features-config\.fixture-sfn-test\.yaml > Happy/);
    const none = await runTest([`${FIXTURES}/**/*.nothing.yaml`]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no test files match/);
  });

  void it('exits 2 for a bad file, naming file, line and problem', async () => {
    const r = await runTest([join(FIXTURES, 'bad.fixture-sfn-test.yaml')]);
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /bad\.fixture-sfn-test\.yaml:3:3: mock for "Wrok", which is not a state of the state machine, nor a function or activity one of its Tasks calls \(did you mean "Work"\?\)/,
    );
  });

  void it('writes JUnit XML to --output and still prints the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-test-'));
    try {
      const file = join(dir, 'junit.xml');
      const r = await runTest([join(FIXTURES, 'failing.fixture-sfn-test.yaml')], {
        reporter: 'junit',
        output: file,
      });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /Cases: 3 failed, 1 passed, 4 total/);
      assert.match(r.stdout, /report written to /);
      const xml = readFileSync(file, 'utf8');
      assert.match(xml, /<testsuites name="stepthrough" tests="4" failures="3" errors="0" skipped="0"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('creates the missing folders of --output; a report that cannot be written comes after the results', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-test-'));
    try {
      const file = join(dir, 'missing-dir', 'nested', 'x.xml');
      const r = await runTest([join(FIXTURES, 'failing.fixture-sfn-test.yaml')], {
        reporter: 'junit',
        output: file,
      });
      assert.equal(r.code, 1);
      assert.match(readFileSync(file, 'utf8'), /^<\?xml/);
      // A file where a folder of the path should be: the results are printed, then the typed error.
      const blocked = join(file, 'y.xml');
      const ctx = capturedContext([join(FIXTURES, 'failing.fixture-sfn-test.yaml')], {
        reporter: 'junit',
        output: blocked,
      });
      await assert.rejects(
        testCommand(ctx),
        (e: unknown) =>
          e instanceof StepthroughError &&
          e.code === 'E_FILE_WRITE' &&
          e.message ===
            `The report file '${blocked}' cannot be written (a file stands where a folder of its path should be).`,
      );
      assert.match(ctx.out.join('\n'), /Cases: 3 failed, 1 passed, 4 total/);
      assert.doesNotMatch(ctx.out.join('\n'), /report written/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void it('prints JSON with --reporter json (or --json), coverage included', async () => {
    const r = await runTest([join(FIXTURES, 'coverage.sfn-test.yaml')], { json: true });
    assert.equal(r.code, 0);
    const report = JSON.parse(r.stdout) as { totals: { passed: number }; coverage: { percent: number } };
    assert.equal(report.totals.passed, 3);
    assert.equal(report.coverage.percent.toFixed(1), '53.3');
  });

  void it('fails under --coverage-min and passes over it', async () => {
    const under = await runTest([join(FIXTURES, 'coverage.sfn-test.yaml')], { 'coverage-min': '60' });
    assert.equal(under.code, 1);
    assert.match(under.stderr, /coverage 53\.3% is under the minimum 60%/);
    const over = await runTest([join(FIXTURES, 'coverage.sfn-test.yaml')], { 'coverage-min': '50%' });
    assert.equal(over.code, 0);
  });

  void it('runs only the cases --filter names', async () => {
    const r = await runTest([ORDER], { filter: 'retriable' });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Cases: 1 passed, 1 total/);
    const none = await runTest([ORDER], { filter: 'no such case' });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no case name contains 'no such case'/);
  });

  void it('rejects bad usage: unknown reporter, bad --coverage-min, a path that does not exist', async () => {
    const usage = (e: unknown): boolean => e instanceof StepthroughError && e.code === 'E_USAGE';
    await assert.rejects(runTest([ORDER], { reporter: 'xml' }), usage);
    await assert.rejects(runTest([ORDER], { 'coverage-min': '120' }), usage);
    await assert.rejects(
      runTest([join(FIXTURES, 'missing.sfn-test.yaml')]),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_FILE_NOT_FOUND',
    );
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-empty-'));
    try {
      const empty = await runTest([dir]);
      assert.equal(empty.code, 2);
      assert.match(
        empty.stderr,
        /no test files \(\*\.sfn-test\.yaml, \*\.sfn-test\.yml, \*\.sfn-test\.json\) found/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void describe('roleFindings (stepthrough validate --role)', () => {
  void it('lists what the example needs that a role does not grant, at the state’s line', () => {
    assert.deepEqual(roleFindings(files, join(ORDER, 'order.asl.json'), join(ORDER, 'order-role.json')), []);
    const findings = roleFindings(
      files,
      join(ORDER, 'order.asl.json'),
      join(ORDER, 'order-role-no-notify.json'),
    );
    assert.deepEqual(
      findings.map((f) => [f.line, f.column, f.state, f.action, f.resource, f.decision]),
      [
        [
          99,
          13,
          'NotifyCustomer',
          'sns:Publish',
          'arn:aws:sns:us-east-1:123456789012:order-updates',
          'implicitDeny',
        ],
      ],
    );
    assert.match(
      formatRoleFindings(findings),
      /order\.asl\.json:99:13: NotifyCustomer: needs sns:Publish on arn:aws:sns:us-east-1:123456789012:order-updates \(no policy allows it\)$/,
    );
  });

  void it('rejects a role file that is not a policy, with its location', () => {
    assert.throws(
      () => roleFindings(files, join(ORDER, 'order.asl.json'), join(ORDER, 'order.input.json')),
      (e: unknown) =>
        e instanceof StepthroughError &&
        e.code === 'E_INVALID_INPUT' &&
        /not a valid IAM policy/.test(e.message),
    );
  });
});

void describe('stepthrough test (the CLI process)', () => {
  void it('runs the example suite and exits 0, and exits 1 on failing cases', () => {
    const cli = (args: string[]): { status: number | null; stdout: string } => {
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), 'test', ...args],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      return { status: r.status, stdout: r.stdout };
    };
    const ok = cli(['examples/order', '--coverage']);
    assert.equal(ok.status, 0, ok.stdout);
    assert.match(ok.stdout, /Cases: 11 passed, 11 total/);
    const failing = cli(['test/testing/fixtures/failing.fixture-sfn-test.yaml', '--reporter', 'tap']);
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /^TAP version 13/);
  });

  void it('--output into missing folders creates them; an unwritable report is exit 2 after the results, no stack', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-test-'));
    try {
      const run = (output: string): { status: number | null; stdout: string; stderr: string } =>
        spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            join(ROOT, 'cli', 'main.ts'),
            'test',
            'examples/order',
            '--reporter',
            'junit',
            '--output',
            output,
          ],
          { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
        );
      const created = run(join(dir, 'missing-dir', 'x.xml'));
      assert.equal(created.status, 0, created.stderr);
      assert.match(created.stdout, /Cases: 11 passed, 11 total[^]*report written to .*missing-dir\/x\.xml/);
      assert.match(
        readFileSync(join(dir, 'missing-dir', 'x.xml'), 'utf8'),
        /<testsuites name="stepthrough" tests="11"/,
      );
      const blocked = join(dir, 'missing-dir', 'x.xml', 'y.xml');
      const failed = run(blocked);
      assert.equal(failed.status, 2);
      assert.match(failed.stdout, /Cases: 11 passed, 11 total/);
      assert.equal(
        failed.stderr,
        `stepthrough test: ${blocked}: The report file '${blocked}' cannot be written (a file stands where a folder of its path should be).\n  hint: Choose a path you can write to.\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
