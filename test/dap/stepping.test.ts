// Stepping over DAP: step in (data stages, then into a Map iteration and a Parallel branch), step
// over, step out, step back, reverse continue, pause, restart and terminate.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { STEPTHROUGH_EVENT, type StepthroughEvent } from '../../debug-adapter/protocol';
import { NESTED, adapterPerTest, DapHarness, fixture, lineOf, type Stopped } from './harness';

const adapter = adapterPerTest();

type StepCommand = 'next' | 'stepIn' | 'stepOut' | 'stepBack';

/** Sends a step and returns where the execution stopped next: the stack's frame names. */
async function step(
  session: DapHarness,
  command: StepCommand,
  threadId: number,
): Promise<{ threadId: number; frames: string[]; reason: string }> {
  const stopped = session.stopped();
  if (command === 'next') await session.dc.nextRequest({ threadId });
  else if (command === 'stepIn') await session.dc.stepInRequest({ threadId });
  else if (command === 'stepOut') await session.dc.stepOutRequest({ threadId });
  else await session.dc.stepBackRequest({ threadId });
  const stop = await stopped;
  const frames = (await session.stack(stop.body.threadId)).map((f) => f.name);
  return { threadId: stop.body.threadId, frames, reason: stop.body.reason };
}

test('step in walks the data stages, then into a Map iteration and a Parallel branch; step out and over come back', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks, stopOnEntry: true });
  const entry = await session.stopped();
  assert.equal(entry.body.reason, 'entry');
  let at = {
    threadId: entry.body.threadId,
    frames: [await session.where(entry.body.threadId)],
    reason: 'entry',
  };
  assert.deepEqual(at.frames, ['Prepare (Pass)']);

  at = await step(session, 'stepIn', at.threadId);
  assert.deepEqual(at.frames, ['Prepare (Pass) · after InputPath']);
  assert.equal(at.reason, 'step');
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['Prepare (Pass) · result']);
  at = await step(session, 'stepOut', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map)']);

  at = await step(session, 'stepIn', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map) · after InputPath']);
  at = await step(session, 'stepIn', at.threadId);
  assert.deepEqual(at.frames, ['Double (Pass)', 'ProcessItems (Map) · item 0']);
  const threads = (await session.dc.threadsRequest()).body.threads;
  assert.equal(threads.find((t) => t.id === at.threadId)?.name, 'Map ProcessItems [0]');

  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['Fanout (Parallel)', 'ProcessItems (Map) · item 0']);
  at = await step(session, 'stepIn', at.threadId);
  assert.deepEqual(at.frames, ['Fanout (Parallel) · after InputPath', 'ProcessItems (Map) · item 0']);
  at = await step(session, 'stepIn', at.threadId);
  assert.deepEqual(at.frames, ['Left (Pass)', 'Fanout (Parallel) · branch 0', 'ProcessItems (Map) · item 0']);

  // Out of the branch: back in the Parallel once its branches are done (its result stage).
  at = await step(session, 'stepOut', at.threadId);
  assert.deepEqual(at.frames, ['Fanout (Parallel) · result', 'ProcessItems (Map) · item 0']);
  // Out of the iteration: back in the Map once every item is done.
  at = await step(session, 'stepOut', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map) · result']);
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map) · after ResultPath']);
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map) · output']);
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['Done (Succeed)']);
  const ended = session.next('terminated');
  await session.dc.nextRequest({ threadId: at.threadId });
  await ended;
});

