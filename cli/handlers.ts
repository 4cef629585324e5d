// Handlers for the CLI's commands: a handler host whose processes' output goes to stderr (each line
// named by its key), and `--handlers FILE`: the same map as a test file's `handlers:`, in JSON or
// YAML, its relative paths resolving against the file's folder.

import { dirname, resolve } from 'node:path';
import { StepthroughError } from '../core/errors';
import { parseHandlers, type HandlerMap, type HandlerProblem } from '../core/handlers';
import { readDataFile, type FileAccess } from '../host';
import type { HandlerHost } from '../host/handlers';
import { startHandlerHost } from '../host/handlers/start';
import type { CommandContext } from './context';

/**
 * A host for one command; its handlers' output goes to stderr as `[key] line`. The host's code loads
 * here, only for a run that has handlers (ARCHITECTURE.md invariant 27).
 */
export function commandHandlerHost(ctx: Pick<CommandContext, 'stderr'>): Promise<HandlerHost> {
  return startHandlerHost((line) => ctx.stderr(line));
}

function describeProblem(problem: HandlerProblem): string {
  return problem.path.length > 0 ? `at ${problem.path.join('.')}: ${problem.message}` : problem.message;
}

/** `--handlers FILE` read and checked (E_INVALID_HANDLERS naming the first problem), or `auto`. */
export function readHandlersOption(files: FileAccess, value: string): HandlerMap | 'auto' {
  if (value === 'auto') return 'auto';
  const file = resolve(value);
  const problems: HandlerProblem[] = [];
  const read = parseHandlers(readDataFile(files, file, { kind: 'mock', what: 'handlers' }), problems);
  const first = problems[0];
  if (first) {
    throw new StepthroughError('E_INVALID_HANDLERS', `the handlers file ${value} ${describeProblem(first)}`, {
      hint: 'Map Task states (or the functions they call) to ./module.js#export, python:module:function or cmd: ./command.',
      location: { file },
    });
  }
  if (read.auto) return 'auto';
  for (const spec of Object.values(read.handlers)) spec.baseDir = dirname(file);
  return read.handlers;
}
