// The host's file access as the extension uses it: it reads only while VS Code trusts the workspace
// (asked at each use, so granting trust takes effect at once).

import * as vscode from 'vscode';
import { nodeFileAccess, type FileAccess } from '../host';

export function workspaceFiles(): FileAccess {
  return nodeFileAccess({ trusted: vscode.workspace.isTrusted });
}

/** Whether something is at `path` (for launch configurations that name optional files). */
export function pathExists(path: string): boolean {
  return workspaceFiles().stat(path) !== undefined;
}