test('step over a Map skips its iterations; step back returns to the previous state of the same scope', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks, stopOnEntry: true });
  const entry = await session.stopped();
  let at = await step(session, 'next', entry.body.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map)']);
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['Done (Succeed)']);

  at = await step(session, 'stepBack', at.threadId);
  assert.equal(at.reason, 'step');
  assert.deepEqual(at.frames, ['ProcessItems (Map)']);
  // The re-run reached the same execution: the Map's input holds what Prepare added.
  assert.equal((await session.evaluate('$.data.items')).result, '[1,2,3]');
  at = await step(session, 'stepBack', at.threadId);
  assert.deepEqual(at.frames, ['Prepare (Pass)']);
  // Nothing before the first state: stepping back stays there.
  at = await step(session, 'stepBack', at.threadId);
  assert.deepEqual(at.frames, ['Prepare (Pass)']);
  // And forward again from the past.
  at = await step(session, 'next', at.threadId);
  assert.deepEqual(at.frames, ['ProcessItems (Map)']);
});

test('step back from inside a branch goes to the enclosing Parallel; reverse continue goes to the previous breakpoint hit', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks }, async () => {
    await session.dc.setBreakpointsRequest({
      source: { path: NESTED.file },
      breakpoints: [{ line: lineOf('"Left": {', NESTED.text) }],
    });
  });
  const hits: number[] = [];
  let stop: Stopped = await session.stopped();
  for (let item = 0; item < 3; item++) {
    if (item > 0) {
      const next = session.stopped();
      await session.dc.continueRequest({ threadId: stop.body.threadId });
      stop = await next;
    }
    const frames = (await session.stack(stop.body.threadId)).map((f) => f.name);
    assert.equal(frames[2], `ProcessItems (Map) · item ${item}`);
    hits.push(item);
  }
  // At item 2's Left: reverse continue goes back to item 1's Left.
  const reversed = session.stopped();
  await session.dc.reverseContinueRequest({ threadId: stop.body.threadId });
  const back = await reversed;
  assert.equal(back.body.reason, 'breakpoint');
  const frames = (await session.stack(back.body.threadId)).map((f) => f.name);
  assert.deepEqual(frames, ['Left (Pass)', 'Fanout (Parallel) · branch 0', 'ProcessItems (Map) · item 1']);
  assert.equal((await session.evaluate('$.value')).result, '2');

  const at = await step(session, 'stepBack', back.body.threadId);
  assert.deepEqual(at.frames, ['Fanout (Parallel)', 'ProcessItems (Map) · item 1']);
  assert.deepEqual(hits, [0, 1, 2]);
});

test('pause stops a running execution; restart runs it again from the start; terminate ends it', async () => {
  const session = await adapter.start();
  await session.launch({ definition: fixture('loop.asl.json'), maxTransitions: 1_000_000 });
  // Pause once the loop is seen running (its states entered), not after some time.
  let entered = 0;
  await session.until<DebugProtocol.Event>(STEPTHROUGH_EVENT, (event) => {
    const body = event.body as StepthroughEvent;
    if (body.type === 'stateStatus' && body.status === 'entered') entered++;
    return entered >= 3;
  });
  await session.dc.pauseRequest({ threadId: 1 });
  const paused = await session.stopped();
  assert.equal(paused.body.reason, 'pause');
  assert.match(await session.where(paused.body.threadId), /^(Ping \(Pass\)|Pong \(Choice\))/);
  const transitions = (await session.scopeVariables(paused.body.threadId, 'Execution')).find(
    (v) => v.name === 'transitions',
  );
  assert.ok(Number(transitions?.value) > 1, `paused after ${transitions?.value} transitions`);

  const restarted = session.stopped();
  await session.dc.restartRequest({
    arguments: { definition: fixture('loop.asl.json'), stopOnEntry: true },
  } as DebugProtocol.RestartArguments);
  const entry = await restarted;
  assert.equal(entry.body.reason, 'entry');
  assert.equal(await session.where(entry.body.threadId), 'Ping (Pass)');
  const runs = session.custom
    .filter((e) => e.type === 'runStarted')
    .map((e) => (e.type === 'runStarted' ? e.reason : ''));
  assert.deepEqual(runs, ['launch', 'restart']);

  const terminated = session.next('terminated');
  await session.dc.terminateRequest({});
  await terminated;
});
