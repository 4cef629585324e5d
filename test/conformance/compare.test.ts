// Tests of the conformance comparer with hand-written expected/actual pairs, plus checks over the
// recorded corpus: it loads, every case matches itself, and every recorded mock list is valid.

import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { simpleMocks } from '../../core/mocks';
import { skipWithoutShared } from '../shared';
import { compareResult, isJsonPathOnlyCase, loadConformanceCases, type ExpectedResult } from './compare';

const CORPUS = '/work/shared/conformance';

function expected(fields: Partial<ExpectedResult>): ExpectedResult {
  return {
    status: 'SUCCEEDED',
    output: null,
    redacted: false,
    redactions: 'none',
    source: 'hand-written',
    ...fields,
  };
}

function redacted(note: string, fields: Partial<ExpectedResult>): ExpectedResult {
  return expected({ redacted: true, redactions: note, ...fields });
}

function assertDiff(diffs: string[], pattern: RegExp): void {
  assert.ok(
    diffs.some((d) => pattern.test(d)),
    `expected a difference matching ${String(pattern)}, got ${JSON.stringify(diffs)}`,
  );
}

const PLACEHOLDERS = 'placeholders: <uuid:1>, <ArnPart_0idx>';
const DATES = "ISO-8601 timestamps replaced by the string 'date'";

void describe('compareResult: status, error, cause', () => {
  void it('accepts an identical result and reports a different status with the actual failure', () => {
    const want = expected({ output: { a: 1 }, states: ['A'] });
    assert.deepEqual(compareResult(want, { status: 'SUCCEEDED', output: { a: 1 }, states: ['A'] }), []);
    const diffs = compareResult(want, {
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'bad',
      states: ['A'],
    });
    assertDiff(diffs, /^status: expected SUCCEEDED, got FAILED \(States\.Runtime: "bad"\)/);
  });

  void it('compares error exactly', () => {
    const want = expected({ status: 'FAILED', error: 'States.TaskFailed', cause: 'x' });
    assert.deepEqual(compareResult(want, { status: 'FAILED', error: 'States.TaskFailed', cause: 'x' }), []);
    assertDiff(compareResult(want, { status: 'FAILED', error: 'States.Runtime', cause: 'x' }), /^error: /);
    assertDiff(compareResult(want, { status: 'FAILED', cause: 'x' }), /^error: expected "States.TaskFailed"/);
  });

  void it('compares cause exactly when not redacted, and treats an empty cause as none', () => {
    const want = expected({ status: 'FAILED', error: 'E', cause: 'The <x> thing' });
    assert.deepEqual(compareResult(want, { status: 'FAILED', error: 'E', cause: 'The <x> thing' }), []);
    assertDiff(compareResult(want, { status: 'FAILED', error: 'E', cause: 'The y thing' }), /^cause: /);
    const noCause = expected({ status: 'FAILED', error: 'States.Timeout' });
    assert.deepEqual(compareResult(noCause, { status: 'FAILED', error: 'States.Timeout', cause: '' }), []);
    assert.deepEqual(compareResult(noCause, { status: 'FAILED', error: 'States.Timeout' }), []);
    assertDiff(
      compareResult(noCause, { status: 'FAILED', error: 'States.Timeout', cause: 'why' }),
      /^cause: expected none/,
    );
  });

  void it('matches a redacted cause as a pattern', () => {
    const want = redacted(PLACEHOLDERS, {
      status: 'FAILED',
      error: 'E',
      cause: "State machine '<ArnPart_0idx>' failed",
    });
    assert.deepEqual(
      compareResult(want, { status: 'FAILED', error: 'E', cause: "State machine 'sm-1' failed" }),
      [],
    );
    assertDiff(
      compareResult(want, { status: 'FAILED', error: 'E', cause: "State machine '' failed" }),
      /^cause: /,
    );
  });

  void it('compares a parsed-JSON cause structurally, whatever the key order and spacing', () => {
    const want = redacted(PLACEHOLDERS, {
      status: 'FAILED',
      error: 'Exception',
      cause: { errorMessage: 'boom', requestId: '<uuid:1>', stackTrace: ['line 1'] },
      cause_is_parsed_json: true,
    });
    const ok = '{"stackTrace": ["line 1"], "requestId": "0c9a", "errorMessage": "boom"}';
    assert.deepEqual(compareResult(want, { status: 'FAILED', error: 'Exception', cause: ok }), []);
    const wrong = JSON.stringify({ errorMessage: 'bang', requestId: '0c9a', stackTrace: ['line 1'] });
    assertDiff(
      compareResult(want, { status: 'FAILED', error: 'Exception', cause: wrong }),
      /^cause\(parsed\)\.errorMessage: expected "boom", got "bang"/,
    );
    assertDiff(
      compareResult(want, { status: 'FAILED', error: 'Exception', cause: 'not json' }),
      /^cause: expected JSON text/,
    );
  });
});

