// The trace's labels for concurrent work: a Map iteration by its index, a Parallel branch by its
// number, nested scopes joined; a retry is shown under the iteration that retried.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execute, type JsonObject } from '../core';
import { CHILDREN_SHOWN, formatTrace, scopeLabel } from './trace';

test('scope labels name the iteration or branch, nested ones joined', () => {
  assert.equal(scopeLabel([]), '');
  assert.equal(scopeLabel([{ state: 'ReserveStock', kind: 'iteration', index: 1 }]), 'ReserveStock [1]');
  assert.equal(
    scopeLabel([
      { state: 'Split', kind: 'branch', index: 0 },
      { state: 'Each', kind: 'iteration', index: 2 },
    ]),
    'Split [branch 0] › Each [2]',
  );
});

test('every line of a nested iteration carries its label; a retry appears under its iteration', async () => {
  const result = await execute(
    {
      StartAt: 'Split',
      States: {
        Split: {
          Type: 'Parallel',
          End: true,
          Branches: [
            {
              StartAt: 'Each',
              States: {
                Each: {
                  Type: 'Map',
                  End: true,
                  ItemProcessor: {
                    StartAt: 'Work',
                    States: {
                      Work: {
                        Type: 'Task',
                        Resource: 'arn:aws:states:::sqs:sendMessage',
                        Parameters: { 'MessageBody.$': '$' },
                        Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 1 }],
                        End: true,
                      },
                    },
                  },
                },
              },
            },
          ],
        },
      },
    },
    {
      input: ['a', 'b'],
      mocks: {
        Work: [
          { When: { MessageBody: 'b' }, Throw: { Error: 'Busy' } },
          { When: { MessageBody: 'b' }, Return: { MessageId: 'm-b' } },
          { Return: { MessageId: 'm' } },
        ],
      },
    },
  );
  assert.equal(result.status, 'SUCCEEDED');
  const lines = formatTrace(result, { color: false }).split('\n');
  const inner = lines.filter((line) => line.includes('Work'));
  assert.ok(inner.length > 0);
  for (const line of inner) assert.match(line, /^ {6}Split \[branch 0\] › Each \[[01]\] /);
  assert.ok(
    inner.some((line) => /Each \[1\] {3}↻ Work retry \(attempt 2\)/.test(line)),
    inner.join('\n'),
  );
  assert.ok(!inner.some((line) => /Each \[0\] {3}↻/.test(line)), 'iteration 0 never retried');
});

// AWS's parent history holds a Distributed Map's MapRun events only; each child execution has its own
// history (result.childExecutions). The trace shows them under the Map Run, up to CHILDREN_SHOWN a run.
const distributed = (items: number) => ({
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map' as const,
      End: true,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.ok', BooleanEquals: false, Next: 'Bad' }],
            Default: 'Good',
          },
          Good: { Type: 'Pass', End: true },
          Bad: { Type: 'Fail', Error: 'Item.Bad', Cause: 'not ok' },
        },
      },
      ToleratedFailureCount: items,
    },
  },
});

