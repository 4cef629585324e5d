// Checks one object against a field table: unknown fields, fields of the other query language, value types,
// allowed values, numeric ranges, required fields and pairs of fields that exclude each other.
import type { AstNode, AstObject, AstProperty, AstScalar } from '../parse';
import { propertyAt } from '../parse';
import type { QueryLanguage } from '../model';
import { type ValidationContext, describeKind, isJsonataString, quote } from './context';
import {
  EXCLUSIVE_PAIRS,
  type FieldSpec,
  type FieldTable,
  JSONATA_REPLACEMENTS,
  JSONPATH_REPLACEMENTS,
  fieldSpec,
  type ValueType,
} from './fields';
import { closestMatch, didYouMean } from './suggest';

export interface AcceptedField {
  property: AstProperty;
  spec: FieldSpec;
  /** False when the value already got a type or range error (role checks then stay quiet). */
  valueOk: boolean;
}

export interface FieldCheckOptions {
  /** How messages name the object: "a Task state", "a Retry entry". */
  what: string;
  table: FieldTable;
  queryLanguage: QueryLanguage | undefined;
  /** Extra explanation for a field the table does not hold (e.g. Next on a Succeed state). */
  explainUnknown?: (key: string) => string | undefined;
}

/** Checks every property of `obj`; returns the ones the table accepts, for the checks of their content. */
export function checkFields(
  ctx: ValidationContext,
  obj: AstObject,
  options: FieldCheckOptions,
): AcceptedField[] {
  const accepted: AcceptedField[] = [];
  for (const property of obj.properties) {
    const spec = fieldSpec(options.table, property.key);
    if (!spec) {
      reportUnknownField(ctx, property, options);
      continue;
    }
    if (spec.only && options.queryLanguage && spec.only !== options.queryLanguage) {
      reportWrongLanguage(ctx, property, spec.only, options.queryLanguage);
      continue;
    }
    accepted.push({ property, spec, valueOk: checkValue(ctx, property, spec, options.queryLanguage) });
  }
  checkExclusivePairs(ctx, obj, options);
  return accepted;
}

function reportUnknownField(ctx: ValidationContext, property: AstProperty, options: FieldCheckOptions): void {
  const explanation = options.explainUnknown?.(property.key);
  const candidates = Object.keys(options.table).filter((name) => {
    const only = options.table[name]?.only;
    return !only || !options.queryLanguage || only === options.queryLanguage;
  });
  const suffix = explanation
    ? `: ${explanation}`
    : didYouMean(property.key, candidates) || ': remove it or fix its name';
  ctx.report(
    'ASL102',
    property.keyRange,
    `${quote(property.key)} is not a field of ${options.what}${suffix}`,
  );
}

function reportWrongLanguage(
  ctx: ValidationContext,
  property: AstProperty,
  fieldLanguage: QueryLanguage,
  stateLanguage: QueryLanguage,
): void {
  if (fieldLanguage === 'JSONPath') {
    const instead = JSONATA_REPLACEMENTS[property.key] ?? 'remove it';
    ctx.report(
      'ASL402',
      property.keyRange,
      `${quote(property.key)} is a JSONPath field, but this uses JSONata: ${instead} (or set "QueryLanguage": "JSONPath" on the state)`,
    );
  } else {
    const instead = JSONPATH_REPLACEMENTS[property.key] ?? 'remove it';
    ctx.report(
      'ASL403',
      property.keyRange,
      `${quote(property.key)} is a JSONata field, but this uses ${stateLanguage}: ${instead}, or set "QueryLanguage": "JSONata" on the state`,
    );
  }
}

