// The VS Code extension's entry point: wires the language server, the inline debug adapter, the
// commands and CodeLenses, the Test Explorer and the graph panel together. In an untrusted workspace
// only validation and the graph are active; the rest appears when trust is granted.

import * as vscode from 'vscode';
import { COMMANDS, registerCommands, StartAtCodeLenses } from './commands';
import { registerDebugging } from './debugging';
import { StateMachineDocuments } from './documents';
import { GraphController } from './graph/controller';
import { GRAPH_VIEW_TYPE } from './graph/panel';
import { documentSelector, StepthroughLanguageClient } from './languageClient';
import { RunStatus } from './status';
import { TestDiscovery } from './testing/discovery';
import { TestRunner } from './testing/run';

let languageClient: StepthroughLanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Stepthrough', { log: true });
  context.subscriptions.push(log);
  log.info(
    `Stepthrough ${String(context.extension.packageJSON.version)} activating (workspace ${vscode.workspace.isTrusted ? 'trusted' : 'untrusted'}).`,
  );

  // The language server owns the parse: every question about a document goes to it.
  languageClient = new StepthroughLanguageClient(context, log);
  const documents = new StateMachineDocuments(languageClient);
  const status = new RunStatus();
  const graph = new GraphController(context.extensionUri, documents, log);
  const lenses = new StartAtCodeLenses(documents);
  context.subscriptions.push(
    languageClient,
    documents,
    status,
    graph,
    lenses,
    // Every document that may be a state machine whatever the detection setting: the server answers.
    vscode.languages.registerCodeLensProvider(documentSelector(true), lenses),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel) => graph.restore(panel),
    }),
  );
  registerCommands(context, documents, graph, log);
  registerDebugging(context, documents, status, log);

  const tests = vscode.tests.createTestController('stepthrough', 'State machine tests');
  const discovery = new TestDiscovery(tests, log);
  const runner = new TestRunner(tests, discovery, graph, status, log);
  context.subscriptions.push(tests, discovery);
  const enableRuns = (): void => {
    context.subscriptions.push(...runner.createProfiles());
    lenses.refresh();
  };
  if (vscode.workspace.isTrusted) enableRuns();
  else {
    const client = languageClient;
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        enableRuns();
        // Now test files and the files they name may be read: list the tests, restart the server trusted.
        void discovery.discoverAll();
        void client.restart();
      }),
    );
  }

  // Discovery first: the Tests view lists the cases without waiting for a test file to be opened.
  await Promise.all([discovery.discoverAll(), languageClient.start()]);
  log.info(`Ready. Commands: ${Object.values(COMMANDS).join(', ')}.`);
}

export async function deactivate(): Promise<void> {
  await languageClient?.stop();
  languageClient = undefined;
}
