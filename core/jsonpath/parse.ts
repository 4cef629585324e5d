// Parses JSONPath text into a ParsedPath, following Jayway JsonPath's grammar (the dialect AWS Step Functions
// uses) plus ASL's roots: `$` input, `$$` context object, `$name` variable. Never throws.

import {
  MAX_PATH_LENGTH,
  segmentsAreDefinite,
  type NameQuote,
  type ParsedPath,
  type PathRoot,
  type PathSegment,
} from './ast';
import { parseFilterExpression } from './parse-filter';
import { PathSyntaxError, Scanner, isWhitespace } from './scanner';

export type ParseResult =
  { ok: true; path: ParsedPath } | { ok: false; message: string; offset: number; length: number };

/** Top level: a dot name runs to the next `.`, `[` or `(`. In a filter it also stops at operators etc. */
export type SegmentMode = 'top' | 'filter';

const FILTER_NAME_TERMINATORS = new Set([
  ' ',
  '\t',
  '\n',
  '\r',
  ')',
  '<',
  '>',
  '=',
  '!',
  '~',
  '&',
  '|',
  ',',
  ']',
]);
const VARIABLE_START = /[A-Za-z_]/;
const VARIABLE_PART = /[A-Za-z0-9_]/;
const INT32_MAX = 2147483647;

export function parseJsonPath(text: string): ParseResult {
  try {
    return { ok: true, path: parseWholePath(text) };
  } catch (error) {
    if (error instanceof PathSyntaxError) {
      return { ok: false, message: error.message, offset: error.offset, length: error.length };
    }
    // Not expected (the parser raises only PathSyntaxError); reported rather than thrown, as promised.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The path could not be parsed: ${detail}`, offset: 0, length: text.length };
  }
}

function parseWholePath(raw: string): ParsedPath {
  if (raw.length > MAX_PATH_LENGTH) {
    throw new PathSyntaxError(
      `The path is longer than ${MAX_PATH_LENGTH} characters`,
      MAX_PATH_LENGTH,
      raw.length - MAX_PATH_LENGTH,
    );
  }
  // Jayway trims the path; leading whitespace is refused because ASL paths must begin with '$'.
  const s = new Scanner(raw.replace(/[ \t\r\n]+$/, ''));
  if (s.atEnd()) s.fail('A JSONPath must not be empty', 0, 0);
  if (s.peek() !== '$') s.fail("A JSONPath must start with '$'", 0, 1);
  s.pos = 1;
  const root = parseRoot(s);
  const segments = parseSegments(s, 'top');
  return { source: raw, root, segments, definite: segmentsAreDefinite(segments) };
}

function parseRoot(s: Scanner): PathRoot {
  if (s.peek() === '$') {
    s.pos++;
    return { kind: 'context' };
  }
  if (VARIABLE_START.test(s.peek() ?? '')) {
    const start = s.pos;
    while (VARIABLE_PART.test(s.peek() ?? '')) s.pos++;
    return { kind: 'variable', name: s.text.slice(start, s.pos) };
  }
  return { kind: 'input' };
}

/**
 * Reads segments from the cursor. In 'top' mode it must consume the whole text; in 'filter' mode it stops at the
 * first character that cannot continue a path (an operator, a space, a closing parenthesis...).
 */
export function parseSegments(s: Scanner, mode: SegmentMode): PathSegment[] {
  const segments: PathSegment[] = [];
  while (!s.atEnd()) {
    const start = s.pos;
    const c = s.peek();
    if (c === '.') {
      const isDescendants = s.peek(1) === '.';
      s.pos += isDescendants ? 2 : 1;
      if (s.peek() === '.') s.fail(`Unexpected '.' at offset ${s.pos}`);
      if (s.atEnd() || (mode === 'filter' && FILTER_NAME_TERMINATORS.has(s.peek() ?? ''))) {
        s.fail(`A path must not end with '${isDescendants ? '..' : '.'}'`, start, s.pos - start);
      }
      if (isDescendants) {
        s.countSegment(start);
        segments.push({ kind: 'descendants', offset: start, length: 2 });
      }
      segments.push(parseAfterDot(s, mode, isDescendants ? s.pos : start));
    } else if (c === '[') {
      segments.push(parseBracket(s));
    } else if (mode === 'filter') {
      break;
    } else if (isWhitespace(c)) {
      s.fail("Property names containing spaces must use bracket notation, e.g. ['my prop']");
    } else {
      s.fail(`Unexpected character '${c}' at offset ${s.pos}: expected '.' or '['`);
    }
    s.countSegment(start);
  }
  return segments;
}

/** After `.` or `..`: a bracket, `*`, a name, or a function call `name()`. */
function parseAfterDot(s: Scanner, mode: SegmentMode, spanStart: number): PathSegment {
  const c = s.peek();
  if (c === '[') return parseBracket(s);
  if (c === '*') {
    s.pos++;
    return { kind: 'wildcard', offset: spanStart, length: s.pos - spanStart };
  }
  if (isWhitespace(c)) s.fail("Property names containing spaces must use bracket notation, e.g. ['my prop']");
  const nameStart = s.pos;
  while (!s.atEnd()) {
    const ch = s.peek() ?? '';
    if (ch === '.' || ch === '[' || ch === '(') break;
    if (mode === 'filter' && FILTER_NAME_TERMINATORS.has(ch)) break;
    if (isWhitespace(ch)) {
      s.fail("Property names containing spaces must use bracket notation, e.g. ['my prop']");
    }
    s.pos++;
  }
  const name = s.text.slice(nameStart, s.pos);
  if (name === '') s.fail(`Expected a property name at offset ${nameStart}`, nameStart);
  if (s.peek() !== '(') {
    return { kind: 'property', name, quote: "'", offset: spanStart, length: s.pos - spanStart };
  }
  const open = s.pos;
  s.pos++;
  s.skipWhitespace();
  if (s.peek() !== ')') {
    s.fail(`Arguments to the function '${name}' are not supported`, open, s.pos - open + 1);
  }
  s.pos++;
  return { kind: 'function', name, offset: spanStart, length: s.pos - spanStart };
}

