// Coverage of child executions (issue #15: "the trace and coverage include it"): a nested execution's
// states count under its child machine, reported under the child's own file (a `machines:` file, or
// `template.yaml#Child` for a machine of the same template, found by the ARN the parent names), never
// under the parent's states of the same name; a Distributed Map's child executions count under the
// machine whose Map started them; LCOV/Cobertura place a template's machines on the lines of the file
// their states are written in; a run split over workers reports what a single run reports.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  formatCobertura,
  formatLcov,
  mergeSuiteResults,
  runTestFiles,
  type MachineCoverage,
  type SuiteResult,
} from '../../core/testing';
import { nodeFileAccess, testFileIO } from '../../host';

const io = testFileIO(nodeFileAccess());

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'stepthrough-child-coverage-'));
}

const CHILD_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow';

/** The parent and the child share a state name (`Work`): each machine counts its own. */
const parent = {
  StartAt: 'Work',
  States: {
    Work: { Type: 'Pass', Next: 'RunChild' },
    RunChild: {
      Type: 'Task',
      Resource: 'arn:aws:states:::states:startExecution.sync:2',
      Parameters: { StateMachineArn: CHILD_ARN, 'Input.$': '$' },
      Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'ChildFailed' }],
      End: true,
    },
    ChildFailed: { Type: 'Pass', End: true },
  },
};

const child = {
  StartAt: 'Check',
  States: {
    Check: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.ok', BooleanEquals: true, Next: 'Work' },
        { Variable: '$.later', IsPresent: true, Next: 'Never' },
      ],
      Default: 'Broken',
    },
    Work: { Type: 'Pass', End: true },
    Broken: { Type: 'Fail', Error: 'Child.Broken' },
    Never: { Type: 'Pass', End: true },
  },
};

function byFile(suite: SuiteResult, suffix: string): MachineCoverage {
  const found = suite.coverage.machines.find((m) => m.machineFile.endsWith(suffix));
  assert.ok(
    found,
    `no coverage for ${suffix}: ${suite.coverage.machines.map((m) => m.machineFile).join(', ')}`,
  );
  return found;
}

const hits = (machine: MachineCoverage): Record<string, number> =>
  Object.fromEntries(machine.states.map((s) => [s.name, s.hits]));

