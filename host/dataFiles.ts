// Data files (JSON or YAML: inputs, mocks, policies, substitutions) read through FileAccess and
// parsed, with a syntax error turned into a StepthroughError at the file's line and column.

import { parseDocument, StepthroughError, type JsonValue } from '../core';
import type { FileAccess, ReadRequest } from './files';
import { KIND_NAMES } from './files';

/** Parses JSON or YAML text (by extension or content) into a value, or throws with file:line:col. */
export function parseDataText(text: string, file: string, what: string): JsonValue {
  const doc = parseDocument(text, { fileName: file });
  // Any JSON value is data (ASL004 "not a state machine object" is about definitions).
  const err = doc.diagnostics.find((d) => d.severity === 'error' && d.code !== 'ASL004');
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

/** Reads and parses a data file; throws FileAccessError or StepthroughError (E_PARSE). */
export function readDataFile(files: FileAccess, file: string, request: ReadRequest): JsonValue {
  return parseDataText(files.readText(file, request), file, request.what ?? KIND_NAMES[request.kind]);
}