/** `['a']`, `["a","b"]`, `[0]`, `[0,2]`, `[1:3]`, `[*]`, `[?(...)]`. */
function parseBracket(s: Scanner): PathSegment {
  const start = s.pos;
  s.pos++;
  s.skipWhitespace();
  const c = s.peek();
  if (c === "'" || c === '"') return parseBracketNames(s, start, c);
  if (c === '*') {
    s.pos++;
    s.skipWhitespace();
    if (s.peek() !== ']') s.fail("Expected ']' after '*'");
    s.pos++;
    return { kind: 'wildcard', offset: start, length: s.pos - start };
  }
  if (c === '?') {
    s.pos++;
    s.skipWhitespace();
    if (s.peek() !== '(') s.fail('A filter must be written as [?(condition)]', start, s.pos - start + 1);
    const expression = s.nested(start, () =>
      parseFilterExpression(s, (scanner) => parseSegments(scanner, 'filter')),
    );
    s.skipWhitespace();
    if (s.peek() !== ']') s.fail("Expected ']' to close the filter");
    s.pos++;
    return { kind: 'filter', expression, offset: start, length: s.pos - start };
  }
  if (c !== undefined && (isDigit(c) || c === '-' || c === ':')) return parseArraySelector(s, start);
  if (c === undefined) s.fail("Unclosed '['", start);
  return s.fail(
    `Expected a quoted name, an index, a slice, '*' or a filter after '[' at offset ${start}`,
    s.pos,
    1,
  );
}

function parseBracketNames(s: Scanner, start: number, quote: NameQuote): PathSegment {
  const names: string[] = [];
  for (;;) {
    s.skipWhitespace();
    const q = s.peek();
    if (q !== "'" && q !== '"') s.fail('Expected a quoted property name');
    if (q !== quote) s.fail('Use the same quote character for every name in one bracket');
    names.push(readQuotedName(s, quote));
    s.skipWhitespace();
    if (s.peek() === ',') {
      s.pos++;
      continue;
    }
    if (s.peek() === ']') {
      s.pos++;
      break;
    }
    s.fail(s.atEnd() ? "Unclosed '['" : "Expected ',' or ']' after a quoted name", s.atEnd() ? start : s.pos);
  }
  const span = { offset: start, length: s.pos - start };
  const [first] = names;
  if (names.length === 1 && first !== undefined) return { kind: 'property', name: first, quote, ...span };
  return { kind: 'propertyUnion', names, quote, ...span };
}

/**
 * The text between matching quotes. A backslash only protects the next character from ending the name; the
 * name keeps it as written (AWS matched `$['Test\""Name"']` against the key `Test\""Name"`).
 */
function readQuotedName(s: Scanner, quote: NameQuote): string {
  const open = s.pos;
  let i = open + 1;
  while (i < s.text.length && s.text[i] !== quote) i += s.text[i] === '\\' ? 2 : 1;
  if (i >= s.text.length)
    s.fail(`Unterminated quoted name: missing closing ${quote}`, open, s.text.length - open);
  s.pos = i + 1;
  return s.text.slice(open + 1, i);
}

/** `[0]`, `[-1]`, `[0, 2]`, `[1:3]`, `[:2]`, `[-2:]` (Jayway: no spaces inside slices; a step is ignored). */
function parseArraySelector(s: Scanner, start: number): PathSegment {
  const close = s.text.indexOf(']', s.pos);
  if (close === -1) s.fail("Unclosed '['", start);
  const contentStart = s.pos;
  for (let i = contentStart; i < close; i++) {
    const ch = s.text[i] ?? '';
    if (!isDigit(ch) && ch !== '-' && ch !== ':' && ch !== ',' && ch !== ' ') {
      s.fail(`Unexpected character '${ch}' in an array selector`, i);
    }
  }
  const content = s.text.slice(contentStart, close).trim();
  s.pos = close + 1;
  const span = { offset: start, length: s.pos - start };
  if (content.includes(':')) {
    if (content.includes(' ')) s.fail('A slice must not contain spaces', start, span.length);
    if (content.includes(',')) s.fail('A slice cannot be combined with other indexes', start, span.length);
    const [from = '', to = ''] = content.split(':');
    const startIndex = from === '' ? null : readInt32(s, from, start, span.length);
    const endIndex = to === '' ? null : readInt32(s, to, start, span.length);
    if (startIndex === null && endIndex === null)
      s.fail('A slice needs a start or an end', start, span.length);
    return { kind: 'slice', start: startIndex, end: endIndex, ...span };
  }
  const indexes = content.split(',').map((part) => readInt32(s, part.trim(), start, span.length));
  const [first] = indexes;
  if (indexes.length === 1 && first !== undefined) return { kind: 'index', index: first, ...span };
  return { kind: 'indexUnion', indexes, ...span };
}

function readInt32(s: Scanner, text: string, offset: number, length: number): number {
  if (!/^-?\d+$/.test(text)) s.fail(`Invalid array index '${text}'`, offset, length);
  const value = Number(text);
  if (value > INT32_MAX || value < -INT32_MAX - 1)
    s.fail(`Array index '${text}' is out of range`, offset, length);
  return value;
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
