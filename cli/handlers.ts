// Handlers for the CLI's commands: a handler host whose processes' output goes to stderr (each line
// named by its key), and `--handlers FILE`: the same map as a test file's `handlers:`, in JSON or
// YAML, its relative paths resolving against the file's folder.

import type { HandlerMap } from '../core/handlers';
import type { FileAccess } from '../host';
import type { HandlerHost } from '../host/handlers';
import { readHandlersOption as readHandlersValue } from '../host/handlersOption';
import { startHandlerHost } from '../host/handlers/start';
import type { CommandContext } from './context';

/**
 * A host for one command; its handlers' output goes to stderr as `[key] line`. The host's code loads
 * here, only for a run that has handlers (ARCHITECTURE.md invariant 27).
 */
export function commandHandlerHost(ctx: Pick<CommandContext, 'stderr'>): Promise<HandlerHost> {
  return startHandlerHost((line) => ctx.stderr(line));
}

/** `--handlers FILE` read and checked (E_INVALID_HANDLERS naming the first problem), or `auto`. */
export function readHandlersOption(files: FileAccess, value: string): HandlerMap | 'auto' {
  return readHandlersValue(files, value, process.cwd());
}