void describe('compareResult: output', () => {
  void it('reports wrong values, types, missing and unexpected keys with their paths', () => {
    const want = expected({ output: { a: { b: [1, 'two', true] }, 'odd key': null } });
    assert.deepEqual(
      compareResult(want, { status: 'SUCCEEDED', output: { 'odd key': null, a: { b: [1, 'two', true] } } }),
      [],
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { a: { b: [1, 'three', true] }, 'odd key': null } }),
      /^output\.a\.b\[1\]: expected "two", got "three"/,
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { a: { b: [1, 'two', 'true'] }, 'odd key': null } }),
      /^output\.a\.b\[2\]: expected true, got "true"/,
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { a: { b: [1, 'two', true] } } }),
      /^output\["odd key"\]: missing/,
    );
    assertDiff(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { a: { b: [1, 'two', true], c: 0 }, 'odd key': null },
      }),
      /^output\.a\.c: unexpected key/,
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { a: { b: [1, 'two'] }, 'odd key': null } }),
      /^output\.a\.b: expected an array of 3 items, got 2/,
    );
  });

  void it('compares non-object outputs and a missing output', () => {
    assert.deepEqual(compareResult(expected({ output: 5 }), { status: 'SUCCEEDED', output: 5 }), []);
    assertDiff(
      compareResult(expected({ output: 5 }), { status: 'SUCCEEDED', output: '5' }),
      /^output: expected 5/,
    );
    assertDiff(
      compareResult(expected({ output: null }), { status: 'SUCCEEDED' }),
      /^output: expected null, got \(missing\)/,
    );
  });

  void it('takes placeholders literally when the case is not redacted', () => {
    const want = expected({ output: { id: '<uuid:1>' } });
    assertDiff(compareResult(want, { status: 'SUCCEEDED', output: { id: 'abc' } }), /^output\.id: /);
  });

  void it('binds each placeholder to one value throughout the case', () => {
    const want = redacted(PLACEHOLDERS, {
      status: 'FAILED',
      error: 'E',
      cause: 'request <uuid:1>',
      output: null,
    });
    assert.deepEqual(compareResult(want, { status: 'FAILED', error: 'E', cause: 'request 42' }), []);
    const both = redacted(PLACEHOLDERS, {
      output: { arn: 'arn:x:<ArnPart_0idx>:<uuid:1>', id: '<uuid:1>', sm: '<ArnPart_0idx>' },
    });
    assert.deepEqual(
      compareResult(both, {
        status: 'SUCCEEDED',
        output: { arn: 'arn:x:Machine:123', id: '123', sm: 'Machine' },
      }),
      [],
    );
    assertDiff(
      compareResult(both, {
        status: 'SUCCEEDED',
        output: { arn: 'arn:x:Machine:123', id: '456', sm: 'Machine' },
      }),
      /^output\.id: expected "<uuid:1>", got "456"/,
    );
  });

  void it('binds a placeholder repeated inside one string to the same text', () => {
    const want = redacted(PLACEHOLDERS, { output: '<uuid:1>/<ArnPart_0idx>/<uuid:1>' });
    assert.deepEqual(compareResult(want, { status: 'SUCCEEDED', output: 'a/b/a' }), []);
    assertDiff(compareResult(want, { status: 'SUCCEEDED', output: 'a/b/c' }), /^output: /);
    assertDiff(compareResult(want, { status: 'SUCCEEDED', output: '/b/' }), /^output: /);
  });

  void it("treats 'date' as an ISO-8601 timestamp only when the redactions say so", () => {
    const want = redacted(DATES, { output: { at: 'Entered at date', word: 'HelloWorldUpdated' } });
    assert.deepEqual(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { at: 'Entered at 2024-01-01T00:00:00.123Z', word: 'HelloWorldUpdated' },
      }),
      [],
    );
    assert.deepEqual(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { at: 'Entered at 2024-01-01T00:00:00+01:00', word: 'HelloWorldUpdated' },
      }),
      [],
    );
    assertDiff(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { at: 'Entered at yesterday', word: 'HelloWorldUpdated' },
      }),
      /^output\.at: /,
    );
    const plain = redacted(PLACEHOLDERS, { output: { at: 'date' } });
    assertDiff(
      compareResult(plain, { status: 'SUCCEEDED', output: { at: '2024-01-01T00:00:00Z' } }),
      /^output\.at: /,
    );
  });

  void it("accepts any value for 'timestamp' under a timestamp key, and nowhere else", () => {
    const want = redacted(PLACEHOLDERS, { output: { SentTimestamp: 'timestamp', label: 'timestamp' } });
    assert.deepEqual(
      compareResult(want, { status: 'SUCCEEDED', output: { SentTimestamp: 1700000000, label: 'timestamp' } }),
      [],
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { SentTimestamp: 1, label: 'other' } }),
      /^output\.label: /,
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { label: 'timestamp' } }),
      /SentTimestamp: missing/,
    );
  });

  void it('accepts any value where a JsonpathTransformer replaced the recorded one', () => {
    const note =
      "test-specific snapshot transformers (values they match were replaced; check before strict comparison): JsonpathTransformer('$..events..executionSucceededEventDetails.output.FunctionResult', 'RandomNumberGenerated', replace_reference=False) | JsonpathTransformer(jsonpath='$..StartTime', replacement='start-time', replace_reference=False)";
    const want = redacted(note, {
      output: { FunctionResult: 'RandomNumberGenerated', StartTime: 'start-time', Other: 'start-time' },
    });
    assert.deepEqual(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { FunctionResult: 23.75, StartTime: '2024-01-01T00:00:00Z', Other: 'start-time' },
      }),
      [],
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: { FunctionResult: 1, StartTime: 'x', Other: 'x' } }),
      /^output\.Other: /,
    );
  });

  void it('accepts any account id and role ARN in a redacted case', () => {
    const note = 'placeholders: <ArnPart_0idx>, snf_role_arn';
    const want = redacted(note, {
      output: {
        Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:<ArnPart_0idx>',
        RoleArn: 'snf_role_arn',
      },
    });
    const actual = {
      Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:M',
      RoleArn: 'arn:aws:iam::123456789012:role/r',
    };
    assert.deepEqual(compareResult(want, { status: 'SUCCEEDED', output: actual }), []);
    assertDiff(
      compareResult(want, {
        status: 'SUCCEEDED',
        output: { ...actual, Id: 'arn:aws:states:us-east-1:12:stateMachine:M' },
      }),
      /^output\.Id: /,
    );
  });
});

