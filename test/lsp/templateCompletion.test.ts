// Completion inside a template's inline state machine, through a real LSP client: a SAM template's
// YAML Definition gets the fields of the state under the cursor, state types and the names Next may
// take, as a definition file does, with edits on the template's own lines; elsewhere in the template
// (the function's properties, the resource's own keys) nothing is offered.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList } from 'vscode-languageserver/node';
import { LspTestClient } from './client';

/** A SAM app: a function and a state machine written inline, with a blank line among Charge's fields. */
const WITH_BLANK = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
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
            
            Next: Done
          Done:
            Type: Pass
            End: true
`;

describe("completion in a template's inline definition (language server)", () => {
  let client: LspTestClient;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'stepthrough-lsp-template-completion-'));
    client = await LspTestClient.start({ debounceMs: 10 });
  });
  after(async () => {
    assert.equal(await client.stop(), 0);
    assert.deepEqual(client.errors, [], 'the server logged no errors');
    rmSync(folder, { recursive: true, force: true });
  });

  test('offers what a definition file offers, on the template lines; nothing outside the machine', async () => {
    const uri = pathToFileURL(join(folder, 'template.yaml')).toString();
    await client.open(uri, WITH_BLANK, 'yaml');
    const lines = WITH_BLANK.split('\n');
    const at = (needle: string, delta: number): { line: number; character: number } => {
      const line = lines.findIndex((l) => l.includes(needle));
      assert.ok(line >= 0, needle);
      return { line, character: (lines[line] ?? '').indexOf(needle) + delta };
    };
    const complete = async (position: { line: number; character: number }): Promise<CompletionItem[]> => {
      const result = await client.request<CompletionItem[] | CompletionList | null>(
        'textDocument/completion',
        {
          textDocument: { uri },
          position,
        },
      );
      return Array.isArray(result) ? result : (result?.items ?? []);
    };
    const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

    // A blank line among Charge's fields: a Task's fields, not those it has already.
    const blank = lines.findIndex(
      (l, i) => l.trim() === '' && (lines[i - 1] ?? '').includes('Resource: !GetAtt'),
    );
    const fields = await complete({ line: blank, character: 12 });
    assert.ok(labels(fields).includes('Retry'), JSON.stringify(labels(fields)));
    assert.ok(labels(fields).includes('Catch'));
    assert.ok(labels(fields).includes('TimeoutSeconds'));
    assert.ok(!labels(fields).includes('Resource'), 'Charge has a Resource already');
    assert.ok(!labels(fields).includes('Next'), 'and a Next');
    assert.ok(!labels(fields).includes('Choices'), 'not a Choice field');
    const retry = fields.find((i) => i.label === 'Retry');
    const edit = retry?.textEdit;
    assert.ok(edit && 'range' in edit, JSON.stringify(retry));
    assert.equal(edit.range.start.line, blank, "the edit is on the template's line");

    // The value of Type: the state types; the value of Next: the states of the machine.
    const types = labels(await complete(at('Type: Pass', 'Type: '.length)));
    assert.ok(
      types.includes('Task') && types.includes('Choice') && types.includes('Map'),
      JSON.stringify(types),
    );
    const targets = labels(await complete(at('Next: Done', 'Next: '.length)));
    assert.deepEqual(targets, ['Done'], 'the other states (a state does not go to itself)');

    // Outside the machine: the function's properties and the resource's own keys.
    assert.deepEqual(labels(await complete(at('Handler: index.handler', 'Handler: '.length))), []);
    assert.deepEqual(labels(await complete(at('Runtime: nodejs20.x', 2))), []);
    assert.deepEqual(labels(await complete(at('Type: AWS::Serverless::StateMachine', 'Type: '.length))), []);
  });
});
