// Scalars for the YAML fast path: plain and quoted scalars read and resolved (YAML 1.2 core schema) exactly as the `yaml` library does, the shared character tests, and the Unsupported signal.
import type { AstNode, AstScalar } from './ast';

// Character codes as module-local constants: imported ones would be property reads through the module
// object, once per character, wherever the sources run unbundled (tsx, the tests).
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const DASH = 45;
const COLON = 58;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Thrown inside the fast path for anything outside its subset; caught at its entry point, which then returns undefined. */
export class Unsupported extends Error {
  constructor() {
    super('outside the YAML fast-path subset');
  }
}
const UNSUPPORTED = new Unsupported();

/** Gives up on the fast path: the `yaml` library will parse this text instead. */
export function unsupported(): never {
  throw UNSUPPORTED;
}

/** A space, a line break or the end of the text (NaN): what must follow an indicator such as `- ` or `: `. */
export function isBlankOrEnd(code: number): boolean {
  return code === SPACE || code === LF || code === CR || Number.isNaN(code);
}

export function isLineEnd(code: number): boolean {
  return code === LF || code === CR || Number.isNaN(code);
}

export function isFlowIndicator(code: number): boolean {
  return (
    code === COMMA ||
    code === OPEN_BRACKET ||
    code === CLOSE_BRACKET ||
    code === OPEN_BRACE ||
    code === CLOSE_BRACE
  );
}

/** Past the line break at `pos` (LF or CRLF; a lone CR never reaches the fast path). */
export function afterLineBreak(text: string, pos: number): number {
  return text.charCodeAt(pos) === CR ? pos + 2 : pos + 1;
}

/**
 * Whether a plain scalar may start with `code` (followed by `next`). Indicators that start something else
 * (anchors, tags, aliases, directives, explicit keys, block scalars, reserved characters) are left to the library.
 */
export function isPlainStart(code: number, next: number, inFlow: boolean): boolean {
  switch (code) {
    case DASH:
      return !isBlankOrEnd(next) && !(inFlow && isFlowIndicator(next));
    case 63: // ?
    case COLON:
    case COMMA:
    case OPEN_BRACKET:
    case CLOSE_BRACKET:
    case OPEN_BRACE:
    case CLOSE_BRACE:
    case HASH:
    case 38: // &
    case 42: // *
    case 33: // !
    case 124: // |
    case 62: // >
    case SINGLE_QUOTE:
    case DOUBLE_QUOTE:
    case 37: // %
    case 64: // @
    case 96: // `
    case SPACE:
    case LF:
    case CR:
      return false;
    default:
      return !Number.isNaN(code);
  }
}

/** Keys whose `:` comes this far after their start are an error for the library. */
export const MAX_IMPLICIT_KEY_LENGTH = 1024;

/** Where a single-line plain scalar stopped. */
export const enum PlainStop {
  /** At a line break or the end of the text. */
  lineEnd,
  /** Before ` #`. */
  comment,
  /** At a `:` followed by a space or line break (or a flow indicator in flow context): the scalar is a key. */
  colon,
  /** At a flow indicator (flow context only). */
  flowIndicator,
}

/** What a scan found: where the token ends and, for plain scalars, why it stopped. */
export interface ScanResult {
  /** End of the token's text (after the closing quote; after the last non-space character of a plain scalar). */
  end: number;
  /** Where scanning stopped: the offending character, or the start of the next line after a block scalar. */
  stop: number;
  stopKind: PlainStop;
  multiline: boolean;
}

/** Scans one line of a plain scalar from `start`, as the library's lexer does; returns why it stopped. */
export function scanPlainLine(text: string, start: number, inFlow: boolean, out: ScanResult): PlainStop {
  let i = start;
  let end = start;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === COLON) {
      const next = text.charCodeAt(i + 1);
      if (isBlankOrEnd(next) || (inFlow && isFlowIndicator(next))) {
        out.stopKind = PlainStop.colon;
        break;
      }
      end = ++i;
    } else if (code === SPACE) {
      if (text.charCodeAt(i + 1) === HASH) {
        out.stopKind = PlainStop.comment;
        break;
      }
      i++;
    } else if (isLineEnd(code)) {
      out.stopKind = PlainStop.lineEnd;
      break;
    } else if (inFlow && isFlowIndicator(code)) {
      out.stopKind = PlainStop.flowIndicator;
      break;
    } else {
      end = ++i;
    }
  }
  out.end = end;
  out.stop = i;
  out.multiline = false;
  return out.stopKind;
}

