// The replay importer (core/replay): a history as the AWS CLI prints it (pages concatenated, an array
// of pages, reverse order) becomes a case whose mocks give each Map iteration the answer AWS gave its
// request, whatever order the local run calls them in; what a history lacks becomes a note and a
// Stepthrough.NotRecorded error, never a guessed value. The proof on executions recorded on AWS is
// test/histories/replay.test.ts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StepthroughError } from '../errors';
import { execute } from '../interpreter';
import { importHistory, readExecutionHistory, replayMocks, replayTestFile } from '.';
import { RESERVE_MACHINE, reserveHistory } from './replay.fixture';
import type { RecordedEvent } from './history';

const EXPECTED_OUTPUT = [
  { reserved: { sku: 'book-1', id: 'r-1' } },
  { reserved: { sku: 'pen-3', id: 'r-2' } },
];

test('a recorded Map execution replays with each iteration answered by its own request', async () => {
  const events = readExecutionHistory(JSON.stringify({ events: await reserveHistory() }));
  const replay = importHistory(events, RESERVE_MACHINE);
  assert.deepEqual(replay.input, { lines: [{ sku: 'book-1' }, { sku: 'pen-3' }] });
  assert.deepEqual(replay.expect, {
    path: ['Reserve lines', 'Done'],
    status: 'SUCCEEDED',
    output: EXPECTED_OUTPUT,
  });
  // Recorded order: pen-3's answer first (book-1 was slower), then book-1's throttle and its retry.
  assert.deepEqual(
    replay.mocks.Reserve?.map((m) => [
      m.when,
      m.throw?.error ?? (m.return as { Payload: { sku: string } }).Payload.sku,
    ]),
    [
      [{ sku: 'pen-3' }, 'pen-3'],
      [{ sku: 'book-1' }, 'Lambda.TooManyRequestsException'],
      [{ sku: 'book-1' }, 'book-1'],
    ],
  );
  assert.deepEqual(replay.notes, []);
  assert.equal(replay.context.region, 'us-east-1');
  assert.equal(replay.context.startTime, '2024-01-01T00:00:00.000Z');
  const run = await execute(RESERVE_MACHINE, { input: replay.input, mocks: replayMocks(replay) });
  assert.equal(run.status, 'SUCCEEDED');
  assert.deepEqual(run.output, EXPECTED_OUTPUT);
  // Without `when` the local run's call order hands pen-3's answer to book-1: the keys are what makes it right.
  const unkeyed = Object.fromEntries(
    Object.entries(replayMocks(replay)).map(([k, list]) => [k, list.map(({ When: _, ...rest }) => rest)]),
  );
  const wrong = await execute(RESERVE_MACHINE, { input: replay.input, mocks: unkeyed });
  assert.notDeepEqual(wrong.output, EXPECTED_OUTPUT);
});

test('pages concatenated, an array of pages, reverse order and overlaps read as one history', async () => {
  const events = await reserveHistory();
  const one = readExecutionHistory(JSON.stringify({ events }));
  const pages = [events.slice(0, 10), events.slice(8)];
  const concatenated = pages.map((p) => JSON.stringify({ events: p, nextToken: 'x' }, null, 1)).join('\n');
  assert.deepEqual(readExecutionHistory(concatenated), one);
  assert.deepEqual(readExecutionHistory(JSON.stringify(pages.map((p) => ({ events: p })))), one);
  assert.deepEqual(readExecutionHistory(JSON.stringify({ events: [...events].reverse() })), one);
  assert.equal(one.length, events.length);
  for (const bad of ['', '{"events": []}', '{"events": [', 'hello', '{"items": []}', '[1, 2]'])
    assert.throws(
      () => readExecutionHistory(bad),
      (e: unknown) => e instanceof StepthroughError && e.code === 'E_INVALID_HISTORY',
      bad,
    );
});

test('a history without its data (includeExecutionData false) says what it cannot reproduce', async () => {
  const events = (await reserveHistory()).map((e) => {
    const copy: Record<string, unknown> = { ...e };
    for (const key of Object.keys(copy)) {
      if (!key.endsWith('EventDetails')) continue;
      const details = { ...(copy[key] as Record<string, unknown>) };
      delete details.input;
      delete details.output;
      delete details.parameters;
      copy[key] = details;
    }
    return copy;
  });
  const replay = importHistory(events as RecordedEvent[], RESERVE_MACHINE);
  assert.deepEqual(replay.input, {});
  assert.equal(replay.expect.output, undefined);
  assert.equal(replay.expect.status, 'SUCCEEDED');
  const kinds = replay.notes.map((n) => n.kind);
  assert.ok(kinds.includes('not-recorded'), JSON.stringify(replay.notes));
  assert.ok(kinds.includes('ambiguous'), JSON.stringify(replay.notes));
  // Each success whose result was not recorded fails its call, visibly; the throttle is still AWS's.
  const errors = replay.mocks.Reserve?.map((m) => m.throw?.error);
  assert.deepEqual(errors, [
    'Stepthrough.NotRecorded',
    'Lambda.TooManyRequestsException',
    'Stepthrough.NotRecorded',
  ]);
  const text = replayTestFile(replay, { stateMachine: './m.asl.json', name: 'r', source: 'h.json' });
  assert.match(text, /^# Not reproduced exactly/m);
  assert.match(text, /# result was not recorded/);
});

test('a cut-off result, an abort and a history without its end are notes, not guesses', async () => {
  const events = await reserveHistory();
  const cut = events.map((e) =>
    e.type === 'TaskSucceeded'
      ? {
          ...e,
          taskSucceededEventDetails: { output: '{"StatusCode":200,"Pay', outputDetails: { truncated: true } },
        }
      : e,
  );
  const truncated = importHistory(cut as RecordedEvent[], RESERVE_MACHINE);
  assert.ok(truncated.notes.some((n) => n.kind === 'truncated' && n.state === 'Reserve'));
  assert.ok(truncated.mocks.Reserve?.every((m) => m.return === undefined));
  const running = importHistory(events.slice(0, 12) as RecordedEvent[], RESERVE_MACHINE);
  assert.equal(running.expect.status, undefined);
  assert.ok(running.notes.some((n) => n.kind === 'outcome'));
  const aborted = importHistory(
    [...events.slice(0, 12), { id: 13, previousEventId: 12, type: 'ExecutionAborted' }] as RecordedEvent[],
    RESERVE_MACHINE,
  );
  assert.equal(aborted.expect.status, 'ABORTED');
  assert.ok(aborted.notes.some((n) => n.kind === 'outcome' && /StopExecution/.test(n.message)));
});
