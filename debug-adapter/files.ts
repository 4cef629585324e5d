// Reading the files a launch configuration names (definitions, inputs, mocks, test files), with
// every failure turned into a StepthroughError that names the file and, for syntax errors, the line.

import { isAbsolute, resolve } from 'node:path';
import { readDataFile as readCliDataFile, readText } from '../cli/io';
import { parseDocument, StepthroughError, type JsonValue, type ParsedDocument } from '../core';

export function resolvePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}

const LAUNCH_HINT = 'Check the path in the launch configuration; relative paths resolve from `cwd`.';

export function readTextFile(file: string, what: string): string {
  return readText(file, what, LAUNCH_HINT);
}

export function readDataFile(file: string, what: string): JsonValue {
  return readCliDataFile(file, what, LAUNCH_HINT);
}

/** A user-facing one-line (or two-line, with the hint) description of a launch failure. */
export function describeError(err: unknown): string {
  if (err instanceof StepthroughError) return err.format();
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A state machine file parsed for breakpoints, or why it could not be read. */
export function readDocument(file: string): {
  doc: ParsedDocument | undefined;
  readError: string | undefined;
} {
  try {
    return {
      doc: parseDocument(readTextFile(file, 'state machine'), { fileName: file }),
      readError: undefined,
    };
  } catch (err) {
    return { doc: undefined, readError: describeError(err) };
  }
}
