// Choice rules. JSONPath: each rule holds exactly one comparison (with its Variable) or one of And/Or/Not,
// operands of the operator's type, Next only in top-level rules (where it is required). JSONata: each rule
// is a Condition with a Next. Targets are checked with the other transitions.
import {
  COMPARISON_OPERATORS,
  LOGICAL_OPERATORS,
  comparisonOperatorSpec,
  isTimestampString,
} from '../choice';
import type { AstNode, AstObject, AstProperty } from '../parse';
import { propertyAt } from '../parse';
import {
  type Site,
  type ValidationContext,
  describeKind,
  isEmptyList,
  isJsonataString,
  quote,
} from './context';
import { checkJsonataString, checkJsonataTemplate } from './jsonata';
import { checkPath } from './paths';
import { didYouMean } from './suggest';
import { checkAssign } from './variables';

const OPERATORS = new Set<string>([...COMPARISON_OPERATORS, ...LOGICAL_OPERATORS]);
const JSONPATH_RULE_FIELDS = new Set(['Variable', 'Comment', ...OPERATORS]);
const TOP_ONLY_FIELDS = new Set(['Next', 'Assign']);
const JSONATA_RULE_FIELDS = new Set(['Condition', 'Next', 'Assign', 'Output', 'Comment']);

export function checkChoices(ctx: ValidationContext, site: Site, node: AstNode): void {
  if (node.kind !== 'array') return;
  if (isEmptyList(node)) {
    ctx.report('ASL106', node.range, '"Choices" is empty: a Choice state needs at least one rule');
    return;
  }
  for (const rule of node.items) {
    if (ctx.isPlaceholder(rule)) continue;
    if (rule.kind !== 'object') {
      ctx.report('ASL103', rule.range, `Each Choice rule must be an object, not ${describeKind(rule)}`);
      continue;
    }
    const jsonata =
      site.queryLanguage === 'JSONata' ||
      (site.queryLanguage === undefined && propertyAt(rule, 'Condition') !== undefined);
    if (jsonata) checkJsonataRule(ctx, site, rule);
    else checkJsonPathRule(ctx, site, rule, true);
  }
}

/** The first line of an object, for problems about the object as a whole. */
function ruleAnchor(rule: AstObject): { start: number; end: number } {
  const first = rule.properties[0];
  return first ? { start: rule.range.start, end: first.keyRange.end } : rule.range;
}

function checkJsonataRule(ctx: ValidationContext, site: Site, rule: AstObject): void {
  for (const property of rule.properties) {
    if (JSONATA_RULE_FIELDS.has(property.key)) continue;
    if (property.key === 'Variable' || OPERATORS.has(property.key)) {
      ctx.report(
        'ASL402',
        property.keyRange,
        `${quote(property.key)} belongs to JSONPath Choice rules; in a JSONata state write the test as "Condition": "{% ... %}"`,
      );
    } else {
      ctx.report(
        'ASL102',
        property.keyRange,
        `${quote(property.key)} is not a field of a JSONata Choice rule${didYouMean(property.key, JSONATA_RULE_FIELDS)}`,
      );
    }
  }
  const condition = propertyAt(rule, 'Condition');
  if (!condition)
    ctx.report('ASL101', ruleAnchor(rule), 'A JSONata Choice rule must have "Condition": "{% expression %}"');
  else if (condition.value) checkCondition(ctx, site, condition.value);
  if (!propertyAt(rule, 'Next'))
    ctx.report(
      'ASL122',
      ruleAnchor(rule),
      'A Choice rule must have "Next": the state to go to when it matches',
    );
  checkRuleTransitionFields(ctx, rule);
  const assign = propertyAt(rule, 'Assign');
  if (assign) checkAssignField(ctx, site, assign);
  const output = propertyAt(rule, 'Output')?.value;
  if (output) checkJsonataTemplate(ctx, site, output, 'Output');
}

