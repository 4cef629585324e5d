// File access for the MCP tools. A tool names paths an assistant chose, so they are untrusted: relative
// paths resolve against the server's working directory (the workspace the client started it in), and
// every read goes through the host's FileAccess (a regular file, symlinks resolved then checked, under
// the size limit of its kind).

import { isAbsolute, resolve } from 'node:path';
import { nodeFileAccess, type FileKind } from '../host';

const files = nodeFileAccess();

export function resolvePath(path: string, root: string = process.cwd()): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

const KINDS: Readonly<Record<string, FileKind>> = {
  'state machine': 'definition',
  'role policy': 'policy',
  test: 'test',
};

/** The text of a regular file, or a FileAccessError (a StepthroughError) saying why not. */
export function readToolFile(path: string, what: string, root?: string): string {
  return files.readText(resolvePath(path, root), { kind: KINDS[what] ?? 'input', what: `${what} file` });
}
