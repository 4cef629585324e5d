// Inspection over DAP: the scopes (State, Variables, Context, Execution) as JSON trees, setVariable
// before a state runs (and kept across step back), evaluate (JSONPath, intrinsics, JSONata; console,
// watch, hover), and the custom state-status events the graph follows.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NESTED, adapterPerTest, fixture, lineOf } from './harness';

const adapter = adapterPerTest();

test('scopes come in order State, Variables, Context, Execution, and expand as JSON trees', async () => {
  const session = await adapter.start();
  await session.launch(
    { definition: fixture('variables.asl.json'), input: { order: { id: 7, lines: [3, 4] } } },
    async () => {
      await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Check' }] });
    },
  );
  const stop = await session.stopped();
  const frame = await session.top(stop.body.threadId);
  const scopes = await session.scopes(frame.id);
  assert.deepEqual(
    scopes.map((s) => s.name),
    ['State', 'Variables', 'Context', 'Execution'],
  );
  const [stateScope, variablesScope, contextScope, executionScope] = scopes;
  const state = await session.variables(stateScope?.variablesReference ?? 0);
  assert.deepEqual(
    state.map((v) => v.name),
    ['input'],
  );
  const order = await session.variables(state[0]?.variablesReference ?? 0);
  assert.deepEqual(
    order.map((v) => [v.name, v.value]),
    [['order', '{id: 7, lines: […]}']],
  );
  const orderFields = await session.variables(order[0]?.variablesReference ?? 0);
  assert.deepEqual(
    orderFields.map((v) => [v.name, v.value, v.evaluateName]),
    [
      ['id', '7', '$.order.id'],
      ['lines', 'Array(2) [3, 4]', '$.order.lines'],
    ],
  );

  const variables = await session.variables(variablesScope?.variablesReference ?? 0);
  assert.deepEqual(
    variables.map((v) => [v.name, v.value]),
    [
      ['customer', '{name: "Ada", tier: "gold"}'],
      ['attempts', '2'],
    ],
  );
  const context = await session.variables(contextScope?.variablesReference ?? 0);
  assert.deepEqual(context.map((v) => v.name).slice(0, 3), ['Execution', 'StateMachine', 'State']);
  const stateContext = await session.variables(context[2]?.variablesReference ?? 0);
  assert.equal(stateContext.find((v) => v.name === 'Name')?.value, '"Check"');
  const execution = await session.variables(executionScope?.variablesReference ?? 0);
  assert.deepEqual(
    execution.map((v) => v.name),
    ['input', 'name', 'arn', 'startTime', 'simulatedTime', 'transitions', 'attempt', 'thread'],
  );
  assert.equal(execution.find((v) => v.name === 'transitions')?.value, '2');

  // Evaluate: JSONPath over the input, variables, context; intrinsics; JSONata with $ = input.
  assert.equal((await session.evaluate('$.order.lines[1]')).result, '4');
  assert.equal((await session.evaluate('$customer.name', 'watch')).result, '"Ada"');
  assert.equal((await session.evaluate('$$.State.Name', 'hover')).result, '"Check"');
  assert.equal(
    (
      await session.evaluate(
        "States.Format('order {} has {} lines', $.order.id, States.ArrayLength($.order.lines))",
      )
    ).result,
    '"order 7 has 2 lines"',
  );
  assert.equal((await session.evaluate('$sum(order.lines)', 'repl')).result, '7');
  assert.equal((await session.evaluate('$sum(order.lines) * $attempts', 'repl')).result, '14');
  assert.equal((await session.evaluate('$states.input.order.id')).result, '7');
  const tree = await session.evaluate('$.order');
  assert.equal(tree.result, '{"id":7,"lines":[3,4]}');
  assert.ok(tree.variablesReference > 0);
  await assert.rejects(session.evaluate('$.order.missing'), /No results for path|Missing property/);
  await assert.rejects(session.evaluate('$nope.x'), /\$nope is not defined/);
});

