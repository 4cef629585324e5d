// Starts the Stepthrough language server (dist/server.js, bundled into the extension) over Node IPC
// for ASL documents, and for plain JSON/YAML when detection is on; restarts it when that setting changes.

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { detectStateMachines, rolePolicySetting } from './settings';

const CLIENT_ID = 'stepthrough';

function documentSelector(detect: boolean): DocumentSelector {
  const selector: DocumentSelector = [{ language: 'asl' }, { language: 'asl-yaml' }];
  if (detect) {
    // The server gives these documents features only when their top level looks like a state machine.
    for (const language of ['json', 'yaml']) {
      selector.push({ language, scheme: 'file' }, { language, scheme: 'untitled' });
    }
  }
  return selector;
}

export class StepthroughLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly listener: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stepthrough.detectStateMachines')) void this.restart();
    });
  }

  private watcher: vscode.FileSystemWatcher | undefined;

  /** One watcher for the extension's lifetime, shared by the clients a restart creates. */
  private testFileWatcher(): vscode.FileSystemWatcher {
    if (!this.watcher) {
      this.watcher = vscode.workspace.createFileSystemWatcher('**/*.sfn-test.{yaml,yml,json}');
      this.context.subscriptions.push(this.watcher);
    }
    return this.watcher;
  }

  private create(): LanguageClient {
    const serverModule = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: {
        module: serverModule,
        transport: TransportKind.ipc,
        options: { execArgv: ['--nolazy', '--inspect=6019'] },
      },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(detectStateMachines()),
      // A test file's `role` is checked against the machine it names: tell the server when one changes.
      // The role policy setting reaches the server at start and on every change of the section. In an
      // untrusted workspace the server reads no file a document or setting names (restarted on trust).
      initializationOptions: {
        rolePolicy: rolePolicySetting(),
        workspaceTrusted: vscode.workspace.isTrusted,
      },
      synchronize: { fileEvents: this.testFileWatcher(), configurationSection: 'stepthrough' },
      outputChannel: this.log,
      traceOutputChannel: this.log,
    };
    // The client reads `stepthrough.trace.server` itself (its id + '.trace.server').
    return new LanguageClient(CLIENT_ID, 'Stepthrough Language Server', serverOptions, clientOptions);
  }

  async start(): Promise<void> {
    this.client = this.create();
    try {
      await this.client.start();
      this.log.info('Language server started.');
    } catch (err) {
      this.log.error(
        `The language server did not start: ${err instanceof Error ? err.message : String(err)}`,
      );
      void vscode.window.showErrorMessage(
        'Stepthrough: the language server did not start; see the Stepthrough output.',
      );
    }
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) await old.dispose();
    await this.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.dispose();
  }

  dispose(): void {
    this.listener.dispose();
    void this.stop();
  }
}