void describe('compareResult: states', () => {
  const parallel = {
    StartAt: 'First',
    States: {
      First: { Type: 'Pass', Next: 'Fan' },
      Fan: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'B1', States: { B1: { Type: 'Pass', End: true } } },
          {
            StartAt: 'M',
            States: {
              M: {
                Type: 'Map',
                ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
                End: true,
              },
            },
          },
        ],
        Next: 'Last',
      },
      Last: { Type: 'Pass', End: true },
    },
  };
  const recorded = ['First', 'Fan', 'B1', 'M', 'Item', 'Item', 'Last'];

  void it('compares Map/Parallel inner states as a multiset and the rest in order', () => {
    const want = expected({ output: 1, states: recorded });
    const reordered = ['First', 'Fan', 'M', 'Item', 'B1', 'Item', 'Last'];
    assert.deepEqual(
      compareResult(want, { status: 'SUCCEEDED', output: 1, states: reordered }, { definition: parallel }),
      [],
    );
    assertDiff(
      compareResult(
        want,
        { status: 'SUCCEEDED', output: 1, states: ['Fan', 'First', 'B1', 'M', 'Item', 'Item', 'Last'] },
        { definition: parallel },
      ),
      /^states: order outside Map\/Parallel expected \["First","Fan","Last"\], got \["Fan","First","Last"\]/,
    );
  });

  void it('reports states entered too often or too rarely', () => {
    const want = expected({ output: 1, states: recorded });
    const diffs = compareResult(
      want,
      { status: 'SUCCEEDED', output: 1, states: ['First', 'Fan', 'B1', 'M', 'Item', 'Last', 'Extra'] },
      { definition: parallel },
    );
    assertDiff(diffs, /^states: "Item" entered 1 time, expected 2/);
    assertDiff(diffs, /^states: "Extra" entered 1 time, expected 0/);
    assertDiff(compareResult(want, { status: 'SUCCEEDED', output: 1 }), /^states: expected .*got none/);
  });

  void it('without the definition compares the multiset and the first state only', () => {
    const want = expected({ output: 1, states: ['A', 'B', 'C'] });
    assert.deepEqual(compareResult(want, { status: 'SUCCEEDED', output: 1, states: ['A', 'C', 'B'] }), []);
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: 1, states: ['B', 'A', 'C'] }),
      /^states: first state/,
    );
  });

  void it('compares a plain sequence fully in order when the definition has no Map/Parallel', () => {
    const definition = {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'B' },
        B: { Type: 'Pass', Next: 'C' },
        C: { Type: 'Pass', End: true },
      },
    };
    const want = expected({ output: 1, states: ['A', 'B', 'C'] });
    assert.deepEqual(
      compareResult(want, { status: 'SUCCEEDED', output: 1, states: ['A', 'B', 'C'] }, { definition }),
      [],
    );
    assertDiff(
      compareResult(want, { status: 'SUCCEEDED', output: 1, states: ['A', 'C', 'B'] }, { definition }),
      /^states: order/,
    );
  });

  void it('ignores states when the record has none', () => {
    assert.deepEqual(
      compareResult(expected({ output: 1 }), { status: 'SUCCEEDED', output: 1, states: ['Anything'] }),
      [],
    );
  });
});

