// The status bar item shown while a run, a debug session or a test run is in progress.

import * as vscode from 'vscode';

export class RunStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'stepthrough.run',
    vscode.StatusBarAlignment.Left,
    10,
  );
  private readonly running = new Map<number, string>();
  private nextId = 1;

  constructor() {
    this.item.name = 'Stepthrough run';
    this.item.command = 'stepthrough.showOutput';
  }

  /** Shows `label` until the returned function is called. */
  begin(label: string): () => void {
    const id = this.nextId++;
    this.running.set(id, label);
    this.update();
    return () => {
      this.running.delete(id);
      this.update();
    };
  }

  private update(): void {
    const labels = [...this.running.values()];
    if (labels.length === 0) {
      this.item.hide();
      return;
    }
    const last = labels[labels.length - 1] ?? '';
    this.item.text = `$(sync~spin) Stepthrough: ${last}${labels.length > 1 ? ` (+${labels.length - 1})` : ''}`;
    this.item.tooltip = labels.join('\n');
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
