// The debugger refuses a machine AWS would reject however it is launched, and runs it anyway only when
// asked: a launch configuration's `"validate": false`, or a test file's `validate: false` when a case is
// debugged (`testFile` + `case`). The machines are test/rejected's (the proof that every surface refuses
// them); what the debugger shows is what `stepthrough validate` prints for them.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { formatDiagnosticLine, validateDefinitionFile } from '../../cli/commands/validate';
import { nodeFileAccess } from '../../host';
import { adapterPerTest, REPO, type DapHarness } from './harness';

const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-dap-validate-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const adapter = adapterPerTest();

/** "Reserve" with a mistyped Resource action (lambda:invok), and with "Nxt" for "Next". */
const UNKNOWN_ACTION = join(REPO, 'test', 'rejected', 'unknown-action.asl.json');
const FIELD_TYPO = join(REPO, 'test', 'rejected', 'field-typo.asl.json');
const RESERVED = { Payload: { reserved: true } };

/** `stepthrough validate`'s error lines for a machine. */
function validateLines(file: string): string[] {
  const report = validateDefinitionFile(nodeFileAccess(), file);
  return (report?.diagnostics ?? [])
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnosticLine(file, d));
}

/** The launch's error message; fails when the launch succeeds. */
async function refused(session: DapHarness, args: Record<string, unknown>): Promise<string> {
  let message = '';
  await session.launch(args).then(
    () => assert.fail('the debugger started a machine AWS would reject'),
    (e: unknown) => {
      message = e instanceof Error ? e.message : String(e);
    },
  );
  return message;
}

/** Asserts the launch was refused with every validate line, in the message and the console; nothing ran. */
function assertRefused(session: DapHarness, message: string, file: string): void {
  const expected = validateLines(file);
  assert.ok(expected.length > 0, `validate reports errors for ${file}`);
  assert.match(message, /AWS would reject this state machine/);
  for (const line of expected) {
    assert.ok(message.includes(line), `the launch error shows ${line}`);
    assert.ok(
      session.output.some((o) => o.includes(line)),
      `the console shows ${line}`,
    );
  }
  assert.equal(session.custom.filter((e) => e.type === 'runStarted').length, 0, 'no run started');
}

/** The run's end, after the session terminated: its status and output. */
async function runEnded(session: DapHarness): Promise<{ status: string; output?: unknown }> {
  const ended = await session.runEnded();
  return { status: ended.status, output: ended.output };
}

test('"validate": false in the launch configuration debugs a machine AWS would reject', async () => {
  const launch = { definition: UNKNOWN_ACTION, mocks: { Reserve: { Return: RESERVED } } };
  // Without it, the same launch is refused.
  const checked = await adapter.start();
  assertRefused(checked, await refused(checked, launch), UNKNOWN_ACTION);

  const session = await adapter.start();
  await session.launch({ ...launch, validate: false, stopOnEntry: true });
  const entry = await session.stopped();
  assert.match(await session.where(entry.body.threadId), /^Reserve \(Task\)/);
  await session.dc.continueRequest({ threadId: entry.body.threadId });
  assert.deepEqual(await runEnded(session), { status: 'SUCCEEDED', output: RESERVED });
  assert.deepEqual(
    session.custom.filter((e) => e.type === 'runStarted').map((e) => e.type === 'runStarted' && e.reason),
    ['launch'],
  );
  const log = session.output.join('');
  assert.doesNotMatch(log, /AWS would reject/);

  // "validate" is a boolean: anything else is a clear error, not a silent opt-out.
  const typo = await adapter.start();
  assert.match(await refused(typo, { ...launch, validate: 'no' }), /"validate" must be true or false/);
});

/** A test file over a machine AWS would reject, with one case that would pass if it ran. */
function testFile(name: string, machine: string, options: { validate?: boolean } = {}): string {
  const file = join(scratch, name);
  writeFileSync(
    file,
    [
      `stateMachine: ${JSON.stringify(machine)}`,
      ...(options.validate === undefined ? [] : [`validate: ${String(options.validate)}`]),
      'mocks:',
      `  Reserve: { return: ${JSON.stringify(RESERVED)} }`,
      'cases:',
      '  - name: would pass',
      '    input: { sku: book-1 }',
      '    expect: { status: SUCCEEDED }',
      '',
    ].join('\n'),
  );
  return file;
}

test('a test file case (testFile + case) over a machine AWS would reject is refused with its diagnostics', async () => {
  for (const machine of [FIELD_TYPO, UNKNOWN_ACTION]) {
    const session = await adapter.start();
    const file = testFile('rejected.sfn-test.yaml', machine);
    assertRefused(session, await refused(session, { testFile: file, case: 'would pass' }), machine);
  }
});

test("a test file's validate: false, or the launch's, debugs its case anyway", async () => {
  const optedOut = await adapter.start();
  await optedOut.launch({
    testFile: testFile('anyway.sfn-test.yaml', FIELD_TYPO, { validate: false }),
    case: 'would pass',
  });
  assert.deepEqual(await runEnded(optedOut), { status: 'SUCCEEDED', output: RESERVED });
  assert.ok(optedOut.output.join('').includes('Debugging anyway.sfn-test.yaml › would pass'));

  const launchOptOut = await adapter.start();
  await launchOptOut.launch({
    testFile: testFile('checked.sfn-test.yaml', FIELD_TYPO),
    case: 'would pass',
    validate: false,
  });
  assert.deepEqual(await runEnded(launchOptOut), { status: 'SUCCEEDED', output: RESERVED });
});
