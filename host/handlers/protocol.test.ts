// The worker protocol: the Python worker's table of messages and context fields agrees with the one
// declared in protocol.ts; lines that are not the protocol are refused, and a worker that writes one
// is stopped with a clear Task failure instead of being waited on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { execute } from '../../core';
import { parseHandlers, type HandlerProblem } from '../../core/handlers';
import { HandlerHost } from './host';
import { INVOCATION_CONTEXT_FIELDS, parseWorkerMessage, WORKER_MESSAGE_FIELDS } from './protocol';
import { findPython, pythonWorkerFile } from './runtimes';

test('the Python worker mirrors the protocol declared in protocol.ts', async () => {
  const python = await findPython();
  const described = spawnSync(python.command, [pythonWorkerFile(), '--describe-protocol'], {
    encoding: 'utf8',
  });
  assert.equal(described.status, 0, described.stderr);
  const table = JSON.parse(described.stdout) as { messages: unknown; context: unknown };
  assert.deepEqual(table.messages, WORKER_MESSAGE_FIELDS);
  assert.deepEqual(table.context, INVOCATION_CONTEXT_FIELDS);
});

test('parseWorkerMessage accepts the protocol and nothing else', () => {
  assert.deepEqual(parseWorkerMessage('{"type":"result","id":1,"value":null}'), {
    type: 'result',
    id: 1,
    value: null,
  });
  for (const line of [
    'not json',
    '[]',
    '{"type":"invoke","id":1}',
    '{"type":"result","value":1}',
    '{"type":"result","id":"1","value":1}',
    '{"type":"error","id":1,"error":{"errorType":"X"},"text":""}',
    '{"type":"error","id":1,"error":{"errorType":"X","errorMessage":"m"}}',
    '{"type":"initError","error":null}',
    '{"type":"__proto__","id":1}',
  ])
    assert.equal(parseWorkerMessage(line), undefined, line);
});

test('a handler that writes garbage on the channel fails its Task at once (Lambda.Unknown), never hangs', async () => {
  const host = new HandlerHost();
  try {
    const problems: HandlerProblem[] = [];
    const parsed = parseHandlers({ Charge: './node/scribble.js' }, problems);
    assert.ok(!parsed.auto);
    for (const spec of Object.values(parsed.handlers))
      spec.baseDir = resolve(__dirname, '../../test/handlers/fixtures');
    const definition = {
      StartAt: 'Charge',
      States: {
        Charge: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'f' },
          End: true,
        },
      },
    };
    // A Task timeout far beyond the test: the failure comes from the garbage, not from a clock.
    const result = await execute(
      { ...definition, States: { Charge: { ...definition.States.Charge, TimeoutSeconds: 3600 } } },
      { taskHandlers: await host.forRun({ handlers: parsed.handlers }) },
    );
    assert.equal(result.error, 'Lambda.Unknown');
    assert.match(result.cause ?? '', /a line that is not the protocol: this is not the protocol/);
  } finally {
    await host.close();
  }
});
