// Human-readable edge labels: a Choice rule as a short condition (`$.x > 5`, `IsPresent $.a`,
// `And(...)`, a JSONata Condition's text) and a Catch as the errors it catches.

import type { JsonObject, JsonValue } from '../json';
import { isJsonObject } from '../json';
import { comparisonOperatorSpec, type OperatorRelation } from '../choice/operators';
import { normalizeLabel } from './text';

const RELATION_SYMBOLS: Record<OperatorRelation, string> = {
  Equals: '==',
  LessThan: '<',
  GreaterThan: '>',
  LessThanEquals: '<=',
  GreaterThanEquals: '>=',
};

/** Longest label drawn on an edge, in characters; the full text goes into a tooltip. */
export const MAX_EDGE_LABEL_CHARS = 32;

function literal(value: JsonValue | undefined): string {
  if (value === undefined) return '?';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value) ?? '?';
}

/** The JSONata expression inside `{% ... %}`, or the text as written. */
function jsonataText(condition: JsonValue | undefined): string {
  if (typeof condition === 'boolean') return String(condition);
  if (typeof condition !== 'string') return literal(condition);
  const match = /^\s*\{%([\s\S]*)%\}\s*$/.exec(condition);
  return normalizeLabel(match ? (match[1] ?? '') : condition);
}

function describeComparison(rule: JsonObject): string | undefined {
  const variable = typeof rule['Variable'] === 'string' ? rule['Variable'] : '?';
  for (const [key, operand] of Object.entries(rule)) {
    const spec = comparisonOperatorSpec(key);
    if (!spec) continue;
    if (spec.family === 'Type') return operand === false ? `not ${key} ${variable}` : `${key} ${variable}`;
    if (spec.family === 'StringMatches') return `${variable} matches ${literal(operand)}`;
    const symbol = spec.relation ? RELATION_SYMBOLS[spec.relation] : key;
    const right = spec.isPath && typeof operand === 'string' ? operand : literal(operand);
    return `${variable} ${symbol} ${right}`;
  }
  return undefined;
}

/** The full text of a Choice rule (JSONPath or JSONata); never throws, '?' for what it cannot read. */
export function describeChoiceRule(rule: JsonValue | undefined, depth = 0): string {
  if (!isJsonObject(rule)) return '?';
  if (depth > 20) return '…';
  if ('Condition' in rule) return jsonataText(rule['Condition']);
  for (const op of ['And', 'Or'] as const) {
    const operands = rule[op];
    if (operands === undefined) continue;
    const parts = Array.isArray(operands) ? operands.map((r) => describeChoiceRule(r, depth + 1)) : ['?'];
    return `${op}(${parts.join(', ')})`;
  }
  if ('Not' in rule) return `Not(${describeChoiceRule(rule['Not'], depth + 1)})`;
  return describeComparison(rule) ?? '?';
}

/** The errors a Catch (or Retry) entry names, joined with commas. */
export function describeErrorEquals(catcher: JsonValue | undefined): string {
  if (!isJsonObject(catcher)) return '?';
  const errors = catcher['ErrorEquals'];
  if (!Array.isArray(errors) || errors.length === 0) return '?';
  return errors.map((e) => (typeof e === 'string' ? e : literal(e))).join(', ');
}

/** Cuts a label to `maxChars` characters with an ellipsis; whitespace is collapsed first. */
export function shortenLabel(text: string, maxChars = MAX_EDGE_LABEL_CHARS): string {
  const normalized = normalizeLabel(text);
  const chars = [...normalized];
  if (chars.length <= maxChars) return normalized;
  return `${chars
    .slice(0, maxChars - 1)
    .join('')
    .trimEnd()}…`;
}
