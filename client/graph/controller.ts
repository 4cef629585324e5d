// Keeps the graph panel in step with the editor: it draws the active state machine (re-drawn as it is
// edited), marks the state under the cursor, the breakpoints, the running debug session's progress and
// the last test run's coverage, and turns clicks on the picture into editor reveals and breakpoints.

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { buildGraphModelFromDocument } from '../../core/graph/model';
import { layoutGraph, type GraphLayout } from '../../core/graph/layout';
import type { GraphOverlay } from '../../core/graph/overlay';
import { isJsonObject } from '../../core/json';
import { definitionModel, stateAtLine, stateAtOffset, stateAtPath } from '../../core/model';
import { STEPTHROUGH_EVENT, type StepthroughEvent } from '../../debug-adapter/protocol';
import type { WebviewToExtensionMessage } from '../../webview/protocol';
import type { StateMachineDocuments } from '../documents';
import { DebugOverlayTracker } from './debugOverlay';
import { GraphPanel } from './panel';

const RENDER_DELAY_MS = 250;

/** The last run's marks for one file, from a debug session or a test run. */
interface RunMarks {
  file: string;
  overlay: () => GraphOverlay;
}

function sameFile(a: string | undefined, b: string | undefined): boolean {
  return (
    a !== undefined && b !== undefined && vscode.Uri.file(a).toString() === vscode.Uri.file(b).toString()
  );
}

