// A state machine inside a SAM template over DAP: `"definition": "template.yaml#OrderFlow"` runs the
// machine the template declares (mocks keyed by the logical ID its Task calls), a breakpoint on a line of
// the inline definition binds to the state written there and stops on it, frames point into the template,
// and a template with several machines and no selector, or an unknown selector, is a clear launch error.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { adapterPerTest, fixture, lineOf } from './harness';

const adapter = adapterPerTest();
const TEMPLATE = fixture('sam/template.yaml');
const TEXT = readFileSync(TEMPLATE, 'utf8');
const MOCKS = fixture('sam/order.mocks.json');

test('a breakpoint on a line of an inline definition binds to its state in the template and stops there, once per item', async () => {
  const session = await adapter.start();
  let bound: { verified: boolean; line?: number; message?: string }[] = [];
  await session.launch({ definition: `${TEMPLATE}#OrderFlow`, mocks: MOCKS }, async () => {
    const response = await session.dc.setBreakpointsRequest({
      source: { path: TEMPLATE },
      breakpoints: [
        { line: lineOf('Resource: !GetAtt ChargeFn.Arn', TEXT) },
        { line: lineOf('Runtime: nodejs20.x', TEXT) },
        { line: lineOf('Log: { Type: Pass', TEXT) },
      ],
    });
    bound = response.body.breakpoints;
  });
  // Moved to the state's name line; the function's lines and the other machine's state bind to nothing.
  assert.deepEqual(
    bound.map((b) => b.verified),
    [true, false, false],
  );
  assert.equal(bound[0]?.line, lineOf('Charge:', TEXT));
  for (const other of bound.slice(1)) assert.match(other.message ?? '', /No state on this line/);
  for (let item = 0; item < 2; item++) {
    const stop = await session.stopped();
    assert.equal(stop.body.reason, 'breakpoint');
    const frames = await session.stack(stop.body.threadId);
    assert.deepEqual(
      frames.map((f) => [f.name, f.line, f.source?.path]),
      [
        ['Charge (Task)', lineOf('Charge:', TEXT), TEMPLATE],
        [`ChargeEach (Map) · item ${item}`, lineOf('ChargeEach:', TEXT), TEMPLATE],
      ],
    );
    await session.dc.continueRequest({ threadId: stop.body.threadId });
  }
  await session.next('terminated');
  const output = session.output.join('');
  assert.match(output, /Execution SUCCEEDED/);
  // The Task answered from the mock keyed by the logical ID its Resource names (!GetAtt ChargeFn.Arn).
  assert.match(output, /charged/);
});

test('a template with two machines needs a selector; an unknown one names those it has', async () => {
  const session = await adapter.start();
  await assert.rejects(session.launch({ definition: TEMPLATE }), /2 state machines \(OrderFlow, Audit\)/);
  const other = await adapter.start();
  await assert.rejects(
    other.launch({ definition: `${TEMPLATE}#Nope` }),
    /No state machine 'Nope'.*found: OrderFlow, Audit/,
  );
});

test('a machine AWS would reject is refused with its problems on the template lines', async () => {
  const session = await adapter.start();
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const folder = mkdtempSync(join(tmpdir(), 'stepthrough-dap-template-'));
  const file = join(folder, 'template.yaml');
  const broken = TEXT.replace('            Next: ChargeEach', '            Nxt: ChargeEach');
  writeFileSync(file, broken);
  await assert.rejects(session.launch({ definition: `${file}#OrderFlow` }), /AWS would reject/);
  assert.match(
    session.output.join(''),
    new RegExp(`template\\.yaml:${lineOf('Nxt: ChargeEach', broken)}:13 ASL102`),
  );
});
