// The `stepthrough` debugger in VS Code: the debug adapter runs inside the extension host
// (DebugAdapterInlineImplementation), a configuration provider makes F5 work on an open state machine
// (or a template: it offers the template's machines) without launch.json, and the commands start runs
// (noDebug) and debug sessions the same way.

import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { StepthroughDebugSession } from '../debug-adapter/session';
import { DEBUG_TYPE } from '../debug-adapter/protocol';
import type { MachineTarget, StateMachineDocuments } from './documents';
import { rolePolicy } from './settings';
import { pathExists, workspaceFiles } from './workspaceFiles';
import { startHandlerHost } from '../host/handlers/start';
import {
  completeLaunchConfiguration,
  launchConfigurationFor,
  type LaunchDefaults,
  type StepthroughLaunchConfiguration,
} from './launchConfiguration';
import type { RunStatus } from './status';

const UNTRUSTED_MESSAGE = 'Stepthrough runs and debugs state machines only in a trusted workspace.';

/**
 * Where relative paths resolve from (the workspace folder, else the file's folder) and the default role,
 * for a run of `file` (or, with no file, in `folder`).
 */
function launchDefaults(
  file: string | undefined,
  folder: vscode.WorkspaceFolder | undefined,
  stopOnEntry = false,
): LaunchDefaults {
  const scope = file === undefined ? folder?.uri : vscode.Uri.file(file);
  const owner = folder ?? (scope && vscode.workspace.getWorkspaceFolder(scope));
  const cwd = owner?.uri.fsPath ?? (file === undefined ? process.cwd() : dirname(file));
  const role = rolePolicy(scope, owner);
  return { cwd, stopOnEntry, ...(role ? { role } : {}) };
}

/** Whether F5's configuration needs the active editor's machine (it names no definition or test file). */
function needsActiveFile(config: vscode.DebugConfiguration): boolean {
  return config['definition'] === undefined && config['testFile'] === undefined;
}

class ConfigurationProvider implements vscode.DebugConfigurationProvider {
  constructor(private readonly documents: StateMachineDocuments) {}

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [
      {
        type: DEBUG_TYPE,
        request: 'launch',
        name: 'Debug the open state machine',
        definition: '${file}',
        input: {},
        stopOnEntry: true,
      },
    ];
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
      return undefined;
    }
    const active = vscode.window.activeTextEditor?.document;
    // The open state machine, or the machine of the open template (the only one, or the one picked).
    const onDisk = active && active.uri.scheme === 'file' ? active : undefined;
    const target = !onDisk
      ? undefined
      : needsActiveFile(config)
        ? await this.documents.target(onDisk)
        : (await this.documents.isStateMachine(onDisk))
          ? { document: onDisk }
          : undefined;
    const activeFile = target?.document.fileName;
    const defaults = launchDefaults(activeFile, folder);
    const resolved = completeLaunchConfiguration(config, activeFile, pathExists, defaults, target?.machine);
    if (!resolved) {
      void vscode.window.showInformationMessage(
        'Open a state machine (*.asl.json or *.asl.yaml) to debug it, or add a launch configuration.',
      );
      return undefined;
    }
    return resolved as vscode.DebugConfiguration;
  }
}

class InlineAdapterFactory implements vscode.DebugAdapterDescriptorFactory {
  createDebugAdapterDescriptor(): vscode.ProviderResult<vscode.DebugAdapterDescriptor> {
    // The session speaks DAP through handleMessage/onDidSendMessage, which is what VS Code's inline adapters expect.
    const session = new StepthroughDebugSession(
      workspaceFiles(),
      startHandlerHost,
    ) as unknown as vscode.DebugAdapter;
    return new vscode.DebugAdapterInlineImplementation(session);
  }
}

export function registerDebugging(
  context: vscode.ExtensionContext,
  documents: StateMachineDocuments,
  status: RunStatus,
  log: vscode.LogOutputChannel,
): void {
  const running = new Map<string, () => void>();
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, new ConfigurationProvider(documents)),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, new InlineAdapterFactory()),
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type !== DEBUG_TYPE) return;
      const what = session.configuration['noDebug'] === true ? 'running' : 'debugging';
      log.info(`Started ${what} ${session.name}.`);
      running.set(session.id, status.begin(`${what} ${session.name.replace(/^Stepthrough: /, '')}`));
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      const end = running.get(session.id);
      if (!end) return;
      running.delete(session.id);
      end();
      log.info(`Session ${session.name} ended.`);
    }),
  );
}

/** The breakpoints set in a file (a debug session without any stops before the first state instead). */
function hasBreakpointsIn(uri: vscode.Uri): boolean {
  return vscode.debug.breakpoints.some(
    (bp) =>
      bp.enabled && bp instanceof vscode.SourceBreakpoint && bp.location.uri.toString() === uri.toString(),
  );
}

/** Runs (noDebug) or debugs a state machine document with the configuration F5 would use. */
export async function startStateMachine(target: MachineTarget, mode: 'run' | 'debug'): Promise<boolean> {
  const { document, machine } = target;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return false;
  }
  if (document.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Save the state machine to a file first: runs read it from disk.');
    return false;
  }
  if (document.isDirty && !(await document.save())) return false;
  const stopOnEntry = mode === 'debug' && !hasBreakpointsIn(document.uri);
  const config: StepthroughLaunchConfiguration = launchConfigurationFor(
    document.fileName,
    pathExists,
    launchDefaults(document.fileName, undefined, stopOnEntry),
    machine,
  );
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  return vscode.debug.startDebugging(folder, config as vscode.DebugConfiguration, {
    noDebug: mode === 'run',
  });
}

/**
 * Replay Execution History: asks for a history file (what `aws stepfunctions get-execution-history
 * --output json` prints) and the state machine that ran (the open one, when it is one), then debugs
 * the replay: the debug adapter's `history` launch argument does the rest.
 */
export async function replayExecutionHistory(documents: StateMachineDocuments): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return false;
  }
  const [history] =
    (await vscode.window.showOpenDialog({
      title: 'Execution history (aws stepfunctions get-execution-history --output json)',
      filters: { 'Execution history': ['json'] },
      canSelectMany: false,
    })) ?? [];
  if (!history) return false;
  const open = await documents.resolve(undefined);
  // A standalone definition file (a replay reads the machine's file as it is, not a template's machine).
  const openUri = open !== undefined && open.machine === undefined ? open.document.uri : undefined;
  const [definition] =
    openUri?.scheme === 'file'
      ? [openUri]
      : ((await vscode.window.showOpenDialog({
          title: 'The state machine that ran',
          filters: { 'State machine': ['json', 'yaml', 'yml'] },
          canSelectMany: false,
        })) ?? []);
  if (!definition) return false;
  const config = {
    type: DEBUG_TYPE,
    request: 'launch',
    name: `Stepthrough: replay ${history.path.split('/').pop() ?? 'history'}`,
    definition: definition.fsPath,
    history: history.fsPath,
    cwd: dirname(history.fsPath),
    stopOnEntry: true,
  };
  return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(definition), config);
}
