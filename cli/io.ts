// File input for the CLI and the debug adapter: reads JSON or YAML files and turns every failure into a StepthroughError
// with the file name and, for syntax errors, the line and column.

import { readFileSync } from 'node:fs';
import { StepthroughError } from '../core/errors';
import type { JsonValue } from '../core/json';
import { parseDocument } from '../core/parse';

const DEFAULT_MISSING_HINT = 'Check the path; relative paths are resolved from the current directory.';

/** Reads a text file; `missingHint` tells the user where relative paths resolve from. */
export function readText(file: string, what: string, missingHint = DEFAULT_MISSING_HINT): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new StepthroughError('E_FILE_NOT_FOUND', `The ${what} file '${file}' does not exist.`, {
        hint: missingHint,
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

/** Parses JSON or YAML text (by extension or content) into a value, or throws with file:line:col. */
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

export function readDataFile(file: string, what: string, missingHint = DEFAULT_MISSING_HINT): JsonValue {
  return parseDataText(readText(file, what, missingHint), file, what);
}

export function parseJsonArgument(text: string, option: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (err) {
    throw new StepthroughError(
      'E_USAGE',
      `The value of ${option} is not valid JSON: ${(err as Error).message}`,
      {
        hint: `Quote it for your shell, e.g. ${option} '{"orderId": 42}'.`,
      },
    );
  }
}
