// `stepthrough test` past one machine, on a generated suite of 250 cases (5 machines, 10 test files;
// Choice routes, retried and caught Task failures, skipped cases and deliberately failing ones):
// --workers N gives exactly the serial result (durations aside), and --shard I/N splits the cases
// into a partition — each case in exactly one shard, sizes within one — that is the same in two
// checkouts at different places on disk, whatever order the files are named in.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturedContext } from '../../cli/capturedContext';
import { testCommand } from '../../cli/commands/test';

const MACHINES = 5;
const FILES_PER_MACHINE = 2;
const CASES_PER_FILE = 25;
const TOTAL = MACHINES * FILES_PER_MACHINE * CASES_PER_FILE;

function machine(k: number): object {
  return {
    StartAt: 'Route',
    States: {
      Route: {
        Type: 'Choice',
        Choices: [{ Variable: '$.n', NumericLessThan: 100, Next: 'Work' }],
        Default: 'Big',
      },
      Work: {
        Type: 'Task',
        Resource: `arn:aws:lambda:us-east-1:123456789012:function:work-${k}`,
        ResultPath: '$.work',
        Retry: [{ ErrorEquals: ['Throttled'], MaxAttempts: 2, IntervalSeconds: 1 }],
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Fallback' }],
        Next: 'Done',
      },
      Big: { Type: 'Pass', Parameters: { size: 'big', 'n.$': '$.n' }, Next: 'Done' },
      Fallback: { Type: 'Pass', Parameters: { size: 'fallback', 'n.$': '$.n' }, End: true },
      Done: { Type: 'Succeed' },
    },
  };
}

/** Case `i` of a file: its input, mocks and expectation (every 17th expects wrongly, every 23rd is skipped). */
function testCase(file: number, i: number): object {
  const n = (file * 37 + i * 11) % 160;
  const mode = i % 4; // 0, 1: return; 2: throttled then return; 3: a fatal error, caught
  const mocks =
    mode === 2
      ? [{ throw: { error: 'Throttled', cause: 'slow down' } }, { return: { ok: n } }]
      : mode === 3
        ? { throw: { error: 'Fatal', cause: `case ${i}` } }
        : { return: { ok: n } };
  const output =
    n >= 100 ? { size: 'big', n } : mode === 3 ? { size: 'fallback', n } : { n, work: { ok: n } };
  const wrong = i % 17 === 5;
  return {
    name: `case ${String(i).padStart(2, '0')} n=${n} mode=${mode}`,
    ...(i % 23 === 7 ? { skip: true } : {}),
    input: { n },
    mocks: { Work: mocks },
    expect: {
      status: 'SUCCEEDED',
      output: wrong ? { ...output, n: -1 } : output,
      ...(n < 100 && mode === 2 ? { states: { Work: { attempts: 2 } } } : {}),
    },
  };
}

function generate(root: string): string[] {
  mkdirSync(join(root, 'machines'), { recursive: true });
  mkdirSync(join(root, 'tests'), { recursive: true });
  const files: string[] = [];
  for (let k = 0; k < MACHINES; k++) {
    writeFileSync(join(root, 'machines', `m${k}.asl.json`), JSON.stringify(machine(k), null, 2));
    for (let j = 0; j < FILES_PER_MACHINE; j++) {
      const index = k * FILES_PER_MACHINE + j;
      const name = `tests/t${k}-${j}.sfn-test.json`;
      const cases = Array.from({ length: CASES_PER_FILE }, (_, i) => testCase(index, i));
      writeFileSync(
        join(root, name),
        JSON.stringify({ stateMachine: `../machines/m${k}.asl.json`, cases }, null, 2),
      );
      files.push(name);
    }
  }
  return files;
}

interface JsonReport {
  files: { file: string; cases: { name: string; outcome: string }[] }[];
  totals: { cases: number; passed: number; failed: number; skipped: number };
}

