// Running a team's own code as Task handlers: Node module exports, Python callables and commands,
// each function in child processes of its own (workers reused between calls), bounded in time,
// stopped when the host closes. Surfaces parse handler maps with core/handlers and run them here.

export {
  DEFAULT_FUNCTION_TIMEOUT_SECONDS,
  HandlerHost,
  type HandlerHostOptions,
  type HandlerOutput,
  type PreparedHandler,
  type PreparedHandlers,
} from './host';
export { findPython, PYTHON_ENV, NODE_WORKER_BUNDLE, PYTHON_WORKER_FILE } from './runtimes';
export { liveWorkerCount } from './worker';
