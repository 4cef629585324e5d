// Parses the condition of a JSONPath filter `[?( ... )]` (Jayway syntax): `||`, `&&`, `!`, parentheses,
// comparisons, existence checks and literals (strings, numbers, booleans, null, JSON arrays/objects, /regex/).

import type { JsonObject, JsonValue } from '../json';
import {
  segmentsAreDefinite,
  type ComparisonOperator,
  type FilterExpression,
  type FilterOperand,
  type FilterPath,
  type PathSegment,
} from './ast';
import type { Scanner } from './scanner';
import { setOwn } from './values';

/** Reads the segments of a path inside a filter (supplied by parse.ts, which owns segment syntax). */
export type SubPathParser = (s: Scanner) => PathSegment[];

const SYMBOL_OPERATORS: ReadonlySet<string> = new Set(['==', '!=', '===', '!==', '<', '<=', '>', '>=', '=~']);
const WORD_OPERATORS: ReadonlySet<string> = new Set([
  'in',
  'nin',
  'contains',
  'subsetof',
  'anyof',
  'noneof',
  'size',
  'empty',
]);
const OPERATOR_CHARS = new Set(['<', '>', '=', '!', '~']);
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const REGEX_FLAGS: Readonly<Record<string, string>> = { i: 'i', m: 'm', s: 's' };

/** Parses from the `(` after `[?` to the end of the condition (the caller expects `]` next). */
export function parseFilterExpression(s: Scanner, parseSubPath: SubPathParser): FilterExpression {
  return new FilterParser(s, parseSubPath).parseOr();
}

class FilterParser {
  private readonly s: Scanner;
  private readonly parseSubPath: SubPathParser;

  constructor(s: Scanner, parseSubPath: SubPathParser) {
    this.s = s;
    this.parseSubPath = parseSubPath;
  }

  parseOr(): FilterExpression {
    const operands = [this.parseAnd()];
    for (;;) {
      this.s.skipWhitespace();
      if (!this.s.startsWith('||')) break;
      this.s.pos += 2;
      operands.push(this.parseAnd());
    }
    const [only] = operands;
    return operands.length === 1 && only !== undefined ? only : { kind: 'or', operands };
  }

  private parseAnd(): FilterExpression {
    const operands = [this.parseUnary()];
    for (;;) {
      this.s.skipWhitespace();
      if (!this.s.startsWith('&&')) break;
      this.s.pos += 2;
      operands.push(this.parseUnary());
    }
    const [only] = operands;
    return operands.length === 1 && only !== undefined ? only : { kind: 'and', operands };
  }

  private parseUnary(): FilterExpression {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const start = s.pos;
    return s.nested(start, () => {
      if (s.peek() === '!' && s.peek(1) !== '=') {
        s.pos++;
        s.skipWhitespace();
        const next = s.peek();
        if (next === '(' || next === '!') return { kind: 'not', operand: this.parseUnary() };
        if (next === '@' || next === '$') {
          const path = this.parsePath();
          s.skipWhitespace();
          if (this.atOperator()) {
            s.fail(
              "'!' can only negate an existence check such as !@.name, or a parenthesized condition",
              start,
            );
          }
          return { kind: 'not', operand: { kind: 'exists', path } };
        }
        return s.fail("Expected a path or '(' after '!'");
      }
      if (s.peek() === '(') {
        s.pos++;
        const inner = this.parseOr();
        s.skipWhitespace();
        if (s.peek() !== ')') s.fail(s.atEnd() ? "Missing ')' in the filter" : "Expected ')'", s.pos);
        s.pos++;
        return inner;
      }
      return this.parseComparison();
    });
  }

  private parseComparison(): FilterExpression {
    const s: Scanner = this.s;
    const start = s.pos;
    const left = this.parseOperand();
    s.skipWhitespace();
    if (this.atConditionEnd()) {
      if (left.kind === 'path') return { kind: 'exists', path: left.path };
      return s.fail(
        'A literal is not a condition on its own; compare it with an operator',
        start,
        s.pos - start,
      );
    }
    const operator = this.parseOperator();
    const right = this.parseOperand();
    return { kind: 'compare', operator, left, right };
  }

  private atConditionEnd(): boolean {
    const c = this.s.peek();
    return c === undefined || c === ')' || c === ']' || this.s.startsWith('&&') || this.s.startsWith('||');
  }

  private atOperator(): boolean {
    const c = this.s.peek();
    return c !== undefined && (OPERATOR_CHARS.has(c) || /[A-Za-z]/.test(c));
  }

  private parseOperator(): ComparisonOperator {
    const s: Scanner = this.s;
    const start = s.pos;
    const c = s.peek() ?? '';
    if (OPERATOR_CHARS.has(c)) {
      while (OPERATOR_CHARS.has(s.peek() ?? '')) s.pos++;
    } else if (/[A-Za-z]/.test(c)) {
      while (/[A-Za-z]/.test(s.peek() ?? '')) s.pos++;
    } else {
      s.fail('Expected a comparison operator such as ==, !=, <, <=, >, >=, =~ or in');
    }
    const text = s.text.slice(start, s.pos);
    const lower = text.toLowerCase();
    if (SYMBOL_OPERATORS.has(text) || WORD_OPERATORS.has(lower)) return lower as ComparisonOperator;
    return s.fail(`Unsupported filter operator '${text}'`, start, text.length);
  }