test('setVariable edits the input before the state runs, is refused elsewhere, and survives step back', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks }, async () => {
    await session.dc.setBreakpointsRequest({
      source: { path: NESTED.file },
      breakpoints: [{ line: lineOf('"Double": {', NESTED.text) }, { line: lineOf('"Left": {', NESTED.text) }],
    });
  });
  const atDouble = await session.stopped();
  const frame = await session.top(atDouble.body.threadId);
  const [stateScope, variablesScope, contextScope] = await session.scopes(frame.id);
  const set = await session.dc.setVariableRequest({
    variablesReference: stateScope?.variablesReference ?? 0,
    name: 'input',
    value: '{"n": 10, "tags": ["a"]}',
  });
  assert.equal(set.body.value, '{n: 10, tags: […]}');
  // A nested edit through the tree.
  const input = await session.variables(stateScope?.variablesReference ?? 0);
  const inputFields = await session.variables(input[0]?.variablesReference ?? 0);
  const tags = inputFields.find((v) => v.name === 'tags');
  await session.dc.setVariableRequest({
    variablesReference: tags?.variablesReference ?? 0,
    name: '0',
    value: '"edited"',
  });
  assert.equal((await session.evaluate('$')).result, '{"n":10,"tags":["edited"]}');
  await assert.rejects(
    session.dc.setVariableRequest({
      variablesReference: stateScope?.variablesReference ?? 0,
      name: 'input',
      value: 'not json',
    }),
    /not a JSON value/,
  );
  // Numbers past JSON's range would show (and run) as null: refused, and the value stays as it was.
  for (const [value, message] of [
    [
      '1e999',
      /'1e999' is out of the range of JSON numbers \(at most ±1\.7976931348623157e\+308\); it would become null/,
    ],
    ['{"n": -1e999}', /'\{"n": -1e999\}' holds a number out of the range of JSON numbers/],
    ['[1, [2e400]]', /'\[1, \[2e400\]\]' holds a number out of the range of JSON numbers/],
  ] as const) {
    await assert.rejects(
      session.dc.setVariableRequest({
        variablesReference: stateScope?.variablesReference ?? 0,
        name: 'input',
        value,
      }),
      message,
    );
  }
  assert.equal((await session.evaluate('$')).result, '{"n":10,"tags":["edited"]}');
  await assert.rejects(
    session.dc.setVariableRequest({
      variablesReference: contextScope?.variablesReference ?? 0,
      name: 'State',
      value: '{}',
    }),
    /read-only/,
  );
  assert.ok(variablesScope);

  // Double's Parameters wrap its (edited) input; Left receives that.
  const toLeft = session.stopped();
  await session.dc.continueRequest({ threadId: atDouble.body.threadId });
  const atLeft = await toLeft;
  assert.equal((await session.evaluate('$.value')).result, '{"n":10,"tags":["edited"]}');
  // Stopped before Left, the Parallel's input is not editable any more.
  const frames = await session.stack(atLeft.body.threadId);
  const fanoutScopes = await session.scopes(frames[1]?.id ?? 0);
  await assert.rejects(
    session.dc.setVariableRequest({
      variablesReference: fanoutScopes[0]?.variablesReference ?? 0,
      name: 'input',
      value: '1',
    }),
    /Only the input of the state the execution is stopped before/,
  );

  // Step back to Fanout and forward again: the edit made at Double is replayed.
  const back = session.stopped();
  await session.dc.stepBackRequest({ threadId: atLeft.body.threadId });
  const atFanout = await back;
  assert.equal(await session.where(atFanout.body.threadId), 'Fanout (Parallel)');
  assert.equal((await session.evaluate('$.value.n')).result, '10');
});

test('setVariable changes workflow variables before the state runs, and the run goes on with them', async () => {
  const session = await adapter.start();
  await session.launch({ definition: fixture('variables.asl.json'), input: {} }, async () => {
    await session.dc.setFunctionBreakpointsRequest({ breakpoints: [{ name: 'Check' }, { name: 'Finish' }] });
  });
  const atCheck = await session.stopped();
  const frame = await session.top(atCheck.body.threadId);
  const variablesRef = (await session.scopes(frame.id))[1]?.variablesReference ?? 0;
  const set = await session.dc.setVariableRequest({
    variablesReference: variablesRef,
    name: 'attempts',
    value: '5',
  });
  assert.equal(set.body.value, '5');
  // A nested edit through the tree.
  const customer = (await session.variables(variablesRef)).find((v) => v.name === 'customer');
  await session.dc.setVariableRequest({
    variablesReference: customer?.variablesReference ?? 0,
    name: 'tier',
    value: '"platinum"',
  });
  assert.equal((await session.evaluate('$customer.tier')).result, '"platinum"');

  // Finish sees what the engine now holds: the edits were applied when Check ran.
  const toFinish = session.stopped();
  await session.dc.continueRequest({ threadId: atCheck.body.threadId });
  const atFinish = await toFinish;
  assert.equal(await session.where(atFinish.body.threadId), 'Finish (Succeed)');
  assert.equal((await session.evaluate('$attempts')).result, '5');
  assert.equal((await session.evaluate('$customer')).result, '{"name":"Ada","tier":"platinum"}');
  const ended = session.next('terminated');
  await session.dc.continueRequest({ threadId: atFinish.body.threadId });
  await ended;
});

test('custom events report each state status for the graph, and transitions go to the debug console', async () => {
  const session = await adapter.start();
  await session.launch({ definition: NESTED.file, mocks: NESTED.mocks });
  await session.next('terminated');
  const statuses = session.custom.flatMap((e) =>
    e.type === 'stateStatus' ? [`${e.state}:${e.status}`] : [],
  );
  assert.deepEqual(statuses.slice(0, 4), [
    'Prepare:entered',
    'Prepare:succeeded',
    'ProcessItems:entered',
    'Double:entered',
  ]);
  assert.equal(statuses.filter((s) => s === 'Right:succeeded').length, 3);
  const prepared = session.custom.find(
    (e) => e.type === 'stateStatus' && e.state === 'Prepare' && e.status === 'succeeded',
  );
  assert.deepEqual(
    prepared && prepared.type === 'stateStatus' ? [prepared.next, prepared.definitionPath] : [],
    ['ProcessItems', ['States', 'Prepare']],
  );
  const right = session.custom.find((e) => e.type === 'stateStatus' && e.state === 'Right');
  assert.deepEqual(right && right.type === 'stateStatus' ? right.scope : [], [
    { state: 'ProcessItems', kind: 'iteration', index: 0 },
    { state: 'Fanout', kind: 'branch', index: 1 },
  ]);
  const ended = session.custom.find((e) => e.type === 'runEnded');
  assert.equal(ended?.type === 'runEnded' ? ended.status : '', 'SUCCEEDED');
  const log = session.output.join('');
  assert.ok(log.includes('Prepare → ProcessItems\n'), log);
  assert.ok(log.includes('[Map ProcessItems [0]] Double → Fanout\n'), log);
  assert.ok(log.includes('[Parallel Fanout [1]] Right ✓ (end)\n'), log);
});
