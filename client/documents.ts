// Which editor documents are state machines or templates declaring them, as the language server says (it
// owns the parse), and the `stepthrough.isStateMachine` context key for the active editor (menus and the
// command palette use it; a template declaring a machine counts).

import * as vscode from 'vscode';
import type { LspRange, TemplateMachineInfo } from '../server/protocol';
import type { StepthroughLanguageClient } from './languageClient';

export interface DocumentDescription {
  isStateMachine: boolean;
  /** A SAM/CloudFormation template or serverless config: `machines` says what it declares. */
  isTemplate: boolean;
  /** Where StartAt is written (the Run | Debug | Graph lenses go there). */
  startAt: vscode.Range | undefined;
}

const NOT_A_STATE_MACHINE: DocumentDescription = {
  isStateMachine: false,
  isTemplate: false,
  startAt: undefined,
};

/** What a command acts on: a state machine document, or one machine of a template. */
export interface MachineTarget {
  document: vscode.TextDocument;
  /** The machine's logical ID when the document is a template. */
  machine?: string;
}

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
      isTemplate: answer.isTemplate,
      startAt: answer.startAt ? toRange(answer.startAt) : undefined,
    };
  }

  /** The state machines a template declares (none for other documents). */
  async templateMachines(doc: vscode.TextDocument): Promise<TemplateMachineInfo[]> {
    const answer = await this.server.request({ type: 'templateMachines', uri: doc.uri.toString() });
    return answer?.type === 'templateMachines' ? answer.machines : [];
  }

  /**
   * The machine a command means in `doc`: the document itself when it is a state machine; in a template,
   * `machine` when given, the only one, or the one the user picks. Undefined when there is none (or the
   * pick was dismissed).
   */
  async target(
    doc: vscode.TextDocument,
    machine?: string,
    named = false,
  ): Promise<MachineTarget | undefined> {
    const description = await this.describe(doc);
    if (description.isStateMachine) return { document: doc };
    // A file the user named (a lens, the explorer) is taken as a state machine unless it is a template.
    if (!description.isTemplate) return named ? { document: doc } : undefined;
    if (machine !== undefined) return { document: doc, machine };
    const machines = (await this.templateMachines(doc)).filter((m) => m.resolved);
    if (machines.length <= 1) return machines[0] && { document: doc, machine: machines[0].id };
    const picked = await vscode.window.showQuickPick(
      machines.map((m) => ({ label: m.id, description: m.name ?? undefined, id: m.id })),
      { placeHolder: 'Which state machine of the template?' },
    );
    return picked && { document: doc, machine: picked.id };
  }

  async isStateMachine(doc: vscode.TextDocument): Promise<boolean> {
    return (await this.describe(doc)).isStateMachine;
  }

  /** The state machine the user means: the given URI (and template machine), else the active editor's. */
  async resolve(uri: vscode.Uri | undefined, machine?: string): Promise<MachineTarget | undefined> {
    const named = uri instanceof vscode.Uri;
    const doc = named
      ? await vscode.workspace.openTextDocument(uri)
      : vscode.window.activeTextEditor?.document;
    return doc && this.target(doc, typeof machine === 'string' ? machine : undefined, named);
  }

  private updateContextKey(): void {
    const generation = ++this.contextGeneration;
    const doc = vscode.window.activeTextEditor?.document;
    const offersMachines = async (d: vscode.TextDocument): Promise<boolean> => {
      const description = await this.describe(d);
      return (
        description.isStateMachine || (description.isTemplate && (await this.templateMachines(d)).length > 0)
      );
    };
    void (doc ? offersMachines(doc) : Promise.resolve(false)).then((value) => {
      // An answer overtaken by a later change of editor or text is dropped.
      if (generation !== this.contextGeneration) return;
      void vscode.commands.executeCommand('setContext', 'stepthrough.isStateMachine', value);
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