export class GraphController implements vscode.Disposable {
  private panel: GraphPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private layout: GraphLayout | undefined;
  private renderedUri: string | undefined;
  private generation = 0;
  private renderTimer: ReturnType<typeof setTimeout> | undefined;
  private selected: string | undefined;
  private runMarks: RunMarks | undefined;
  private readonly sessions = new Map<string, DebugOverlayTracker>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly documents: StateMachineDocuments,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && this.panel && this.documents.isStateMachine(editor.document))
          this.follow(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.document) this.scheduleRender();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.panel && e.textEditor.document === this.document) this.selectAtCursor(e.textEditor);
      }),
      vscode.debug.onDidChangeBreakpoints(() => this.highlight()),
      vscode.debug.onDidReceiveDebugSessionCustomEvent((e) => this.onDebugEvent(e)),
      vscode.debug.onDidTerminateDebugSession((session) => this.sessions.delete(session.id)),
    );
  }

  /** Opens the panel (or brings it forward) on a document. */
  async show(document: vscode.TextDocument): Promise<void> {
    if (!this.panel)
      this.attach(
        GraphPanel.create(this.extensionUri, this.titleFor(document), (m) => this.onMessage(m), this.log),
      );
    else this.panel.reveal();
    this.follow(document);
    await this.renderNow();
  }

  /** Adopts a panel VS Code restored after a reload. */
  restore(webviewPanel: vscode.WebviewPanel): void {
    this.panel?.dispose();
    this.attach(new GraphPanel(webviewPanel, this.extensionUri, (m) => this.onMessage(m), this.log));
    const active = vscode.window.activeTextEditor?.document;
    if (active && this.documents.isStateMachine(active)) {
      this.follow(active);
      void this.renderNow();
    }
  }

  private attach(panel: GraphPanel): void {
    this.panel = panel;
    this.renderedUri = undefined;
    void vscode.commands.executeCommand('setContext', 'stepthrough.graphOpen', true);
    panel.onDidClose(() => {
      if (this.panel !== panel) return;
      this.panel = undefined;
      this.layout = undefined;
      void vscode.commands.executeCommand('setContext', 'stepthrough.graphOpen', false);
    });
  }

  private titleFor(document: vscode.TextDocument): string {
    return `Graph: ${basename(document.fileName)}`;
  }

  private follow(document: vscode.TextDocument): void {
    if (document === this.document) return;
    this.document = document;
    this.selected = undefined;
    if (this.panel) this.panel.title = this.titleFor(document);
    this.scheduleRender(0);
  }

  private scheduleRender(delay = RENDER_DELAY_MS): void {
    if (this.renderTimer) clearTimeout(this.renderTimer);
    this.renderTimer = setTimeout(() => {
      this.renderTimer = undefined;
      void this.renderNow();
    }, delay);
  }

  private async renderNow(): Promise<void> {
    const document = this.document;
    const panel = this.panel;
    if (!document || !panel) return;
    const generation = ++this.generation;
    const parsed = this.documents.parsed(document);
    if (!isJsonObject(parsed.value ?? null)) {
      const first = parsed.diagnostics[0];
      panel.post({
        type: 'renderError',
        message: first
          ? `Line ${first.range.start.line + 1}: ${first.message}`
          : 'The document is not a state machine.',
      });
      return;
    }
    let layout: GraphLayout;
    try {
      layout = await layoutGraph(buildGraphModelFromDocument(parsed));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.log.error(`Graph layout failed for ${document.fileName}: ${message}`);
      panel.post({ type: 'renderError', message: `The graph could not be laid out: ${message}` });
      return;
    }
    if (generation !== this.generation || panel !== this.panel) return;
    const uri = document.uri.toString();
    const fit = this.renderedUri !== uri;
    this.renderedUri = uri;
    this.layout = layout;
    for (const tracker of this.sessions.values()) {
      if (sameFile(tracker.definitionFile, document.fileName)) tracker.setShape(layout);
    }
    panel.post({ type: 'render', layout, overlay: this.overlay(), fit, title: basename(document.fileName) });
  }

  /** The marks for the shown document: the last run's (debug session or tests), breakpoints, the cursor's state. */
  private overlay(): GraphOverlay {
    const document = this.document;
    const marks =
      document && this.runMarks && sameFile(this.runMarks.file, document.fileName)
        ? this.runMarks.overlay()
        : {};
    const overlay: GraphOverlay = { ...marks, breakpoints: this.breakpointStates() };
    if (this.selected !== undefined) overlay.selected = this.selected;
    return overlay;
  }

  private highlight(reveal = false): void {
    if (!this.panel || !this.layout) return;
    this.panel.post({ type: 'highlight', ...this.overlay(), reveal });
  }

  private breakpointStates(): string[] {
    const document = this.document;
    if (!document) return [];
    const parsed = this.documents.parsed(document);
    const names: string[] = [];
    for (const bp of vscode.debug.breakpoints) {
      if (!(bp instanceof vscode.SourceBreakpoint) || !bp.enabled) continue;
      if (bp.location.uri.toString() !== document.uri.toString()) continue;
      const state = stateAtLine(definitionModel(parsed), bp.location.range.start.line);
      if (state && !names.includes(state.name)) names.push(state.name);
    }
    return names;
  }

  private selectAtCursor(editor: vscode.TextEditor): void {
    const parsed = this.documents.parsed(editor.document);
    const state = stateAtOffset(definitionModel(parsed), editor.document.offsetAt(editor.selection.active));
    if (state?.name === this.selected) return;
    this.selected = state?.name;
    this.panel?.post({ type: 'select', stateName: this.selected, reveal: true });
  }

  private onDebugEvent(e: vscode.DebugSessionCustomEvent): void {
    if (e.event !== STEPTHROUGH_EVENT || e.session.type !== 'stepthrough') return;
    const event = e.body as StepthroughEvent;
    let tracker = this.sessions.get(e.session.id);
    if (!tracker) {
      tracker = new DebugOverlayTracker();
      this.sessions.set(e.session.id, tracker);
    }
    if (!tracker.apply(event)) return;
    const file = tracker.definitionFile;
    if (file === undefined) return;
    if (event.type === 'runStarted' && this.document && sameFile(file, this.document.fileName))
      tracker.setShape(this.layout);
    const current = tracker;
    this.runMarks = { file, overlay: () => current.overlay() };
    if (this.document && sameFile(file, this.document.fileName)) this.highlight(event.type === 'paused');
  }

  /** Shows a test run's marks (coverage, failures) on a state machine file. */
  showTestRun(machineFile: string, overlay: GraphOverlay): void {
    this.runMarks = { file: machineFile, overlay: () => overlay };
    if (this.document && sameFile(machineFile, this.document.fileName)) this.highlight();
  }

  private onMessage(message: WebviewToExtensionMessage): void {
    const document = this.document;
    if (!document || (message.type !== 'revealState' && message.type !== 'toggleBreakpoint')) return;
    const model = definitionModel(this.documents.parsed(document));
    const location =
      (message.type === 'revealState' && message.path ? stateAtPath(model, message.path) : undefined) ??
      model.states.find((s) => s.name === message.name);
    if (!location) return;
    const start = document.positionAt(location.nameRange.start);
    const end = document.positionAt(location.nameRange.end);
    if (message.type === 'revealState') {
      void vscode.window.showTextDocument(document, {
        selection: new vscode.Range(start, end),
        viewColumn: vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn,
      });
    } else if (message.type === 'toggleBreakpoint') {
      const onLine = vscode.debug.breakpoints.filter(
        (bp) =>
          bp instanceof vscode.SourceBreakpoint &&
          bp.location.uri.toString() === document.uri.toString() &&
          bp.location.range.start.line === start.line,
      );
      if (onLine.length > 0) vscode.debug.removeBreakpoints(onLine);
      else
        vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(document.uri, start))]);
    }
  }

  dispose(): void {
    if (this.renderTimer) clearTimeout(this.renderTimer);
    for (const d of this.disposables) d.dispose();
    this.panel?.dispose();
  }
}