void describe('compareResult: assigned variables', () => {
  const exited = (name: string, assignedVariables?: Record<string, unknown>) => ({
    type: 'PassStateExited',
    stateExitedEventDetails: { name, output: {}, ...(assignedVariables ? { assignedVariables } : {}) },
  });
  const recorded = expected({
    assigned_variables: [
      { state: 'A', assignedVariables: { x: 1 } },
      { state: 'B', assignedVariables: { y: 'two' } },
    ],
  });

  void it('matches the StateExited events that assign, in history order', () => {
    const events = [exited('A', { x: 1 }), exited('Quiet'), exited('B', { y: 'two' })];
    assert.deepEqual(compareResult(recorded, { status: 'SUCCEEDED', output: null, events }), []);
  });

  void it('reports a different value, a missing state and a different order', () => {
    assertDiff(
      compareResult(recorded, {
        status: 'SUCCEEDED',
        output: null,
        events: [exited('A', { x: 2 }), exited('B', { y: 'two' })],
      }),
      /assigned_variables\(A\)\.x: expected 1, got 2/,
    );
    assertDiff(
      compareResult(recorded, { status: 'SUCCEEDED', output: null, events: [exited('A', { x: 1 })] }),
      /expected 2 states assigning outside Map\/Parallel/,
    );
    assertDiff(
      compareResult(recorded, {
        status: 'SUCCEEDED',
        output: null,
        events: [exited('B', { y: 'two' }), exited('A', { x: 1 })],
      }),
      /assigned_variables\[0\]: expected state "A", got "B"/,
    );
  });
});

void describe('conformance corpus', { skip: skipWithoutShared(CORPUS) }, () => {
  const cases = existsSync(CORPUS) ? loadConformanceCases(CORPUS) : [];

  void it('loads all 1057 cases, 889 of them JSONPath-only', () => {
    assert.equal(cases.length, 1057);
    assert.equal(cases.filter(isJsonPathOnlyCase).length, 889);
    assert.equal(cases.filter((c) => c.queryLanguage === 'JSONata').length, 142);
    const first = cases.find((c) => c.name === 'base/base.test_decl_version_1_0');
    assert.equal(first?.category, 'base');
    assert.deepEqual(first?.expected.states, ['State_1']);
  });

  void it('matches every recorded result against itself', () => {
    for (const c of cases) {
      const e = c.expected;
      const cause =
        e.cause === undefined ? undefined : typeof e.cause === 'string' ? e.cause : JSON.stringify(e.cause);
      const actual = { status: e.status, output: e.output, error: e.error, cause, states: e.states };
      assert.deepEqual(compareResult(e, actual, { definition: c.definition }), [], c.name);
    }
  });

  void it('finds a changed value in every succeeded case with an output', () => {
    let checked = 0;
    for (const c of cases) {
      const e = c.expected;
      if (e.status !== 'SUCCEEDED') continue;
      const changed = { wrapped: e.output };
      const diffs = compareResult(
        e,
        { status: e.status, output: changed, states: e.states },
        { definition: c.definition },
      );
      assert.notDeepEqual(diffs, [], c.name);
      checked++;
    }
    assert.equal(checked, 933);
  });

  void it('accepts every recorded mock list as simple mocks', () => {
    const withMocks = cases.filter((c) => c.expected.mocks !== undefined);
    assert.equal(withMocks.length, 131);
    for (const c of withMocks) {
      const mocks = simpleMocks(c.expected.mocks, c.name);
      assert.deepEqual(mocks.stateNames(), Object.keys(c.expected.mocks ?? {}), c.name);
    }
  });
});