/** Type, allowed values and range; true when the value passed. */
function checkValue(
  ctx: ValidationContext,
  property: AstProperty,
  spec: FieldSpec,
  queryLanguage: QueryLanguage | undefined,
): boolean {
  const node = property.value;
  if (!node || ctx.isPlaceholder(node)) return true;
  const expressionAllowed = spec.jsonata === true && queryLanguage !== 'JSONPath';
  if (expressionAllowed && (isJsonataString(node) || looksLikeJsonata(node))) return true;
  if (!matchesType(node, spec.types)) {
    const alternative =
      expressionAllowed && queryLanguage === 'JSONata' ? ' or a {% %} JSONata expression' : '';
    ctx.report(
      'ASL103',
      node.range,
      `${quote(property.key)} must be ${describeTypes(spec.types)}${alternative}, not ${describeKind(node)}`,
    );
    return false;
  }
  if (spec.values && node.kind === 'string' && !spec.values.includes(node.value as string)) {
    const value = node.value as string;
    const match = closestMatch(value, spec.values);
    const hint = match ? `; did you mean ${quote(match)}?` : '';
    const allowed = spec.values.map((v) => JSON.stringify(v)).join(', ');
    ctx.report(
      'ASL104',
      node.range,
      `${quote(property.key)} must be one of ${allowed}, not ${quote(value)}${hint}`,
    );
    return false;
  }
  if (node.kind === 'number') return checkRange(ctx, property.key, node, spec);
  return true;
}

function checkRange(ctx: ValidationContext, key: string, node: AstScalar, spec: FieldSpec): boolean {
  const value = node.value as number;
  if (spec.min !== undefined && value < spec.min) {
    ctx.report('ASL105', node.range, `${quote(key)} must be at least ${spec.min}, not ${value}`);
    return false;
  }
  if (spec.max !== undefined && value > spec.max) {
    ctx.report('ASL105', node.range, `${quote(key)} must be at most ${spec.max}, not ${value}`);
    return false;
  }
  return true;
}

export function matchesType(node: AstNode, types: readonly ValueType[]): boolean {
  switch (node.kind) {
    case 'number':
      return types.includes('number') || (types.includes('integer') && Number.isInteger(node.value));
    case 'string':
    case 'boolean':
    case 'null':
    case 'object':
    case 'array':
      return types.includes(node.kind);
  }
}

function describeTypes(types: readonly ValueType[]): string {
  const names = types
    .filter((t) => !(t === 'integer' && types.includes('number')))
    .map((t) => (t === 'null' ? 'null' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`));
  if (names.length <= 1) return names[0] ?? 'a value';
  return `${names.slice(0, -1).join(', ')} or ${names[names.length - 1] ?? ''}`;
}

/** Every field named in EXCLUSIVE_PAIRS. */
const PAIRED_FIELDS = new Set(EXCLUSIVE_PAIRS.flat());

function checkExclusivePairs(ctx: ValidationContext, obj: AstObject, options: FieldCheckOptions): void {
  if (obj.properties.length < 2) return;
  // A pair needs two of its fields present, so objects with fewer than two paired fields (most) have none.
  let paired = 0;
  for (const property of obj.properties) if (PAIRED_FIELDS.has(property.key)) paired++;
  if (paired < 2) return;
  const keys = new Set(obj.properties.map((p) => p.key));
  for (const [first, second] of EXCLUSIVE_PAIRS) {
    if (!keys.has(first) || !keys.has(second)) continue;
    const a = propertyAt(obj, first);
    const b = propertyAt(obj, second);
    if (!a || !b) continue;
    // A field of the other query language was already reported; one error is enough.
    const languageOf = (name: string) => options.table[name]?.only;
    const wrong = (name: string) => {
      const only = languageOf(name);
      return only !== undefined && options.queryLanguage !== undefined && only !== options.queryLanguage;
    };
    if (wrong(first) || wrong(second) || !options.table[first] || !options.table[second]) continue;
    const later = a.keyRange.start > b.keyRange.start ? a : b;
    ctx.report(
      'ASL107',
      later.keyRange,
      `${capitalize(options.what)} may have ${quote(first)} or ${quote(second)}, not both: remove one of them`,
    );
  }
}

/** Reports each required field that `obj` lacks, at `at` (usually the object's key or the object itself). */
export function requireFields(
  ctx: ValidationContext,
  obj: AstObject,
  fields: readonly string[],
  at: { start: number; end: number },
  what: string,
): void {
  for (const field of fields) {
    if (!propertyAt(obj, field)) ctx.report('ASL101', at, `${what} must have ${quote(field)}`);
  }
}

/** A string with a `{%` or `%}` delimiter: checked (and any malformation reported) as JSONata. */
function looksLikeJsonata(node: AstNode): boolean {
  if (node.kind !== 'string') return false;
  const value = node.value as string;
  return value.startsWith('{%') || value.endsWith('%}');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
