// Nested executions in the debugger: a Task that starts a mapped child machine (`machines` in the launch
// configuration, `states:startExecution.sync:2`) runs it as a new thread of the same session; breakpoints
// in the child's file bind and stop there, stepping in from the Task reaches the child's first state,
// stepping over the Task runs the child through, and the stack shows the child's state in its own file
// above the Task that started it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { adapterPerTest, fixture, lineOf, type DapHarness, type Stopped } from './harness';

const adapter = adapterPerTest();
const PARENT = fixture('parent.asl.json');
const CHILD = fixture('child.asl.json');
const CHILD_TEXT = readFileSync(CHILD, 'utf8');
const LAUNCH = { definition: PARENT, machines: { ChildFlow: CHILD } };

async function ended(session: DapHarness): Promise<unknown> {
  const end = await session.runEnded();
  assert.equal(end.status, 'SUCCEEDED');
  return end.output;
}

test("a breakpoint in the child machine's file binds, and stops on the child's thread with the Task below it", async () => {
  const session = await adapter.start();
  let verified: DebugProtocol.Breakpoint[] = [];
  await session.launch(LAUNCH, async () => {
    verified = (
      await session.dc.setBreakpointsRequest({
        source: { path: CHILD },
        breakpoints: [{ line: lineOf('"Check": {', CHILD_TEXT) + 1 }],
      })
    ).body.breakpoints;
  });
  assert.equal(verified[0]?.verified, true, verified[0]?.message);
  assert.equal(verified[0]?.line, lineOf('"Check": {', CHILD_TEXT));

  const started = await session.until<DebugProtocol.ThreadEvent>(
    'thread',
    (e) => e.body.reason === 'started',
  );
  const stop = await session.stopped();
  assert.equal(stop.body.reason, 'breakpoint');
  assert.equal(stop.body.threadId, started.body.threadId);
  assert.notEqual(stop.body.threadId, 1);
  const threads = (await session.dc.threadsRequest()).body.threads;
  assert.deepEqual(
    threads.map((t) => t.name),
    ['Execution', 'Execution child-1'],
  );

  const [child, task, ...rest] = await session.stack(stop.body.threadId);
  assert.equal(rest.length, 0);
  assert.equal(child?.name, 'Check (Pass)');
  assert.equal(child?.source?.path, CHILD);
  assert.equal(child?.line, lineOf('"Check": {', CHILD_TEXT));
  assert.equal(task?.name, 'RunChild (Task) · Execution child-1');
  assert.equal(task?.source?.path, PARENT);
  // The child's state sees its own input and its own execution.
  const state = await session.scopeVariables(stop.body.threadId, 'State');
  assert.equal(state.find((v) => v.name === 'input')?.value, '{doubled: 14}');

  await session.dc.continueRequest({ threadId: stop.body.threadId });
  const exited = await session.until<DebugProtocol.ThreadEvent>('thread', (e) => e.body.reason === 'exited');
  assert.equal(exited.body.threadId, stop.body.threadId);
  assert.deepEqual(await ended(session), { doubled: 14 });
});

test("step in from the Task reaches the child's first state; step out comes back to the Task", async () => {
  const session = await adapter.start();
  await session.launch(LAUNCH, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'RunChild' }] });
  });
  let stop: Stopped = await session.stopped();
  assert.equal(await session.where(1), 'RunChild (Task)');
  // Step in goes through the Task's data stages before the call, then into the child.
  const seen: string[] = [];
  for (let i = 0; i < 5 && stop.body.threadId === 1; i++) {
    await session.dc.stepInRequest({ threadId: 1 });
    stop = await session.stopped();
    if (stop.body.threadId === 1) seen.push(await session.where(1));
  }
  assert.ok(
    seen.every((where) => where.startsWith('RunChild (Task) · ')),
    seen.join('; '),
  );
  assert.notEqual(stop.body.threadId, 1);
  const top = await session.top(stop.body.threadId);
  assert.equal(top.name, 'Double (Pass)');
  assert.equal(top.source?.path, CHILD);
  assert.equal(top.line, lineOf('"Double": {', CHILD_TEXT));

  await session.dc.stepOutRequest({ threadId: stop.body.threadId });
  const back = await session.stopped();
  assert.equal(back.body.threadId, 1);
  assert.match(await session.where(1), /^RunChild \(Task\) · result/);
  await session.dc.continueRequest({ threadId: 1 });
  assert.deepEqual(await ended(session), { doubled: 14 });
});

test('step over the Task runs the child through without stopping in it', async () => {
  const session = await adapter.start();
  await session.launch(LAUNCH, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'RunChild' }] });
  });
  await session.stopped();
  await session.dc.nextRequest({ threadId: 1 });
  const next = await session.stopped();
  assert.equal(next.body.threadId, 1);
  assert.equal(await session.where(1), 'Done (Succeed)');
  // The child ran meanwhile, on a thread of its own that came and went.
  const child = session.custom.filter((e) => e.type === 'stateStatus' && e.machine === 'ChildFlow');
  assert.deepEqual(
    child
      .filter((e) => e.type === 'stateStatus' && e.status === 'entered')
      .map((e) => e.type === 'stateStatus' && e.state),
    ['Double', 'Check'],
  );
  await session.dc.continueRequest({ threadId: 1 });
  await ended(session);
});

test('a machines entry naming a missing file is a clear launch error', async () => {
  const session = await adapter.start();
  await assert.rejects(
    session.launch({ definition: PARENT, machines: { ChildFlow: fixture('nope.asl.json') } }),
    /nope\.asl\.json' does not exist/,
  );
  await assert.rejects(
    session.launch({ definition: PARENT, machines: { ChildFlow: 3 } }),
    /"machines" maps "ChildFlow" to something other than a file path/,
  );
});

test("a test file's machines: are stepped into from its case, breakpoints in the child bound", async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'stepthrough-dap-nested-'));
  try {
    const testFile = join(folder, 'parent.sfn-test.yaml');
    writeFileSync(
      testFile,
      [
        `stateMachine: ${PARENT}`,
        'machines:',
        `  ChildFlow: ${CHILD}`,
        'cases:',
        '  - name: doubles',
        '    expect:',
        '      status: SUCCEEDED',
        '      output: { doubled: 14 }',
        '',
      ].join('\n'),
    );
    const session = await adapter.start();
    let verified: DebugProtocol.Breakpoint[] = [];
    await session.launch({ testFile, case: 'doubles' }, async () => {
      verified = (
        await session.dc.setBreakpointsRequest({
          source: { path: CHILD },
          breakpoints: [{ line: lineOf('"Double": {', CHILD_TEXT) }],
        })
      ).body.breakpoints;
    });
    assert.equal(verified[0]?.verified, true, verified[0]?.message);
    const stop = await session.stopped();
    assert.notEqual(stop.body.threadId, 1);
    assert.equal((await session.top(stop.body.threadId)).source?.path, CHILD);
    await session.dc.continueRequest({ threadId: stop.body.threadId });
    assert.deepEqual(await ended(session), { doubled: 14 });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
