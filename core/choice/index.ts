// Public surface of the Choice rule evaluator (JSONPath query language).

export { evaluateChoiceRule, invalidChoicePathCause, type ResolvePath } from './evaluate';
export {
  COMPARISON_OPERATORS,
  LOGICAL_OPERATORS,
  TYPE_TEST_OPERATORS,
  comparisonOperatorSpec,
  compareValues,
  typeTestHolds,
  type ComparisonOperatorSpec,
  type OperandKind,
  type OperatorFamily,
  type OperatorRelation,
  type TypeTestOperator,
} from './operators';
export { compileStringPattern, stringMatches, type PatternToken } from './stringMatches';
export {
  compareInstants,
  isTimestampString,
  parseTimestamp,
  timestampFromString,
  type PreciseInstant,
} from './timestamp';
