// State machines inside templates, through a real LSP client: a SAM template's inline YAML definition gets
// its diagnostics on the template's own lines (and nothing elsewhere in the template), the server lists the
// template's machines for the lenses and answers state questions in template lines, a template with no
// state machine gets no diagnostics, a half-typed template never breaks the server, and a DefinitionUri file
// is validated as the template resolves it (its substitutions known).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  STEPTHROUGH_REQUEST_METHOD,
  type StepthroughRequest,
  type StepthroughResponse,
} from '../../server/protocol';
import { validate } from '../../core/validate';
import type { Hover } from 'vscode-languageserver/node';
import { LspTestClient } from './client';

/** A SAM app with one function and a state machine whose inline definition has a typo (`Nxt`). */
export const SAM_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: Orders

Resources:
  OrderFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
  OrderFlow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Charge
        States:
          Charge:
            Type: Task
            Resource: !GetAtt OrderFn.Arn
            Nxt: Done
          Done:
            Type: Pass
            End: true
`;

const lineOf = (text: string, needle: string): number => {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return text.slice(0, at).split('\n').length - 1;
};

describe('state machines in templates (language server)', () => {
  let client: LspTestClient;
  let folder: string;
  const ask = (body: StepthroughRequest): Promise<StepthroughResponse> =>
    client.request<StepthroughResponse>(STEPTHROUGH_REQUEST_METHOD, body);

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'stepthrough-lsp-templates-'));
    client = await LspTestClient.start({ debounceMs: 10 });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.deepEqual(client.errors, [], 'the server logged no errors');
    rmSync(folder, { recursive: true, force: true });
  });

  test("a typo in an inline YAML definition is reported on the template's line, nothing else in the template is", async () => {
    const uri = pathToFileURL(join(folder, 'template.yaml')).toString();
    const { diagnostics } = await client.open(uri, SAM_TEMPLATE, 'yaml');
    const typo = diagnostics.find((d) => d.code === 'ASL102');
    assert.ok(typo, JSON.stringify(diagnostics));
    assert.match(String(typo.message), /"Nxt" is not a field of a Task state; did you mean "Next"\?/);
    assert.equal(typo.range.start.line, lineOf(SAM_TEMPLATE, 'Nxt: Done'));
    assert.equal(typo.range.start.character, 12);
    // The machine's other problem (no Next/End, Done unreachable) is on its states' lines; nothing lands on
    // the template's non-definition lines (Transform, the function, the resource's Type).
    const first = lineOf(SAM_TEMPLATE, 'StartAt: Charge');
    for (const d of diagnostics)
      assert.ok(d.range.start.line >= first, `${d.code} on line ${d.range.start.line}`);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]).sort(),
      [
        ['ASL102', lineOf(SAM_TEMPLATE, 'Nxt: Done')],
        ['ASL110', lineOf(SAM_TEMPLATE, 'Charge:')],
        ['ASL203', lineOf(SAM_TEMPLATE, 'Done:')],
      ].sort(),
    );
    // The same codes the CLI gives for the definition on its own.
    const standalone = validate(
      JSON.stringify({
        StartAt: 'Charge',
        States: {
          Charge: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', Nxt: 'Done' },
          Done: { Type: 'Pass', End: true },
        },
      }),
    );
    assert.deepEqual(standalone.map((d) => d.code).sort(), ['ASL102', 'ASL110', 'ASL203']);

    // Fixed: the diagnostics go away.
    const fixed = await client.replace(uri, SAM_TEMPLATE.replace('Nxt: Done', 'Next: Done'));
    assert.deepEqual(fixed.diagnostics, []);
  });

  test('the server lists the machines of a template and answers state questions in template lines', async () => {
    const uri = pathToFileURL(join(folder, 'lenses.yaml')).toString();
    await client.open(uri, SAM_TEMPLATE, 'yaml');
    const describeAnswer = await ask({ type: 'describe', uri });
    assert.deepEqual(describeAnswer, {
      type: 'describe',
      isStateMachine: false,
      isTemplate: true,
      startAt: null,
    });
    const listed = await ask({ type: 'templateMachines', uri });
    assert.equal(listed.type, 'templateMachines');
    if (listed.type !== 'templateMachines') return;
    assert.deepEqual(
      listed.machines.map((m) => [m.id, m.range.start.line, m.resolved, m.definitionFile]),
      [['OrderFlow', lineOf(SAM_TEMPLATE, 'OrderFlow:'), true, null]],
    );
    const lines = [lineOf(SAM_TEMPLATE, 'Resource: !GetAtt'), lineOf(SAM_TEMPLATE, 'End: true'), 2];
    const onLines = await ask({ type: 'statesOnLines', uri, lines, machine: 'OrderFlow' });
    assert.deepEqual(
      onLines.type === 'statesOnLines'
        ? onLines.states.map((s) => s && [s.name, s.nameRange.start.line])
        : onLines,
      [['Charge', lineOf(SAM_TEMPLATE, 'Charge:')], ['Done', lineOf(SAM_TEMPLATE, 'Done:')], null],
    );
    const graph = await ask({ type: 'graph', uri, machine: 'OrderFlow' });
    assert.equal(graph.type, 'graph');
    assert.deepEqual(
      graph.type === 'graph'
        ? graph.graph.nodes.flatMap((n) => (n.stateName === undefined ? [] : [n.stateName]))
        : [],
      ['Charge', 'Done'],
    );
    const unknownMachine = await ask({ type: 'graph', uri, machine: 'Nope' });
    assert.equal(unknownMachine.type, 'graphError');
  });

  test('a template with no state machine, and a YAML file that is no template, get no diagnostics', async () => {
    const bucketOnly = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '\${AWS::StackName}-data'\n      States: nope\n`;
    const uri = pathToFileURL(join(folder, 'bucket.yaml')).toString();
    assert.deepEqual((await client.open(uri, bucketOnly, 'yaml')).diagnostics, []);
    const listed = await ask({ type: 'templateMachines', uri });
    assert.deepEqual(listed, { type: 'templateMachines', machines: [] });
    const compose = pathToFileURL(join(folder, 'docker-compose.yaml')).toString();
    assert.deepEqual(
      (await client.open(compose, 'services:\n  web:\n    image: nginx\n', 'yaml')).diagnostics,
      [],
    );
    assert.deepEqual(await ask({ type: 'describe', uri: compose }), {
      type: 'describe',
      isStateMachine: false,
      isTemplate: false,
      startAt: null,
    });
  });

  test('a half-typed template never breaks the server: every prefix is answered', async () => {
    const uri = pathToFileURL(join(folder, 'typing.yaml')).toString();
    await client.open(uri, '', 'yaml');
    for (let end = 40; end <= SAM_TEMPLATE.length; end += 23) {
      const published = await client.replace(uri, SAM_TEMPLATE.slice(0, end));
      assert.ok(Array.isArray(published.diagnostics));
      const listed = await ask({ type: 'templateMachines', uri });
      assert.ok(listed.type === 'templateMachines' || listed.type === 'unknownDocument');
    }
    const last = await client.replace(uri, SAM_TEMPLATE);
    assert.ok(last.diagnostics.some((d) => d.code === 'ASL102'));
  });

  test('a DefinitionUri file is validated as the template resolves it, its diagnostics on its own lines', async () => {
    const app = join(folder, 'app');
    mkdirSync(join(app, 'statemachine'), { recursive: true });
    writeFileSync(
      join(app, 'template.yaml'),
      `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  ChargeFn:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs20.x }
  OrderFlow:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: statemachine/order.asl.json
      DefinitionSubstitutions:
        ChargeArn: !GetAtt ChargeFn.Arn
        WaitSeconds: 5
`,
    );
    const definition = `{
  "StartAt": "Charge",
  "States": {
    "Charge": { "Type": "Task", "Resource": "\${ChargeArn}", "Next": "Pause" },
    "Pause": { "Type": "Wait", "Seconds": \${WaitSeconds}, "Nxt": "Done" },
    "Done": { "Type": "Succeed" }
  }
}
`;
    const file = join(app, 'statemachine', 'order.asl.json');
    writeFileSync(file, definition);
    // On its own, the unquoted placeholder is a syntax problem and the typo is hidden behind it.
    const alone = validate(definition, { fileName: file });
    assert.ok(
      alone.some((d) => d.severity === 'error' && d.code !== 'ASL102'),
      JSON.stringify(alone),
    );
    const { diagnostics } = await client.open(pathToFileURL(file).toString(), definition, 'asl');
    // Resolved (5 in place of the placeholder), the file's real problems show, each on its own line: the
    // typo, the Wait that has no Next because of it, and the state it makes unreachable.
    const pause = lineOf(definition, '"Pause": {');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [
        ['ASL110', pause, 4],
        ['ASL102', pause, definition.split('\n')[pause]?.indexOf('"Nxt"')],
        ['ASL203', lineOf(definition, '"Done": {'), 4],
      ],
      JSON.stringify(diagnostics),
    );
    // A substitution the template does not give is a located warning in the file, the literal kept.
    const unbound = definition.replace('${ChargeArn}', '${PaymentArn}');
    const second = await client.replace(pathToFileURL(file).toString(), unbound);
    const warning = second.diagnostics.find((d) => /PaymentArn/.test(String(d.message)));
    assert.ok(warning, JSON.stringify(second.diagnostics));
    assert.equal(warning.range.start.line, lineOf(unbound, '${PaymentArn}'));
  });
  test("hover in a template's inline definition answers as in a definition file, on the template's lines", async () => {
    const uri = pathToFileURL(join(folder, 'hover.template.yaml')).toString();
    await client.open(uri, SAM_TEMPLATE, 'yaml');
    const at = (needle: string, delta: number): { line: number; character: number } => {
      const line = lineOf(SAM_TEMPLATE, needle);
      const column = (SAM_TEMPLATE.split('\n')[line] ?? '').indexOf(needle);
      return { line, character: column + delta };
    };
    const hover = (needle: string, delta: number): Promise<Hover | null> =>
      client.request<Hover | null>('textDocument/hover', {
        textDocument: { uri },
        position: at(needle, delta),
      });
    const value = (h: Hover | null): string =>
      h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    const done = await hover('Done:', 1);
    assert.match(value(done), /Done.*Pass state/);
    assert.equal(done?.range?.start.line, lineOf(SAM_TEMPLATE, 'Done:'));
    const charge = value(await hover('Charge:', 1));
    assert.match(charge, /Charge.*Task state/);
    assert.match(charge, /start of the state machine/);
    assert.match(value(await hover('Type: Task', 'Type: T'.length)), /Task state/);
    assert.match(value(await hover('Resource: !GetAtt', 1)), /\*\*Resource\*\*/);
    // Outside every machine's definition: the function's Handler, the resource's own Type.
    assert.equal(await hover('Handler: index.handler', 2), null);
    assert.equal(await hover('Type: AWS::Serverless::StateMachine', 8), null);
  });
});
