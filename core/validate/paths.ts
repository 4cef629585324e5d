// JSONPath-side value checks: path syntax per field kind (path, reference path, ResultPath), payload templates
// (`.$` keys take a path or an intrinsic function; no two keys equal once `.$` is removed) and intrinsic
// function calls (syntax, names, argument counts and types, and the paths inside them).
import { checkIntrinsic, parseIntrinsic } from '../intrinsics';
import type { IntrinsicCall } from '../intrinsics';
import { isReferencePath, parseJsonPath } from '../jsonpath';
import type { ParsedPath, PathRoot, PathSegment } from '../jsonpath';
import type { AstNode, AstObject, AstScalar } from '../parse';
import { type Site, type ValidationContext, describeKind, quote } from './context';
import { rangeInString } from './string-map';

/** `path`: any path; `reference`: one node via names and indexes; `result`: a reference path into `$`. */
export type PathKind = 'path' | 'reference' | 'result';

/** Intrinsic functions that return a string, the only ones ErrorPath and CausePath accept. */
const STRING_INTRINSICS = new Set([
  'States.ArrayGetItem',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Format',
  'States.JsonToString',
  'States.Hash',
  'States.UUID',
]);

/**
 * Checks that `text` (found at `offset` inside the string `node`) is a JSONPath of the given kind, and
 * records the variable it reads.
 */
export function checkPath(
  ctx: ValidationContext,
  site: Site,
  node: AstScalar,
  field: string,
  kind: PathKind,
  text = node.value as string,
  offset = 0,
): void {
  // Most paths are plain names and indexes: valid for every kind, so only their root matters.
  let path: ParsedPath | undefined;
  let root = simplePathRoot(text);
  if (!root) {
    const result = parsedPath(text);
    if (!result.ok) {
      // Published AWS samples use filters Jayway's grammar refuses (unquoted literals such as [?(@.x==abc)]);
      // errors inside filter or script brackets are left alone rather than risk refusing a working definition.
      if (insideFilter(text, result.offset)) return;
      const hint = text.startsWith('$') ? '' : pathHint(text);
      ctx.reportInString(
        'ASL301',
        node,
        offset + result.offset,
        result.length,
        `Invalid JSONPath in ${quote(field)}: ${result.message}${hint}`,
      );
      return;
    }
    path = result.path;
    root = path.root;
  }
  if (root.kind === 'variable') {
    const range = { offset, length: 1 + root.name.length };
    if (kind === 'result') {
      ctx.reportInString(
        'ASL303',
        node,
        range.offset,
        range.length,
        `${quote(field)} cannot write to a variable: ResultPath places the result in the state input ($...); use Assign to set variables`,
      );
      return;
    }
    ctx.recordRead(site.scope, root.name, rangeInString(ctx.text, node, range.offset, range.length));
  }
  if (kind === 'result' && root.kind === 'context') {
    ctx.reportInString(
      'ASL303',
      node,
      offset,
      2,
      `${quote(field)} cannot write to the context object ($$): it must be a path into the state input, such as $.result`,
    );
    return;
  }
  if (path && kind !== 'path' && !isReferencePath(path)) {
    const segment = path.segments.find((s) => s.kind !== 'property' && s.kind !== 'index');
    const at = segment
      ? { offset: offset + segment.offset, length: segment.length }
      : { offset, length: text.length };
    ctx.reportInString(
      'ASL302',
      node,
      at.offset,
      at.length,
      `${quote(field)} must be a reference path, which selects a single node using only .name and [index]; remove the ${describeSegment(segment)}`,
    );
  }
}

/**
 * Parses of path and intrinsic texts, remembered across documents: the language server validates the whole
 * document again at each edit, and a workspace repeats the same paths. Both are pure functions of the text
 * (offsets are relative to it) and their results are only read. Bounded: long texts are not kept, and the
 * caches start again past 10,000 entries.
 */
const MAX_CACHED_TEXT = 1024;
const MAX_CACHED_ENTRIES = 10_000;
const pathParses = new Map<string, ReturnType<typeof parseJsonPath>>();
const intrinsicParses = new Map<string, IntrinsicParse>();

interface IntrinsicParse {
  parsed: ReturnType<typeof parseIntrinsic>;
  /** checkIntrinsic's problems with the call (none when it did not parse). */
  problems: ReturnType<typeof checkIntrinsic>;
}

