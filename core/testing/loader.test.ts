// Tests of the test-file loader over in-memory files: normalised cases (anchors, fixtures, file
// defaults, MockConfigFile cases) and every kind of bad file, reported with file, line and column.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  loadTestFile,
  type LoadResult,
  type TestFileIO,
  type TestFileProblem,
  type TestFileSpec,
} from './index';

const MACHINE = JSON.stringify(
  {
    StartAt: 'Check',
    States: {
      Check: {
        Type: 'Choice',
        Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Work' }],
        Default: 'Stop',
      },
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        End: true,
      },
      Stop: { Type: 'Fail', Error: 'Stopped' },
    },
  },
  null,
  2,
);

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
      for (const segment of rel.split('/')) {
        if (segment === '..') parts.pop();
        else if (segment !== '.') parts.push(segment);
      }
      return parts.join('/');
    },
  };
}

function load(test: string, extra: Record<string, string> = {}, name = 't/a.sfn-test.yaml'): LoadResult {
  return loadTestFile(name, memoryIO({ 't/m.asl.json': MACHINE, [name]: test, ...extra }));
}

function loaded(test: string, extra: Record<string, string> = {}): TestFileSpec {
  const result = load(test, extra);
  if (!result.ok) assert.fail(`expected the file to load, got: ${JSON.stringify(result.problems)}`);
  return result.spec;
}

function problems(test: string, extra: Record<string, string> = {}): string[] {
  const result = load(test, extra);
  assert.equal(result.ok, false, 'expected problems');
  return (result as { problems: TestFileProblem[] }).problems.map(
    (p) => `${p.file}:${p.line}:${p.column}: ${p.message}`,
  );
}

