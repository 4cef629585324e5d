// Reading the files a launch configuration names (definitions, inputs, mocks, test files) through the
// host's file access, with every failure a StepthroughError that names the file and, for syntax
// errors, the line.

import { isAbsolute, resolve } from 'node:path';
import { parseDocument, StepthroughError, type JsonValue, type ParsedDocument } from '../core';
import { readDataFile as readHostDataFile, type FileAccess, type FileKind } from '../host';

export function resolvePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}

const LAUNCH_HINT = 'Check the path in the launch configuration; relative paths resolve from `cwd`.';

export function readDefinitionText(files: FileAccess, file: string): string {
  return files.readText(file, { kind: 'definition', missingHint: LAUNCH_HINT });
}

export function readDataFile(files: FileAccess, file: string, kind: FileKind, what: string): JsonValue {
  return readHostDataFile(files, file, { kind, what, missingHint: LAUNCH_HINT });
}

/** A user-facing one-line (or two-line, with the hint) description of a launch failure. */
export function describeError(err: unknown): string {
  if (err instanceof StepthroughError) return err.format();
  if (err instanceof Error) return err.message;
  return String(err);
}

/** A state machine file parsed for breakpoints, or why it could not be read. */
export function readDocument(
  files: FileAccess,
  file: string,
): {
  doc: ParsedDocument | undefined;
  readError: string | undefined;
} {
  try {
    return {
      doc: parseDocument(readDefinitionText(files, file), { fileName: file }),
      readError: undefined,
    };
  } catch (err) {
    return { doc: undefined, readError: describeError(err) };
  }
}
