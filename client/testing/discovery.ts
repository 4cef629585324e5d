// The Test Explorer's tree: every `*.sfn-test.*` file of the workspace (found on activation, then
// followed through a file watcher and unsaved edits), one child per case at the case's line. Files
// that do not load show their problems on the file's item.

import { basename, dirname, resolve } from 'node:path';
import * as vscode from 'vscode';
import { loadTestFileWithTemplate } from '../../core/testing/runner';
import type { LoadResult, TestFileIO } from '../../core/testing/model';
import { testFileIO } from '../../host';
import { testFilesGlob } from '../settings';
import { workspaceFiles } from '../workspaceFiles';
import { editorPosition } from './results';

export interface CaseData {
  kind: 'case';
  file: string;
  name: string;
}

export interface FileData {
  kind: 'file';
  file: string;
}

export type ItemData = CaseData | FileData;

const RELOAD_DELAY_MS = 300;

/** Reads files from open editors first (unsaved edits count), else through the host (bounded, trusted only). */
export const workspaceTestIO: TestFileIO = {
  readFile(path, kind): string {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.fileName === path);
    return open ? open.getText() : testFileIO(workspaceFiles()).readFile(path, kind);
  },
  resolve(from: string, rel: string): string {
    return resolve(dirname(from), rel);
  },
};

/** A test file, its template machine read first when `stateMachine` names one (as `stepthrough test` does). */
export function loadTests(file: string): Promise<LoadResult> {
  return loadTestFileWithTemplate(file, workspaceTestIO);
}

export class TestDiscovery implements vscode.Disposable {
  readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Each file's latest load: an older one that finishes later is dropped. */
  private readonly loads = new Map<string, number>();
  private loadCount = 0;
  private watchers: vscode.FileSystemWatcher[] = [];

  constructor(
    private readonly controller: vscode.TestController,
    private readonly log: vscode.LogOutputChannel,
  ) {
    controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
    };
    controller.refreshHandler = async () => this.discoverAll();
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.isTestFile(e.document.uri)) this.scheduleReload(e.document.uri);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stepthrough.testFiles')) void this.discoverAll();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.discoverAll()),
    );
  }

  private isTestFile(uri: vscode.Uri): boolean {
    return uri.scheme === 'file' && this.controller.items.get(uri.toString()) !== undefined;
  }

  private patterns(): vscode.RelativePattern[] {
    return (vscode.workspace.workspaceFolders ?? []).map(
      (folder) => new vscode.RelativePattern(folder, testFilesGlob(folder.uri)),
    );
  }

  /** Finds every test file of the workspace and (re)loads it; sets up the file watchers. */
  async discoverAll(): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      // Test files name other files (machines, inputs, roles): none is read until the workspace is trusted.
      this.log.info('Test Explorer: the workspace is not trusted; test files are read once it is.');
      return;
    }
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    const found = new Set<string>();
    for (const pattern of this.patterns()) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate((uri) => this.scheduleReload(uri));
      watcher.onDidChange((uri) => this.scheduleReload(uri));
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString()));
      this.watchers.push(watcher);
      for (const uri of await vscode.workspace.findFiles(pattern, '**/node_modules/**')) {
        found.add(uri.toString());
        await this.reload(uri);
      }
    }
    this.controller.items.forEach((item) => {
      if (!found.has(item.id)) this.controller.items.delete(item.id);
    });
    this.log.info(`Test Explorer: ${found.size} test file(s) found.`);
  }

  private scheduleReload(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.reload(uri);
      }, RELOAD_DELAY_MS),
    );
  }

  /** Loads one test file and rebuilds its item and case children. */
  async reload(uri: vscode.Uri): Promise<vscode.TestItem> {
    const file = uri.fsPath;
    const load = ++this.loadCount;
    this.loads.set(file, load);
    let item = this.controller.items.get(uri.toString());
    if (!item) {
      item = this.controller.createTestItem(uri.toString(), basename(file), uri);
      this.controller.items.add(item);
    }
    this.data.set(item, { kind: 'file', file });
    let loaded: LoadResult;
    try {
      loaded = await loadTests(file);
    } catch (err) {
      loaded = {
        ok: false,
        file,
        problems: [{ file, line: 1, column: 1, message: err instanceof Error ? err.message : String(err) }],
      };
    }
    // A later edit started another load of this file: that one updates the item.
    if (this.loads.get(file) !== load) return item;
    if (!loaded.ok) {
      item.error = new vscode.MarkdownString(
        loaded.problems.map((p) => `${basename(p.file)}:${p.line}:${p.column}: ${p.message}`).join('\n\n'),
      );
      item.children.replace([]);
      return item;
    }
    item.error = undefined;
    item.description = basename(loaded.spec.machineFile);
    const seen = new Map<string, number>();
    const children = loaded.spec.cases.map((testCase) => {
      const count = seen.get(testCase.name) ?? 0;
      seen.set(testCase.name, count + 1);
      const id = `${uri.toString()}#${testCase.name}${count > 0 ? `#${count}` : ''}`;
      const child = this.controller.createTestItem(id, testCase.name, uri);
      const position = editorPosition(testCase.location);
      child.range = new vscode.Range(position.line, position.character, position.line, position.character);
      if (testCase.skip) child.description = 'skipped';
      this.data.set(child, { kind: 'case', file, name: testCase.name });
      return child;
    });
    item.children.replace(children);
    return item;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const watcher of this.watchers) watcher.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