function checkCondition(ctx: ValidationContext, site: Site, node: AstNode): void {
  if (ctx.isPlaceholder(node) || node.kind === 'boolean') return;
  if (node.kind === 'string') {
    const value = node.value as string;
    if (isJsonataString(node) || value.startsWith('{%') || value.endsWith('%}')) {
      checkJsonataString(ctx, site, node, 'Condition');
      return;
    }
  }
  ctx.report(
    'ASL103',
    node.range,
    `"Condition" must be a "{% expression %}" string or a boolean, not ${describeKind(node)}`,
  );
}

function checkJsonPathRule(ctx: ValidationContext, site: Site, rule: AstObject, topLevel: boolean): void {
  const operators: AstProperty[] = [];
  for (const property of rule.properties) {
    if (OPERATORS.has(property.key)) operators.push(property);
    else if (!JSONPATH_RULE_FIELDS.has(property.key) && !(topLevel && TOP_ONLY_FIELDS.has(property.key))) {
      reportRuleField(ctx, property, topLevel);
    }
  }
  const variable = propertyAt(rule, 'Variable');
  if (operators.length === 0) {
    ctx.report(
      'ASL120',
      ruleAnchor(rule),
      'This Choice rule has no comparison: add "Variable" with one operator (e.g. "StringEquals"), or And/Or/Not',
    );
  } else if (operators.length > 1) {
    for (const operator of operators) {
      ctx.report(
        'ASL120',
        operator.keyRange,
        `A Choice rule holds exactly one comparison operator; this one has ${operators.map((o) => o.key).join(', ')}: split them with And/Or`,
      );
    }
  } else if (operators[0]) {
    checkOperator(ctx, site, operators[0], variable);
  }
  if (variable?.value && !ctx.isPlaceholder(variable.value)) {
    if (variable.value.kind === 'string') checkPath(ctx, site, variable.value, 'Variable', 'reference');
    else
      ctx.report(
        'ASL103',
        variable.value.range,
        `"Variable" must be a JSONPath string, not ${describeKind(variable.value)}`,
      );
  }
  if (topLevel) {
    if (!propertyAt(rule, 'Next'))
      ctx.report(
        'ASL122',
        ruleAnchor(rule),
        'A top-level Choice rule must have "Next": the state to go to when it matches',
      );
    checkRuleTransitionFields(ctx, rule);
    const assign = propertyAt(rule, 'Assign');
    if (assign) checkAssignField(ctx, site, assign);
  }
}

function reportRuleField(ctx: ValidationContext, property: AstProperty, topLevel: boolean): void {
  if (property.key === 'Next' || property.key === 'Assign') {
    ctx.report(
      'ASL102',
      property.keyRange,
      `${quote(property.key)} is only allowed in the top-level rules of "Choices", not inside And/Or/Not: remove it`,
    );
  } else if (property.key === 'Condition' || property.key === 'Output') {
    ctx.report(
      'ASL403',
      property.keyRange,
      `${quote(property.key)} belongs to JSONata Choice rules; this state uses JSONPath: use "Variable" with a comparison operator, or set "QueryLanguage": "JSONata"`,
    );
  } else {
    const candidates = topLevel ? [...JSONPATH_RULE_FIELDS, ...TOP_ONLY_FIELDS] : [...JSONPATH_RULE_FIELDS];
    ctx.report(
      'ASL102',
      property.keyRange,
      `${quote(property.key)} is not a field of a Choice rule${didYouMean(property.key, candidates)}`,
    );
  }
}

function checkRuleTransitionFields(ctx: ValidationContext, rule: AstObject): void {
  const next = propertyAt(rule, 'Next')?.value;
  if (next && next.kind !== 'string' && !ctx.isPlaceholder(next)) {
    ctx.report('ASL103', next.range, `"Next" must be a state name (a string), not ${describeKind(next)}`);
  }
  const comment = propertyAt(rule, 'Comment')?.value;
  if (comment && comment.kind !== 'string')
    ctx.report('ASL103', comment.range, `"Comment" must be a string, not ${describeKind(comment)}`);
}