void describe('loadTestFile: valid files', () => {
  void it('normalises cases: mock spellings, file defaults, per-state overrides', () => {
    const spec = loaded(`stateMachine: ./m.asl.json
mocks:
  Work: { return: { Payload: 1 } }
substitutions: { A: 1 }
context: { region: eu-west-1, seed: 3 }
cases:
  - name: one
    input: { ok: true }
    substitutions: { B: 2 }
    context: { seed: 4 }
    mocks:
      Work:
        - throw: { error: Lambda.ServiceException, cause: boom }
          delay: 2
        - Return: 7
    expect: { status: SUCCEEDED, output: 7 }
  - name: two
`);
    assert.equal(spec.machineFile, 't/m.asl.json');
    assert.equal(spec.cases.length, 2);
    const [one, two] = spec.cases;
    assert.deepEqual(one?.mocks, {
      Work: [{ Throw: { Error: 'Lambda.ServiceException', Cause: 'boom' }, Delay: 2 }, { Return: 7 }],
    });
    assert.deepEqual(one?.substitutions, { A: 1, B: 2 });
    assert.deepEqual(one?.context, { region: 'eu-west-1', seed: 4 });
    assert.deepEqual(one?.location, { file: 't/a.sfn-test.yaml', line: 7, column: 5 });
    assert.deepEqual(one?.mockSource?.responseFor('Work', 1), { kind: 'return', value: 7 });
    assert.deepEqual(two?.mocks, { Work: [{ Return: { Payload: 1 } }] });
    assert.deepEqual(two?.input, {});
  });

  void it('resolves YAML anchors, merge keys and fixtures (inline, by file, in returnFile)', () => {
    const spec = loaded(
      `stateMachine: ./m.asl.json
fixtures:
  good: { ok: true }
  payload: ./data/payload.json
x-base: &base
  input: { ok: false }
  expect: { status: FAILED, error: Stopped }
cases:
  - <<: *base
    name: from an anchor
  - name: from fixtures
    inputFile: good
    mocks:
      Work: { returnFile: payload }
  - name: from a file
    inputFile: ./data/input.yaml
`,
      { 't/data/payload.json': '{"Payload": {"n": 1}}', 't/data/input.yaml': 'ok: true\nn: 2\n' },
    );
    assert.deepEqual(spec.cases[0]?.input, { ok: false });
    assert.deepEqual(spec.cases[0]?.expect, { status: 'FAILED', error: 'Stopped' });
    assert.deepEqual(spec.cases[1]?.input, { ok: true });
    assert.deepEqual(spec.cases[1]?.mocks, { Work: [{ Return: { Payload: { n: 1 } } }] });
    assert.deepEqual(spec.cases[2]?.input, { ok: true, n: 2 });
  });

  void it('ReturnFile is returnFile capitalised, as Return is return: a fixture or a file, not both', () => {
    const spec = loaded(
      `stateMachine: ./m.asl.json
fixtures:
  payload: ./data/payload.json
cases:
  - name: from a fixture
    mocks:
      Work: { ReturnFile: payload }
  - name: from a file, in a list
    mocks:
      Work:
        - ReturnFile: ./data/other.json
          When: { n: 2 }
        - returnFile: payload
`,
      { 't/data/payload.json': '{"Payload": {"n": 1}}', 't/data/other.json': '{"Payload": {"n": 2}}' },
    );
    assert.deepEqual(spec.cases[0]?.mocks, { Work: [{ Return: { Payload: { n: 1 } } }] });
    assert.deepEqual(spec.cases[1]?.mocks, {
      Work: [{ Return: { Payload: { n: 2 } }, When: { n: 2 } }, { Return: { Payload: { n: 1 } } }],
    });
    assert.deepEqual(
      problems(
        `stateMachine: ./m.asl.json
cases:
  - name: both
    mocks:
      Work: { returnFile: ./p.json, ReturnFile: ./p.json }
  - name: missing
    mocks:
      Work: { ReturnFile: ./nope.json }
`,
        { 't/p.json': '1' },
      ),
      [
        't/a.sfn-test.yaml:5:13: a mock entry has "returnFile" or "ReturnFile", not both',
        't/a.sfn-test.yaml:8:27: the mock result file "./nope.json" (t/nope.json) does not exist',
      ],
    );
  });

  void it('a key in both spellings at once is a problem, as on every surface (which one would win is a guess)', () => {
    assert.deepEqual(
      problems(`stateMachine: ./m.asl.json
cases:
  - name: return
    mocks:
      Work: { return: 1, Return: 2 }
  - name: delay and throw's error
    mocks:
      Work: { throw: { error: E, Error: F }, delay: 1, Delay: 2 }
  - name: callback
    mocks:
      Work: { callback: { after: 1, success: {} }, Callback: { after: 1, success: {} } }
`),
      [
        't/a.sfn-test.yaml:5:13: a mock entry has "return" or "Return", not both',
        't/a.sfn-test.yaml:8:13: a mock entry has "delay" or "Delay", not both',
        't/a.sfn-test.yaml:11:13: a mock entry has "callback" or "Callback", not both',
      ],
    );
    assert.deepEqual(
      problems(`stateMachine: ./m.asl.json
cases:
  - name: throw's error
    mocks:
      Work: { throw: { error: E, Error: F } }
`),
      ['t/a.sfn-test.yaml:5:22: a throw has "error" or "Error", not both'],
    );
  });

  void it('reads a JSON test file', () => {
    const result = load(
      JSON.stringify({
        stateMachine: './m.asl.json',
        cases: [{ name: 'j', state: 'Check', expect: { nextState: 'Work' } }],
      }),
      {},
      't/b.sfn-test.json',
    );
    assert.ok(result.ok);
    assert.equal(result.spec.cases[0]?.state, 'Check');
  });

  void it('runs each TestCase of a MockConfigFile when the file lists no cases, config mocks before file mocks', () => {
    const config = JSON.stringify({
      StateMachines: { m: { TestCases: { Happy: { Work: 'Ok' }, Sad: { Work: 'Err' } } } },
      MockedResponses: {
        Ok: { '0': { Return: { Payload: 'ok' } } },
        Err: { '0': { Throw: { Error: 'Boom', Cause: 'no' } } },
      },
    });
    const spec = loaded(
      'stateMachine: ./m.asl.json\nmockConfig: ./mocks.json\ninput: { ok: true }\nmocks: { Work: { return: file } }\n',
      {
        't/mocks.json': config,
      },
    );
    assert.deepEqual(
      spec.cases.map((c) => [c.name, c.mockConfigTestCase, c.input]),
      [
        ['Happy', 'Happy', { ok: true }],
        ['Sad', 'Sad', { ok: true }],
      ],
    );
    assert.deepEqual(spec.cases[1]?.mockSource?.responseFor('Work', 0), {
      kind: 'throw',
      error: 'Boom',
      cause: 'no',
    });
    assert.equal(spec.cases[0]?.location.file, 't/mocks.json');
  });

  void it('reads the role and a case’s own role', () => {
    const doc = (action: string): string =>
      JSON.stringify({ Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
    const spec = loaded(
      'stateMachine: ./m.asl.json\nrole: ./role.json\ncases:\n  - name: a\n    role: ./other.json\n  - name: b\n',
      {
        't/role.json': JSON.stringify({
          RoleArn: 'arn:aws:iam::1:role/r',
          PolicyDocument: JSON.parse(doc('lambda:*')) as object,
        }),
        't/other.json': doc('sns:*'),
      },
    );
    assert.equal(spec.role?.roleArn, 'arn:aws:iam::1:role/r');
    assert.deepEqual(spec.role?.statements[0]?.actions, ['lambda:*']);
    assert.deepEqual(spec.cases[0]?.role?.statements[0]?.actions, ['sns:*']);
    assert.equal(spec.cases[1]?.role, undefined);
  });
});

void describe('loadTestFile: bad files', () => {
  void it('reports unknown keys where they are written, suggesting the likely key', () => {
    assert.deepEqual(
      problems(`stateMachine: ./m.asl.json
cases:
  - name: a
    inptu: {}
    expect:
      outptu: 1
      states:
        Work: { attemps: 2 }
    mocks:
      Work: { retrun: 1 }
`),
      [
        't/a.sfn-test.yaml:4:5: unknown key "inptu" in a case (did you mean "input"?); allowed: name, description, skip, state, input, inputFile, mocks, testCase, role, substitutions, context, itemReader, handlers, expect',
        't/a.sfn-test.yaml:6:7: unknown key "outptu" in "expect" (did you mean "output"?); allowed: status, output, outputContains, error, cause, causeContains, path, states, variables, nextState',
        't/a.sfn-test.yaml:8:17: unknown key "attemps" in a state expectation (did you mean "attempts"?); allowed: attempts, entered, input, output, outputContains, error, cause, variables',
        't/a.sfn-test.yaml:10:15: unknown key "retrun" in a mock entry (did you mean "return"?); allowed: return, returnFile, throw, delay, when, Return, ReturnFile, Throw, Delay, When, callback, Callback',
        't/a.sfn-test.yaml:10:13: a mock entry needs "return: <result>", "throw: {error, cause}" or "callback: {after, success}"',
      ].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
  });

  void it('reports a missing or unreadable machine at the stateMachine key', () => {
    assert.deepEqual(problems('cases: []\n'), [
      't/a.sfn-test.yaml:1:1: the test file needs "stateMachine": the path of the definition (JSON or YAML), relative to this file',
    ]);
    assert.deepEqual(problems('description: x\nstateMachine: ./gone.asl.json\ncases: []\n'), [
      't/a.sfn-test.yaml:2:15: the state machine file "./gone.asl.json" (t/gone.asl.json) does not exist',
    ]);
    assert.deepEqual(
      problems('stateMachine: ./bad.json\ncases: []\n', {
        't/bad.json': '{\n  "StartAt": "A",\n  "States": {,}\n}',
      }),
      ["t/bad.json:3:14: not valid JSON: Unexpected ',': remove it, or add the missing property"],
    );
  });

  void it('reports mocks and expectations for states that do not exist, and mocks of non-Task states', () => {
    assert.deepEqual(
      problems(`stateMachine: ./m.asl.json
mocks:
  Wrok: { return: 1 }
  Check: { return: 1 }
cases:
  - name: a
    state: Nowhere
    expect: { states: { Ghost: { entered: 0 } } }
`),
      [
        't/a.sfn-test.yaml:3:3: mock for "Wrok", which is not a state of the state machine, nor a function or activity one of its Tasks calls (did you mean "Work"?)',
        't/a.sfn-test.yaml:4:3: mock for state "Check", a Choice state: only Task states (and a Map\'s ItemReader) call services',
        't/a.sfn-test.yaml:7:12: "Nowhere" is not a state of the state machine',
        't/a.sfn-test.yaml:8:25: expectation for state "Ghost", which does not exist in the state machine',
      ],
    );
  });

  void it('checks statuses by mode, path entries, and exclusive keys', () => {
    assert.deepEqual(
      problems(`stateMachine: ./m.asl.json
cases:
  - name: full
    input: {}
    inputFile: ./x.json
    expect: { status: CAUGHT_ERROR, path: [Check, Wrk], nextState: Work }
  - name: single
    state: Check
    expect: { status: TIMED_OUT, path: [Check] }
  - name: full
`),
      [
        't/a.sfn-test.yaml:3:5: a case has "input" or "inputFile", not both',
        't/a.sfn-test.yaml:5:16: the input file "./x.json" (t/x.json) does not exist',
        't/a.sfn-test.yaml:6:23: "status" must be one of SUCCEEDED, FAILED, TIMED_OUT, ABORTED, got "CAUGHT_ERROR"',
        't/a.sfn-test.yaml:6:51: "Wrk" is not a state of the state machine',
        't/a.sfn-test.yaml:6:68: "nextState" applies to single-state cases (with "state:")',
        't/a.sfn-test.yaml:9:23: "status" must be one of SUCCEEDED, FAILED, CAUGHT_ERROR, RETRIABLE (a single-state case reports TestState statuses), got "TIMED_OUT"',
        't/a.sfn-test.yaml:9:40: "path" does not apply to a single-state case; use "nextState"',
        't/a.sfn-test.yaml:10:11: duplicate case name "full" (also case 1)',
      ],
    );
  });

  void it('locates problems inside a role file and a MockConfigFile', () => {
    assert.deepEqual(
      problems(
        'stateMachine: ./m.asl.json\nrole: ./role.json\nmockConfig: ./mocks.json\ncases:\n  - name: a\n    testCase: Nope\n',
        {
          't/role.json': '{\n  "Statement": [\n    { "Effect": "Allow", "Action": "s3:*" }\n  ]\n}\n',
          't/mocks.json':
            '{\n  "StateMachines": { "m": { "TestCases": {\n    "Happy": { "Wokr": "Ok" }\n  } } },\n  "MockedResponses": { "Ok": { "0": { "Return": 1 } } }\n}\n',
        },
      ),
      [
        't/a.sfn-test.yaml:6:15: mock config: state machine "m" has no test case "Nope"; available test cases: "Happy"',
        't/role.json:3:5: role policy: a statement needs Resource (or NotResource)',
        't/mocks.json:3:16: test case "Happy" mocks state "Wokr", which does not exist in the state machine (did you mean "Work"?)',
      ],
    );
  });

  void it('reads a fixture that is a string as a path, never as another fixture', () => {
    assert.deepEqual(
      problems(
        'stateMachine: ./m.asl.json\nfixtures: { a: b, b: a }\ncases:\n  - name: x\n    inputFile: a\n',
      ),
      ['t/a.sfn-test.yaml:2:16: the fixture file "b" (t/b) does not exist'],
    );
  });

  void it('reports YAML syntax errors and a test file that is not an object', () => {
    const [syntax] = problems('stateMachine: ./m.asl.json\ncases:\n  - name: [unclosed\n');
    assert.match(syntax ?? '', /^t\/a\.sfn-test\.yaml:\d+:\d+: not valid YAML: /);
    assert.deepEqual(problems('- 1\n- 2\n'), [
      't/a.sfn-test.yaml:1:1: a test file is an object with "stateMachine" and "cases"',
    ]);
  });
});