/**
 * Reads a block-context plain scalar value from `start`, whose first line `out` holds (from scanPlainLine),
 * folding continuation lines (indented more than `parentIndent`) as the library does. A `: ` anywhere means a
 * key where none may be: unsupported.
 */
export function readPlainValue(text: string, start: number, parentIndent: number, out: ScanResult): string {
  if (out.stopKind === PlainStop.colon) unsupported();
  if (out.stopKind !== PlainStop.lineEnd) return text.slice(start, out.end);
  let value = text.slice(start, out.end);
  let end = out.end;
  let lineBreak = out.stop;
  let multiline = false;
  for (;;) {
    let blankLines = 0;
    let contentStart = -1;
    while (!Number.isNaN(text.charCodeAt(lineBreak))) {
      let i = afterLineBreak(text, lineBreak);
      const lineStart = i;
      while (text.charCodeAt(i) === SPACE) i++;
      const code = text.charCodeAt(i);
      if (code === LF || code === CR) {
        blankLines++;
        lineBreak = i;
        continue;
      }
      if (!Number.isNaN(code) && code !== HASH && i - lineStart > parentIndent) contentStart = i;
      break;
    }
    if (contentStart < 0) break;
    const stopKind = scanPlainLine(text, contentStart, false, out);
    if (stopKind === PlainStop.colon) unsupported();
    value += (blankLines === 0 ? ' ' : '\n'.repeat(blankLines)) + text.slice(contentStart, out.end);
    end = out.end;
    multiline = true;
    if (stopKind !== PlainStop.lineEnd) break;
    lineBreak = out.stop;
  }
  out.end = end;
  out.multiline = multiline;
  return value;
}

const integerPattern = /^[-+]?[0-9]+$/;
const octalPattern = /^0o[0-7]+$/;
const hexPattern = /^0x[0-9a-fA-F]+$/;
const infinityOrNaNPattern = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const exponentPattern = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * A plain scalar's value under the YAML 1.2 core schema: null, bool, int (decimal, 0o, 0x), float, else the
 * string. Infinities and NaN (which the tree builder warns about) are unsupported.
 */
export function resolvePlainScalar(source: string): string | number | boolean | null {
  switch (source) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
  }
  const first = source.charCodeAt(0);
  // Numbers start with a digit, a sign or a dot.
  if (!((first >= 48 && first <= 57) || first === 43 || first === DASH || first === 46)) return source;
  let value: number;
  if (octalPattern.test(source)) value = parseInt(source.slice(2), 8);
  else if (integerPattern.test(source)) value = parseInt(source, 10);
  else if (hexPattern.test(source)) value = parseInt(source.slice(2), 16);
  else if (infinityOrNaNPattern.test(source)) return unsupported();
  else if (exponentPattern.test(source) || floatPattern.test(source)) value = parseFloat(source);
  else return source;
  return Number.isFinite(value) ? value : unsupported();
}

/** A plain key's text as the tree builder gives it: the resolved value, stringified. */
export function plainKeyText(source: string): string {
  const value = resolvePlainScalar(source);
  return value === null ? 'null' : String(value);
}

/**
 * Checks the line after the break at `lineBreak` inside a quoted scalar: a line with content must be indented
 * at least `minIndent`. Returns the offset of its first non-space character (or of its line break).
 */
function continueQuotedLine(text: string, lineBreak: number, minIndent: number): number {
  const lineStart = afterLineBreak(text, lineBreak);
  let i = lineStart;
  while (text.charCodeAt(i) === SPACE) i++;
  const code = text.charCodeAt(i);
  if (Number.isNaN(code)) unsupported(); // unterminated
  if (code !== LF && code !== CR && i - lineStart < minIndent) unsupported();
  return i;
}