  private parseOperand(): FilterOperand {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const c = s.peek();
    if (c === '@' || c === '$') return { kind: 'path', path: this.parsePath() };
    if (c === '/') return this.parseRegex();
    if (c === undefined) return s.fail('Expected a value in the filter', s.pos, 0);
    return { kind: 'literal', value: this.parseLiteral() };
  }

  private parsePath(): FilterPath {
    const s: Scanner = this.s;
    const start = s.pos;
    const base = s.peek() === '@' ? 'current' : 'root';
    s.pos++;
    const segments = this.parseSubPath(s);
    return { source: s.text.slice(start, s.pos), base, segments, definite: segmentsAreDefinite(segments) };
  }

  /** A literal value: string, number, true/false/null, or a (lenient) JSON array or object. */
  private parseLiteral(): JsonValue {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const start = s.pos;
    const c = s.peek();
    if (c === "'" || c === '"') return this.parseString(c);
    if (c === '[' || c === '{')
      return s.nested(start, () => (c === '[' ? this.parseArray() : this.parseObject()));
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (s.startsWith(word) && !/[A-Za-z0-9_]/.test(s.peek(word.length) ?? '')) {
        s.pos += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = s.pos;
    const match = NUMBER.exec(s.text);
    if (match && !/[A-Za-z0-9_.]/.test(s.text[s.pos + match[0].length] ?? '')) {
      s.pos += match[0].length;
      return Number(match[0]);
    }
    return s.fail(
      'Expected a path, a string, a number, true, false, null, a JSON array or object, or a /regex/',
    );
  }

  private parseArray(): JsonValue[] {
    const s: Scanner = this.s;
    const items: JsonValue[] = [];
    s.pos++;
    s.skipWhitespace();
    if (s.peek() === ']') {
      s.pos++;
      return items;
    }
    for (;;) {
      items.push(this.parseLiteral());
      s.skipWhitespace();
      if (s.peek() === ',') {
        s.pos++;
        continue;
      }
      if (s.peek() === ']') {
        s.pos++;
        return items;
      }
      s.fail("Expected ',' or ']' in the array literal");
    }
  }

  private parseObject(): JsonObject {
    const s: Scanner = this.s;
    const object: JsonObject = {};
    s.pos++;
    s.skipWhitespace();
    if (s.peek() === '}') {
      s.pos++;
      return object;
    }
    for (;;) {
      s.skipWhitespace();
      const q = s.peek();
      if (q !== '"' && q !== "'") s.fail('Expected a quoted key in the object literal');
      const key = this.parseString(q);
      s.skipWhitespace();
      if (s.peek() !== ':') s.fail("Expected ':' after the key in the object literal");
      s.pos++;
      setOwn(object, key, this.parseLiteral());
      s.skipWhitespace();
      if (s.peek() === ',') {
        s.pos++;
        continue;
      }
      if (s.peek() === '}') {
        s.pos++;
        return object;
      }
      s.fail("Expected ',' or '}' in the object literal");
    }
  }

  /** A quoted string; backslash escapes are decoded as Jayway does (\n, \t, \uXXXX, \' ...). */
  private parseString(quote: "'" | '"'): string {
    const s: Scanner = this.s;
    const open = s.pos;
    let out = '';
    let i = open + 1;
    while (i < s.text.length && s.text[i] !== quote) {
      const ch = s.text[i] ?? '';
      if (ch !== '\\') {
        out += ch;
        i++;
        continue;
      }
      const next = s.text[i + 1];
      if (next === undefined) break;
      if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(s.text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(s.text.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      i += 2;
    }
    if (i >= s.text.length)
      s.fail(`Unterminated string: missing closing ${quote}`, open, s.text.length - open);
    s.pos = i + 1;
    return out;
  }

  /** `/pattern/flags`; Jayway's =~ must match the whole string, so the pattern is anchored. */
  private parseRegex(): FilterOperand {
    const s: Scanner = this.s;
    const open = s.pos;
    let i = open + 1;
    while (i < s.text.length && s.text[i] !== '/') i += s.text[i] === '\\' ? 2 : 1;
    if (i >= s.text.length)
      s.fail('Unterminated regular expression: missing closing /', open, s.text.length - open);
    const source = s.text.slice(open + 1, i);
    s.pos = i + 1;
    let flags = '';
    while (/[A-Za-z]/.test(s.peek() ?? '')) {
      const flag = s.peek() ?? '';
      const jsFlag = REGEX_FLAGS[flag];
      if (jsFlag === undefined) s.fail(`Unsupported regular expression flag '${flag}'`);
      if (!flags.includes(jsFlag)) flags += jsFlag;
      s.pos++;
    }
    try {
      return { kind: 'regex', source, flags, regex: new RegExp(`^(?:${source})$`, flags) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return s.fail(`Invalid regular expression: ${detail}`, open, s.pos - open);
    }
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
};
