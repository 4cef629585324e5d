// The extension's commands and the CodeLenses above StartAt that offer them: Run State Machine,
// Debug State Machine, Open Graph and Show Output.

import * as vscode from 'vscode';
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

/** Run | Debug | Graph above the `StartAt` of every state machine document (the server says where it is). */
export class StartAtCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly onStart: vscode.Disposable;

  constructor(private readonly documents: StateMachineDocuments) {
    // The server's answers may change when it starts again (the detection setting changed).
    this.onStart = documents.server.onDidStart(() => this.refresh());
  }

  dispose(): void {
    this.onStart.dispose();
    this.changed.dispose();
  }

  /** Trust was granted (Run and Debug appear), or the server (re)started. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { isStateMachine, startAt: range } = await this.documents.describe(document);
    if (!isStateMachine || !range) return [];
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
