// Tasks that wait for their task token, in the debugger: the waiting thread is shown stopped on its own
// ("waiting for task token", the token in the frame's variables), and the `stepthrough` custom request
// (debug-adapter/protocol.ts, what the extension's "Send Task Success / Failure" command sends) answers it
// through the execution handle. Bad JSON is refused with a clear message and the session goes on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  STEPTHROUGH_REQUEST,
  type StepthroughRequest,
  type WaitingTasksResponse,
} from '../../debug-adapter/protocol';
import { adapterPerTest, fixture, type DapHarness, type Stopped } from './harness';

const adapter = adapterPerTest();
const CALLBACK = fixture('callback.asl.json');

function request(session: DapHarness, args: StepthroughRequest): Promise<DebugProtocol.Response> {
  return session.dc.customRequest(STEPTHROUGH_REQUEST, args);
}

async function waitingTasks(session: DapHarness): Promise<WaitingTasksResponse['tasks']> {
  return ((await request(session, { type: 'waitingTasks' })).body as WaitingTasksResponse).tasks;
}

/** Launches the callback machine and returns the stop that says its Task waits, and the token. */
async function waitForApproval(session: DapHarness): Promise<{ stop: Stopped; token: string }> {
  await session.launch({ definition: CALLBACK, input: { orderId: 'o-1' } });
  const stop = await session.stopped();
  assert.equal(stop.body.reason, 'waiting for task token');
  assert.equal(stop.body.description, 'waiting for task token: WaitForApproval');
  assert.equal(stop.body.allThreadsStopped, false);
  const [task, ...more] = await waitingTasks(session);
  assert.ok(task);
  assert.equal(more.length, 0);
  assert.equal(task.stateName, 'WaitForApproval');
  assert.equal(task.threadId, stop.body.threadId);
  assert.equal(task.threadName, 'Execution');
  return { stop, token: task.taskToken };
}

test('a Task waiting for its token shows in the Call Stack with the token; Send Task Success completes the run with the output sent', async () => {
  const session = await adapter.start();
  const { stop, token } = await waitForApproval(session);

  const [frame, ...outer] = await session.stack(stop.body.threadId);
  assert.ok(frame);
  assert.equal(frame.name, 'WaitForApproval (Task) · waiting for task token');
  assert.equal(outer.length, 0);
  assert.equal(frame.source?.path, CALLBACK);
  const tokenScope = await session.scopeVariables(stop.body.threadId, 'Task token');
  const shown = Object.fromEntries(tokenScope.map((v) => [v.name, v.value]));
  assert.equal(shown.taskToken, JSON.stringify(token));
  assert.equal(shown.resource, '"arn:aws:states:::sqs:sendMessage.waitForTaskToken"');
  // The request the service call carried holds the same token ($$.Task.Token).
  const [task] = await waitingTasks(session);
  assert.deepEqual(task?.request, {
    QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
    MessageBody: { token, orderId: 'o-1' },
  });

  const heartbeat = await request(session, { type: 'sendTaskHeartbeat', taskToken: token });
  assert.equal(heartbeat.success, true);
  const answered = await request(session, {
    type: 'sendTaskSuccess',
    taskToken: token,
    output: '{"approved": true, "by": "ana"}',
  });
  assert.equal(answered.success, true);
  const continued = await session.next<DebugProtocol.ContinuedEvent>('continued');
  assert.equal(continued.body.threadId, stop.body.threadId);
  const ended = await session.runEnded();
  assert.equal(ended.status, 'SUCCEEDED');
  assert.deepEqual(ended.output, { approved: true, by: 'ana' });
});

test('Send Task Failure fails the Task and its Catch routes the run', async () => {
  const session = await adapter.start();
  const { token } = await waitForApproval(session);
  await request(session, { type: 'sendTaskFailure', taskToken: token, error: 'Rejected', cause: 'no stock' });
  const ended = await session.runEnded();
  assert.equal(ended.status, 'SUCCEEDED');
  assert.deepEqual(ended.output, { orderId: 'o-1', rejection: { Error: 'Rejected', Cause: 'no stock' } });
  const rejected = session.custom.find((e) => e.type === 'stateStatus' && e.state === 'WaitForApproval');
  assert.ok(rejected);
  assert.ok(
    session.custom.some(
      (e) => e.type === 'stateStatus' && e.state === 'WaitForApproval' && e.status === 'caught',
    ),
  );
});

