// The Choice comparison operators (JSONPath query language): their names, the kind of operand each takes,
// and how each compares a value. A type mismatch is never an error, only a false comparison.

import type { JsonValue } from '../json';
import { stringMatches } from './stringMatches';
import { compareInstants, isTimestampString, parseTimestamp } from './timestamp';

/** What an operator compares: the family decides the types it accepts. */
export type OperatorFamily = 'String' | 'Numeric' | 'Boolean' | 'Timestamp' | 'StringMatches' | 'Type';

/** How two values of the family are related. */
export type OperatorRelation = 'Equals' | 'LessThan' | 'GreaterThan' | 'LessThanEquals' | 'GreaterThanEquals';

/** The JSON type an operator's literal operand must have (a `...Path` operator's operand is a path string). */
export type OperandKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'path';

export interface ComparisonOperatorSpec {
  readonly name: string;
  readonly family: OperatorFamily;
  /** For String/Numeric/Timestamp/Boolean families. */
  readonly relation: OperatorRelation | undefined;
  /** True for `...Path` operators: the operand names another path whose value is compared. */
  readonly isPath: boolean;
  readonly operandKind: OperandKind;
}

/** The type tests (`IsNull: true` ...). IsPresent is special: it is the one test that accepts a missing Variable. */
export const TYPE_TEST_OPERATORS = [
  'IsNull',
  'IsPresent',
  'IsNumeric',
  'IsString',
  'IsBoolean',
  'IsTimestamp',
] as const;
export type TypeTestOperator = (typeof TYPE_TEST_OPERATORS)[number];

/** And / Or take a non-empty array of rules, Not a single rule. */
export const LOGICAL_OPERATORS = ['And', 'Or', 'Not'] as const;

const RELATIONS: readonly OperatorRelation[] = [
  'Equals',
  'LessThan',
  'GreaterThan',
  'LessThanEquals',
  'GreaterThanEquals',
];

function buildSpecs(): Map<string, ComparisonOperatorSpec> {
  const specs = new Map<string, ComparisonOperatorSpec>();
  const add = (spec: ComparisonOperatorSpec): void => {
    specs.set(spec.name, spec);
  };
  const families: Array<[OperatorFamily, OperandKind]> = [
    ['String', 'string'],
    ['Numeric', 'number'],
    ['Timestamp', 'timestamp'],
  ];
  for (const [family, operandKind] of families) {
    for (const relation of RELATIONS) {
      add({ name: `${family}${relation}`, family, relation, isPath: false, operandKind });
      add({ name: `${family}${relation}Path`, family, relation, isPath: true, operandKind: 'path' });
    }
  }
  add({
    name: 'BooleanEquals',
    family: 'Boolean',
    relation: 'Equals',
    isPath: false,
    operandKind: 'boolean',
  });
  add({
    name: 'BooleanEqualsPath',
    family: 'Boolean',
    relation: 'Equals',
    isPath: true,
    operandKind: 'path',
  });
  // There is no StringMatchesPath in the States Language.
  add({
    name: 'StringMatches',
    family: 'StringMatches',
    relation: undefined,
    isPath: false,
    operandKind: 'string',
  });
  for (const name of TYPE_TEST_OPERATORS) {
    add({ name, family: 'Type', relation: undefined, isPath: false, operandKind: 'boolean' });
  }
  return specs;
}

const SPECS: ReadonlyMap<string, ComparisonOperatorSpec> = buildSpecs();

/** Every comparison operator name, including the `...Path` forms and the `Is...` type tests (not And/Or/Not). */
export const COMPARISON_OPERATORS: readonly string[] = Object.freeze([...SPECS.keys()]);

/** The description of a comparison operator, or undefined when the name is not one. */
export function comparisonOperatorSpec(name: string): ComparisonOperatorSpec | undefined {
  return SPECS.get(name);
}

/** Whether the operator's relation holds for an ordering result (negative, zero, positive). */
function relationHolds(relation: OperatorRelation | undefined, order: number): boolean {
  switch (relation) {
    case 'Equals':
      return order === 0;
    case 'LessThan':
      return order < 0;
    case 'GreaterThan':
      return order > 0;
    case 'LessThanEquals':
      return order <= 0;
    case 'GreaterThanEquals':
      return order >= 0;
    case undefined:
      return false;
  }
}

/** Java String.compareTo order: by UTF-16 code unit, which is also how JS compares strings. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Whether a type test (`IsNumeric` ...) holds for a value that is present. */
export function typeTestHolds(operator: TypeTestOperator, value: JsonValue): boolean {
  switch (operator) {
    case 'IsPresent':
      return true;
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    case 'IsTimestamp':
      return isTimestampString(value);
  }
}

/**
 * Applies a comparison operator to a Variable value that is present and the (literal or path-resolved)
 * operand. Values of the wrong type make the comparison false, never an error.
 */
export function compareValues(spec: ComparisonOperatorSpec, value: JsonValue, operand: JsonValue): boolean {
  switch (spec.family) {
    case 'String':
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      return relationHolds(spec.relation, compareStrings(value, operand));
    case 'Numeric':
      if (typeof value !== 'number' || typeof operand !== 'number') return false;
      return relationHolds(spec.relation, value === operand ? 0 : value < operand ? -1 : 1);
    case 'Boolean':
      return typeof value === 'boolean' && typeof operand === 'boolean' && value === operand;
    case 'Timestamp': {
      if (typeof value !== 'string' || typeof operand !== 'string') return false;
      const left = parseTimestamp(value);
      const right = parseTimestamp(operand);
      if (left === undefined || right === undefined) return false;
      return relationHolds(spec.relation, compareInstants(left, right));
    }
    case 'StringMatches':
      return typeof value === 'string' && typeof operand === 'string' && stringMatches(value, operand);
    case 'Type': {
      // The operand of a type test is `true` (the test must hold) or `false` (it must not hold).
      if (typeof operand !== 'boolean') return false;
      return typeTestHolds(spec.name as TypeTestOperator, value) === operand;
    }
  }
}
