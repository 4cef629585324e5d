// The language server through a real LSP client over stdio: diagnostics on open and edit (debounced),
// completion, hover, definition, references and rename (editing features are in editing.test.ts).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, Hover, Location, WorkspaceEdit } from 'vscode-languageserver/node';
import { validate } from '../../core/validate';
import { LspTestClient } from './client';
import { ORDER_MACHINE, ORDER_YAML, applyWorkspaceEdit, positionOf } from './fixtures';

const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label);

describe('language server over stdio', () => {
  let client: LspTestClient;
  let counter = 0;
  const nextUri = (ext = 'asl.json'): string => `file:///work/doc${++counter}.${ext}`;

  before(async () => {
    client = await LspTestClient.start({ debounceMs: 20 });
  });
  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0);
    assert.deepEqual(client.errors, [], 'the server logged no errors');
  });

  test('announces its features', () => {
    const caps = client.initializeResult?.capabilities;
    assert.ok(
      caps?.completionProvider && caps.hoverProvider && caps.definitionProvider && caps.referencesProvider,
    );
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.ok(
      caps.documentSymbolProvider &&
        caps.foldingRangeProvider &&
        caps.documentFormattingProvider &&
        caps.codeActionProvider,
    );
  });

  test('publishes an empty list for a valid definition and for a JSON file that is not a state machine', async () => {
    const valid = await client.open(nextUri(), ORDER_MACHINE);
    assert.deepEqual(valid.diagnostics, []);
    assert.equal(valid.version, 1);
    const other = await client.open('file:///work/package.json', '{"name": "x", "States": 3', 'json');
    assert.deepEqual(other.diagnostics, []);
  });

  test('a plain JSON file with States but no StartAt is a state machine, as for the CLI; a States list is not', async () => {
    // The disagreeing case of the old rules: the CLI said ASL101, the editor said nothing.
    const text = '{"States": {"Done": {"Type": "Succeed"}}}';
    const onlyStates = await client.open('file:///work/flow.json', text, 'json');
    const cli = validate(text, { fileName: '/work/flow.json', force: true });
    assert.deepEqual(
      onlyStates.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      cli.map((d) => [d.code, d.range.start.line, d.range.start.character]),
    );
    assert.ok(cli.some((d) => d.code === 'ASL101' && /StartAt/.test(d.message)));
    const usStates = await client.open('file:///work/us.json', '{"States": ["CA", "NY"]}', 'json');
    assert.deepEqual(usStates.diagnostics, []);
  });

  test('reports a missing target with its code, exact range and fix, then clears it after an edit', async () => {
    const uri = nextUri();
    const broken = ORDER_MACHINE.replace('"Next": "IsValid"', '"Next": "IsVald"');
    const published = await client.open(uri, broken);
    const missing = published.diagnostics.find((d) => d.code === 'ASL201');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    assert.equal(missing.severity, 1);
    assert.equal(missing.source, 'stepthrough');
    assert.deepEqual(missing.range.start, positionOf(broken, '"IsVald"'));
    assert.deepEqual(missing.range.end, positionOf(broken, '"IsVald"', '"IsVald"'.length));
    assert.match(
      typeof missing.message === 'string' ? missing.message : missing.message.value,
      /did you mean "IsValid"/,
    );
    // An incremental edit that fixes the name: the new version's diagnostics are empty.
    const start = positionOf(broken, 'IsVald');
    const version = await client.change(uri, [
      { range: { start, end: { line: start.line, character: start.character + 6 } }, text: 'IsValid' },
    ]);
    const fixed = await client.nextDiagnostics(uri, version);
    assert.deepEqual(fixed.diagnostics, []);
    // Closing clears the editor's list.
    const closed = await client.close(uri);
    assert.deepEqual(closed.diagnostics, []);
  });

  test('matches core validate() for the same text', async () => {
    const uri = nextUri();
    const text = ORDER_MACHINE.replace(
      '"End": true\n    },\n    "Failed"',
      '"End": false\n    },\n    "Failed"',
    ).replace('"Default": "Failed"', '"Default": "Nowhere"');
    const published = await client.open(uri, text);
    const expected = validate(text, { fileName: 'doc.asl.json' });
    assert.ok(expected.length >= 2);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.range, d.message]),
      expected.map((d) => [d.code, d.range, d.message]),
    );
  });

  test('completes field names by state type, and states, values, ARNs, intrinsics and $states in strings', async () => {
    const uri = nextUri();
    const text = ORDER_MACHINE.replace(
      '"Type": "Fail", "Error": "OrderFailed"',
      '"Type": "Fail", "Error": "OrderFailed", ""',
    );
    await client.open(uri, text);
    const complete = (marker: string, delta: number, nth = 0): Promise<CompletionItem[]> =>
      client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, marker, delta, nth),
      });

    const failFields = labels(await complete('"OrderFailed", ""', '"OrderFailed", "'.length));
    assert.ok(
      failFields.includes('Cause') && failFields.includes('CausePath') && failFields.includes('Comment'),
    );
    assert.ok(!failFields.includes('Error'), 'fields already present are not offered');
    assert.ok(!failFields.includes('Resource') && !failFields.includes('Next'), 'only Fail fields');

    const nextItems = await complete('"Next": "IsValid"', '"Next": "Is'.length);
    assert.deepEqual(labels(nextItems).sort(), ['Failed', 'Fulfil', 'IsValid', 'Notify']);
    const isValid = nextItems.find((item) => item.label === 'IsValid');
    assert.equal(
      isValid?.textEdit && 'range' in isValid.textEdit ? isValid.textEdit.newText : undefined,
      '"IsValid"',
    );

    const branchStart = labels(await complete('"StartAt": "Ship"', '"StartAt": "S'.length));
    assert.deepEqual(branchStart, ['Ship'], 'StartAt of a branch offers the branch states');

    const types = labels(await complete('"Type": "Choice"', '"Type": "C'.length));
    assert.ok(types.includes('Choice') && types.includes('Map') && types.length === 8);

    const resources = labels(await complete('"arn:aws:states:::lambda:invoke"', 5));
    assert.ok(resources.includes('arn:aws:states:::sqs:sendMessage.waitForTaskToken'));
    assert.ok(resources.includes('arn:aws:states:::states:startExecution.sync:2'));

    const intrinsics = await complete("States.Format('{}'", 'States.Fo'.length);
    const format = intrinsics.find((item) => item.label === 'States.Format');
    assert.match(format?.detail ?? '', /States\.Format\(template: string, \.\.\.values: any\): string/);
    assert.ok(labels(intrinsics).includes('States.ArrayPartition'));

    const errors = labels(await complete('["States.ALL"], "MaxAttempts"', 3));
    assert.ok(errors.includes('States.Timeout') && errors.includes('States.TaskFailed'));
  });

  test('completes $states, variables and JSONata functions inside {% %}', async () => {
    const uri = nextUri();
    const text = `{
  "QueryLanguage": "JSONata",
  "StartAt": "Load",
  "States": {
    "Load": { "Type": "Pass", "Assign": { "total": 3, "items": [] }, "Next": "Use" },
    "Use": { "Type": "Pass", "Output": "{% $states.input.x + $to %}", "End": true }
  }
}`;
    await client.open(uri, text);
    const at = (marker: string, delta: number): Promise<CompletionItem[]> =>
      client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, marker, delta),
      });
    const states = labels(await at('$states.input', '$states.in'.length));
    assert.deepEqual(states.sort(), [
      '$states.context',
      '$states.errorOutput',
      '$states.input',
      '$states.result',
    ]);
    const dollar = labels(await at('$to %}', 3));
    assert.ok(dollar.includes('$total') && dollar.includes('$items'), 'variables assigned in scope');
    assert.ok(
      dollar.includes('$sum') && dollar.includes('$partition') && dollar.includes('$uuid'),
      'JSONata and AWS functions',
    );
    const useFields = labels(await at('"Output": "{%', 1));
    assert.ok(
      !useFields.includes('Parameters') && !useFields.includes('ResultPath'),
      'no JSONPath-only fields in a JSONata state',
    );
  });

  test('hover documents fields and states: type, what enters, where it goes', async () => {
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const hover = (marker: string, delta: number, nth = 0): Promise<Hover | null> =>
      client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(ORDER_MACHINE, marker, delta, nth),
      });
    const failed = await hover('"Failed": {', 2);
    const value = (h: Hover | null): string =>
      h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    assert.match(value(failed), /Failed.*Fail state/);
    assert.match(value(failed), /Enters from:.*`Validate` \(Catch States\.ALL\).*`IsValid` \(Default\)/);
    const validateHover = value(await hover('"Validate": {', 2));
    assert.match(validateHover, /start of the state machine/);
    assert.match(validateHover, /Goes to:.*`IsValid`.*`Failed` \(on States\.ALL\)/);
    assert.match(validateHover, /Retries:.*States\.ALL up to 2×/);
    assert.match(value(await hover('"ItemProcessor"', 3)), /states run for each item/);
    assert.match(value(await hover('"Next": "Fulfil"', '"Next": "F'.length)), /Fulfil.*Parallel state/);
  });

  test('go to definition, find references', async () => {
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const definition = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri },
      position: positionOf(ORDER_MACHINE, '"Default": "Failed"', '"Default": "F'.length),
    });
    assert.equal(definition.length, 1);
    assert.deepEqual(definition[0]?.range.start, positionOf(ORDER_MACHINE, '"Failed": {'));
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(ORDER_MACHINE, '"Failed": {', 2),
      context: { includeDeclaration: true },
    });
    assert.equal(references.length, 3, 'the name, the Catch Next and the Default');
  });

  test('rename moves every reference, in JSON and YAML; a clash is refused', async () => {
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri },
      position: positionOf(ORDER_MACHINE, '"Failed"', 3, 1),
      newName: 'Order "rejected"',
    });
    const renamed = applyWorkspaceEdit(ORDER_MACHINE, uri, edit);
    assert.equal(renamed.split('"Order \\"rejected\\""').length - 1, 3);
    assert.ok(!renamed.includes('"Failed"'));
    assert.deepEqual(validate(renamed, { fileName: 'x.asl.json' }), []);
    await assert.rejects(
      client.request('textDocument/rename', {
        textDocument: { uri },
        position: positionOf(ORDER_MACHINE, '"Failed"', 3),
        newName: 'IsValid',
      }),
      /already a state named "IsValid"/,
    );
    const prepared = await client.request<{ placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri },
      position: positionOf(ORDER_MACHINE, '"Ship"', 2, 1),
    });
    assert.equal(prepared.placeholder, 'Ship');

    const yamlUri = nextUri('asl.yaml');
    await client.open(yamlUri, ORDER_YAML, 'asl-yaml');
    const yamlEdit = await client.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: yamlUri },
      position: positionOf(ORDER_YAML, 'Done', 1),
      newName: 'All done: yes',
    });
    const yamlRenamed = applyWorkspaceEdit(ORDER_YAML, yamlUri, yamlEdit);
    assert.match(yamlRenamed, /Next: "All done: yes"\n {2}"All done: yes":\n/);
    assert.deepEqual(validate(yamlRenamed, { fileName: 'x.asl.yaml' }), []);
  });
});
