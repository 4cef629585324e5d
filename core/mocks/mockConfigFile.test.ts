// Tests of AWS MockConfigFile support (invocation keys and ranges, test case selection, validation)
// and of combineMocks layering.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { StepthroughError } from '../errors';
import {
  combineMocks,
  isMockConfigFile,
  listMockConfigTestCases,
  mockConfigFile,
  simpleMocks,
} from './index';

/** The example from AWS's "Configuration file for mocked service integrations" page. */
const AWS_EXAMPLE = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: {
      '0': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
    LambdaMockedResourceNotReady: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
    },
    MockedSQSSuccess: { '0': { Return: { MD5OfMessageBody: 'abc', MessageId: 'def' } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
  },
};

function withResponses(
  responses: Record<string, unknown>,
  testCase: Record<string, unknown> = { Task: 'R' },
): unknown {
  return { StateMachines: { SM: { TestCases: { Case: testCase } } }, MockedResponses: responses };
}

function invalid(run: () => unknown, pattern: RegExp): StepthroughError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof StepthroughError, 'expected a StepthroughError');
  assert.equal(caught.code, 'E_INVALID_MOCKS');
  assert.match(caught.message, pattern);
  return caught;
}

void describe('mockConfigFile', () => {
  void it('follows single keys and inclusive ranges, and has no response after the last invocation', () => {
    const mocks = mockConfigFile(AWS_EXAMPLE, 'LambdaSQSIntegration', 'RetryPath');
    assert.deepEqual(mocks.responseFor('LambdaState', 0), {
      kind: 'throw',
      error: 'Lambda.ResourceNotReadyException',
      cause: 'Lambda resource is not ready.',
    });
    assert.deepEqual(mocks.responseFor('LambdaState', 1), {
      kind: 'throw',
      error: 'Lambda.TimeoutException',
      cause: 'Lambda timed out.',
    });
    assert.deepEqual(mocks.responseFor('LambdaState', 2), {
      kind: 'throw',
      error: 'Lambda.TimeoutException',
      cause: 'Lambda timed out.',
    });
    assert.equal(mocks.responseFor('LambdaState', 3)?.kind, 'return');
    assert.equal(mocks.responseFor('LambdaState', 4), undefined);
    assert.equal(mocks.has('LambdaState'), true);
    assert.deepEqual(mocks.stateNames(), ['LambdaState', 'SQSState']);
  });

  void it('mocks only the states the test case lists', () => {
    const mocks = mockConfigFile(AWS_EXAMPLE, 'LambdaSQSIntegration', 'HybridPath');
    assert.equal(mocks.has('SQSState'), false);
    assert.equal(mocks.responseFor('SQSState', 0), undefined);
  });

  void it('uses the only state machine when none is named', () => {
    const mocks = mockConfigFile(AWS_EXAMPLE, undefined, 'HappyPath');
    assert.deepEqual(mocks.responseFor('SQSState', 0), {
      kind: 'return',
      value: { MD5OfMessageBody: 'abc', MessageId: 'def' },
    });
  });

  void it('accepts non-object Return values', () => {
    const mocks = mockConfigFile(
      withResponses({ R: { '0': { Return: 'plain' }, '1': { Return: [1] } } }),
      'SM',
      'Case',
    );
    assert.deepEqual(mocks.responseFor('Task', 0), { kind: 'return', value: 'plain' });
    assert.deepEqual(mocks.responseFor('Task', 1), { kind: 'return', value: [1] });
  });

  void it('accepts keys out of order and with spaces around the dash', () => {
    const mocks = mockConfigFile(
      withResponses({ R: { '2': { Return: 'c' }, '0 - 1': { Return: 'a' } } }),
      'SM',
      'Case',
    );
    assert.deepEqual(
      [0, 1, 2, 3].map((n) => mocks.responseFor('Task', n)),
      [
        { kind: 'return', value: 'a' },
        { kind: 'return', value: 'a' },
        { kind: 'return', value: 'c' },
        undefined,
      ],
    );
  });

  void it('lists the available test cases when the one asked for does not exist', () => {
    const error = invalid(
      () => mockConfigFile(AWS_EXAMPLE, 'LambdaSQSIntegration', 'SadPath', 'MockConfigFile.json'),
      /no test case "SadPath"; available test cases: "HappyPath", "RetryPath", "HybridPath"/,
    );
    assert.deepEqual(error.location, { file: 'MockConfigFile.json' });
  });

  void it('lists the state machines when the one named does not exist, or when several exist and none is named', () => {
    invalid(
      () => mockConfigFile(AWS_EXAMPLE, 'Other', 'HappyPath'),
      /no state machine "Other"; it defines "LambdaSQSIntegration"/,
    );
    const two = { StateMachines: { A: { TestCases: {} }, B: { TestCases: {} } }, MockedResponses: {} };
    invalid(() => mockConfigFile(two, undefined, 'X'), /several state machines \("A", "B"\)/);
    invalid(
      () => mockConfigFile({ StateMachines: {}, MockedResponses: {} }, undefined, 'X'),
      /defines no state machines/,
    );
  });

  void it('rejects a test case that uses an undefined mocked response', () => {
    invalid(
      () => mockConfigFile(withResponses({ Other: { '0': { Return: 1 } } }), 'SM', 'Case'),
      /state "Task" uses mocked response "R", which is not defined; MockedResponses has "Other"/,
    );
    invalid(
      () => mockConfigFile(withResponses({}, { Task: 5 }), 'SM', 'Case'),
      /state "Task" must name a mocked response/,
    );
  });

  void it('rejects gaps, overlaps, reversed ranges and keys that are not numbers', () => {
    invalid(
      () => mockConfigFile(withResponses({ R: { '1': { Return: 1 } } }), 'SM', 'Case'),
      /invocation 0 is not defined \(next entry is "1"\)/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0': { Return: 1 }, '3-4': { Return: 1 } } }), 'SM', 'Case'),
      /invocations 1-2 are not defined/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0-2': { Return: 1 }, '2': { Return: 1 } } }), 'SM', 'Case'),
      /invocation "2" overlaps/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0': { Return: 1 }, '3-1': { Return: 1 } } }), 'SM', 'Case'),
      /range "3-1" ends before it starts/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { first: { Return: 1 } } }), 'SM', 'Case'),
      /invocation key "first" is not a number or a range/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: {} }), 'SM', 'Case'),
      /mocked response "R" has no responses/,
    );
  });

  void it('validates entries strictly: one field, Throw with string Error and Cause', () => {
    invalid(
      () =>
        mockConfigFile(
          withResponses({ R: { '0': { Return: 1, Throw: { Error: 'E', Cause: 'c' } } } }),
          'SM',
          'Case',
        ),
      /mocked response "R", invocation "0": has both "Return" and "Throw"/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0': { Return: 1, Delay: 3 } } }), 'SM', 'Case'),
      /unknown field "Delay"/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0': { Throw: { Error: 'E' } } } }), 'SM', 'Case'),
      /"Throw" has no "Cause"/,
    );
    invalid(
      () =>
        mockConfigFile(
          withResponses({ R: { '0': { Throw: { Error: 'E', Cause: { a: 1 } } } } }),
          'SM',
          'Case',
        ),
      /"Throw.Cause" must be a string, got object/,
    );
    invalid(
      () => mockConfigFile(withResponses({ R: { '0': {} } }), 'SM', 'Case'),
      /has neither "Return" nor "Throw"/,
    );
  });

  void it('rejects a file without the top-level objects', () => {
    invalid(() => mockConfigFile({ StateMachines: {} }, undefined, 'X'), /has no "MockedResponses"/);
    invalid(
      () => mockConfigFile({ StateMachines: [], MockedResponses: {} }, undefined, 'X'),
      /"StateMachines" must be an object/,
    );
    invalid(() => mockConfigFile('text', undefined, 'X'), /must be a JSON object/);
    invalid(
      () => mockConfigFile({ StateMachines: { SM: {} }, MockedResponses: {} }, 'SM', 'X'),
      /state machine "SM" has no "TestCases"/,
    );
  });
});

