// The extension's commands and the CodeLenses above StartAt that offer them: Run State Machine,
// Debug State Machine, Open Graph and Show Output.

import * as vscode from 'vscode';
import { propertyAt } from '../core/parse';
import { COMMANDS } from './commandIds';
import { startStateMachine } from './debugging';
import type { StateMachineDocuments } from './documents';
import type { GraphController } from './graph/controller';

export { COMMANDS };

export function registerCommands(
  context: vscode.ExtensionContext,
  documents: StateMachineDocuments,
  graph: GraphController,
  log: vscode.LogOutputChannel,
): void {
  const withStateMachine =
    (action: (document: vscode.TextDocument) => Promise<unknown>) =>
    async (uri?: vscode.Uri): Promise<void> => {
      const document = await documents.resolve(uri);
      if (!document) {
        void vscode.window.showInformationMessage('Open a state machine (*.asl.json or *.asl.yaml) first.');
        return;
      }
      await action(document);
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      COMMANDS.run,
      withStateMachine((doc) => startStateMachine(doc, 'run')),
    ),
    vscode.commands.registerCommand(
      COMMANDS.debug,
      withStateMachine((doc) => startStateMachine(doc, 'debug')),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openGraph,
      withStateMachine((doc) => graph.show(doc)),
    ),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => log.show(true)),
  );
}

/** Run | Debug | Graph above the `StartAt` of every state machine document. */
export class StartAtCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly documents: StateMachineDocuments) {}

  /** Trust was granted: Run and Debug appear. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.documents.isStateMachine(document)) return [];
    const root = this.documents.parsed(document).ast;
    const startAt = root?.kind === 'object' ? propertyAt(root, 'StartAt') : undefined;
    if (!startAt) return [];
    const range = new vscode.Range(
      document.positionAt(startAt.keyRange.start),
      document.positionAt(startAt.range.end),
    );
    const args = [document.uri];
    const lenses: vscode.CodeLens[] = [];
    if (vscode.workspace.isTrusted && document.uri.scheme === 'file') {
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(play) Run',
          command: COMMANDS.run,
          arguments: args,
          tooltip: 'Run the state machine locally',
        }),
        new vscode.CodeLens(range, {
          title: '$(debug-alt) Debug',
          command: COMMANDS.debug,
          arguments: args,
          tooltip: 'Debug the state machine',
        }),
      );
    }
    lenses.push(
      new vscode.CodeLens(range, {
        title: '$(type-hierarchy-sub) Graph',
        command: COMMANDS.openGraph,
        arguments: args,
        tooltip: 'Open the graph',
      }),
    );
    return lenses;
  }
}
