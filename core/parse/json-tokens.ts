// Lexical help for the JSON parser: what the scanner calls "unknown" (placeholders, bare words, single quotes) and precise string errors.
import type { OffsetRange } from '../diagnostics';

/** Token kinds of jsonc-parser's scanner (its `SyntaxKind` is a const enum, which isolated modules can't use). */
export const Token = {
  OpenBrace: 1,
  CloseBrace: 2,
  OpenBracket: 3,
  CloseBracket: 4,
  Comma: 5,
  Colon: 6,
  Null: 7,
  True: 8,
  False: 9,
  String: 10,
  Number: 11,
  LineComment: 12,
  BlockComment: 13,
  LineBreak: 14,
  Trivia: 15,
  Unknown: 16,
  EOF: 17,
} as const;

/** Scan errors of jsonc-parser's scanner (`ScanError`). */
export const ScanError = {
  None: 0,
  UnexpectedEndOfComment: 1,
  UnexpectedEndOfString: 2,
  UnexpectedEndOfNumber: 3,
  InvalidUnicode: 4,
  InvalidEscapeCharacter: 5,
  InvalidCharacter: 6,
} as const;

function isSeparator(code: number): boolean {
  switch (code) {
    case 32: // space
    case 9: // tab
    case 10: // \n
    case 13: // \r
    case 123: // {
    case 125: // }
    case 91: // [
    case 93: // ]
    case 34: // "
    case 44: // ,
    case 58: // :
      return true;
    default:
      return Number.isNaN(code);
  }
}

const PLACEHOLDER = /\$\{[^}\r\n]*\}/y;

/** Length of a `${...}` placeholder starting at `start`, or 0. */
function placeholderLength(text: string, start: number): number {
  PLACEHOLDER.lastIndex = start;
  const match = PLACEHOLDER.exec(text);
  return match ? match[0].length : 0;
}

/**
 * The end of the unquoted word starting at `start`: up to whitespace or JSON punctuation, with
 * `${...}` placeholders taken whole (their braces don't end the word).
 */
export function wordEnd(text: string, start: number): number {
  let pos = start;
  while (pos < text.length) {
    const placeholder = placeholderLength(text, pos);
    if (placeholder > 0) {
      pos += placeholder;
      continue;
    }
    const code = text.charCodeAt(pos);
    if (isSeparator(code)) break;
    if (code === 47 && (text.charCodeAt(pos + 1) === 47 || text.charCodeAt(pos + 1) === 42)) break; // a comment starts
    pos++;
  }
  return pos;
}

/** True when the word is, or starts with, a `${...}` placeholder. */
export function startsWithPlaceholder(text: string, start: number): boolean {
  return placeholderLength(text, start) > 0;
}

/** A single-quoted string starting at `start` and closed on the same line: its end and content. */
export function singleQuoted(text: string, start: number): { end: number; content: string } | undefined {
  if (text.charCodeAt(start) !== 39) return undefined;
  for (let pos = start + 1; pos < text.length; pos++) {
    const code = text.charCodeAt(pos);
    if (code === 10 || code === 13) return undefined;
    if (code === 92) pos++;
    else if (code === 39) return { end: pos + 1, content: text.slice(start + 1, pos) };
  }
  return undefined;
}

/** What a bare word at a value position means, when it is a known mistake. */
export function bareWordHint(word: string): { message: string; value?: boolean | null } | undefined {
  switch (word.toLowerCase()) {
    case 'true':
    case 'false':
    case 'null':
      return {
        message: `JSON literals are lowercase: write ${word.toLowerCase()} instead of ${word}`,
        value: word.toLowerCase() === 'null' ? null : word.toLowerCase() === 'true',
      };
    case 'none':
    case 'nil':
    case 'undefined':
      return { message: `'${word}' is not JSON: write null`, value: null };
    case 'nan':
    case 'infinity':
    case '-infinity':
    case '+infinity':
      return { message: `'${word}' is not a JSON number: JSON has no NaN or Infinity` };
    default:
      return undefined;
  }
}

/** True when the word looks like a malformed number (01, 1.2.3, 0x1F, +5, .5, 1e). */
export function looksNumeric(word: string): boolean {
  return /^[+-]?(\d|\.\d)/.test(word);
}

export interface LocatedProblem {
  message: string;
  range: OffsetRange;
}

const SIMPLE_ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function controlCharName(code: number): string {
  const names: Record<number, string> = { 9: '\\t (tab)', 8: '\\b', 12: '\\f' };
  return names[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * The first bad escape or raw control character inside the string token [start, end), located exactly.
 * The scanner only says that the token has one.
 */
export function findStringProblem(text: string, start: number, end: number): LocatedProblem | undefined {
  for (let pos = start + 1; pos < end; pos++) {
    const code = text.charCodeAt(pos);
    if (code === 92) {
      const escape = text.charAt(pos + 1);
      if (escape === 'u') {
        const hex = text.slice(pos + 2, pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) {
          const badEnd = pos + 2 + (/^[0-9a-fA-F]*/.exec(hex)?.[0].length ?? 0);
          return {
            message: 'Invalid unicode escape: \\u must be followed by exactly 4 hex digits (e.g. \\u00e9)',
            range: { start: pos, end: Math.min(end, badEnd + 1) },
          };
        }
        pos += 5;
      } else if (SIMPLE_ESCAPES.has(escape)) {
        pos++;
      } else {
        return {
          message: `Invalid escape '\\${escape}' in string: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX; write a literal backslash as \\\\`,
          range: { start: pos, end: pos + 2 },
        };
      }
    } else if (code < 0x20) {
      return {
        message: `Control character in string: write it escaped as ${controlCharName(code)}`,
        range: { start: pos, end: pos + 1 },
      };
    }
  }
  return undefined;
}

/** How to fix a malformed number. */
export function badNumberMessage(word: string): string {
  if (/^-?0\d/.test(word)) return `Invalid number '${word}': JSON numbers can't have leading zeros`;
  if (/^-?0[xX]/.test(word))
    return `Invalid number '${word}': JSON has no hexadecimal numbers; write it in decimal`;
  if (/^\+/.test(word)) return `Invalid number '${word}': JSON numbers can't start with '+'; remove it`;
  if (/^-?\./.test(word))
    return `Invalid number '${word}': write a digit before the decimal point (0${word.replace('-', '')})`;
  if (/[.eE][+-]?$/.test(word)) return `Incomplete number '${word}': add digits after '${word.slice(-1)}'`;
  return `Invalid number '${word}': JSON numbers look like 12, -3.5 or 1e6; quote it if it is a string`;
}
