// The extension's settings (declared in extension-manifest.json), read in one place.

import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';

const SECTION = 'stepthrough';

export const DEFAULT_TEST_GLOB = '**/*.sfn-test.{yaml,yml,json}';

function config(scope?: vscode.Uri): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

/** Whether plain JSON/YAML files that look like state machines are treated as ones. */
export function detectStateMachines(scope?: vscode.Uri): boolean {
  return config(scope).get<boolean>('detectStateMachines', true);
}

/** The glob the Test Explorer discovers test files with. */
export function testFilesGlob(scope?: vscode.Uri): string {
  const value = config(scope).get<string>('testFiles', DEFAULT_TEST_GLOB).trim();
  return value === '' ? DEFAULT_TEST_GLOB : value;
}

/** The role policy setting as written (the language server resolves it against the workspace). */
export function rolePolicySetting(): string {
  return config().get<string>('rolePolicyFile', '').trim();
}

/**
 * The default execution role for runs and debug sessions: an ARN as is, a file resolved against the
 * workspace folder. Undefined when unset (or in an untrusted workspace, where the setting is restricted).
 */
export function rolePolicy(
  scope: vscode.Uri | undefined,
  folder: vscode.WorkspaceFolder | undefined,
): string | undefined {
  const value = config(scope).get<string>('rolePolicyFile', '').trim();
  if (value === '') return undefined;
  if (value.startsWith('arn:') || isAbsolute(value) || !folder) return value;
  return join(folder.uri.fsPath, value);
}
