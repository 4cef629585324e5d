// File access for the MCP tools. A tool names paths an assistant chose, so they are untrusted: relative
// paths resolve against the server's working directory (the workspace the client started it in), only
// regular files are read (no devices, FIFOs or directories), and no file over the size limit.

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { StepthroughError } from '../core';

/** Largest file a tool reads: far above any state machine (AWS: 1 MiB) or test file. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function resolvePath(path: string, root: string = process.cwd()): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

/** The text of a regular file, or a StepthroughError saying why not. */
export function readToolFile(path: string, what: string, root?: string): string {
  const full = resolvePath(path, root);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    throw new StepthroughError('E_FILE_NOT_FOUND', `The ${what} file '${path}' does not exist.`, {
      hint: `Relative paths resolve against ${root ?? process.cwd()}.`,
    });
  }
  if (!stat.isFile())
    throw new StepthroughError('E_FILE_READ', `The ${what} path '${path}' is not a regular file.`);
  if (stat.size > MAX_FILE_BYTES) {
    throw new StepthroughError(
      'E_FILE_READ',
      `The ${what} file '${path}' is ${stat.size} bytes; the limit is ${MAX_FILE_BYTES}.`,
    );
  }
  try {
    return readFileSync(full, 'utf8');
  } catch (error) {
    throw new StepthroughError(
      'E_FILE_READ',
      `Cannot read the ${what} file '${path}': ${(error as Error).message}`,
    );
  }
}
