// A test case whose `handlers:` run the team's own code, in the debugger (`stepthrough dap`, which VS
// Code runs inline): the case's handler runs in a handler process of the session's (host/handlers), as
// `stepthrough test` runs it; what it prints reaches the debug console; a restart calls it again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { adapterPerTest, fixture, REPO } from './harness';

const adapter = adapterPerTest();
const TEST_FILE = fixture('handlers/charge.sfn-test.yaml');

test("a case with handlers runs the team's code in the debugger, its output in the debug console", async () => {
  const session = await adapter.start();
  await session.launch({
    testFile: TEST_FILE,
    case: 'charges with the team code',
  });
  const ended = await session.runEnded();
  assert.deepEqual([ended.status, ended.output], ['SUCCEEDED', { chargeId: 'ch_A-1' }]);
  const log = session.output.join('');
  assert.match(log, /\[Charge\] charging A-1/);
});

test("a template's test file with handlers: auto is debugged with the template's own functions", async () => {
  // examples/order-app: `stateMachine: ./template.yaml#OrderFlow`; its Python validator and Node.js
  // charger run from their CodeUri, and the charger's own error is caught by the machine.
  const session = await adapter.start();
  await session.launch({
    testFile: join(REPO, 'examples', 'order-app', 'order-app.sfn-test.yaml'),
    case: "a declined card is the Node.js function's own error, caught by the machine",
  });
  const ended = await session.runEnded();
  assert.deepEqual(
    [ended.status, ended.output],
    [
      'SUCCEEDED',
      {
        orderId: 'ord-44',
        status: 'DECLINED',
        error: 'CardDeclined',
        message: 'card ending 0000 was declined',
      },
    ],
  );
});

test('a definition launched with "handlers" runs them; "auto" on a definition file is refused with what to do', async () => {
  const session = await adapter.start();
  await session.launch({
    definition: fixture('handlers/charge.asl.json'),
    input: { orderId: 'B-2' },
    handlers: { Charge: './charge.js#handler' },
    cwd: fixture('handlers'),
  });
  const ended = await session.runEnded();
  assert.deepEqual([ended.status, ended.output], ['SUCCEEDED', { chargeId: 'ch_B-2' }]);
  assert.match(session.output.join(''), /\[Charge\] charging B-2/);

  const refused = await adapter.start();
  const failure = await refused.dc
    .launch({ definition: fixture('handlers/charge.asl.json'), handlers: 'auto' } as never)
    .then(
      () => 'launched',
      (err: Error) => err.message,
    );
  assert.match(failure, /runs the functions of a template machine/);
});
