// Validation before a run: execute()/startExecution() refuse a machine AWS would reject with a
// DefinitionError naming every error diagnostic; warnings never stop a run; `validate: false` opts
// out; the verdict is remembered per object and per text.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DefinitionError, formatDefinitionDiagnostic } from '../errors';
import { execute, startExecution } from '../interpreter';
import type { JsonObject } from '../json';
import { parseDocument } from '../parse';
import { assertRunnable, definitionErrors, definitionWarnings, loadRunnableDefinition } from './beforeRun';
import { validateDocument } from './index';

/** What AWS's CreateStateMachine refuses: a field-name typo, an unknown Resource action. */
function typoMachine(): JsonObject {
  return {
    StartAt: 'Reserve',
    States: {
      Reserve: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invok',
        Parameters: { FunctionName: 'reserve', 'Payload.$': '$' },
        Nxt: 'Done',
      },
      Done: { Type: 'Succeed' },
    },
  };
}

const mocks = { Reserve: [{ Return: { Payload: {} } }] };

describe('validation before a run', () => {
  test('execute() rejects with DefinitionError carrying every error diagnostic; nothing runs', async () => {
    const events: string[] = [];
    const error = await execute(typoMachine(), {
      mocks,
      observer: { onEvent: (e) => events.push(e.type) },
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof DefinitionError, `expected a DefinitionError, got ${String(error)}`);
    assert.equal(error.code, 'E_INVALID_DEFINITION');
    assert.deepEqual(
      error.diagnostics.map((d) => d.code),
      ['ASL110', 'ASL114', 'ASL102', 'ASL203'],
    );
    assert.deepEqual(error.diagnostics[2]?.path, ['States', 'Reserve', 'Nxt']);
    assert.equal(
      formatDefinitionDiagnostic(error.diagnostics[2]!),
      '$.States.Reserve.Nxt ASL102 "Nxt" is not a field of a Task state; did you mean "Next"?',
    );
    assert.deepEqual(events, [], 'no event: the execution never started');
  });

  test('startExecution() throws before returning a handle', () => {
    assert.throws(() => startExecution(typoMachine(), { mocks }), DefinitionError);
  });

  test('a Next to nowhere is refused; the same text is located by line and column', () => {
    const text =
      '{\n  "StartAt": "A",\n  "States": {\n    "A": { "Type": "Pass", "Next": "Nowhere" }\n  }\n}\n';
    assert.throws(
      () => loadRunnableDefinition(text, 'm.asl.json'),
      (e: unknown) => {
        assert.ok(e instanceof DefinitionError);
        const d = e.diagnostics.find((x) => x.code === 'ASL201');
        assert.equal(d?.file, 'm.asl.json');
        assert.match(formatDefinitionDiagnostic(d!), /^m\.asl\.json:4:\d+ ASL201 /);
        assert.match(e.format(), /AWS would reject this state machine \(\d errors?\):\n {2}m\.asl\.json:/);
        return true;
      },
    );
  });

  test('a syntax error is E_PARSE, with or without validation', () => {
    for (const validate of [true, false]) {
      assert.throws(
        () => loadRunnableDefinition('{ "StartAt": ', 'x.asl.json', { validate }),
        (e: unknown) =>
          e instanceof DefinitionError && e.code === 'E_PARSE' && e.diagnostics[0]?.code === 'ASL001',
      );
    }
  });

  test('warnings never stop a run', async () => {
    // ASL115: a Resource that is not an ARN is a warning (a placeholder may fill it in).
    const machine = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'my-function', End: true } } };
    // The validator really warns about this machine, and gives it no error.
    const validated = validateDocument(parseDocument(JSON.stringify(machine)));
    assert.deepEqual(
      validated.map((d) => `${d.severity} ${d.code}`),
      ['warning ASL115'],
    );
    assert.deepEqual(
      definitionWarnings(JSON.stringify(machine)).map((d) => [d.code, d.path]),
      [['ASL115', ['States', 'T', 'Resource']]],
    );
    assert.deepEqual(definitionErrors(machine), []);
    // And the run goes ahead: the Task is called and its mocked result is the output.
    const result = await execute(machine, { mocks: { T: { Return: { ran: true } } } });
    assert.equal(result.status, 'SUCCEEDED');
    assert.deepEqual(result.output, { ran: true });
    assert.deepEqual(result.states, ['T']);
    assert.ok(result.events.some((e) => e.type === 'TaskSucceeded'));
  });

  test('validate: false runs what AWS would reject', async () => {
    const result = await execute(typoMachine(), { mocks, validate: false });
    assert.equal(result.status, 'SUCCEEDED');
  });

  test('the verdict is remembered per object and per text', () => {
    const machine = typoMachine();
    const first = definitionErrors(machine);
    assert.equal(definitionErrors(machine), first, 'same object, same verdict (not validated again)');
    assert.notEqual(definitionErrors(typoMachine()), first, 'another object is validated on its own');
    const text = JSON.stringify(machine);
    const fromText = definitionErrors(text);
    assert.equal(definitionErrors(`${text}`), fromText, 'the same text is validated once');
    assert.throws(() => assertRunnable(text), DefinitionError);
  });

  test('an object loaded for a run is remembered as checked', () => {
    const text = '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}';
    const definition = loadRunnableDefinition(text, 'ok.asl.json');
    assert.deepEqual(definitionErrors(definition), []);
  });
});
