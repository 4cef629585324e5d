// One machine with one mock set through the CLI (`run --json`), a test file and the library: the
// same top-level path, states, attempts and output (expected.json). With task handlers instead of
// the mocks, the handlers receive the events expected.json lists: JavaScript taskHandlers, the team's
// Node.js code through `run --handlers` and a test file's `handlers:` (pytest's side, with Python
// handlers, is python/tests/test_consistency.py over the same files).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  execute,
  isStateEntered,
  StatesError,
  type ExecutionResult,
  type JsonObject,
  type JsonValue,
} from '../../core';
import { loadTestFile, runLoadedFiles } from '../../core/testing';
import { nodeFileAccess, testFileIO } from '../../host';

const ROOT = join(__dirname, '..', '..');
const read = (name: string): JsonValue =>
  JSON.parse(readFileSync(join(__dirname, name), 'utf8')) as JsonValue;
const MACHINE = join(__dirname, 'order-lines.asl.json');
const INPUT = read('input.json');
const MOCKS = read('mocks.json') as JsonObject;
const EXPECTED = read('expected.json') as {
  path: string[];
  states: string[];
  attempts: Record<string, number>;
  output: JsonValue;
  handlerEvents: { key: string; event: JsonValue; attempt: number }[];
};

/** What every surface is compared on: the path, the states, the tries of each Task and the output. */
function observed(result: Pick<ExecutionResult, 'status' | 'output' | 'states' | 'events'>): JsonObject {
  const attempts: Record<string, number> = {};
  for (const event of result.events) {
    if (event.type === 'TaskScheduled' || event.type === 'LambdaFunctionScheduled') {
      const state = String(event.state);
      attempts[state] = (attempts[state] ?? 0) + 1;
    }
  }
  const path = result.events
    .filter((e) => isStateEntered(e) && e.scope.length === 0)
    .map((e) => String(e.state));
  return { status: result.status, path, states: result.states, attempts, output: result.output };
}

/** The same, as a test file's `expect:` says it (attempts per state). */
const EXPECTED_IN_A_TEST_FILE = {
  status: 'SUCCEEDED',
  output: EXPECTED.output,
  path: EXPECTED.path,
  states: Object.fromEntries(Object.entries(EXPECTED.attempts).map(([s, n]) => [s, { attempts: n }])),
};

const expected = {
  status: 'SUCCEEDED',
  path: EXPECTED.path,
  states: EXPECTED.states,
  attempts: EXPECTED.attempts,
  output: EXPECTED.output,
};

test('the CLI (run --json) reports the expected path, states, attempts and output', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'cli', 'main.ts'),
      'run',
      MACHINE,
      '--input',
      join(__dirname, 'input.json'),
      '--mocks',
      join(__dirname, 'mocks.json'),
      '--json',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(observed(JSON.parse(r.stdout) as ExecutionResult), expected);
});

test('the library (execute) reports the same', async () => {
  const result = await execute(readFileSync(MACHINE, 'utf8'), { input: INPUT, mocks: MOCKS });
  assert.deepEqual(observed(result), expected);
});

test('a test file with the same mocks passes expectations of the same path, states and attempts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepthrough-consistency-'));
  try {
    const file = join(dir, 'order-lines.sfn-test.json');
    writeFileSync(
      file,
      JSON.stringify({
        stateMachine: MACHINE,
        input: INPUT,
        mocks: MOCKS,
        cases: [
          {
            name: 'same as every surface',
            expect: EXPECTED_IN_A_TEST_FILE,
          },
          { name: 'every state entered', expect: { path: { states: EXPECTED.states, includeInner: true } } },
        ],
      }),
    );
    const suite = await runLoadedFiles([loadTestFile(file, testFileIO(nodeFileAccess()))]);
    assert.deepEqual(suite.files[0]?.problems, undefined);
    assert.deepEqual(
      suite.files[0]?.cases.map((c) => [c.name, c.outcome, c.failures]),
      [
        ['same as every surface', 'passed', []],
        ['every state entered', 'passed', []],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('JavaScript task handlers receive the events expected.json lists (as Python handlers do)', async () => {
  const events: { key: string; event: JsonValue; attempt: number }[] = [];
  const result = await execute(readFileSync(MACHINE, 'utf8'), {
    input: INPUT,
    taskHandlers: {
      ReserveLine: (event, context) => {
        events.push({ key: context.key, event, attempt: context.attempt });
        const sku = (event as { sku: string }).sku;
        if (sku === 'book-1' && context.attempt === 1) throw new StatesError('Throttled', 'slow down');
        return { sku, ok: true };
      },
      charge: (event, context) => {
        events.push({ key: context.key, event, attempt: context.attempt });
        return { chargeId: 'ch-1' };
      },
    },
  });
  assert.deepEqual(events, EXPECTED.handlerEvents);
  assert.deepEqual(observed(result), expected);
});

/**
 * The team's own code (a Node.js module run by the handler host) through `run --handlers` and a test
 * file's `handlers:`: it receives the events expected.json lists. The code cannot see the attempt (a
 * Lambda function does not know it), so it logs events and fails book-1's first call itself; the
 * tries are the history's. The log is in call order, and the two Map iterations run at once in two
 * worker processes, so events are compared in a stable order.
 */
const HANDLER_MODULE = `
const { appendFileSync, existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const LOG = join(__dirname, 'events.jsonl');
const log = (key, event) => appendFileSync(LOG, JSON.stringify({ key, event }) + '\\n');
exports.reserve = async (event) => {
  const earlier = existsSync(LOG) ? readFileSync(LOG, 'utf8') : '';
  log('ReserveLine', event);
  if (event.sku === 'book-1' && !earlier.includes('"book-1"')) {
    const error = new Error('slow down');
    error.name = 'Throttled';
    throw error;
  }
  return { sku: event.sku, ok: true };
};
exports.charge = async (event) => {
  log('charge', event);
  return { chargeId: 'ch-1' };
};
`;

function loggedEvents(dir: string): string[] {
  return readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.stringify(JSON.parse(line)))
    .sort();
}

const expectedEvents = EXPECTED.handlerEvents.map(({ key, event }) => JSON.stringify({ key, event })).sort();

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

test('Node.js handlers through run --handlers and a test file receive the same events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stepthrough-consistency-handlers-'));
  try {
    writeFileSync(join(dir, 'reserve.js'), HANDLER_MODULE);
    const handlers = { ReserveLine: './reserve.js#reserve', charge: './reserve.js#charge' };
    writeFileSync(join(dir, 'handlers.json'), JSON.stringify(handlers));

    const run = cli(
      'run',
      MACHINE,
      '--input',
      join(__dirname, 'input.json'),
      '--handlers',
      join(dir, 'handlers.json'),
      '--json',
    );
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(observed(JSON.parse(run.stdout) as ExecutionResult), expected);
    assert.deepEqual(loggedEvents(dir), expectedEvents);

    rmSync(join(dir, 'events.jsonl'));
    const testFile = join(dir, 'order-lines.sfn-test.json');
    writeFileSync(
      testFile,
      JSON.stringify({
        stateMachine: MACHINE,
        input: INPUT,
        handlers,
        cases: [
          {
            name: 'the team code',
            expect: EXPECTED_IN_A_TEST_FILE,
          },
        ],
      }),
    );
    const tested = cli('test', testFile, '--reporter', 'json');
    assert.equal(tested.status, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /"outcome": ?"passed"/);
    assert.deepEqual(loggedEvents(dir), expectedEvents);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
