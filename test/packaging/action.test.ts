// The repository's GitHub Action (action.yml), run the way a runner runs a composite action: each
// step's `run` script with `bash --noprofile --norc -eo pipefail`, its `env` and `working-directory`
// with the `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` expressions evaluated, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE and RUNNER_TEMP set. The install step installs the npm
// tarball `npm run package` built (the `version` input also takes a tarball), offline; the test step
// runs a suite with a failing case. Checked: the exit code, the JUnit file, the job summary (cases,
// the failure's first difference, coverage per machine) and the annotation on the failing case's line.

import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { artifact, baseEnv, REPO_ROOT, runIn, scratchDir } from './artifacts';

interface ActionStep {
  id?: string;
  name: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const SYSTEM_PATH = '/usr/local/bin:/usr/bin:/bin';

const FAILING_SUITE = `stateMachine: ../machines/order.asl.json
mocks:
  ReserveLine: { return: { StatusCode: 200, Payload: { sku: a, reserved: true } } }
  ChargeCard: { return: { StatusCode: 200, Payload: { chargeId: ch-1 } } }
  NotifyCustomer: { return: { MessageId: m-1 } }
cases:
  - name: ships
    input: { orderId: o-1, customer: { id: c-1 }, lines: [{ sku: a, quantity: 1 }] }
    expect: { status: SUCCEEDED }
  - name: charges the right card
    input: { orderId: o-2, customer: { id: c-2 }, lines: [{ sku: b, quantity: 1 }] }
    expect:
      outputContains: { chargeId: ch-2 }
`;
const FAILING_LINE =
  FAILING_SUITE.split('\n').findIndex((line) => line.includes('charges the right card')) + 1;

/** Evaluates the expressions the action may use; anything else fails the test (keep the action simple). */
function evaluate(
  text: string,
  inputs: Record<string, string>,
  outputs: Record<string, Record<string, string>>,
): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expression);
    if (input?.[1] !== undefined) {
      if (!(input[1] in inputs)) throw new Error(`action.yml reads an undeclared input: ${expression}`);
      return inputs[input[1]] ?? '';
    }
    const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression);
    if (output?.[1] !== undefined && output[2] !== undefined) return outputs[output[1]]?.[output[2]] ?? '';
    throw new Error(`the test runner does not evaluate \${{ ${expression} }}`);
  });
}

/** `name=value` lines of a GITHUB_OUTPUT file. */
function readOutputs(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

interface StepRun {
  step: ActionStep;
  status: number | null;
  stdout: string;
  stderr: string;
  summary: string;
}

/** Runs the action's steps in order, stopping at the first that fails (as a runner does). */
function runAction(
  action: Action,
  given: Record<string, string>,
  workspace: string,
  scratch: string,
): StepRun[] {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default ?? '']),
  );
  const outputs: Record<string, Record<string, string>> = {};
  const runs: StepRun[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    assert.equal(step.shell, 'bash', `${step.name}: steps run in bash`);
    const stepDir = join(scratch, `step-${index}`);
    mkdirSync(stepDir, { recursive: true });
    const outputFile = join(stepDir, 'output');
    const summaryFile = join(stepDir, 'summary.md');
    writeFileSync(outputFile, '');
    writeFileSync(summaryFile, '');
    const script = join(stepDir, 'run.sh');
    writeFileSync(script, evaluate(step.run, inputs, outputs));
    const env: Record<string, string> = {
      ...baseEnv(scratch, SYSTEM_PATH),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: join(scratch, 'runner-temp'),
    };
    for (const [name, value] of Object.entries(step.env ?? {}))
      env[name] = evaluate(String(value), inputs, outputs);
    const cwd = resolve(workspace, evaluate(step['working-directory'] ?? '.', inputs, outputs));
    const result = runIn(cwd, 'bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], env);
    runs.push({
      step,
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      summary: readFileSync(summaryFile, 'utf8'),
    });
    if (step.id) outputs[step.id] = readOutputs(outputFile);
    if (result.status !== 0) break;
  }
  return runs;
}

