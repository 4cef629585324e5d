// Exception breakpoints over DAP: "uncaught" stops only where no Catch (of the state or of an
// enclosing Map) handles the error; "all" stops on every error once, including caught ones.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { adapterPerTest, fixture } from './harness';

const ERRORS = fixture('errors.asl.json');
const MOCKS = fixture('errors.mocks.json');
const INPUT = { items: ['a'] };

const adapter = adapterPerTest();

async function collectExceptionStops(
  filters: string[],
): Promise<{ stops: string[]; infos: DebugProtocol.ExceptionInfoResponse['body'][] }> {
  const session = await adapter.start();
  await session.launch({ definition: ERRORS, mocks: MOCKS, input: INPUT }, async () => {
    await session.dc.setExceptionBreakpointsRequest({ filters });
  });
  const stops: string[] = [];
  const infos: DebugProtocol.ExceptionInfoResponse['body'][] = [];
  const terminated = session.next('terminated');
  for (;;) {
    const next = await Promise.race([session.stopped(), terminated.then(() => undefined)]);
    if (!next) break;
    assert.equal(next.body.reason, 'exception');
    stops.push(`${await session.where(next.body.threadId)}: ${next.body.text ?? ''}`);
    infos.push((await session.dc.exceptionInfoRequest({ threadId: next.body.threadId })).body);
    await session.dc.continueRequest({ threadId: next.body.threadId });
  }
  return { stops, infos };
}

test('the uncaught filter stops only on the error no Catch handles', async () => {
  const { stops, infos } = await collectExceptionStops(['uncaught']);
  assert.deepEqual(stops, ['Ship (Task) · Ship.Broken: Ship.Broken: truck on fire']);
  assert.equal(infos[0]?.breakMode, 'unhandled');
  assert.equal(infos[0]?.exceptionId, 'Ship.Broken');
  assert.ok(adapter.current?.output.join('').includes('Execution FAILED: Ship.Broken: truck on fire'));
});

test('the all filter stops on each error once: caught by the state, inside a Map that catches it, and uncaught', async () => {
  const { stops, infos } = await collectExceptionStops(['all']);
  assert.deepEqual(stops, [
    'Charge (Task) · Payment.Declined: Payment.Declined: card expired',
    'Work (Task) · Work.Failed: Work.Failed: disk full',
    'Ship (Task) · Ship.Broken: Ship.Broken: truck on fire',
  ]);
  assert.deepEqual(
    infos.map((i) => i.breakMode),
    ['always', 'always', 'always'],
  );
  assert.match(infos[0]?.description ?? '', /caught in 'Charge'/);
});

test('with no exception filter the run ends without stopping, and the error is in the console', async () => {
  const session = await adapter.start();
  await session.launch({ definition: ERRORS, mocks: MOCKS, input: INPUT }, async () => {
    await session.dc.setExceptionBreakpointsRequest({ filters: [] });
  });
  await session.next('terminated');
  const log = session.output.join('');
  assert.ok(log.includes('Charge ✗ Payment.Declined: card expired — caught, → Batch'), log);
  assert.ok(log.includes('[Map Batch [0]] Work ✗ failed: Work.Failed: disk full'), log);
  assert.ok(log.includes('Ship ✗ failed: Ship.Broken: truck on fire'), log);
});

test('a retried error stops under "all"; stepping in lands in the next attempt', async () => {
  const session = await adapter.start();
  const mocks = { Flaky: [{ Throw: { Error: 'Flaky.Timeout', Cause: 'slow' } }, { Return: { ok: true } }] };
  await session.launch({ definition: fixture('retry.asl.json'), mocks }, async () => {
    await session.dc.setExceptionBreakpointsRequest({ filters: ['all'] });
  });
  const stop = await session.stopped();
  assert.equal(stop.body.reason, 'exception');
  const info = (await session.dc.exceptionInfoRequest({ threadId: stop.body.threadId })).body;
  assert.match(info.description ?? '', /will be retried in 'Flaky': Flaky.Timeout: slow/);
  const state = await session.scopeVariables(stop.body.threadId, 'State');
  assert.deepEqual(
    state.map((v) => v.name),
    ['input', 'afterInputPath', 'error'],
  );
  const stepped = session.stopped();
  await session.dc.stepInRequest({ threadId: stop.body.threadId });
  const attempt2 = await stepped;
  assert.equal(await session.where(attempt2.body.threadId), 'Flaky (Task) · after InputPath');
  const execution = await session.scopeVariables(attempt2.body.threadId, 'Execution');
  assert.equal(execution.find((v) => v.name === 'attempt')?.value, '2');
  await session.dc.continueRequest({ threadId: attempt2.body.threadId });
  await session.next('terminated');
  const statuses = session.custom.flatMap((e) => (e.type === 'stateStatus' ? [e.status] : []));
  assert.deepEqual(statuses, ['entered', 'retrying', 'succeeded']);
});
