// Launch configurations over DAP: broken ones answer with an error the user sees (never a hung
// session), and a `*.sfn-test.yaml` case is debugged with its own input and mocks.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { adapterPerTest, fixture } from './harness';

const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-dap-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const adapter = adapterPerTest();

async function launchFails(args: Record<string, unknown>): Promise<string> {
  const session = await adapter.start();
  let message = '';
  await session.launch(args).then(
    () => assert.fail('the launch should have failed'),
    (err: unknown) => {
      message = err instanceof Error ? err.message : String(err);
    },
  );
  // The session is still answering: nothing hangs after a failed launch.
  const threads = await session.dc.threadsRequest();
  assert.ok(Array.isArray(threads.body.threads));
  return message;
}

test('a missing definition file is reported with its path', async () => {
  const missing = join(scratch, 'nope.asl.json');
  const message = await launchFails({ definition: missing });
  assert.match(message, /The state machine file '.*nope\.asl\.json' does not exist/);
});

test('a definition with a syntax error is reported with its line', async () => {
  const broken = join(scratch, 'broken.asl.json');
  writeFileSync(
    broken,
    '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "End": true },,\n  }\n}\n',
  );
  const message = await launchFails({ definition: broken });
  assert.match(message, /broken\.asl\.json:4:\d+/);
});

test('no definition, malformed mocks, an unknown test case: each a clear error', async () => {
  assert.match(await launchFails({ input: {} }), /say which state machine to debug/);
  assert.match(
    await launchFails({ definition: fixture('nested.asl.json'), mocks: { Right: 'not a response list' } }),
    /Right/,
  );
  assert.match(
    await launchFails({ testFile: fixture('order.sfn-test.yaml'), case: 'no such case' }),
    /no case named 'no such case'.*all items succeed, right branch fails/,
  );
  const badInput = join(scratch, 'input.json');
  writeFileSync(badInput, '{ "a": ');
  assert.match(
    await launchFails({ definition: fixture('nested.asl.json'), inputFile: badInput }),
    /input file is not valid JSON/,
  );
});

test('a test file case is debugged with its input and its own mocks', async () => {
  const session = await adapter.start();
  await session.launch({
    testFile: fixture('order.sfn-test.yaml'),
    case: 'all items succeed',
    stopOnEntry: true,
  });
  const entry = await session.stopped();
  assert.equal((await session.evaluate('$.orderId')).result, '7');
  await session.dc.continueRequest({ threadId: entry.body.threadId });
  await session.next('terminated');
  const log = session.output.join('');
  assert.ok(log.includes('Debugging order.sfn-test.yaml › all items succeed'), log);
  assert.ok(log.includes('"ok": "case-level"'), log);

  const failing = await adapter.start();
  await failing.launch({ testFile: fixture('order.sfn-test.yaml'), case: 1 });
  const stop = await failing.stopped();
  assert.equal(stop.body.reason, 'exception');
  assert.equal(stop.body.text, 'Right.Failed: broken');
});

test('a role policy refuses the Task it does not allow, the same way after a step back', async () => {
  const session = await adapter.start();
  await session.launch({
    definition: fixture('nested.asl.json'),
    mocks: fixture('nested.mocks.json'),
    role: fixture('role.json'),
  });
  const denied = await session.stopped();
  assert.equal(denied.body.reason, 'exception');
  assert.equal(await session.where(denied.body.threadId), 'Right (Task) · Lambda.AWSLambdaException');
  assert.match(denied.body.text ?? '', /not authorized to perform: lambda:InvokeFunction/);
  const back = session.stopped();
  await session.dc.stepBackRequest({ threadId: denied.body.threadId });
  const atRight = await back;
  // Back from the error to the last data stage Right computed before it.
  assert.equal(await session.where(atRight.body.threadId), 'Right (Task) · after InputPath');
  const again = session.stopped();
  await session.dc.continueRequest({ threadId: atRight.body.threadId });
  assert.equal((await again).body.text, denied.body.text);
});