function checkAssignField(ctx: ValidationContext, site: Site, assign: AstProperty): void {
  if (assign.value && assign.value.kind !== 'object' && !ctx.isPlaceholder(assign.value)) {
    ctx.report(
      'ASL103',
      assign.value.range,
      `"Assign" must be an object of variable names and values, not ${describeKind(assign.value)}`,
    );
    return;
  }
  checkAssign(ctx, site, assign);
}

function checkOperator(
  ctx: ValidationContext,
  site: Site,
  operator: AstProperty,
  variable: AstProperty | undefined,
): void {
  const operand = operator.value;
  if (operator.key === 'And' || operator.key === 'Or') {
    if (variable)
      ctx.report(
        'ASL102',
        variable.keyRange,
        `"Variable" goes with a comparison operator, not with ${operator.key}: move it into the rules inside ${operator.key}`,
      );
    if (!operand || ctx.isPlaceholder(operand)) return;
    if (operand.kind !== 'array') {
      ctx.report(
        'ASL103',
        operand.range,
        `${quote(operator.key)} must be an array of Choice rules, not ${describeKind(operand)}`,
      );
    } else if (isEmptyList(operand)) {
      ctx.report('ASL106', operand.range, `${quote(operator.key)} is empty: give it at least one rule`);
    } else {
      for (const item of operand.items) checkNestedRule(ctx, site, item);
    }
    return;
  }
  if (operator.key === 'Not') {
    if (variable)
      ctx.report(
        'ASL102',
        variable.keyRange,
        '"Variable" goes with a comparison operator, not with Not: move it into the rule inside Not',
      );
    if (operand && !ctx.isPlaceholder(operand)) checkNestedRule(ctx, site, operand);
    return;
  }
  if (!variable) {
    ctx.report(
      'ASL121',
      operator.keyRange,
      `${quote(operator.key)} compares the value at "Variable", but this rule has no "Variable": add one, e.g. "Variable": "$.status"`,
    );
  }
  if (operand && !ctx.isPlaceholder(operand)) checkOperand(ctx, site, operator.key, operand);
}

function checkNestedRule(ctx: ValidationContext, site: Site, node: AstNode): void {
  if (ctx.isPlaceholder(node)) return;
  if (node.kind !== 'object') {
    ctx.report('ASL103', node.range, `A Choice rule must be an object, not ${describeKind(node)}`);
    return;
  }
  checkJsonPathRule(ctx, site, node, false);
}

function checkOperand(ctx: ValidationContext, site: Site, name: string, operand: AstNode): void {
  const spec = comparisonOperatorSpec(name);
  if (!spec) return;
  switch (spec.operandKind) {
    case 'path':
      if (operand.kind !== 'string')
        reportOperandType(ctx, name, operand, 'a JSONPath string naming the value to compare with');
      else checkPath(ctx, site, operand, name, 'reference');
      return;
    case 'string':
      if (operand.kind !== 'string') reportOperandType(ctx, name, operand, 'a string');
      return;
    case 'number':
      if (operand.kind !== 'number') reportOperandType(ctx, name, operand, 'a number');
      return;
    case 'boolean':
      if (operand.kind !== 'boolean')
        reportOperandType(ctx, name, operand, spec.family === 'Type' ? 'true or false' : 'a boolean');
      return;
    case 'timestamp':
      if (operand.kind !== 'string') reportOperandType(ctx, name, operand, 'an RFC 3339 timestamp string');
      else if (!isTimestampString(operand.value as string)) {
        ctx.report(
          'ASL123',
          operand.range,
          `${quote(name)} takes an RFC 3339 timestamp such as "2025-01-31T23:59:59Z"; ${quote(operand.value as string)} is not one`,
        );
      }
      return;
  }
}

function reportOperandType(ctx: ValidationContext, name: string, operand: AstNode, expected: string): void {
  ctx.report('ASL123', operand.range, `${quote(name)} takes ${expected}, not ${describeKind(operand)}`);
}