describe('coverage of child executions', () => {
  it("counts a nested execution's states under its machines: file, apart from the parent's", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'parent.asl.json'), JSON.stringify(parent, null, 2));
    writeFileSync(join(dir, 'child.asl.json'), JSON.stringify(child, null, 2));
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./parent.asl.json
machines: { ChildFlow: ./child.asl.json }
cases:
  - name: ok
    input: { ok: true }
    expect: { status: SUCCEEDED, path: [Work, RunChild] }
  - name: broken child
    input: { ok: false }
    expect: { status: SUCCEEDED, path: [Work, RunChild, ChildFailed] }
`,
    );
    const suite = await runTestFiles([join(dir, 't.sfn-test.yaml')], io);
    assert.equal(suite.totals.passed, 2, JSON.stringify(suite.files[0]?.cases.map((c) => c.failures)));
    assert.deepEqual(
      suite.coverage.machines.map((m) => m.machineFile),
      [join(dir, 'parent.asl.json'), join(dir, 'child.asl.json')],
    );
    // `Work` entered twice in the parent (once per case) and once in the child (the ok case).
    assert.deepEqual(hits(byFile(suite, 'parent.asl.json')), { Work: 2, RunChild: 2, ChildFailed: 1 });
    const childCoverage = byFile(suite, 'child.asl.json');
    assert.deepEqual(hits(childCoverage), { Check: 2, Work: 1, Broken: 1, Never: 0 });
    assert.deepEqual(childCoverage.uncoveredStates, ['Never']);
    assert.deepEqual(
      childCoverage.transitions.map((t) => `${t.from}>${t.kind}:${t.hits}`),
      ['Check>choice:1', 'Check>choice:0', 'Check>default:1'],
    );
    // LCOV: the child machine is a source file of its own, its states on their lines.
    const lcov = formatLcov(suite.coverage, { readFile: (p) => io.readFile(p, 'definition') });
    const records = lcov.split('end_of_record');
    const childRecord = records.find((r) => r.includes(`SF:${join(dir, 'child.asl.json')}`)) ?? '';
    assert.match(childRecord, /FNDA:2,Check/);
    assert.match(childRecord, /FNDA:0,Never/);
    assert.match(childRecord, /FNF:4\nFNH:3/);
  });

  it('finds a machine of the same template by the ARN its parent names, and reports it as template.yaml#Child', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'child.asl.json'), JSON.stringify(child, null, 2));
    writeFileSync(
      join(dir, 'parent.asl.json'),
      JSON.stringify(
        {
          ...parent,
          States: {
            ...parent.States,
            RunChild: {
              ...parent.States.RunChild,
              Parameters: { StateMachineArn: '${ChildArn}', 'Input.$': '$' },
            },
          },
        },
        null,
        2,
      ),
    );
    writeFileSync(
      join(dir, 'template.yaml'),
      `Transform: AWS::Serverless-2016-10-31
Resources:
  Parent:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: parent.asl.json
      DefinitionSubstitutions:
        ChildArn: !Ref Child
      Policies:
        - StepFunctionsExecutionPolicy:
            StateMachineName: !GetAtt Child.Name
        - Statement:
            - Effect: Allow
              Action: [states:DescribeExecution, states:StopExecution, events:PutTargets, events:PutRule, events:DescribeRule]
              Resource: '*'
  Child:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: child-flow
      DefinitionUri: child.asl.json
`,
    );
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./template.yaml#Parent
cases:
  - name: ok
    input: { ok: true }
    expect: { status: SUCCEEDED, path: [Work, RunChild] }
`,
    );
    const suite = await runTestFiles([join(dir, 't.sfn-test.yaml')], io);
    assert.equal(suite.totals.passed, 1, JSON.stringify(suite.files[0]?.cases.map((c) => c.failures)));
    const childCoverage = byFile(suite, 'template.yaml#Child');
    assert.deepEqual(hits(childCoverage), { Check: 1, Work: 1, Broken: 0, Never: 0 });
    assert.equal(childCoverage.sourceFile, join(dir, 'child.asl.json'));
    assert.deepEqual(hits(byFile(suite, 'template.yaml#Parent')), { Work: 1, RunChild: 1, ChildFailed: 0 });
    // LCOV and Cobertura place both machines in the files their states are written in, on their lines
    // (`template.yaml#Parent` is no file: reading it would fail).
    const lcov = formatLcov(suite.coverage, {
      readFile: () => assert.fail('a template machine is placed through its source map, not re-read'),
    });
    assert.match(lcov, new RegExp(`SF:${join(dir, 'parent.asl.json')}\\nFN:4,Work`));
    assert.match(lcov, new RegExp(`SF:${join(dir, 'child.asl.json')}\\nFN:4,Check`));
    const xml = formatCobertura(suite.coverage, {
      readFile: () => assert.fail('not read'),
      timestamp: 0,
      version: 'test',
      sourceRoot: dir,
    });
    assert.match(xml, /<class name="child\.asl\.json"/);
  });

  it("counts a Distributed Map's child executions under the machine whose Map started them", async () => {
    const dir = tempDir();
    const distributed = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Item',
            States: { Item: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    writeFileSync(join(dir, 'map.asl.json'), JSON.stringify(distributed));
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      'stateMachine: ./map.asl.json\ncases:\n  - name: three\n    input: [1, 2, 3]\n    expect: { status: SUCCEEDED }\n',
    );
    const suite = await runTestFiles([join(dir, 't.sfn-test.yaml')], io);
    assert.deepEqual(hits(byFile(suite, 'map.asl.json')), { Each: 1, Item: 3 });
  });

  it('a run split in parts (workers, shards) reports the child machines as a single run does', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'parent.asl.json'), JSON.stringify(parent));
    writeFileSync(join(dir, 'child.asl.json'), JSON.stringify(child));
    writeFileSync(
      join(dir, 't.sfn-test.yaml'),
      `stateMachine: ./parent.asl.json
machines: { ChildFlow: ./child.asl.json }
cases:
  - { name: a, input: { ok: true } }
  - { name: b, input: { ok: false } }
`,
    );
    const files = [join(dir, 't.sfn-test.yaml')];
    const whole = await runTestFiles(files, io);
    const parts = await Promise.all(
      [0, 1].map((part) => runTestFiles(files, io, { select: (_spec, index) => index % 2 === part })),
    );
    const merged = mergeSuiteResults(parts, (c) => (c.name === 'a' ? 0 : 1), 0);
    assert.deepEqual(merged.coverage, whole.coverage);
  });
});