void describe('action.yml', () => {
  let action: Action;
  before(() => {
    action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as Action;
  });

  void it('is a composite action whose inputs have descriptions and whose outputs come from its steps', () => {
    assert.equal(action.runs.using, 'composite');
    for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description, `input ${name}`);
    assert.ok(['version', 'paths', 'junit', 'shard'].every((name) => name in action.inputs));
    assert.match(action.outputs['junit']?.value ?? '', /^\$\{\{ steps\.test\.outputs\.junit \}\}$/);
  });

  void it('installs the package and runs a suite: exit 1, JUnit XML, the job summary and an annotation on the failing line', () => {
    const scratch = scratchDir('action');
    const workspace = join(scratch, 'workspace');
    mkdirSync(join(workspace, 'tests'), { recursive: true });
    cpSync(join(REPO_ROOT, 'examples', 'order'), join(workspace, 'machines'), { recursive: true });
    writeFileSync(join(workspace, 'tests', 'order.sfn-test.yaml'), FAILING_SUITE);

    const runs = runAction(
      action,
      { version: artifact('npm'), paths: 'machines tests', junit: 'reports/junit.xml' },
      workspace,
      scratch,
    );
    const [install, test] = runs;
    assert.ok(install && test, `both steps ran: ${runs.map((r) => r.step.name).join(', ')}`);
    assert.equal(install.status, 0, `${install.stdout}\n${install.stderr}`);
    assert.match(install.stdout, /^stepthrough \d+\.\d+\.\d+$/m);
    assert.equal(test.status, 1, `a failing case fails the step:\n${test.stdout}\n${test.stderr}`);

    // Annotations: one per failing case, at its line in the test file, relative to the workspace.
    const annotations = test.stdout.split('\n').filter((line) => line.startsWith('::error '));
    assert.equal(annotations.length, 1, annotations.join('\n'));
    assert.match(
      annotations[0] ?? '',
      new RegExp(
        `^::error file=tests/order\\.sfn-test\\.yaml,line=${FAILING_LINE},col=\\d+,title=Stepthrough%3A charges the right card::outputContains`,
      ),
    );
    assert.match(annotations[0] ?? '', /ch-2/);

    // JUnit XML where the junit input says, named in the step's output.
    const junit = readFileSync(join(workspace, 'reports', 'junit.xml'), 'utf8');
    assert.match(junit, /<testsuites name="stepthrough" tests="13" failures="1" errors="0"/);
    assert.match(
      junit,
      new RegExp(`<testcase name="charges the right card" [^>]*line="${FAILING_LINE}"[^>]*>\\s*<failure `),
    );

    // The job summary: totals, the failure with its first difference, coverage per machine.
    assert.match(test.summary, /^## ❌ Stepthrough: 12 passed, 1 failed \(13 cases, 2 files\)/);
    assert.match(
      test.summary,
      new RegExp(`\\*\\*✗ charges the right card\\*\\* — \`tests/order\\.sfn-test\\.yaml:${FAILING_LINE}\``),
    );
    assert.match(test.summary, /"ch-2"/);
    assert.match(test.summary, /### Coverage: [\d.]+%/);
    assert.match(test.summary, /^\| machines\/order\.asl\.json \| \d+\/11 \|/m);

    // Coverage files (lcov by default) in the working directory.
    assert.match(
      readFileSync(join(workspace, 'coverage', 'lcov.info'), 'utf8'),
      /^SF:machines\/order\.asl\.json$/m,
    );
  });

  void it('passes shard, and succeeds when every case of the shard passes', () => {
    const scratch = scratchDir('action-shard');
    const workspace = join(scratch, 'workspace');
    cpSync(join(REPO_ROOT, 'examples', 'order'), join(workspace, 'machines'), { recursive: true });
    const runs = runAction(
      action,
      { version: artifact('npm'), paths: 'machines', shard: '2/2', 'coverage-format': '' },
      workspace,
      scratch,
    );
    const test = runs[1];
    assert.ok(test);
    assert.equal(test.status, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /shard 2\/2: 5 case\(s\) of this shard ran/);
    assert.match(test.summary, /^## ✅ Stepthrough: 5 passed, 0 failed \(5 cases, 1 file\)/);
    assert.ok(!existsSync(join(workspace, 'coverage')), 'no coverage files when coverage-format is empty');
  });
});
