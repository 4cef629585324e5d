// Public entry point of the JSONPath engine used by the interpreter and the validator (Jayway semantics, as in
// AWS Step Functions): parse, query, print in bracket notation, and write at a ResultPath.

export type {
  ComparisonOperator,
  FilterExpression,
  FilterOperand,
  FilterPath,
  NameQuote,
  ParsedPath,
  PathRoot,
  PathSegment,
  SourceSpan,
} from './ast';
export {
  MAX_EVALUATION_STEPS,
  MAX_FILTER_NESTING,
  MAX_PATH_LENGTH,
  MAX_REGEX_MILLISECONDS,
  MAX_SEGMENTS,
} from './ast';
export { parseJsonPath, type ParseResult } from './parse';
export { queryPath, type QueryResult } from './evaluate';
export { toBracketNotation, segmentFragment } from './format';
export { setAtPath, isReferencePath, type SetResult } from './assign';
