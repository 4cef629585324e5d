// Test files behave as the other surfaces do: a machine AWS would reject makes each case an error
// (not a pass, not a failure; `validate: false` opts out), mocks follow the one key rule and may
// match on input (`when`), `substitutions` may be a file, and `expect.path` is top-level unless
// `includeInner` asks for every state.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJunit, formatPretty, formatTap, runLoadedFiles, suiteExitCode } from './index';
import { loadTestFile, type TestFileIO } from './index';

const MAP_MACHINE = JSON.stringify(
  {
    StartAt: 'Reserve',
    States: {
      Reserve: {
        Type: 'Map',
        ItemsPath: '$.lines',
        ResultPath: '$.lines',
        MaxConcurrency: 2,
        ItemProcessor: {
          StartAt: 'ReserveLine',
          States: {
            ReserveLine: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'reserve-stock', 'Payload.$': '$' },
              OutputPath: '$.Payload',
              Retry: [{ ErrorEquals: ['Throttled'], IntervalSeconds: 1 }],
              End: true,
            },
          },
        },
        Next: 'Done',
      },
      Done: { Type: 'Pass', Result: { table: '${Table}' }, ResultPath: '$.saved', End: true },
    },
  },
  null,
  2,
);

const REJECTED_MACHINE = `{
  "StartAt": "A",
  "States": {
    "A": { "Type": "Pass", "Nxt": "B" },
    "B": { "Type": "Succeed" }
  }
}
`;

function memoryIO(files: Record<string, string>): TestFileIO {
  return {
    readFile(path) {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    resolve: (_from, rel) => `t/${rel.replace(/^\.\//, '')}`,
  };
}

async function run(test: string, files: Record<string, string> = {}) {
  const io = memoryIO({
    't/map.asl.json': MAP_MACHINE,
    't/rejected.asl.json': REJECTED_MACHINE,
    ...files,
    't/a.sfn-test.yaml': test,
  });
  return runLoadedFiles([loadTestFile('t/a.sfn-test.yaml', io)]);
}

describe('a machine AWS would reject', () => {
  const test = `stateMachine: ./rejected.asl.json
cases:
  - name: would pass if it ran
    expect: { status: SUCCEEDED }
`;

  it('makes each case an error naming the diagnostics; exit code 2; JUnit <error>, TAP not ok', async () => {
    const suite = await run(test);
    const [result] = suite.files[0]?.cases ?? [];
    assert.equal(result?.outcome, 'error');
    assert.deepEqual(
      result?.diagnostics?.map((d) => [d.code, d.range.start.line + 1]),
      [
        ['ASL110', 4],
        ['ASL102', 4],
        ['ASL203', 5],
      ],
    );
    assert.equal(suite.totals.errors, 1);
    assert.equal(suite.totals.passed, 0);
    assert.equal(suiteExitCode(suite), 2);
    const junit = formatJunit(suite);
    assert.match(junit, /errors="1"/);
    assert.match(
      junit,
      /<error message="AWS would reject the state machine \(3 errors: ASL110, ASL102, ASL203\)/,
    );
    assert.match(junit, /t\/rejected\.asl\.json:4:\d+ ASL102 &quot;Nxt&quot; is not a field/);
    assert.match(formatTap(suite), /^not ok 1 - t\/a\.sfn-test\.yaml > would pass if it ran$/m);
    assert.match(
      formatPretty(suite),
      /! would pass if it ran \(error: not run\)[\s\S]*t\/rejected\.asl\.json:4:\d+ ASL102/,
    );
  });

  it('runs anyway with validate: false', async () => {
    const suite = await run(`validate: false\n${test}`);
    assert.equal(suite.files[0]?.cases[0]?.outcome, 'passed');
    assert.equal(suiteExitCode(suite), 0);
  });

  it('a bad "validate" is a problem of the file', async () => {
    const suite = await run(`validate: no\n${test}`);
    assert.match(suite.files[0]?.problems?.[0]?.message ?? '', /"validate" must be true or false/);
  });
});

describe('mocks in test files', () => {
  it('match on input with when / When, whatever order the iterations run in', async () => {
    const suite = await run(`stateMachine: ./map.asl.json
cases:
  - name: each line gets its own reservation
    input: { lines: [{ sku: book-1 }, { sku: pen-3 }] }
    mocks:
      ReserveLine:
        - when: { sku: book-1 }
          throw: { error: Throttled }
        - when: { sku: book-1 }
          return: { Payload: { sku: book-1, ok: true } }
        - When: { sku: pen-3 }
          return: { Payload: { sku: pen-3, ok: true } }
    expect:
      states:
        Reserve: { output: { lines: [{ sku: book-1, ok: true }, { sku: pen-3, ok: true }] } }
        ReserveLine: { attempts: 3 }
`);
    assert.deepEqual(suite.files[0]?.problems, undefined);
    assert.deepEqual(suite.files[0]?.cases[0]?.failures, []);
  });

  it('may be keyed by the function a Task calls; other keys are refused with the nearest one', async () => {
    const ok = await run(`stateMachine: ./map.asl.json
cases:
  - name: keyed by function
    input: { lines: [{ sku: a }] }
    mocks: { reserve-stock: { return: { Payload: fn } } }
    expect: { states: { Reserve: { output: { lines: [fn] } } } }

`);
    assert.equal(ok.files[0]?.cases[0]?.outcome, 'passed');
    const bad = await run(`stateMachine: ./map.asl.json
mocks: { reserve-stok: { return: 1 } }
cases: [{ name: x }]
`);
    assert.deepEqual(
      bad.files[0]?.problems?.map((p) => p.message),
      [
        'mock for "reserve-stok", which is not a state of the state machine, nor a function or activity one of its Tasks calls (did you mean "reserve-stock"?)',
      ],
    );
  });
});

describe('substitutions and path', () => {
  it('substitutions may name a file; expect.path is top-level, includeInner lists every state', async () => {
    const suite = await run(
      `stateMachine: ./map.asl.json
substitutions: ./values.json
cases:
  - name: top-level path
    input: { lines: [{ sku: a }] }
    mocks: { ReserveLine: { return: { Payload: 1 } } }
    expect: { path: [Reserve, Done], outputContains: { saved: { table: orders } } }
  - name: every state
    input: { lines: [{ sku: a }, { sku: b }] }
    mocks: { ReserveLine: { return: { Payload: 1 } } }
    expect: { path: { states: [Reserve, ReserveLine, ReserveLine, Done], includeInner: true } }
  - name: includeInner lists inner states, so the top-level path alone fails
    input: { lines: [{ sku: a }] }
    mocks: { ReserveLine: { return: { Payload: 1 } } }
    expect: { path: { states: [Reserve, Done], includeInner: true } }
`,
      { 't/values.json': '{"Table": "orders"}' },
    );
    assert.deepEqual(suite.files[0]?.problems, undefined);
    assert.deepEqual(
      suite.files[0]?.cases.map((c) => c.outcome),
      ['passed', 'passed', 'failed'],
    );
    const bad = await run(
      `stateMachine: ./map.asl.json\nsubstitutions: ./missing.json\ncases: [{ name: x }]\n`,
    );
    assert.match(
      bad.files[0]?.problems?.[0]?.message ?? '',
      /the substitutions file "\.\/missing\.json" .* does not exist/,
    );
  });
});
