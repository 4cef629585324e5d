// Keeps the graph panel in step with the editor: it draws the active state machine (re-drawn as it is
// edited), marks the state under the cursor, the breakpoints, the running debug session's progress and
// the last test run's coverage, and turns clicks on the picture into editor reveals and breakpoints. The
// language server answers every question about the document (its graph, the state at the cursor, on a
// breakpoint's line, behind a node); this side lays the graph out and talks to the webview.

import * as vscode from 'vscode';
import { basename } from 'node:path';
import { layoutGraph, type GraphLayout } from '../../core/graph/layout';
import type { GraphOverlay } from '../../core/graph/overlay';
import { STEPTHROUGH_EVENT, type StepthroughEvent } from '../../debug-adapter/protocol';
import type { WebviewToExtensionMessage } from '../../webview/protocol';
import { type StateMachineDocuments, toRange } from '../documents';
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
  private selectGeneration = 0;
  /** The states holding the shown document's enabled breakpoints (asked of the server when they change). */
  private breakpoints: string[] = [];
  private breakpointGeneration = 0;
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
        if (editor && this.panel) void this.followIfStateMachine(editor.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.panel && e.document === this.document) this.scheduleRender();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.panel && e.textEditor.document === this.document) void this.selectAtCursor(e.textEditor);
      }),
      vscode.debug.onDidChangeBreakpoints(() => void this.refreshBreakpoints()),
      documents.server.onDidStart(() => {
        if (this.panel) this.scheduleRender(0);
      }),
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
    if (active) void this.followIfStateMachine(active);
  }

  private async followIfStateMachine(document: vscode.TextDocument): Promise<void> {
    if (await this.documents.isStateMachine(document)) this.follow(document);
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
    const answer = await this.documents.server.request({ type: 'graph', uri: document.uri.toString() });
    if (generation !== this.generation || panel !== this.panel) return;
    if (answer?.type !== 'graph') {
      const message =
        answer?.type === 'graphError'
          ? answer.message
          : answer === undefined
            ? 'The language server is not running: see the Stepthrough output.'
            : 'The document is not a state machine.';
      panel.post({ type: 'renderError', message });
      return;
    }
    let layout: GraphLayout;
    try {
      layout = await layoutGraph(answer.graph);
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
    await this.refreshBreakpoints();
  }

  /** The marks for the shown document: the last run's (debug session or tests), breakpoints, the cursor's state. */
  private overlay(): GraphOverlay {
    const document = this.document;
    const marks =
      document && this.runMarks && sameFile(this.runMarks.file, document.fileName)
        ? this.runMarks.overlay()
        : {};
    const overlay: GraphOverlay = { ...marks, breakpoints: this.breakpoints };
    if (this.selected !== undefined) overlay.selected = this.selected;
    return overlay;
  }

  private highlight(reveal = false): void {
    if (!this.panel || !this.layout) return;
    this.panel.post({ type: 'highlight', ...this.overlay(), reveal });
  }

  /** Asks the server which states the shown document's breakpoints are in, then marks them. */
  private async refreshBreakpoints(): Promise<void> {
    const document = this.document;
    if (!document || !this.panel) return;
    const generation = ++this.breakpointGeneration;
    const lines = vscode.debug.breakpoints.flatMap((bp) =>
      bp instanceof vscode.SourceBreakpoint &&
      bp.enabled &&
      bp.location.uri.toString() === document.uri.toString()
        ? [bp.location.range.start.line]
        : [],
    );
    const answer =
      lines.length > 0
        ? await this.documents.server.request({ type: 'statesOnLines', uri: document.uri.toString(), lines })
        : undefined;
    if (generation !== this.breakpointGeneration || document !== this.document) return;
    const names: string[] = [];
    for (const state of answer?.type === 'statesOnLines' ? answer.states : []) {
      if (state && !names.includes(state.name)) names.push(state.name);
    }
    this.breakpoints = names;
    this.highlight();
  }

  private async selectAtCursor(editor: vscode.TextEditor): Promise<void> {
    const generation = ++this.selectGeneration;
    const answer = await this.documents.server.request({
      type: 'stateAt',
      uri: editor.document.uri.toString(),
      position: editor.selection.active,
    });
    if (generation !== this.selectGeneration || editor.document !== this.document) return;
    const name = answer?.type === 'stateAt' ? answer.state?.name : undefined;
    if (name === this.selected) return;
    this.selected = name;
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
    if (message.type === 'revealState' || message.type === 'toggleBreakpoint')
      void this.onNodeClicked(message);
  }

  /** A node was clicked: the server says where its state is; reveal it, or toggle a breakpoint on it. */
  private async onNodeClicked(
    message: Extract<WebviewToExtensionMessage, { type: 'revealState' | 'toggleBreakpoint' }>,
  ): Promise<void> {
    const document = this.document;
    if (!document) return;
    const path = message.type === 'revealState' ? message.path : undefined;
    const answer = await this.documents.server.request({
      type: 'findState',
      uri: document.uri.toString(),
      name: message.name,
      ...(path ? { path } : {}),
    });
    const state = answer?.type === 'findState' ? answer.state : null;
    if (!state || document !== this.document) return;
    const name = toRange(state.nameRange);
    if (message.type === 'revealState') {
      void vscode.window.showTextDocument(document, {
        selection: name,
        viewColumn: vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn,
      });
      return;
    }
    const onLine = vscode.debug.breakpoints.filter(
      (bp) =>
        bp instanceof vscode.SourceBreakpoint &&
        bp.location.uri.toString() === document.uri.toString() &&
        bp.location.range.start.line === name.start.line,
    );
    if (onLine.length > 0) vscode.debug.removeBreakpoints(onLine);
    else
      vscode.debug.addBreakpoints([
        new vscode.SourceBreakpoint(new vscode.Location(document.uri, name.start)),
      ]);
  }

  dispose(): void {
    if (this.renderTimer) clearTimeout(this.renderTimer);
    for (const d of this.disposables) d.dispose();
    this.panel?.dispose();
  }
}
