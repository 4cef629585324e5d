// Public API of the JSONata layer: recognising `{% %}` strings, syntax checks and static analysis for the
// validator and language server, and evaluation with AWS Step Functions' semantics for the interpreter.

export {
  isJsonataExpression,
  extractExpression,
  checkJsonataSyntax,
  type JsonataSyntaxError,
} from './expression';
export {
  evaluateJsonata,
  evaluateJsonataTemplate,
  evaluateTyped,
  type JsonataBindings,
  type JsonataExpectedType,
} from './evaluate';
export type { JsonataRuntime } from './context';
export { DEFAULT_JSONATA_LIMITS, LIMIT_MESSAGES, type JsonataLimits } from './limits';
export {
  analyzeJsonataExpression,
  JSONATA_FUNCTION_NAMES,
  type JsonataAnalysis,
  type JsonataReference,
} from './references';
