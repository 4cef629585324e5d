// JSONata-side value checks: `{% %}` delimiters, expression syntax (parsed with the jsonata package, as AWS
// runs JSONata 2.0.6) with the error's position, and the workflow variables each expression reads.
import jsonata from '../jsonata/vendor/jsonata';
import type { AstNode, AstScalar } from '../parse';
import { type Site, type ValidationContext, quote } from './context';
import { rangeInString } from './string-map';

export interface JsonataSyntaxError {
  message: string;
  /** Offset and length in the expression text. */
  offset: number;
  length: number;
}

export interface JsonataVariable {
  name: string;
  offset: number;
  length: number;
}

interface Analysis {
  error: JsonataSyntaxError | undefined;
  variables: JsonataVariable[];
}

/** JSONata's own functions and the ones AWS adds: `$sum` passed as a value is not a workflow variable. */
const BUILT_IN_FUNCTIONS = new Set(
  (
    'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad ' +
    'contains split join match replace now millis fromMillis toMillis formatNumber formatBase formatInteger ' +
    'parseInteger number floor ceil round abs sqrt power random boolean not exists map zip filter single reduce ' +
    'sift each error assert type keys lookup append spread merge reverse sort shuffle distinct base64encode ' +
    'base64decode encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl eval clone ' +
    'partition range hash uuid parse'
  ).split(' '),
);

const MAX_CACHED = 2000;
const cache = new Map<string, Analysis>();

/** Parses a JSONata expression (no evaluation); the syntax error, if any, located in `expression`. */
export function checkJsonataSyntax(expression: string): JsonataSyntaxError | undefined {
  return analyze(expression).error;
}

/** The workflow variables (`$name`) an expression reads, leaving out its own bindings and functions. */
export function jsonataVariables(expression: string): JsonataVariable[] {
  return analyze(expression).variables;
}

function analyze(expression: string): Analysis {
  const cached = cache.get(expression);
  if (cached) return cached;
  let analysis: Analysis;
  try {
    const ast: unknown = jsonata(expression).ast();
    analysis = { error: undefined, variables: collectVariables(ast, expression) };
  } catch (error) {
    analysis = { error: describeError(error, expression), variables: [] };
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(expression, analysis);
  return analysis;
}

function describeError(error: unknown, expression: string): JsonataSyntaxError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    position?: unknown;
    token?: unknown;
  };
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const position =
    typeof fields.position === 'number'
      ? Math.min(Math.max(0, fields.position), expression.length)
      : undefined;
  const token = typeof fields.token === 'string' ? fields.token : undefined;
  if (position === undefined) return { message, offset: 0, length: expression.length };
  if (token === undefined || token === '(end)') {
    // At the end of the expression: point at its last character.
    const trimmedEnd = expression.replace(/\s+$/, '').length;
    const at = Math.max(0, Math.min(position, trimmedEnd) - 1);
    return { message, offset: at, length: trimmedEnd > 0 ? 1 : 0 };
  }
  // jsonata reports the position just after the offending token.
  const start = Math.max(0, position - token.length);
  return { message, offset: start, length: Math.max(1, position - start) };
}

type Json = { [key: string]: unknown };

function collectVariables(ast: unknown, expression: string): JsonataVariable[] {
  const bound = new Set<string>();
  const found: { name: string; position: number }[] = [];
  // `$name(...)` calls a function (a variable cannot hold one): not a variable read.
  const procedures = new Set<unknown>();
  const visit = (node: unknown, depth: number): void => {
    if (depth > 500 || typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Json;
    if (record.type === 'bind' && isVariableNode(record.lhs)) bound.add(String(record.lhs.value));
    if (record.type === 'lambda' && Array.isArray(record.arguments)) {
      for (const arg of record.arguments) if (isVariableNode(arg)) bound.add(String(arg.value));
    }
    for (const key of ['focus', 'index'])
      if (typeof record[key] === 'string') bound.add(record[key] as string);
    if ((record.type === 'function' || record.type === 'partial') && isVariableNode(record.procedure)) {
      procedures.add(record.procedure);
    }
    if (
      record.type === 'variable' &&
      !procedures.has(record) &&
      typeof record.value === 'string' &&
      typeof record.position === 'number'
    ) {
      found.push({ name: record.value, position: record.position });
    }
    for (const value of Object.values(record)) visit(value, depth + 1);
  };
  visit(ast, 0);
  const variables: JsonataVariable[] = [];
  for (const { name, position } of found) {
    if (name === '' || name === 'states' || bound.has(name) || BUILT_IN_FUNCTIONS.has(name)) continue;
    const length = name.length + 1;
    const offset = expression.lastIndexOf(`$${name}`, Math.max(0, position - length));
    variables.push({ name, offset: offset >= 0 ? offset : Math.max(0, position - length), length });
  }
  return variables;
}

function isVariableNode(node: unknown): node is { type: 'variable'; value: string } {
  return typeof node === 'object' && node !== null && (node as Json).type === 'variable';
}

/**
 * A string in a JSONata field: `{% expr %}` is parsed (errors located inside the string) and its variable
 * reads recorded; a string with only one of the delimiters is reported; any other string is a literal.
 */
export function checkJsonataString(ctx: ValidationContext, site: Site, node: AstScalar, field: string): void {
  const value = node.value as string;
  // `${...}` is filled in before deployment and may not be valid JSONata as written.
  if (ctx.isPlaceholder(node)) return;
  const opens = value.startsWith('{%');
  const closes = value.endsWith('%}') && value.length >= (opens ? 4 : 2);
  if (!opens && !closes) return;
  if (opens !== closes) {
    const [offset, missing] = opens ? [value.length, 'closing %}'] : [0, 'opening {%'];
    ctx.reportInString(
      'ASL405',
      node,
      opens ? Math.max(0, offset - 1) : 0,
      opens ? 1 : 2,
      `${quote(field)}: a JSONata expression is written "{% expression %}"; add the ${missing}, or the text is taken as a plain string`,
    );
    return;
  }
  const expression = value.slice(2, -2);
  if (expression.trim() === '') {
    ctx.reportInString(
      'ASL401',
      node,
      0,
      value.length,
      `${quote(field)}: the JSONata expression between {% and %} is empty`,
    );
    return;
  }
  const analysis = analyze(expression);
  if (analysis.error) {
    const { message, offset, length } = analysis.error;
    ctx.reportInString(
      'ASL401',
      node,
      2 + offset,
      length,
      `JSONata syntax error in ${quote(field)}: ${message}`,
    );
    return;
  }
  for (const variable of analysis.variables) {
    ctx.recordRead(
      site.scope,
      variable.name,
      rangeInString(ctx.text, node, 2 + variable.offset, variable.length),
    );
  }
}

/** A JSONata template (Arguments, Output, Assign values...): every string in it is checked. */
export function checkJsonataTemplate(ctx: ValidationContext, site: Site, node: AstNode, field: string): void {
  if (ctx.isPlaceholder(node) && node.kind !== 'string') return;
  switch (node.kind) {
    case 'string':
      checkJsonataString(ctx, site, node, field);
      return;
    case 'array':
      for (const item of node.items) checkJsonataTemplate(ctx, site, item, field);
      return;
    case 'object':
      // Keys are never evaluated: AWS keeps a key such as "x.$" literally in JSONata states.
      for (const property of node.properties) {
        if (property.value) checkJsonataTemplate(ctx, site, property.value, field);
      }
      return;
    default:
      return;
  }
}
