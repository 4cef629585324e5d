// Proof that every surface refuses what AWS would refuse, with the same diagnostics: each machine in
// this folder goes through `stepthrough run` (text and --json), `stepthrough test` (pretty and
// JUnit), execute(), startExecution() and the debugger. Each must refuse before anything runs and
// report exactly what `stepthrough validate` reports (pinned in expected.json). pytest's side is
// python/tests/test_rejected.py, over the same folder and expected.json.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, test } from 'node:test';
import { DefinitionError, execute, startExecution, type DiagnosticJson } from '../../core';
import { formatDiagnosticLine, validateDefinitionFile } from '../../cli/commands/validate';
import { DapHarness } from '../dap/harness';
import { nodeFileAccess } from '../../host';

const ROOT = join(__dirname, '..', '..');
const EXPECTED = JSON.parse(readFileSync(join(__dirname, 'expected.json'), 'utf8')) as Record<
  string,
  string[]
>;
const MACHINES = readdirSync(__dirname).filter((name) => /\.asl\.(json|ya?ml)$/.test(name));

/** `stepthrough validate`'s lines for a machine, named as the user named the file. */
function validateLines(file: string): string[] {
  const report = validateDefinitionFile(nodeFileAccess(), file);
  return (report?.diagnostics ?? [])
    .filter((d) => d.severity === 'error')
    .map((d) => formatDiagnosticLine(file, d));
}

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'stepthrough-rejected-'));
after(() => rmSync(work, { recursive: true, force: true }));

const reserveMocks = join(work, 'reserve.mocks.json');
writeFileSync(reserveMocks, JSON.stringify({ Reserve: { Return: { Payload: { reserved: true } } } }));

/** What `run --json` prints for a run. */
interface RunJson {
  status: string;
  output: unknown;
  states: string[];
  error?: string;
  cause?: string;
  events: { type: string; taskScheduledEventDetails?: { resource: string } }[];
}

/**
 * Each machine run anyway (--no-validate): it really runs, as far as the engine can take it. The Task
 * with a typo'd field or an unknown action is answered by its mock; the Choice rule to "Shipp" fails
 * at run time, where AWS would have refused the machine before.
 */
const ANYWAY: Record<string, { args: string[]; exit: number; result: Omit<RunJson, 'events'> }> = {
  'field-typo.asl.json': {
    args: ['--mocks', reserveMocks, '--input-json', '{"sku":"book-1"}'],
    exit: 0,
    result: { status: 'SUCCEEDED', states: ['Reserve'], output: { Payload: { reserved: true } } },
  },
  'unknown-action.asl.json': {
    args: ['--mocks', reserveMocks, '--input-json', '{"sku":"book-1"}'],
    exit: 0,
    result: { status: 'SUCCEEDED', states: ['Reserve'], output: { Payload: { reserved: true } } },
  },
  'next-to-nowhere.asl.yaml': {
    args: ['--input-json', '{"ready":true}'],
    exit: 1,
    result: {
      status: 'FAILED',
      output: null,
      states: ['Check'],
      error: 'States.Runtime',
      cause: "The state 'Shipp' does not exist in this scope.",
    },
  },
};

test('the folder holds the machines expected.json pins, each with errors', () => {
  assert.deepEqual(MACHINES.sort(), Object.keys(EXPECTED).sort());
  for (const name of MACHINES) {
    const file = relative(ROOT, join(__dirname, name));
    const pinned = (EXPECTED[name] ?? []).map((entry) => `${file}:${entry}`);
    const lines = validateLines(file);
    assert.deepEqual(
      lines.map((line) => line.split(' ').slice(0, 2).join(' ')),
      pinned,
      `${name}: validate reports what expected.json pins`,
    );
  }
});

