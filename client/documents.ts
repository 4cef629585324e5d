// The editor documents that are state machines: parsed once per version, detection of plain JSON/YAML
// files behind the `stepthrough.detectStateMachines` setting, and the `stepthrough.isStateMachine`
// context key for the active editor (menus and the command palette use it).

import * as vscode from 'vscode';
import type { ParsedDocument } from '../core/parse';
import { isStateMachineDocument, parseEditorDocument } from './stateMachineFiles';
import { detectStateMachines } from './settings';

interface CachedParse {
  version: number;
  parsed: ParsedDocument;
  isStateMachine: boolean;
}

export class StateMachineDocuments implements vscode.Disposable {
  private readonly cache = new Map<string, CachedParse>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContextKey()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.updateContextKey();
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => this.cache.delete(doc.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stepthrough.detectStateMachines')) {
          this.cache.clear();
          this.updateContextKey();
        }
      }),
    );
    this.updateContextKey();
  }

  private entry(doc: vscode.TextDocument): CachedParse {
    const key = doc.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === doc.version) return cached;
    const facts = { languageId: doc.languageId, fileName: doc.fileName, text: doc.getText() };
    const parsed = parseEditorDocument(facts);
    const entry = {
      version: doc.version,
      parsed,
      isStateMachine: isStateMachineDocument(facts, detectStateMachines(doc.uri), parsed),
    };
    this.cache.set(key, entry);
    return entry;
  }

  /** The parsed document (at its current version). */
  parsed(doc: vscode.TextDocument): ParsedDocument {
    return this.entry(doc).parsed;
  }

  isStateMachine(doc: vscode.TextDocument): boolean {
    return this.entry(doc).isStateMachine;
  }

  /** The state machine the user means: the given URI, else the active editor's document. */
  async resolve(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
    if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
    const active = vscode.window.activeTextEditor?.document;
    return active && this.isStateMachine(active) ? active : undefined;
  }

  private updateContextKey(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const value = doc !== undefined && this.isStateMachine(doc);
    void vscode.commands.executeCommand('setContext', 'stepthrough.isStateMachine', value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.cache.clear();
  }
}
