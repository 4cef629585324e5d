// Handlers as every surface writes them (test files, run --handlers, the library, pytest): pure
// parsing of handler references and maps, and `handlers: auto` from a template's functions.

export {
  HANDLER_FORMS,
  parseHandlerReference,
  parseHandlerSpec,
  parseHandlers,
  readEnvironment,
  splitCommandLine,
  type HandlerMap,
  type HandlerProblem,
  type HandlerReference,
  type HandlerRunRequest,
  type HandlerSpec,
  type HandlersValue,
  type TaskHandlerProvider,
} from './spec';
export {
  autoHandlers,
  functionHandler,
  unsupportedTaskHandlers,
  type AutoHandlers,
  type UnsupportedFunction,
} from './auto';
