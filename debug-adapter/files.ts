// Reading the files a launch configuration names (definitions, inputs, mocks, test files), with
// every failure turned into a StepthroughError that names the file and, for syntax errors, the line.

import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseDocument, StepthroughError, type JsonValue, type ParsedDocument } from '../core';

export function resolvePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}

export function readTextFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new StepthroughError('E_FILE_NOT_FOUND', `The ${what} file '${file}' does not exist.`, {
        hint: 'Check the path in the launch configuration; relative paths resolve from `cwd`.',
        location: { file },
      });
    }
    throw new StepthroughError(
      'E_FILE_READ',
      `Cannot read the ${what} file '${file}': ${(err as Error).message}`,
      {
        location: { file },
      },
    );
  }
}

/** Parses JSON or YAML text into a value; throws with file:line:col on a syntax error. */
export function parseDataText(text: string, file: string, what: string): JsonValue {
  const doc = parseDocument(text, { fileName: file });
  const err = doc.diagnostics.find((d) => d.severity === 'error');
  if (err) {
    throw new StepthroughError(
      'E_PARSE',
      `The ${what} file is not valid ${doc.format.toUpperCase()}: ${err.message}`,
      {
        location: { file, line: err.range.start.line + 1, column: err.range.start.character + 1 },
      },
    );
  }
  return doc.value ?? null;
}

export function readDataFile(file: string, what: string): JsonValue {
  return parseDataText(readTextFile(file, what), file, what);
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
