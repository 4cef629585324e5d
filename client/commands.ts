// The extension's commands and the CodeLenses that offer them (above StartAt, and above each state machine
// resource of a template): Run State Machine, Debug State Machine, Open Graph, Show Output and Replay
// Execution History; Send Task Success / Failure answers a task waiting for its token in a debug session.

import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import { toRange } from './documents';
import { replayExecutionHistory, startStateMachine } from './debugging';
import { sendTaskAnswer } from './taskAnswerCommand';
import type { MachineTarget, StateMachineDocuments } from './documents';
import type { GraphController } from './graph/controller';

export { COMMANDS };

export function registerCommands(
  context: vscode.ExtensionContext,
  documents: StateMachineDocuments,
  graph: GraphController,
  log: vscode.LogOutputChannel,
): void {
  const withStateMachine =
    (action: (target: MachineTarget) => Promise<unknown>) =>
    async (uri?: vscode.Uri, machine?: string): Promise<void> => {
      const target = await documents.resolve(uri, machine);
      if (!target) {
        void vscode.window.showInformationMessage(
          'Open a state machine (*.asl.json or *.asl.yaml) or a template that declares one first.',
        );
        return;
      }
      await action(target);
    };
  context.subscriptions.push(
    vscode.commands.registerCommand(
      COMMANDS.run,
      withStateMachine((target) => startStateMachine(target, 'run')),
    ),
    vscode.commands.registerCommand(
      COMMANDS.debug,
      withStateMachine((target) => startStateMachine(target, 'debug')),
    ),
    vscode.commands.registerCommand(
      COMMANDS.openGraph,
      withStateMachine((target) => graph.show(target.document, target.machine)),
    ),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => log.show(true)),
    vscode.commands.registerCommand(COMMANDS.replayHistory, () => replayExecutionHistory(documents)),
    vscode.commands.registerCommand(COMMANDS.sendTaskAnswer, sendTaskAnswer),
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
    const { isStateMachine, isTemplate, startAt: range } = await this.documents.describe(document);
    if (isTemplate) {
      // One row above each state machine resource the template declares and that resolved.
      const machines = await this.documents.templateMachines(document);
      return machines
        .filter((m) => m.resolved)
        .flatMap((m) => this.lensesAt(document, toRange(m.range), [document.uri, m.id]));
    }
    if (!isStateMachine || !range) return [];
    return this.lensesAt(document, range, [document.uri]);
  }

  private lensesAt(document: vscode.TextDocument, range: vscode.Range, args: unknown[]): vscode.CodeLens[] {
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
