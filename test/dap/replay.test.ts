// The debugger opens an execution history recorded on AWS directly: a launch configuration with
// `history` and `definition` runs the recorded input with the recorded Task results as mocks (each Map
// iteration answered by its own request), and stepping shows them; a broken history fails the launch
// with its file named.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RESERVE_MACHINE, reserveHistory } from '../../core/replay/replay.fixture';
import { adapterPerTest } from './harness';

const scratch = mkdtempSync(join(tmpdir(), 'stepthrough-dap-replay-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const adapter = adapterPerTest();

test('a recorded history is replayed and stepped through with its recorded results', async () => {
  writeFileSync(join(scratch, 'reserve.asl.json'), JSON.stringify(RESERVE_MACHINE, null, 2));
  writeFileSync(join(scratch, 'history.json'), JSON.stringify({ events: await reserveHistory() }));
  const session = await adapter.start();
  await session.launch({
    definition: 'reserve.asl.json',
    history: 'history.json',
    cwd: scratch,
    stopOnEntry: true,
  });
  const entry = await session.stopped();
  // The recorded input, not the default {}.
  assert.equal((await session.evaluate('$.lines[1].sku')).result, '"pen-3"');
  await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Done' }] });
  const atDone = session.stopped();
  await session.dc.continueRequest({ threadId: entry.body.threadId });
  const done = await atDone;
  // Each iteration got the answer AWS gave its own request, though AWS recorded pen-3's first.
  const frame = await session.top(done.body.threadId);
  assert.match(frame.name, /^Done/);
  assert.equal((await session.evaluate('$[0].reserved.id', 'repl', frame.id)).result, '"r-1"');
  assert.equal((await session.evaluate('$[1].reserved.id', 'repl', frame.id)).result, '"r-2"');
  await session.dc.continueRequest({ threadId: done.body.threadId });
  await session.next('terminated');
  assert.ok(session.output.join('').includes('history.json › reserve.asl.json'), session.output.join(''));
});

test('a broken history fails the launch naming the file', async () => {
  writeFileSync(join(scratch, 'm.asl.json'), JSON.stringify(RESERVE_MACHINE));
  writeFileSync(join(scratch, 'broken.json'), '{"events": [');
  const session = await adapter.start();
  let message = '';
  await session.launch({ definition: 'm.asl.json', history: 'broken.json', cwd: scratch }).then(
    () => assert.fail('the launch should have failed'),
    (err: unknown) => {
      message = err instanceof Error ? err.message : String(err);
    },
  );
  assert.match(message, /broken\.json.*middle of a JSON value/s);
});