function trimEndSpaces(text: string, start: number, end: number): number {
  while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
  return end;
}

/**
 * A line break inside a quoted scalar and the blank lines after it: what they fold to (a space, or one
 * line feed per blank line) and where the next line's content starts.
 */
function foldQuotedLineBreak(
  text: string,
  lineBreak: number,
  minIndent: number,
): { text: string; next: number } {
  let blankLines = 0;
  let next = continueQuotedLine(text, lineBreak, minIndent);
  while (isLineEnd(text.charCodeAt(next))) {
    blankLines++;
    next = continueQuotedLine(text, next, minIndent);
  }
  return { text: blankLines === 0 ? ' ' : '\n'.repeat(blankLines), next };
}

/** Reads a single-quoted scalar opening at `start`; `''` is a quote, line breaks fold. */
export function readSingleQuoted(text: string, start: number, minIndent: number, out: ScanResult): string {
  let value = '';
  let chunkStart = start + 1;
  let i = chunkStart;
  let multiline = false;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === SINGLE_QUOTE) {
      if (text.charCodeAt(i + 1) === SINGLE_QUOTE) {
        i += 2;
        continue;
      }
      break;
    }
    if (code === LF || code === CR) {
      multiline = true;
      value += unescapeQuotes(text.slice(chunkStart, trimEndSpaces(text, chunkStart, i)));
      const fold = foldQuotedLineBreak(text, i, minIndent);
      value += fold.text;
      chunkStart = i = fold.next;
      continue;
    }
    if (Number.isNaN(code)) unsupported();
    i++;
  }
  value += unescapeQuotes(text.slice(chunkStart, i));
  out.end = i + 1;
  out.multiline = multiline;
  return value;
}

function unescapeQuotes(chunk: string): string {
  return chunk.includes("''") ? chunk.replace(/''/g, "'") : chunk;
}

const simpleEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

const hexDigits = /^[0-9a-fA-F]+$/;

/** Reads a double-quoted scalar opening at `start`: escapes, escaped line breaks, folding. */
export function readDoubleQuoted(text: string, start: number, minIndent: number, out: ScanResult): string {
  let value = '';
  let chunkStart = start + 1;
  let i = chunkStart;
  let multiline = false;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code === DOUBLE_QUOTE) break;
    if (code === BACKSLASH) {
      value += text.slice(chunkStart, i);
      const escape = text.charAt(i + 1);
      const simple = simpleEscapes[escape];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (escape === '\n' || escape === '\r') {
        // An escaped line break joins the lines without a space; the next line's indentation is dropped.
        multiline = true;
        i = continueQuotedLine(text, i + 1, minIndent);
      } else if (escape === 'x' || escape === 'u' || escape === 'U') {
        const length = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
        const digits = text.substr(i + 2, length);
        if (digits.length !== length || !hexDigits.test(digits)) unsupported();
        const codePoint = parseInt(digits, 16);
        if (codePoint > 0x10ffff) unsupported();
        value += String.fromCodePoint(codePoint);
        i += 2 + length;
      } else {
        unsupported();
      }
      chunkStart = i;
      continue;
    }
    if (code === LF || code === CR) {
      multiline = true;
      value += text.slice(chunkStart, trimEndSpaces(text, chunkStart, i));
      const fold = foldQuotedLineBreak(text, i, minIndent);
      value += fold.text;
      chunkStart = i = fold.next;
      continue;
    }
    if (Number.isNaN(code)) unsupported();
    i++;
  }
  value += text.slice(chunkStart, i);
  out.end = i + 1;
  out.multiline = multiline;
  return value;
}

/** An AST scalar of the kind its value has. */
export function makeScalar(
  value: string | number | boolean | null,
  start: number,
  end: number,
  parent: AstNode | undefined,
): AstScalar {
  const kind =
    value === null
      ? 'null'
      : typeof value === 'string'
        ? 'string'
        : typeof value === 'number'
          ? 'number'
          : 'boolean';
  const scalar: AstScalar = { kind, value, range: { start, end } };
  if (parent) scalar.parent = parent;
  return scalar;
}