test("a Distributed Map's child executions are traced under its Map Run, labelled by index", async () => {
  const result = await execute(distributed(2), { input: [{ ok: true }, { ok: false }] });
  assert.equal(result.childExecutions?.length, 2);
  const lines = formatTrace(result, { color: false }).split('\n');
  const mapRun = lines.findIndex((line) => line.includes('→ Each (Map)'));
  assert.ok(mapRun >= 0, lines.join('\n'));
  const childOf = (index: number) => lines.filter((line) => line.includes(`Each [child ${index}]`));
  assert.match(childOf(0).join('\n'), /Each \[child 0\] child execution started {2}input {"ok":true}/);
  assert.match(childOf(0).join('\n'), /Each \[child 0\] → Good \(Pass\)/);
  assert.match(childOf(0).join('\n'), /Each \[child 0\] ✔ child SUCCEEDED/);
  assert.match(childOf(1).join('\n'), /Each \[child 1\] → Bad \(Fail\)/);
  assert.match(childOf(1).join('\n'), /Each \[child 1\] ✘ child FAILED Item\.Bad: "?not ok/);
  // Children come after the Map's own entry, and the execution's own lines stay unlabelled.
  assert.ok(lines.findIndex((line) => line.includes('[child 0]')) > mapRun);
  assert.match(lines.at(-1) ?? '', /states entered, \d+ history events$/);
});

test('a Map Run shows its first CHILDREN_SHOWN child executions and counts the rest', async () => {
  const count = CHILDREN_SHOWN + 3;
  const result = await execute(distributed(count), {
    input: Array.from({ length: count }, () => ({ ok: true })),
  });
  const text = formatTrace(result, { color: false });
  assert.match(text, new RegExp(`Each \\[child ${CHILDREN_SHOWN - 1}\\]`));
  assert.doesNotMatch(text, new RegExp(`Each \\[child ${CHILDREN_SHOWN}\\]`));
  assert.match(text, /… 3 more child executions of Each \(--json lists every one under childExecutions\)/);
});

test('a nested execution is traced under the Task that started it, labelled [child N]', async () => {
  const child = { StartAt: 'Inner', States: { Inner: { Type: 'Pass', End: true } } };
  const result = await execute(
    {
      StartAt: 'StartChild',
      States: {
        StartChild: {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: {
            StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:ChildFlow',
            Input: { a: 1 },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', End: true },
      },
    },
    { machines: { ChildFlow: child } },
  );
  const lines = formatTrace(result, { color: false }).split('\n');
  const started = lines.findIndex((line) => line.includes('StartChild [child 0] child execution started'));
  const entered = lines.findIndex((line) => line.includes('→ StartChild (Task)'));
  const after = lines.findIndex((line) => line.includes('→ After (Pass)'));
  assert.ok(entered >= 0 && started > entered && after > started, lines.join('\n'));
  assert.match(lines.join('\n'), /StartChild \[child 0\] → Inner \(Pass\)/);
  assert.match(lines.join('\n'), /StartChild \[child 0\] ✔ child SUCCEEDED/);
});

test("a nested execution's own children (a grandchild, its Distributed Map's children) are traced under it", async () => {
  const start = (arn: string): JsonObject => ({
    Type: 'Task',
    Resource: 'arn:aws:states:::states:startExecution.sync:2',
    Parameters: { StateMachineArn: `arn:aws:states:us-east-1:123456789012:stateMachine:${arn}` },
    End: true,
  });
  const child = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'Item',
          States: { Item: { Type: 'Pass', End: true } },
        },
        Next: 'Deeper',
      },
      Deeper: start('Grandchild'),
    },
  };
  const result = await execute(
    {
      StartAt: 'First',
      States: {
        First: {
          ...start('ChildFlow'),
          Parameters: { ...(start('ChildFlow').Parameters as JsonObject), Input: { items: [1] } },
          End: false,
          Next: 'Second',
        },
        Second: {
          ...start('ChildFlow'),
          Parameters: { ...(start('ChildFlow').Parameters as JsonObject), Input: { items: [2] } },
        },
      },
    },
    {
      machines: {
        ChildFlow: child,
        Grandchild: { StartAt: 'Deepest', States: { Deepest: { Type: 'Pass', End: true } } },
      },
    },
  );
  assert.equal(result.status, 'SUCCEEDED');
  const text = formatTrace(result, { color: false });
  // Each child's Map child and grandchild under it, each numbered among its own execution's.
  for (const task of ['First', 'Second']) {
    assert.match(text, new RegExp(`${task} \\[child 0\\] › Each \\[child 0\\] → Item \\(Pass\\)`));
    assert.match(text, new RegExp(`${task} \\[child 0\\] › Deeper \\[child 0\\] → Deepest \\(Pass\\)`));
  }
  const lines = text.split('\n');
  const grandchildOfSecond = lines.findIndex((l) =>
    l.includes('Second [child 0] › Deeper [child 0] → Deepest'),
  );
  const secondStarted = lines.findIndex((l) => l.includes('Second [child 0] child execution started'));
  assert.ok(grandchildOfSecond > secondStarted && secondStarted > 0, text);
});
