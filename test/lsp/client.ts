// A real LSP client for tests: spawns `node --import tsx server/main.ts --stdio`, talks JSON-RPC over its
// stdin/stdout with vscode-jsonrpc, and records published diagnostics and logged errors so tests can wait
// on them (never on time).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

export const REPO_ROOT = join(__dirname, '..', '..');

interface DiagnosticsWaiter {
  uri: string;
  version: number | undefined;
  resolve: (params: PublishDiagnosticsParams) => void;
}

/** How the server process is started, besides its initialization options. */
export interface StartOptions {
  /** Runs the server under `ulimit -v` (KiB), so a runaway allocation kills it instead of the machine. */
  memoryCapKiB?: number;
  /** A bundled server script run with plain node (no tsx), with --stdio; `args` are then ignored. */
  bundle?: string;
  /** The workspace folder's URI (default none). */
  rootUri?: string;
}

export class LspTestClient {
  readonly connection: MessageConnection;
  /** Every window/logMessage and window/showMessage of type Error, in order. */
  readonly errors: string[] = [];
  /** Every window/logMessage and window/showMessage of type Warning, in order. */
  readonly warnings: string[] = [];
  readonly stderr: string[] = [];
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private readonly published: PublishDiagnosticsParams[] = [];
  private waiters: DiagnosticsWaiter[] = [];
  private readonly versions = new Map<string, number>();
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    // When the server dies, pending requests fail (dispose rejects them) instead of hanging the test.
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.connection.dispose();
        resolve(code);
      }),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params);
      this.published.push(params);
      const ready = this.waiters.filter(
        (w) => w.uri === params.uri && (w.version === undefined || w.version === params.version),
      );
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      for (const waiter of ready) waiter.resolve(params);
    });
    const onLog = (params: { type: number; message: string }): void => {
      if (params.type === 1) this.errors.push(params.message);
      if (params.type === 2) this.warnings.push(params.message);
    };
    this.connection.onNotification('window/logMessage', onLog);
    this.connection.onNotification('window/showMessage', onLog);
    this.connection.listen();
  }

  /**
   * Starts the server and initializes it (snippet support on, a short debounce unless given). `args` are the
   * node arguments after `--import tsx` (default: server/main.ts --stdio).
   */
  static async start(
    initializationOptions: Record<string, unknown> = { debounceMs: 20 },
    args: string[] = [join(REPO_ROOT, 'server', 'main.ts'), '--stdio'],
    options: StartOptions = {},
  ): Promise<LspTestClient> {
    const nodeArgs =
      options.bundle === undefined ? ['--import', 'tsx', ...args] : [options.bundle, '--stdio'];
    const env = { ...process.env };
    if (options.bundle !== undefined) delete env.NODE_OPTIONS;
    const child =
      options.memoryCapKiB === undefined
        ? spawn(process.execPath, nodeArgs, { cwd: REPO_ROOT, stdio: 'pipe', env })
        : spawn(
            '/bin/sh',
            ['-c', `ulimit -v ${options.memoryCapKiB} && exec "$0" "$@"`, process.execPath, ...nodeArgs],
            { cwd: REPO_ROOT, stdio: 'pipe', env },
          );
    const client = new LspTestClient(child);
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: {
        textDocument: {
          completion: { completionItem: { snippetSupport: true } },
          rename: { prepareSupport: true },
          publishDiagnostics: { versionSupport: true },
        },
      },
      initializationOptions,
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  initializeResult: InitializeResult | undefined;

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }

  /** The diagnostics of `version` of `uri`: the ones already received, or the next ones published for it. */
  diagnosticsOfVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    const latest = this.latest.get(uri);
    if (latest?.version === version) return Promise.resolve(latest);
    return this.nextDiagnostics(uri, version);
  }

  /** Every diagnostics notification received so far, in order. */
  get allPublished(): readonly PublishDiagnosticsParams[] {
    return this.published;
  }

  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    return this.latest.get(uri)?.diagnostics;
  }

  async open(uri: string, text: string, languageId = 'asl'): Promise<PublishDiagnosticsParams> {
    this.versions.set(uri, 1);
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
    return published;
  }

  /** Sends a change and returns its version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  /** Replaces the whole text and waits for the diagnostics of the new version. */
  async replace(uri: string, text: string): Promise<PublishDiagnosticsParams> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    const published = this.nextDiagnostics(uri, version);
    await this.change(uri, [{ text }]);
    return published;
  }

  async close(uri: string): Promise<PublishDiagnosticsParams> {
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return published;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** shutdown + exit; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    return this.exited;
  }
}
