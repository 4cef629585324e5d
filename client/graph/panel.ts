// The graph's webview panel: its HTML shell (webview/page.ts: only the extension's own script and
// stylesheet, nothing inline), typed messages both ways (webview/protocol.ts), and a queue that holds
// messages until the webview script says it is ready.

import * as vscode from 'vscode';
import { graphWebviewHtml } from '../../webview/page';
import {
  isWebviewToExtensionMessage,
  type ExtensionToWebviewMessage,
  type WebviewToExtensionMessage,
} from '../../webview/protocol';

export const GRAPH_VIEW_TYPE = 'stepthrough.graph';

export function graphWebviewOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [
      vscode.Uri.joinPath(extensionUri, 'dist'),
      vscode.Uri.joinPath(extensionUri, 'media'),
    ],
  };
}

export class GraphPanel implements vscode.Disposable {
  private ready = false;
  private pending: ExtensionToWebviewMessage[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  /** Fires once the panel is closed by the user (or disposed). */
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly onMessage: (message: WebviewToExtensionMessage) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const webview = panel.webview;
    webview.options = graphWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'graph.svg');
    webview.html = graphWebviewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'graph.css')).toString(),
      title: panel.title,
    });
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Creates a panel beside the editor. */
  static create(
    extensionUri: vscode.Uri,
    title: string,
    onMessage: (message: WebviewToExtensionMessage) => void,
    log: vscode.LogOutputChannel,
  ): GraphPanel {
    const panel = vscode.window.createWebviewPanel(
      GRAPH_VIEW_TYPE,
      title,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      graphWebviewOptions(extensionUri),
    );
    return new GraphPanel(panel, extensionUri, onMessage, log);
  }

  private receive(raw: unknown): void {
    if (!isWebviewToExtensionMessage(raw)) {
      this.log.warn(`Graph view: ignored an unexpected message ${JSON.stringify(raw)}`);
      return;
    }
    if (raw.type === 'ready') {
      this.ready = true;
      const queued = this.pending;
      this.pending = [];
      for (const message of queued) void this.panel.webview.postMessage(message);
      return;
    }
    if (raw.type === 'error') {
      this.log.error(`Graph view: ${raw.message}`);
      return;
    }
    this.onMessage(raw);
  }

  post(message: ExtensionToWebviewMessage): void {
    if (!this.ready) {
      // A newer picture makes older queued ones pointless.
      if (message.type === 'render')
        this.pending = this.pending.filter((m) => m.type !== 'render' && m.type !== 'highlight');
      this.pending.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  set title(value: string) {
    this.panel.title = value;
  }

  get visible(): boolean {
    return this.panel.visible;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.closed.fire();
    this.closed.dispose();
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