for (const name of MACHINES) {
  const file = relative(ROOT, join(__dirname, name));
  describe(name, () => {
    const expected = validateLines(file);

    test('stepthrough run refuses it with the lines validate prints, exit 2; --json gives INVALID', () => {
      const r = cli(['run', file]);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '', 'no trace: nothing ran');
      const lines = r.stderr.trimEnd().split('\n');
      assert.deepEqual(lines.slice(0, -1), expected);
      assert.match(
        lines.at(-1) ?? '',
        /^stepthrough run: AWS would reject this state machine \(\d errors?\); nothing ran\./,
      );
      const json = cli(['run', file, '--json']);
      assert.equal(json.status, 2);
      const body = JSON.parse(json.stdout) as { status: string; diagnostics: DiagnosticJson[] };
      assert.equal(body.status, 'INVALID');
      assert.deepEqual(
        body.diagnostics.map((d) => `${String(d.file)}:${d.line}:${d.column} ${d.code} ${d.message}`),
        expected,
      );
    });

    test('stepthrough run --no-validate runs it anyway: exit code, status, path and output of the run', () => {
      const anyway = ANYWAY[name];
      assert.ok(anyway, `ANYWAY says how ${name} runs`);
      const text = cli(['run', file, '--no-validate', ...anyway.args]);
      assert.equal(text.status, anyway.exit, text.stderr);
      assert.doesNotMatch(text.stderr, /AWS would reject|nothing ran/);
      assert.match(text.stdout, /^Execution started {2}input /);
      assert.match(text.stdout, anyway.exit === 0 ? /^✔ SUCCEEDED/m : /^✘ FAILED {2}States\.Runtime/m);
      const json = cli(['run', file, '--no-validate', ...anyway.args, '--json']);
      assert.equal(json.status, anyway.exit, json.stderr);
      const body = JSON.parse(json.stdout) as RunJson;
      const { events } = body;
      // The fields pinned (other fields of the result are not this test's business).
      const shown = Object.fromEntries(
        Object.keys(anyway.result).map((key) => [key, (body as unknown as Record<string, unknown>)[key]]),
      );
      assert.deepEqual(shown, anyway.result);
      assert.equal(events[0]?.type, 'ExecutionStarted');
      assert.equal(events.at(-1)?.type, anyway.exit === 0 ? 'ExecutionSucceeded' : 'ExecutionFailed');
      if (name === 'unknown-action.asl.json') {
        // The mistyped action itself was called (and answered by its mock), as the machine says.
        const scheduled = events.find((e) => e.type === 'TaskScheduled');
        assert.equal(scheduled?.taskScheduledEventDetails?.resource, 'invok');
      }
    });

    test('stepthrough test reports each case as an error naming the same diagnostics, exit 2', () => {
      const dir = mkdtempSync(join(work, 'case-'));
      writeFileSync(
        join(dir, 'm.sfn-test.yaml'),
        `stateMachine: ${JSON.stringify(join(ROOT, file))}\ncases:\n  - name: would pass\n`,
      );
      const pretty = cli(['test', dir]);
      assert.equal(pretty.status, 2);
      assert.match(pretty.stdout, /! would pass \(error: not run\)/);
      // Paths are shown relative to the working directory, as validate shows them.
      for (const line of expected) assert.ok(pretty.stdout.includes(line), line);
      const junit = cli(['test', dir, '--reporter', 'junit']);
      assert.equal(junit.status, 2);
      assert.match(junit.stdout, /<testsuites name="stepthrough" tests="1" failures="0" errors="1"/);
      assert.match(junit.stdout, /<error message="AWS would reject the state machine/);
    });

    test('execute() rejects and startExecution() throws a DefinitionError with the same diagnostics', async () => {
      const text = readFileSync(join(ROOT, file), 'utf8');
      const error = await execute(text).then(
        () => assert.fail('execute() ran a machine AWS would reject'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof DefinitionError);
      const shown = error.diagnostics.map(
        (d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`,
      );
      assert.deepEqual(shown, expected);
      assert.throws(() => startExecution(text), DefinitionError);
    });

    test('the debugger shows them and does not start', async () => {
      const dap = await DapHarness.start();
      try {
        let message = '';
        await dap.launch({ definition: join(ROOT, file) }).then(
          () => assert.fail('the debugger started a machine AWS would reject'),
          (e: unknown) => {
            message = e instanceof Error ? e.message : String(e);
          },
        );
        assert.match(message, /AWS would reject this state machine/);
        const absolute = expected.map((line) => line.replace(file, join(ROOT, file)));
        for (const line of absolute) {
          assert.ok(message.includes(line), `the launch error shows ${line}`);
          assert.ok(
            dap.output.some((o) => o.includes(line)),
            `the console shows ${line}`,
          );
        }
        assert.equal(dap.custom.filter((e) => e.type === 'runStarted').length, 0, 'no run started');
      } finally {
        await dap.close();
      }
    });
  });
}

// A definition that cannot be parsed at all is refused before validation has anything to say, on
// `run` as on every surface: its syntax diagnostics (what `validate` reports first), exit 2, and the
// message says it cannot be parsed (not that AWS would reject it). --no-validate cannot run it either.
describe('a definition with a syntax error', () => {
  const broken: Record<string, string> = {
    'unclosed.asl.json': '{ "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true }\n',
    'unindented.asl.yaml': 'StartAt: A\nStates:\n  A: {Type: Pass, End: true\n',
    'array.asl.json': '[{ "StartAt": "A" }]\n',
  };
  for (const [base, text] of Object.entries(broken)) {
    const path = join(work, base);
    writeFileSync(path, text);
    /** validate's lines for the file, the syntax ones only (ASL00x): what stops the parse. */
    const syntax = (): string[] => validateLines(path).filter((line) => / ASL00\d /.test(line));

    test(`${base}: run prints the syntax diagnostics and "cannot be parsed; nothing ran.", exit 2`, () => {
      const expected = syntax();
      assert.ok(expected.length > 0, 'validate reports a syntax error');
      for (const flags of [[], ['--no-validate']]) {
        const r = cli(['run', path, ...flags]);
        assert.equal(r.status, 2, `${flags.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '', 'no trace: nothing ran');
        assert.deepEqual(r.stderr.trimEnd().split('\n'), [
          ...expected,
          'stepthrough run: the state machine cannot be parsed; nothing ran.',
        ]);
      }
    });

    test(`${base}: run --json prints one {status: "INVALID", diagnostics} object on stdout, exit 2`, () => {
      const expected = syntax();
      for (const flags of [['--json'], ['--json', '--no-validate'], ['--no-validate', '--json']]) {
        const r = cli(['run', path, ...flags]);
        assert.equal(r.status, 2, `${flags.join(' ')}: ${r.stderr}`);
        assert.equal(r.stderr, '', 'everything is in the JSON object');
        assert.equal(r.stdout.trimEnd().split('\n').length, 1, 'one JSON object, on one line');
        const body = JSON.parse(r.stdout) as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).sort(), ['diagnostics', 'status']);
        assert.equal(body.status, 'INVALID');
        const diagnostics = body.diagnostics as DiagnosticJson[];
        assert.ok(diagnostics.every((d) => d.severity === 'error' && /^ASL00\d$/.test(d.code)));
        assert.deepEqual(
          diagnostics.map((d) => `${String(d.file)}:${d.line}:${d.column} ${d.code} ${d.message}`),
          expected,
        );
      }
    });
  }
});
