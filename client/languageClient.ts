// Starts the Stepthrough language server (dist/server.js, bundled into the extension) over Node IPC
// for the documents that may be state machines, restarts it when the detection setting changes, and
// sends it the Stepthrough requests (server/protocol.ts): the server owns the parse of every document.

import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { type ResponseTo, type StepthroughRequest, STEPTHROUGH_REQUEST_METHOD } from '../server/protocol';
import { detectStateMachines, rolePolicySetting } from './settings';

const CLIENT_ID = 'stepthrough';

/** A filter both VS Code and the language client accept. */
type DocumentFilter = { language: string; scheme?: string } | { scheme: string; pattern: string };

/**
 * The documents that may be state machines, the one selector of the extension (the language server's, the
 * lenses'): ASL languages and file names always; plain JSON and YAML when detection is on, for the server
 * to recognise by their content (core/model's rule).
 */
export function documentSelector(detect: boolean): DocumentFilter[] {
  const selector: DocumentFilter[] = [
    { language: 'asl' },
    { language: 'asl-yaml' },
    { scheme: 'file', pattern: '**/*.asl.{json,yaml,yml}' },
  ];
  if (detect) {
    for (const language of ['json', 'yaml']) {
      selector.push({ language, scheme: 'file' }, { language, scheme: 'untitled' });
    }
  }
  return selector;
}

export class StepthroughLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly listener: vscode.Disposable;
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires each time the server has started (again): what was asked of it before may have changed. */
  readonly onDidStart = this.started.event;

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
      this.started.fire();
    } catch (err) {
      this.log.error(
        `The language server did not start: ${err instanceof Error ? err.message : String(err)}`,
      );
      void vscode.window.showErrorMessage(
        'Stepthrough: the language server did not start; see the Stepthrough output.',
      );
    }
  }

  /**
   * Asks the server; undefined when it is not running (starting, restarting, failed) or the request
   * failed (logged). The server answers for the document at the version the editor shows.
   */
  async request<T extends StepthroughRequest['type']>(
    body: StepthroughRequest & { type: T },
  ): Promise<ResponseTo<T> | undefined> {
    const client = this.client;
    if (!client?.isRunning()) return undefined;
    try {
      return await client.sendRequest<ResponseTo<T>>(STEPTHROUGH_REQUEST_METHOD, body);
    } catch (err) {
      if (client === this.client && client.isRunning()) {
        this.log.error(
          `The ${body.type} request failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      return undefined;
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
    this.started.dispose();
    void this.stop();
  }
}
