// Definitions and helpers shared by the language server tests: sample state machines, positions by marker,
// and applying LSP edits to text.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';

/** A valid machine with a Task, a Choice, a Parallel and a Map: most features have something to find. */
export const ORDER_MACHINE = `{
  "Comment": "Order processing",
  "StartAt": "Validate",
  "States": {
    "Validate": {
      "Type": "Task",
      "Resource": "arn:aws:states:::lambda:invoke",
      "Parameters": { "FunctionName": "validate", "Payload.$": "States.Format('{}', $.orderId)" },
      "Retry": [{ "ErrorEquals": ["States.ALL"], "MaxAttempts": 2 }],
      "Catch": [{ "ErrorEquals": ["States.ALL"], "Next": "Failed" }],
      "Next": "IsValid"
    },
    "IsValid": {
      "Type": "Choice",
      "Choices": [{ "Variable": "$.ok", "BooleanEquals": true, "Next": "Fulfil" }],
      "Default": "Failed"
    },
    "Fulfil": {
      "Type": "Parallel",
      "Branches": [
        { "StartAt": "Ship", "States": { "Ship": { "Type": "Pass", "End": true } } },
        { "StartAt": "Bill", "States": { "Bill": { "Type": "Pass", "End": true } } }
      ],
      "Next": "Notify"
    },
    "Notify": {
      "Type": "Map",
      "ItemProcessor": { "StartAt": "Send", "States": { "Send": { "Type": "Pass", "End": true } } },
      "End": true
    },
    "Failed": { "Type": "Fail", "Error": "OrderFailed" }
  }
}
`;

export const ORDER_YAML = `Comment: Order processing
StartAt: Validate
States:
  Validate:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Next: Done
  Done:
    Type: Succeed
`;

/** The position of the `nth` occurrence of `marker` in `text`, plus `delta` characters. */
export function positionOf(text: string, marker: string, delta = 0, nth = 0): Position {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(marker, index + 1);
    if (index < 0) throw new Error(`marker ${JSON.stringify(marker)} #${nth} not found`);
  }
  return TextDocument.create('file:///x', 'asl', 1, text).positionAt(index + delta);
}

export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'asl', 1, text), edits);
}

export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | null): string {
  return applyEdits(text, edit?.changes?.[uri] ?? []);
}
