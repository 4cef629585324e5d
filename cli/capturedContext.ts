// A CommandContext that captures stdout and stderr, for tests that call a command in process.

import { nodeFileAccess, type FileAccess } from '../host';
import type { CommandContext } from './context';

export type CapturedContext = CommandContext & { out: string[]; err: string[] };

export function capturedContext(
  positionals: string[],
  values: CommandContext['values'] = {},
  files: FileAccess = nodeFileAccess(),
): CapturedContext {
  const out: string[] = [];
  const err: string[] = [];
  return {
    positionals,
    values,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    color: false,
    files,
    out,
    err,
  };
}
