// Breakpoints over DAP: line breakpoints bound to the innermost state and hit inside a Parallel
// inside a Map (one item at a time, in item order), conditions, hit counts, logpoints, function
// breakpoints, lines outside any state, and breakpoints that arrive before the launch completes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NESTED, adapterPerTest, lineOf } from './harness';

const adapter = adapterPerTest();

test('a line inside a nested state binds to it, moves to its name line, and stops once per Map item in order', async () => {
  const session = await adapter.start();
  const resourceLine = lineOf('function:right', NESTED.text);
  const rightNameLine = lineOf('"Right": {', NESTED.text);
  let bound: { verified: boolean; line?: number } | undefined;
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks }, async () => {
    const response = await session.dc.setBreakpointsRequest({
      source: { path: NESTED.file },
      breakpoints: [{ line: resourceLine }],
    });
    bound = response.body.breakpoints[0];
  });
  assert.equal(bound?.verified, true);
  assert.equal(bound?.line, rightNameLine);

  const threadNames: string[] = [];
  for (let item = 0; item < 3; item++) {
    const stop = await session.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal(stop.body.allThreadsStopped, true);
    const frames = await session.stack(stop.body.threadId);
    assert.deepEqual(
      frames.map((f) => f.name),
      ['Right (Task)', 'Fanout (Parallel) · branch 1', `ProcessItems (Map) · item ${item}`],
    );
    assert.equal(frames[0]?.line, rightNameLine);
    assert.equal(frames[0]?.source?.path, NESTED.file);
    assert.equal(frames[2]?.line, lineOf('"ProcessItems": {', NESTED.text));
    const threads = (await session.dc.threadsRequest()).body.threads;
    const current = threads.find((t) => t.id === stop.body.threadId);
    threadNames.push(current?.name ?? '?');
    assert.ok(threads.some((t) => t.name === 'Execution'));
    assert.ok(threads.some((t) => t.name === `Map ProcessItems [${item}]`));
    await session.dc.continueRequest({ threadId: stop.body.threadId });
  }
  assert.deepEqual(threadNames, ['Parallel Fanout [1]', 'Parallel Fanout [1]', 'Parallel Fanout [1]']);
  await session.next('terminated');
  assert.ok(session.output.join('').includes('Execution SUCCEEDED'));
});

test('a line outside every state is unverified with the reason; a function breakpoint stops by state name', async () => {
  const session = await adapter.start();
  let lineResult: { verified: boolean; message?: string } | undefined;
  let functionResults: { verified: boolean; message?: string }[] = [];
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks }, async () => {
    const lines = await session.dc.setBreakpointsRequest({
      source: { path: NESTED.file },
      breakpoints: [{ line: lineOf('"Comment"', NESTED.text) }],
    });
    lineResult = lines.body.breakpoints[0];
    const functions = await session.dc.setFunctionBreakpointsRequest({
      breakpoints: [{ name: 'Done' }, { name: 'NoSuchState' }],
    });
    functionResults = functions.body.breakpoints;
  });
  assert.equal(lineResult?.verified, false);
  assert.match(lineResult?.message ?? '', /No state on this line/);
  assert.deepEqual(
    functionResults.map((b) => b.verified),
    [true, false],
  );
  assert.match(functionResults[1]?.message ?? '', /No state named 'NoSuchState'/);
  const stop = await session.stopped();
  assert.equal(stop.body.reason, 'function breakpoint');
  assert.equal(await session.where(stop.body.threadId), 'Done (Succeed)');
});

test('conditions (JSONata and JSONPath), hit counts and logpoints', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks }, async () => {
    await session.dc.setBreakpointsRequest({
      source: { path: NESTED.file },
      breakpoints: [
        // Double's input is the item: stop only for item 2 (JSONata over the input).
        { line: lineOf('"Double": {', NESTED.text), condition: '$ = 2' },
        // Left's input is {value}: a JSONPath condition is true when the value is truthy; the
        // hit count then picks the third time it holds.
        { line: lineOf('"Left": {', NESTED.text), condition: '$.value', hitCondition: '3' },
        // A logpoint prints and never stops.
        { line: lineOf('"Parameters"', NESTED.text) + 1, logMessage: 'doubling {$} of {$$.Map.Item.Index}' },
      ],
    });
  });
  const first = await session.stopped();
  assert.equal(first.body.reason, 'breakpoint');
  assert.equal(await session.where(first.body.threadId), 'Double (Pass)');
  assert.equal((await session.evaluate('$')).result, '2');
  await session.dc.continueRequest({ threadId: first.body.threadId });
  const second = await session.stopped();
  assert.equal(await session.where(second.body.threadId), 'Left (Pass)');
  assert.equal((await session.evaluate('$.value')).result, '3');
  await session.dc.continueRequest({ threadId: second.body.threadId });
  await session.next('terminated');
  const log = session.output.join('');
  assert.ok(log.includes('doubling 1 of 0\n'), log);
  assert.ok(log.includes('doubling 2 of 1\n'), log);
  assert.ok(log.includes('doubling 3 of 2\n'), log);
});

test('breakpoints set while stopped take effect; clearing them lets the run finish', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks, stopOnEntry: true });
  const entry = await session.stopped();
  assert.equal(entry.body.reason, 'entry');
  assert.equal(await session.where(entry.body.threadId), 'Prepare (Pass)');
  await session.dc.setBreakpointsRequest({
    source: { path: NESTED.file },
    breakpoints: [{ line: lineOf('"Done": {', NESTED.text) }],
  });
  await session.dc.continueRequest({ threadId: entry.body.threadId });
  const atDone = await session.stopped();
  assert.equal(await session.where(atDone.body.threadId), 'Done (Succeed)');
  await session.dc.setBreakpointsRequest({ source: { path: NESTED.file }, breakpoints: [] });
  await session.dc.continueRequest({ threadId: atDone.body.threadId });
  await session.next('terminated');
});