/** Runs `stepthrough test` in `cwd` with the JSON reporter; returns the exit code and the report. */
async function runIn(cwd: string, positionals: string[], values: Record<string, string | boolean>) {
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    const ctx = capturedContext(positionals, { reporter: 'json', ...values });
    const code = await testCommand(ctx);
    const text = ctx.out[0] ?? '';
    return { code, report: JSON.parse(text) as JsonReport, text, err: ctx.err.join('\n') };
  } finally {
    process.chdir(previous);
  }
}

/** The report without wall-clock durations, which differ from run to run. */
function withoutDurations(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (key === 'durationMs' ? undefined : value));
}

function caseIds(report: JsonReport): string[] {
  return report.files.flatMap((f) => f.cases.map((c) => `${f.file} > ${c.name}`));
}

void describe('a generated suite of 250 cases', () => {
  let root: string;
  let elsewhere: string;
  let files: string[];

  before(() => {
    const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-scale-'));
    root = join(scratch, 'checkout-a');
    files = generate(root);
    elsewhere = join(scratch, 'another', 'place', 'checkout-b');
    mkdirSync(join(elsewhere, '..'), { recursive: true });
    cpSync(root, elsewhere, { recursive: true });
  });
  after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  void it('has at least 200 cases, some failing and some skipped', async () => {
    const serial = await runIn(root, [], {});
    assert.equal(serial.code, 1, serial.err);
    assert.equal(serial.report.totals.cases, TOTAL);
    assert.ok(TOTAL >= 200);
    assert.ok(
      serial.report.totals.failed > 0 && serial.report.totals.skipped > 0,
      JSON.stringify(serial.report.totals),
    );
    assert.equal(readdirSync(join(root, 'tests')).length, MACHINES * FILES_PER_MACHINE);
  });

  void it('--workers 3 gives exactly the serial result: cases, failures, coverage', async () => {
    const serial = await runIn(root, [], { coverage: true });
    const parallel = await runIn(root, [], { coverage: true, workers: '3' });
    assert.equal(parallel.code, serial.code);
    assert.deepEqual(withoutDurations(parallel.text), withoutDurations(serial.text));
  });

  void it('--shard I/4: every case in exactly one shard, sizes within one, the same split in another checkout and file order', async () => {
    const serial = await runIn(root, [], {});
    const everyCase = caseIds(serial.report).sort();
    const seen: string[] = [];
    const sizes: number[] = [];
    for (let index = 1; index <= 4; index++) {
      const here = await runIn(root, ['.'], { shard: `${index}/4` });
      const there = await runIn(elsewhere, [...files].reverse(), { shard: `${index}/4` });
      const ids = caseIds(here.report).sort();
      assert.deepEqual(
        caseIds(there.report).sort(),
        ids,
        `shard ${index}/4 differs between the two checkouts`,
      );
      seen.push(...ids);
      sizes.push(ids.length);
    }
    assert.equal(seen.length, TOTAL, 'the shards hold every case once, no more');
    assert.deepEqual([...seen].sort(), everyCase);
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, sizes.join(', '));
  });

  void it('--shard with --workers runs the shard, in threads', async () => {
    const serial = await runIn(root, [], { shard: '3/4' });
    const parallel = await runIn(root, [], { shard: '3/4', workers: '2' });
    assert.deepEqual(withoutDurations(parallel.text), withoutDurations(serial.text));
  });

  void it('refuses a bad --shard or --workers, and --coverage-min with --shard', async () => {
    for (const [values, message] of [
      [{ shard: '5/4' }, /--shard must be I\/N with 1 <= I <= N, got '5\/4'/],
      [{ shard: '0/2' }, /--shard must be I\/N/],
      [{ workers: '0' }, /--workers must be a whole number of at least 1, got '0'/],
      [{ workers: 'two' }, /--workers must be a whole number/],
      [{ shard: '1/2', 'coverage-min': '80' }, /--coverage-min does not go with --shard/],
    ] as const) {
      await assert.rejects(
        runIn(root, [], values),
        (e: Error) => message.test(e.message),
        JSON.stringify(values),
      );
    }
  });
});
