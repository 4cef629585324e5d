// Which editor documents are state machines, as the language server says (it owns the parse), and the
// `stepthrough.isStateMachine` context key for the active editor (menus and the command palette use it).

import * as vscode from 'vscode';
import type { LspRange } from '../server/protocol';
import type { StepthroughLanguageClient } from './languageClient';

export interface DocumentDescription {
  isStateMachine: boolean;
  /** Where StartAt is written (the Run | Debug | Graph lenses go there). */
  startAt: vscode.Range | undefined;
}

const NOT_A_STATE_MACHINE: DocumentDescription = { isStateMachine: false, startAt: undefined };

export function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

export class StateMachineDocuments implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private contextGeneration = 0;

  constructor(readonly server: StepthroughLanguageClient) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.updateContextKey();
      }),
      server.onDidStart(() => this.updateContextKey()),
    );
    this.updateContextKey();
  }

  /** What the server says of the document (not a state machine while the server is not running). */
  async describe(doc: vscode.TextDocument): Promise<DocumentDescription> {
    const answer = await this.server.request({ type: 'describe', uri: doc.uri.toString() });
    if (answer?.type !== 'describe') return NOT_A_STATE_MACHINE;
    return {
      isStateMachine: answer.isStateMachine,
      startAt: answer.startAt ? toRange(answer.startAt) : undefined,
    };
  }

  async isStateMachine(doc: vscode.TextDocument): Promise<boolean> {
    return (await this.describe(doc)).isStateMachine;
  }

  /** The state machine the user means: the given URI, else the active editor's document. */
  async resolve(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    return active && (await this.isStateMachine(active)) ? active : undefined;
  }

  private updateContextKey(): void {
    const generation = ++this.contextGeneration;
    const doc = vscode.window.activeTextEditor?.document;
    void (doc ? this.isStateMachine(doc) : Promise.resolve(false)).then((value) => {
      // An answer overtaken by a later change of editor or text is dropped.
      if (generation !== this.contextGeneration) return;
      void vscode.commands.executeCommand('setContext', 'stepthrough.isStateMachine', value);
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
