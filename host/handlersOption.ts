// A handlers option as a surface takes it (`stepthrough run --handlers`, the debugger's launch
// `handlers`): "auto" (a template machine's own functions), the path of a JSON/YAML file holding the
// map a test file's `handlers:` holds (its relative paths resolve against the file's folder), or that
// map inline (relative paths against `baseDir`). Problems are an E_INVALID_HANDLERS naming the first.

import { dirname, resolve } from 'node:path';
import { StepthroughError } from '../core/errors';
import { parseHandlers, type HandlerMap, type HandlerProblem } from '../core/handlers';
import type { JsonValue } from '../core/json';
import { readDataFile } from './dataFiles';
import type { FileAccess } from './files';

function describeProblem(problem: HandlerProblem): string {
  return problem.path.length > 0 ? `at ${problem.path.join('.')}: ${problem.message}` : problem.message;
}

/** The handlers `value` names, checked, or `auto`. */
export function readHandlersOption(
  files: FileAccess,
  value: string | JsonValue,
  baseDir: string,
): HandlerMap | 'auto' {
  if (value === 'auto') return 'auto';
  const file = typeof value === 'string' ? resolve(baseDir, value) : undefined;
  const raw = file === undefined ? value : readDataFile(files, file, { kind: 'mock', what: 'handlers' });
  const problems: HandlerProblem[] = [];
  const read = parseHandlers(raw, problems);
  const first = problems[0];
  if (first) {
    throw new StepthroughError(
      'E_INVALID_HANDLERS',
      `the handlers${file === undefined ? '' : ` file ${String(value)}`} ${describeProblem(first)}`,
      {
        hint: 'Map Task states (or the functions they call) to ./module.js#export, python:module:function or cmd: ./command.',
        ...(file === undefined ? {} : { location: { file } }),
      },
    );
  }
  if (read.auto) return 'auto';
  const folder = file === undefined ? baseDir : dirname(file);
  for (const spec of Object.values(read.handlers)) spec.baseDir = folder;
  return read.handlers;
}