test('bad JSON, an unknown token and garbage arguments are clear errors; the task still waits and is answered after', async () => {
  const session = await adapter.start();
  const { token } = await waitForApproval(session);
  await assert.rejects(
    request(session, { type: 'sendTaskSuccess', taskToken: token, output: '{"approved": tru' }),
    /The output is not JSON \(.*\): nothing was sent, the task still waits\./,
  );
  await assert.rejects(
    request(session, { type: 'sendTaskSuccess', taskToken: token, output: '   ' }),
    /The output is empty/,
  );
  await assert.rejects(
    request(session, { type: 'sendTaskSuccess', taskToken: 'not-a-token', output: '{}' }),
    /This execution issued no such task token/,
  );
  await assert.rejects(
    session.dc.customRequest(STEPTHROUGH_REQUEST, { type: 'sendTaskSuccess', taskToken: 42 }),
    /arguments are not understood/,
  );
  await assert.rejects(session.dc.customRequest('somethingElse', {}), /Unknown request 'somethingElse'/);
  // The session still answers, and the task still waits.
  assert.deepEqual(
    (await waitingTasks(session)).map((t) => t.taskToken),
    [token],
  );
  await request(session, { type: 'sendTaskSuccess', taskToken: token, output: '"ok"' });
  const ended = await session.runEnded();
  assert.deepEqual(ended.output, 'ok');
  // A token answered once is closed, as on AWS (TaskTimedOut); the adapter says so.
  await assert.rejects(
    request(session, { type: 'sendTaskSuccess', taskToken: token, output: '{}' }),
    /No execution is running/,
  );
});

test('a breakpoint elsewhere stops all; continuing shows the waiting thread stopped again', async () => {
  const session = await adapter.start();
  await session.launch({ definition: CALLBACK, input: { orderId: 'o-2' } }, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Prepare' }] });
  });
  const atPrepare = await session.stopped();
  assert.equal(atPrepare.body.reason, 'function breakpoint');
  await session.dc.continueRequest({ threadId: atPrepare.body.threadId });
  const waiting = await session.stopped();
  assert.equal(waiting.body.reason, 'waiting for task token');
  // Continue while only waiting: the client marks it running; the adapter says again that it waits.
  await session.dc.continueRequest({ threadId: waiting.body.threadId });
  const again = await session.stopped();
  assert.equal(again.body.reason, 'waiting for task token');
  const [task] = await waitingTasks(session);
  assert.ok(task);
  await request(session, { type: 'sendTaskSuccess', taskToken: task.taskToken, output: '{}' });
  assert.equal((await session.runEnded()).status, 'SUCCEEDED');
});

test('stepping back over an answered task re-runs to it and sends the same answer again', async () => {
  const session = await adapter.start();
  await session.launch({ definition: CALLBACK, input: { orderId: 'o-3' } }, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Approved' }] });
  });
  const waiting = await session.stopped();
  assert.equal(waiting.body.reason, 'waiting for task token');
  const [task] = await waitingTasks(session);
  assert.ok(task);
  await request(session, { type: 'sendTaskSuccess', taskToken: task.taskToken, output: '{"approved": 1}' });
  const atApproved = await session.stopped();
  assert.equal(atApproved.body.reason, 'function breakpoint');
  await session.dc.stepBackRequest({ threadId: 1 });
  const back = await session.stopped();
  assert.equal(back.body.reason, 'step');
  assert.equal(await session.where(1), 'WaitForApproval (Task)');
  // The re-run answers the task as before: it goes on to Approved without waiting for the user.
  await session.dc.continueRequest({ threadId: 1 });
  const again = await session.stopped();
  assert.equal(again.body.reason, 'function breakpoint');
  assert.equal(await session.where(1), 'Approved (Succeed)');
  await session.dc.continueRequest({ threadId: 1 });
  assert.deepEqual((await session.runEnded()).output, { approved: 1 });
});

test('a callback Task inside a child execution waits on the child thread and is answered there', async () => {
  const session = await adapter.start();
  await session.launch({
    definition: fixture('parent.asl.json'),
    machines: { ChildFlow: fixture('approval-child.asl.json') },
  });
  const stop = await session.stopped();
  assert.equal(stop.body.reason, 'waiting for task token');
  assert.notEqual(stop.body.threadId, 1);
  const [frame, task] = await session.stack(stop.body.threadId);
  assert.equal(frame?.name, 'AskApproval (Task) · waiting for task token');
  assert.equal(frame?.source?.path, fixture('approval-child.asl.json'));
  assert.equal(task?.name, 'RunChild (Task) · Execution child-1');
  const [waiting] = await waitingTasks(session);
  assert.equal(waiting?.threadName, 'Execution child-1');
  await request(session, {
    type: 'sendTaskSuccess',
    taskToken: waiting?.taskToken ?? '',
    output: '{"ok": true}',
  });
  assert.deepEqual((await session.runEnded()).output, { ok: true });
});
