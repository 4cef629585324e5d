// The trace's labels for concurrent work: a Map iteration by its index, a Parallel branch by its
// number, nested scopes joined; a retry is shown under the iteration that retried.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { execute } from '../core';
import { formatTrace, scopeLabel } from './trace';

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
