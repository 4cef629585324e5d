// Test files' top-level `machines:` (the child state machines a `states:startExecution` Task may start,
// read through the injected TestFileIO relative to the test file): the child runs locally, its states
// answered by the file's mocks; a child AWS would reject, or a missing file, is a located problem.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadTestFile, runLoadedFiles, type TestFileIO } from './index';

const PARENT = JSON.stringify({
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

const CHILD = JSON.stringify({
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'charge', 'Payload.$': '$' },
      OutputPath: '$.Payload',
      End: true,
    },
  },
});

function memoryIO(files: Record<string, string>): TestFileIO {
  return {
    readFile(path) {
      const text = files[path];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    resolve(from, rel) {
      const parts = from.split('/').slice(0, -1);
      for (const segment of rel.split('/')) if (segment !== '.') parts.push(segment);
      return parts.join('/');
    },
  };
}

const TEST = `
stateMachine: ./parent.asl.json
machines:
  ChildFlow: ./flows/child.asl.json
cases:
  - name: the child charges
    input: { amount: 5 }
    mocks:
      Charge: { return: { StatusCode: 200, Payload: { charged: 5 } } }
    expect:
      output: { charged: 5 }
  - name: the child fails
    mocks:
      Charge: { throw: { error: Card.Declined, cause: no } }
    expect:
      status: FAILED
      error: States.TaskFailed
`;

describe('test files: machines', () => {
  it('runs the mapped child locally, its Tasks answered by the case mocks', async () => {
    const loaded = loadTestFile(
      't/flow.sfn-test.yaml',
      memoryIO({
        't/flow.sfn-test.yaml': TEST,
        't/parent.asl.json': PARENT,
        't/flows/child.asl.json': CHILD,
      }),
    );
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems));
    const suite = await runLoadedFiles([loaded]);
    const outcomes = suite.files[0]?.cases.map((c) => [c.name, c.outcome, c.failures.map((f) => f.message)]);
    assert.deepEqual(outcomes, [
      ['the child charges', 'passed', []],
      ['the child fails', 'passed', []],
    ]);
  });

  it('reports a missing child file and a child AWS would reject where the test file names them', () => {
    const missing = loadTestFile(
      't/flow.sfn-test.yaml',
      memoryIO({ 't/flow.sfn-test.yaml': TEST, 't/parent.asl.json': PARENT }),
    );
    assert.ok(!missing.ok);
    assert.match(
      missing.problems[0]?.message ?? '',
      /child state machine file "\.\/flows\/child\.asl\.json"/,
    );
    assert.equal(missing.problems[0]?.line, 4);
    const rejected = loadTestFile(
      't/flow.sfn-test.yaml',
      memoryIO({
        't/flow.sfn-test.yaml': TEST,
        't/parent.asl.json': PARENT,
        't/flows/child.asl.json': JSON.stringify({
          StartAt: 'Nowhere',
          States: { P: { Type: 'Pass', End: true } },
        }),
      }),
    );
    assert.ok(!rejected.ok);
    assert.match(rejected.problems[0]?.message ?? '', /AWS would reject the state machine "ChildFlow"/);
  });
});
