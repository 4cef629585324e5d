// The language server through a real LSP client over stdio, editing features: quick fixes (code actions),
// symbols, folding, formatting, YAML documents, debouncing, the role policy setting, the custom request and
// requests nobody can answer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type {
  CodeAction,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  TextEdit,
} from 'vscode-languageserver/node';
import { validate } from '../../core/validate';
import { buildGraphModelFromDocument, type GraphModel } from '../../core/graph/model';
import { parseDocument } from '../../core/parse';
import { STEPTHROUGH_REQUEST_METHOD, type StepthroughRequest } from '../../server/protocol';
import { LspTestClient } from './client';
import { ORDER_MACHINE, ORDER_YAML, applyEdits, applyWorkspaceEdit, positionOf } from './fixtures';

const labels = (items: CompletionItem[]): string[] => items.map((item) => item.label);

describe('language server over stdio: editing', () => {
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

  test('quick fixes: did you mean, create the state, missing End, States.ALL last', async () => {
    const uri = nextUri();
    const text = ORDER_MACHINE.replace('"Next": "IsValid"', '"Next": "IsVald"')
      .replace('"Default": "Failed"', '"Default": "Refund"')
      .replace(
        '"Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 2 }]',
        '"Retry": [{ "ErrorEquals": ["States.ALL"] }, { "ErrorEquals": ["States.Timeout"] }]',
      )
      .replace('{ "Send": { "Type": "Pass", "End": true } }', '{ "Send": { "Type": "Pass" } }');
    const published = await client.open(uri, text);
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(
      ['ASL201', 'ASL130', 'ASL110'].every((code) => codes.includes(code)),
      codes.join(' '),
    );
    const actionsFor = async (code: string, nth = 0): Promise<CodeAction[]> => {
      const diagnostic = published.diagnostics.filter((d) => d.code === code)[nth];
      assert.ok(diagnostic, code);
      return client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'] },
      });
    };
    const apply = (action: CodeAction | undefined): string => {
      assert.ok(action?.edit, 'the action carries an edit');
      return applyWorkspaceEdit(text, uri, action.edit);
    };
    const typo = await actionsFor('ASL201', 0);
    const change = typo.find((a) => a.title === 'Change to "IsValid"');
    assert.equal(change?.isPreferred, true);
    assert.equal(change?.kind, 'quickfix');
    assert.ok(!validate(apply(change), { fileName: 'x.asl.json' }).some((d) => d.message.includes('IsVald')));

    const refund = await actionsFor('ASL201', 1);
    const create = refund.find((a) => a.title === 'Create state "Refund"');
    const created = apply(create);
    assert.ok(
      !validate(created, { fileName: 'x.asl.json' }).some(
        (d) => d.code === 'ASL201' && d.message.includes('Refund'),
      ),
    );
    assert.match(created, /"Refund": \{\n {6}"Type": "Pass",\n {6}"End": true\n {4}\}\n {2}\}\n\}/);

    const moved = apply((await actionsFor('ASL130'))[0]);
    assert.match(
      moved,
      /"Retry": \[\{ "ErrorEquals": \["States.Timeout"\] \}, \{ "ErrorEquals": \["States.ALL"\] \}\]/,
    );
    assert.ok(!validate(moved, { fileName: 'x.asl.json' }).some((d) => d.code === 'ASL130'));

    const ended = apply((await actionsFor('ASL110')).find((a) => a.title === 'Add "End": true'));
    assert.match(ended, /"Send": \{ "Type": "Pass", "End": true \}/);
    assert.ok(!validate(ended, { fileName: 'x.asl.json' }).some((d) => d.code === 'ASL110'));
  });

  test('document symbols nest branches and Map states; folding ranges', async () => {
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    const shape = (list: DocumentSymbol[]): unknown[] =>
      list.map((s) => (s.children?.length ? [s.name, shape(s.children)] : s.name));
    assert.deepEqual(shape(symbols), [
      'Validate',
      'IsValid',
      [
        'Fulfil',
        [
          ['Branch 1', ['Ship']],
          ['Branch 2', ['Bill']],
        ],
      ],
      ['Notify', ['Send']],
      'Failed',
    ]);
    assert.equal(symbols[0]?.detail, 'Task');
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', {
      textDocument: { uri },
    });
    const lines = ORDER_MACHINE.split('\n');
    assert.ok(
      folds.some((f) => f.startLine === 0 && f.endLine === lines.length - 3),
      'the whole definition',
    );
    assert.ok(
      folds.some((f) => lines[f.startLine]?.includes('"Branches"')),
      'the Branches array',
    );
  });

  test('formats JSON without changing its value, and leaves broken JSON alone', async () => {
    const uri = nextUri();
    const compact = JSON.stringify(JSON.parse(ORDER_MACHINE));
    await client.open(uri, compact);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    const formatted = applyEdits(compact, edits);
    assert.deepEqual(JSON.parse(formatted), JSON.parse(ORDER_MACHINE));
    assert.match(
      formatted,
      /^\{\n {2}"Comment": "Order processing",\n {2}"StartAt": "Validate",\n {2}"States": \{\n {4}"Validate": \{\n/,
    );
    assert.match(formatted, /"ErrorEquals": \["States.ALL"\]/);
    const brokenUri = nextUri();
    await client.open(brokenUri, '{"StartAt": "A", "States": {');
    const none = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri: brokenUri },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(none, []);
  });

  test('YAML documents: diagnostics, completion and hover', async () => {
    const uri = nextUri('asl.yaml');
    const text = ORDER_YAML.replace('Next: Done', 'Next: Don');
    const published = await client.open(uri, text, 'asl-yaml');
    assert.deepEqual(
      published.diagnostics.filter((d) => d.severity === 1).map((d) => d.code),
      ['ASL201', 'ASL203'],
    );
    const completion = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(text, 'Next: Don', 'Next: Do'.length),
    });
    const done = completion.find((item) => item.label === 'Done');
    assert.equal(done?.textEdit && 'newText' in done.textEdit ? done.textEdit.newText : undefined, 'Done');
    const keys = labels(
      await client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, '    Next: Don'),
      }),
    );
    assert.ok(keys.includes('TimeoutSeconds') && keys.includes('Retry'));
    const hover = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, 'Resource:', 2),
    });
    assert.match(
      hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '',
      /What the task runs/,
    );
  });

  test('debounces changes: nothing is published until the document is quiet', async () => {
    const slow = await LspTestClient.start({ debounceMs: 10_000 });
    try {
      const uri = nextUri();
      await slow.open(uri, ORDER_MACHINE);
      await slow.change(uri, [{ text: '{' }]);
      await slow.change(uri, [{ text: '{"StartAt": 1' }]);
      // A request answered after both changes were handled: no diagnostics for them yet.
      await slow.request('stepthrough/request', { type: 'describe', uri });
      assert.deepEqual(
        slow.allPublished.map((p) => p.version),
        [1],
      );
      const closed = await slow.close(uri);
      assert.deepEqual(closed.diagnostics, []);
    } finally {
      await slow.stop();
    }
  });

  test('a role policy setting adds IAM001 warnings on Tasks it does not allow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-role-'));
    try {
      const deny = join(dir, 'deny.json');
      writeFileSync(
        deny,
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      );
      const uri = nextUri();
      await client.open(uri, ORDER_MACHINE);
      const warned = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { stepthrough: { rolePolicy: deny } },
      });
      const warnings = (await warned).diagnostics;
      assert.deepEqual(
        warnings.map((d) => [d.code, d.severity, d.range.start]),
        [['IAM001', 2, positionOf(ORDER_MACHINE, '"Validate": {')]],
      );
      assert.match(
        typeof warnings[0]?.message === 'string' ? warnings[0].message : '',
        /lambda:InvokeFunction/,
      );
      const cleared = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { stepthrough: { rolePolicy: '' } },
      });
      assert.deepEqual((await cleared).diagnostics, []);
      // VS Code's setting name works the same; a role ARN there names no policy to check against.
      const again = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { stepthrough: { rolePolicyFile: deny } },
      });
      assert.deepEqual(
        (await again).diagnostics.map((d) => d.code),
        ['IAM001'],
      );
      const byArn = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { stepthrough: { rolePolicyFile: 'arn:aws:iam::123456789012:role/Runner' } },
      });
      assert.deepEqual((await byArn).diagnostics, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without a setting, a test file's role beside the machine adds IAM001 warnings, and follows its changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepthrough-test-role-'));
    try {
      const machine = join(dir, 'order.asl.json');
      writeFileSync(machine, ORDER_MACHINE);
      writeFileSync(
        join(dir, 'sqs-only.json'),
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      );
      // A test file for another machine is ignored, even though its role would warn too.
      writeFileSync(
        join(dir, 'a-other.sfn-test.yaml'),
        'stateMachine: other.asl.json\nrole: sqs-only.json\ncases: []\n',
      );
      const testFile = join(dir, 'order.sfn-test.yaml');
      writeFileSync(testFile, 'stateMachine: ./order.asl.json\nrole: sqs-only.json\ncases: []\n');
      const uri = pathToFileURL(machine).href;
      const opened = await client.open(uri, ORDER_MACHINE);
      assert.deepEqual(
        opened.diagnostics.map((d) => [d.code, d.severity, d.range.start]),
        [['IAM001', 2, positionOf(ORDER_MACHINE, '"Validate": {')]],
      );
      const message = opened.diagnostics[0]?.message;
      assert.match(
        typeof message === 'string' ? message : '',
        /lambda:InvokeFunction.*order\.sfn-test\.yaml/,
      );

      // The role file now allows Lambda too: the next validation (after an edit) has no warning.
      writeFileSync(
        join(dir, 'sqs-only.json'),
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: ['sqs:*', 'lambda:InvokeFunction'], Resource: '*' }],
        }),
      );
      const edited = client.nextDiagnostics(uri, 2);
      await client.change(uri, [{ text: `${ORDER_MACHINE}\n` }]);
      assert.deepEqual((await edited).diagnostics, []);

      // The test file names a role without Lambda: the client reports the change, the warning is back.
      writeFileSync(
        testFile,
        'stateMachine: order.asl.json\nrole:\n  Version: "2012-10-17"\n  Statement:\n    - {Effect: Allow, Action: "sqs:*", Resource: "*"}\ncases: []\n',
      );
      const warnedAgain = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(testFile).href, type: 2 }],
      });
      assert.deepEqual(
        (await warnedAgain).diagnostics.map((d) => d.code),
        ['IAM001'],
      );

      // The test file names a role file that does not exist yet: no role, until the file appears.
      writeFileSync(testFile, 'stateMachine: order.asl.json\nrole: later.json\ncases: []\n');
      const noRole = client.nextDiagnostics(uri);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [{ uri: pathToFileURL(testFile).href, type: 2 }],
      });
      assert.deepEqual((await noRole).diagnostics, []);
      writeFileSync(
        join(dir, 'later.json'),
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }],
        }),
      );
      const appeared = client.nextDiagnostics(uri, 3);
      await client.change(uri, [{ text: ORDER_MACHINE }]);
      assert.deepEqual(
        (await appeared).diagnostics.map((d) => d.code),
        ['IAM001'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a file URI the server cannot map to a path still gets the validator's diagnostics", async () => {
    const uri = 'file://fileserver/share/order.asl.json';
    const text = ORDER_MACHINE.replace('"Next": "IsValid"', '"Next": "IsVald"');
    const published = await client.open(uri, text);
    assert.ok(
      published.diagnostics.some((d) => d.severity === 1),
      JSON.stringify(published.diagnostics),
    );
  });

  test('custom requests: the state at a position, on lines, behind a graph node; describe; graph', async () => {
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const request = (body: StepthroughRequest): Promise<unknown> =>
      client.request(STEPTHROUGH_REQUEST_METHOD, body);
    const bill = {
      name: 'Bill',
      path: ['States', 'Fulfil', 'Branches', 1, 'States', 'Bill'],
      stateType: 'Pass',
      nameRange: {
        start: positionOf(ORDER_MACHINE, '"Bill": {'),
        end: positionOf(ORDER_MACHINE, '"Bill": {', 6),
      },
    };
    assert.deepEqual(
      await request({ type: 'stateAt', uri, position: positionOf(ORDER_MACHINE, '"Bill": {', 12) }),
      {
        type: 'stateAt',
        state: bill,
      },
    );
    const billLine = positionOf(ORDER_MACHINE, '"Bill": {').line;
    const answer = (await request({ type: 'statesOnLines', uri, lines: [billLine, 0, 9999] })) as {
      states: ({ name: string } | null)[];
    };
    assert.deepEqual(
      answer.states.map((s) => s?.name ?? null),
      ['Bill', null, null],
    );
    assert.deepEqual(await request({ type: 'findState', uri, name: 'Bill', path: bill.path }), {
      type: 'findState',
      state: bill,
    });
    assert.deepEqual(await request({ type: 'findState', uri, name: 'Bill' }), {
      type: 'findState',
      state: bill,
    });
    assert.deepEqual(await request({ type: 'findState', uri, name: 'Nope' }), {
      type: 'findState',
      state: null,
    });
    assert.deepEqual(await request({ type: 'describe', uri }), {
      type: 'describe',
      isStateMachine: true,
      startAt: {
        start: positionOf(ORDER_MACHINE, '"StartAt"'),
        end: positionOf(ORDER_MACHINE, '"Validate",', 10),
      },
    });
    const graph = (await request({ type: 'graph', uri })) as { type: string; graph: GraphModel };
    assert.equal(graph.type, 'graph');
    assert.deepEqual(
      graph.graph,
      JSON.parse(JSON.stringify(buildGraphModelFromDocument(parseDocument(ORDER_MACHINE)))),
    );

    const broken = nextUri();
    await client.open(broken, '[1, 2');
    const error = (await request({ type: 'graph', uri: broken })) as { type: string; message: string };
    assert.equal(error.type, 'graphError');
    assert.match(error.message, /^Line 1: /);

    const other = 'file:///work/notes.json';
    await client.open(other, '{"name": "x"}', 'json');
    assert.deepEqual(await request({ type: 'describe', uri: other }), {
      type: 'describe',
      isStateMachine: false,
      startAt: null,
    });
    for (const body of [
      { type: 'stateAt', uri: other, position: { line: 0, character: 1 } },
      { type: 'graph', uri: 'file:///nope.asl.json' },
      { type: 'describe', uri: 'file:///nope.asl.json' },
    ] as StepthroughRequest[]) {
      assert.deepEqual(await request(body), { type: 'unknownDocument', uri: body.uri });
    }
    // Garbage is refused as invalid parameters, and the next request is unaffected.
    for (const garbage of [{ type: 'statesOnLines', uri, lines: 'x' }, { type: 'nope', uri }, null, 'x']) {
      await assert.rejects(request(garbage as unknown as StepthroughRequest), /Not a Stepthrough request/);
    }
    assert.equal(
      ((await request({ type: 'describe', uri })) as { isStateMachine: boolean }).isStateMachine,
      true,
    );
  });

  test('answers requests on unknown documents and impossible positions with empty results', async () => {
    const unknown = {
      textDocument: { uri: 'file:///missing.asl.json' },
      position: { line: 0, character: 0 },
    };
    assert.deepEqual(await client.request('textDocument/completion', unknown), []);
    assert.equal(await client.request('textDocument/hover', unknown), null);
    const uri = nextUri();
    await client.open(uri, ORDER_MACHINE);
    const far = { textDocument: { uri }, position: { line: 9999, character: 9999 } };
    assert.deepEqual(await client.request('textDocument/definition', far), []);
    assert.equal(await client.request('textDocument/hover', far), null);
  });
});