function parsedPath(text: string): ReturnType<typeof parseJsonPath> {
  let result = pathParses.get(text);
  if (result === undefined) {
    result = parseJsonPath(text);
    if (text.length <= MAX_CACHED_TEXT) {
      if (pathParses.size >= MAX_CACHED_ENTRIES) pathParses.clear();
      pathParses.set(text, result);
    }
  }
  return result;
}

function parsedIntrinsic(text: string): IntrinsicParse {
  let result = intrinsicParses.get(text);
  if (result === undefined) {
    const parsed = parseIntrinsic(text);
    result = { parsed, problems: parsed.ok ? checkIntrinsic(parsed.call) : [] };
    if (text.length <= MAX_CACHED_TEXT) {
      if (intrinsicParses.size >= MAX_CACHED_ENTRIES) intrinsicParses.clear();
      intrinsicParses.set(text, result);
    }
  }
  return result;
}

/** Longest text simplePathRoot looks at: far below the parser's limits on length and segment count. */
const SIMPLE_PATH_MAX_LENGTH = 256;
const INPUT_ROOT: PathRoot = { kind: 'input' };
const CONTEXT_ROOT: PathRoot = { kind: 'context' };

/**
 * The root of a path written as `$`, `$$` or `$name` followed only by `.name` (letters, digits, _) and
 * `[index]` (up to 9 digits) segments, which parseJsonPath accepts as a reference path; undefined for any
 * other text, which then gets the full parse.
 */
function simplePathRoot(text: string): PathRoot | undefined {
  if (text.length > SIMPLE_PATH_MAX_LENGTH || text.charCodeAt(0) !== 36) return undefined;
  let root = INPUT_ROOT;
  let pos = 1;
  const first = text.charCodeAt(1);
  if (first === 36) {
    root = CONTEXT_ROOT;
    pos = 2;
  } else if (isNameStart(first)) {
    while (isNamePart(text.charCodeAt(pos))) pos++;
    root = { kind: 'variable', name: text.slice(1, pos) };
  }
  while (pos < text.length) {
    const code = text.charCodeAt(pos);
    const partStart = ++pos;
    if (code === 46) {
      while (isNamePart(text.charCodeAt(pos))) pos++;
      if (pos === partStart) return undefined;
    } else if (code === 91) {
      while (isDigit(text.charCodeAt(pos))) pos++;
      if (pos === partStart || pos - partStart > 9 || text.charCodeAt(pos) !== 93) return undefined;
      pos++;
    } else {
      return undefined;
    }
  }
  return root;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** [A-Za-z_], as a variable name starts. */
function isNameStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** [A-Za-z0-9_]. */
function isNamePart(code: number): boolean {
  return isNameStart(code) || isDigit(code);
}

function insideFilter(text: string, offset: number): boolean {
  const before = text.slice(0, offset + 1);
  const open = Math.max(before.lastIndexOf('[?'), before.lastIndexOf('[('));
  if (open < 0) return false;
  const close = text.indexOf(')]', open);
  return close < 0 || close + 1 >= offset;
}

function pathHint(text: string): string {
  if (text.trim().startsWith('$')) return ': remove the spaces before the $';
  if (text.startsWith('.') || text.startsWith('[')) return `: write it as $${text}`;
  return '';
}

function describeSegment(segment: PathSegment | undefined): string {
  switch (segment?.kind) {
    case 'wildcard':
      return 'wildcard (*)';
    case 'descendants':
      return 'deep scan (..)';
    case 'filter':
      return 'filter expression';
    case 'slice':
      return 'array slice';
    case 'indexUnion':
    case 'propertyUnion':
      return 'union';
    case 'function':
      return 'function call';
    default:
      return 'parts that select more than one node';
  }
}

/**
 * A value that must be a path or an intrinsic function (`.$` fields, ErrorPath, CausePath, RoleArn.$).
 * `pathKind` applies when it is a path; `stringOnly` requires an intrinsic that returns a string.
 */
export function checkPathOrIntrinsic(
  ctx: ValidationContext,
  site: Site,
  node: AstNode,
  field: string,
  pathKind: PathKind,
  stringOnly = false,
): void {
  if (ctx.isPlaceholder(node)) return;
  if (node.kind !== 'string') {
    ctx.report(
      'ASL304',
      node.range,
      `${quote(field)} must be a string holding a JSONPath ($...) or an intrinsic function (States.*), not ${describeKind(node)}`,
    );
    return;
  }
  const text = node.value as string;
  if (text.startsWith('$')) {
    checkPath(ctx, site, node, field, pathKind);
  } else if (text.startsWith('States.')) {
    checkIntrinsicText(ctx, site, node, field, stringOnly);
  } else if (/^\s+(\$|States\.)/.test(text)) {
    const spaces = /^\s+/.exec(text)?.[0].length ?? 0;
    ctx.reportInString(
      'ASL304',
      node,
      0,
      spaces,
      `${quote(field)} must start with $ or States.: remove the whitespace before it`,
    );
  } else {
    const what = text === '' ? 'is empty' : 'is neither a JSONPath nor an intrinsic function';
    const literal = field.endsWith('.$')
      ? 'a field whose name ends in .$ takes a path such as "$.value" or a call such as "States.Format(\'{}\', $.value)"; to pass a literal string, remove .$ from the name'
      : `it takes a path such as "$.value" or a call such as "States.Format('{}', $.value)"; for a fixed text use ${quote(field.replace(/Path$/, ''))} instead`;
    ctx.report('ASL304', node.range, `${quote(field)} ${what}: ${literal}`);
  }
}

function checkIntrinsicText(
  ctx: ValidationContext,
  site: Site,
  node: AstScalar,
  field: string,
  stringOnly: boolean,
): void {
  const text = node.value as string;
  const { parsed, problems } = parsedIntrinsic(text);
  if (!parsed.ok) {
    ctx.reportInString(
      'ASL305',
      node,
      parsed.offset,
      parsed.length,
      `Invalid intrinsic function in ${quote(field)}: ${parsed.message}`,
    );
    return;
  }
  for (const problem of problems) {
    ctx.reportInString('ASL306', node, problem.offset, problem.length, problem.message);
  }
  checkIntrinsicPaths(ctx, site, node, field, parsed.call);
  if (stringOnly && !STRING_INTRINSICS.has(parsed.call.name)) {
    ctx.reportInString(
      'ASL306',
      node,
      parsed.call.nameOffset,
      parsed.call.name.length,
      `${quote(field)} needs a string: ${parsed.call.name} does not return one; use one of ${[...STRING_INTRINSICS].join(', ')}`,
    );
  }
}

function checkIntrinsicPaths(
  ctx: ValidationContext,
  site: Site,
  node: AstScalar,
  field: string,
  call: IntrinsicCall,
): void {
  for (const arg of call.args) {
    if (arg.kind === 'call') checkIntrinsicPaths(ctx, site, node, field, arg.call);
    else if (arg.kind === 'path') checkPath(ctx, site, node, field, 'path', arg.text, arg.offset);
  }
}

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign values...): every key ending
 * in `.$` takes a path or intrinsic, nested objects and arrays are templates too, and no two keys of one
 * object may be equal once `.$` is removed.
 */
