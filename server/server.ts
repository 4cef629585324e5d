// The Stepthrough language server: wires a connection to the document store, the diagnostics publisher
// and the feature handlers, and announces its capabilities. `startLanguageServer` runs it on the transport
// named on the command line (--stdio, --node-ipc, --socket=N).
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import {
  type Connection,
  createConnection,
  type DidChangeConfigurationParams,
  type InitializeParams,
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { DiagnosticsPublisher, DEFAULT_DEBOUNCE_MS } from './diagnostics';
import { DocumentStore } from './documents';
import { registerFeatures } from './features';
import { nodeFileAccess } from '../host';
import { RolePolicy } from './role';
import { type ErrorLog, guardedNotification, installProcessGuards } from './safety';

export interface ServerInitializationOptions {
  /** Delay, in milliseconds, between the last change and re-validation (default 200). */
  debounceMs?: number;
  /** An IAM policy file (JSON or YAML, relative to the workspace): Tasks it does not allow get warnings. */
  rolePolicy?: string;
  /**
   * False when the editor does not trust the workspace (VS Code's workspace trust): the server then reads
   * no file a document, a test file or a setting names (no role policy, no test file's role). Editors
   * without workspace trust leave it out (trusted).
   */
  workspaceTrusted?: boolean;
}

function workspaceRoot(params: InitializeParams): string | undefined {
  const uri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (!uri?.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The role policy setting from the `stepthrough` section of a didChangeConfiguration payload: `rolePolicy`
 * (other editors) or VS Code's `rolePolicyFile`. Undefined when the payload has no such section.
 */
function rolePolicySetting(settings: unknown): { value: unknown } | undefined {
  const section = (settings as { stepthrough?: unknown } | null | undefined)?.stepthrough;
  if (typeof section !== 'object' || section === null) return undefined;
  const { rolePolicy, rolePolicyFile } = section as { rolePolicy?: unknown; rolePolicyFile?: unknown };
  return { value: rolePolicy ?? rolePolicyFile };
}

function debounceFrom(params: InitializeParams): number {
  const options = params.initializationOptions as ServerInitializationOptions | undefined;
  const value = options?.debounceMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.min(value, 10_000)
    : DEFAULT_DEBOUNCE_MS;
}

/** Registers every handler on `connection` and starts listening. */
export function runLanguageServer(connection: Connection): void {
  const log: ErrorLog = { error: (message) => connection.console.error(message) };
  const store = new DocumentStore();
  let publisher: DiagnosticsPublisher | undefined;
  let snippets = false;

  let role: RolePolicy | undefined;

  connection.onInitialize((params): InitializeResult => {
    snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    const options = params.initializationOptions as ServerInitializationOptions | undefined;
    role = new RolePolicy(
      { error: log.error, warn: (message) => connection.console.warn(message) },
      workspaceRoot(params),
      nodeFileAccess({ trusted: options?.workspaceTrusted !== false }),
    );
    role.configure(options?.rolePolicy);
    const policy = role;
    publisher = new DiagnosticsPublisher(connection, store, log, debounceFrom(params), (doc, uri) =>
      policy.diagnosticsFor(doc, uri),
    );
    registerFeatures(connection, store, publisher, log, { snippets: () => snippets });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['"', ':', '$', '.', ' '], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: params.capabilities.textDocument?.rename?.prepareSupport
          ? { prepareProvider: true }
          : true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'stepthrough', version: '0.1.0' },
    };
  });

  const documents = store.documents;
  const opened = new Set<string>();
  documents.onDidOpen(
    guardedNotification(log, 'didOpen', (event) => {
      opened.add(event.document.uri);
      publisher?.publishNow(event.document.uri);
    }),
  );
  documents.onDidChangeContent(
    guardedNotification(log, 'didChange', (event) => {
      // The open event already published this version.
      if (opened.delete(event.document.uri)) return;
      publisher?.schedule(event.document.uri);
    }),
  );
  documents.onDidClose(
    guardedNotification(log, 'didClose', (event) => {
      opened.delete(event.document.uri);
      store.forget(event.document.uri);
      publisher?.clear(event.document.uri);
    }),
  );
  connection.onDidChangeConfiguration(
    guardedNotification(log, 'didChangeConfiguration', (params: DidChangeConfigurationParams) => {
      const setting = rolePolicySetting(params.settings);
      if (!setting || !role) return;
      if (role.configure(setting.value)) publisher?.republishAll();
    }),
  );
  connection.onDidChangeWatchedFiles(
    guardedNotification(log, 'didChangeWatchedFiles', () => {
      // A test file (or a role file it names) changed: the role it declares may differ now.
      role?.testFiles.invalidate();
      publisher?.republishAll();
    }),
  );
  connection.onShutdown(() => publisher?.dispose());

  documents.listen(connection);
  connection.listen();
}

/** Sends console output to the client's log: on stdio, stdout belongs to the protocol. */
function redirectConsole(connection: Connection): void {
  const text = (args: unknown[]): string =>
    args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ');
  console.log = (...args: unknown[]): void => connection.console.log(text(args));
  console.info = (...args: unknown[]): void => connection.console.info(text(args));
  console.debug = (...args: unknown[]): void => connection.console.log(text(args));
  console.warn = (...args: unknown[]): void => connection.console.warn(text(args));
  console.error = (...args: unknown[]): void => connection.console.error(text(args));
}

/**
 * Runs the server. With `'stdio'` it talks over this process's stdin/stdout; without, on the transport the
 * command line names (--stdio, --node-ipc, --socket=N), as editors launching `server/main.ts` expect.
 */
export function startLanguageServer(transport?: 'stdio'): Connection {
  const connection =
    transport === 'stdio'
      ? createConnection(ProposedFeatures.all, process.stdin, process.stdout)
      : createConnection(ProposedFeatures.all);
  if (transport === 'stdio') redirectConsole(connection);
  installProcessGuards(connection);
  runLanguageServer(connection);
  return connection;
}