void describe('listMockConfigTestCases and isMockConfigFile', () => {
  void it('lists every state machine and test case in file order', () => {
    assert.deepEqual(listMockConfigTestCases(AWS_EXAMPLE), [
      { stateMachine: 'LambdaSQSIntegration', testCase: 'HappyPath' },
      { stateMachine: 'LambdaSQSIntegration', testCase: 'RetryPath' },
      { stateMachine: 'LambdaSQSIntegration', testCase: 'HybridPath' },
    ]);
  });

  void it('rejects a malformed file instead of listing nothing', () => {
    invalid(
      () => listMockConfigTestCases({ StateMachines: { SM: { TestCases: 'x' } }, MockedResponses: {} }),
      /"TestCases" must be an object/,
    );
  });

  void it('recognises a config file by StateMachines and MockedResponses', () => {
    assert.equal(isMockConfigFile(AWS_EXAMPLE), true);
    assert.equal(isMockConfigFile({ StateMachines: {} }), false);
    assert.equal(isMockConfigFile({ Lambda: [{ Return: 1 }] }), false);
    assert.equal(isMockConfigFile([]), false);
  });
});

void describe('combineMocks', () => {
  void it('lets the first source that has a state answer for it, even when it has run out', () => {
    const override = mockConfigFile(withResponses({ R: { '0': { Return: 'override' } } }), 'SM', 'Case');
    const base = simpleMocks({ Task: { Return: 'base' }, Other: { Return: 'other' } });
    const combined = combineMocks(override, base);
    assert.deepEqual(combined.responseFor('Task', 0), { kind: 'return', value: 'override' });
    assert.equal(combined.responseFor('Task', 1), undefined);
    assert.deepEqual(combined.responseFor('Other', 4), { kind: 'return', value: 'other' });
    assert.equal(combined.responseFor('Missing', 0), undefined);
    assert.equal(combined.has('Other'), true);
    assert.equal(combined.has('Missing'), false);
    assert.deepEqual(combined.stateNames(), ['Task', 'Other']);
  });

  void it('with no sources mocks nothing', () => {
    const empty = combineMocks();
    assert.equal(empty.has('A'), false);
    assert.deepEqual(empty.stateNames(), []);
  });
});