export function checkPayloadTemplate(ctx: ValidationContext, site: Site, node: AstNode, field: string): void {
  if (node.kind === 'array') {
    for (const item of node.items) checkPayloadTemplate(ctx, site, item, field);
    return;
  }
  if (node.kind !== 'object' || ctx.isPlaceholder(node)) return;
  checkStrippedDuplicates(ctx, node);
  for (const property of node.properties) {
    if (!property.value) continue;
    if (property.key.endsWith('.$')) checkPathOrIntrinsic(ctx, site, property.value, property.key, 'path');
    else checkPayloadTemplate(ctx, site, property.value, field);
  }
}

/** asl-validator's DUPLICATE_FIELD_NAME: `a` and `a.$` (or `a.$` and `a.$.$`) in one object. */
export function checkStrippedDuplicates(ctx: ValidationContext, node: AstObject): void {
  if (node.properties.length < 2) return;
  // Only a key ending in .$ can clash with another key once stripped; most objects have none or one.
  let dollarKeys = 0;
  for (const property of node.properties) if (property.key.endsWith('.$')) dollarKeys++;
  if (dollarKeys === 0) return;
  const seen = new Map<string, string>();
  for (const property of node.properties) {
    const stripped = property.key.endsWith('.$') ? property.key.slice(0, -2) : property.key;
    const first = seen.get(stripped);
    if (first !== undefined && first !== property.key) {
      ctx.report(
        'ASL307',
        property.keyRange,
        `${quote(property.key)} and ${quote(first)} both become ${quote(stripped)} once .$ is removed: rename or remove one of them`,
      );
    } else if (first === undefined) {
      seen.set(stripped, property.key);
    }
  }
}
