// Parser for intrinsic function calls such as `States.Format('{} {}', $.a, States.UUID())`.
// Never throws: a syntax error comes back with the offset and length of the offending text.

import type { IntrinsicArg, IntrinsicCall, IntrinsicParseResult } from './types';

const FUNCTION_PREFIX = 'States.';

/**
 * How deep calls may nest inside one another. AWS allows 10 intrinsic functions in a field (the validator
 * says so, ASL306); this bound only keeps absurd input (thousands of nested calls) from overflowing the
 * stack of the parser, the checks and the evaluation, all of which recurse once per level.
 */
export const MAX_INTRINSIC_NESTING = 100;

/** True when the text (after optional whitespace) starts with `States.` and contains `(`. */
export function looksLikeIntrinsic(text: string): boolean {
  return text.trimStart().startsWith(FUNCTION_PREFIX) && text.includes('(');
}

class IntrinsicSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
    readonly length: number,
  ) {}
}

/** Parses one intrinsic call; whitespace is allowed around tokens, nothing may follow the closing `)`. */
export function parseIntrinsic(text: string): IntrinsicParseResult {
  const parser = new Parser(text);
  try {
    parser.skipWhitespace();
    if (!parser.atFunctionName()) {
      const start = parser.pos;
      return {
        ok: false,
        message: `An intrinsic function must start with '${FUNCTION_PREFIX}' followed by a function name.`,
        offset: start,
        length: Math.max(1, parser.wordLength(start)),
      };
    }
    const call = parser.parseCall();
    parser.skipWhitespace();
    if (!parser.atEnd()) {
      return {
        ok: false,
        message: `Unexpected text after the closing ')' of ${call.name}.`,
        offset: parser.pos,
        length: text.length - parser.pos,
      };
    }
    return { ok: true, call };
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) {
      return { ok: false, message: error.message, offset: error.offset, length: Math.max(1, error.length) };
    }
    throw error;
  }
}

function isIdentifierChar(c: string | undefined): boolean {
  return c !== undefined && /[A-Za-z0-9_]/.test(c);
}

function isWhitespace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

class Parser {
  pos = 0;
  /** Calls open around the current position. */
  private depth = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  skipWhitespace(): void {
    while (isWhitespace(this.peek())) this.pos++;
  }

  atFunctionName(): boolean {
    return this.text.startsWith(FUNCTION_PREFIX, this.pos);
  }

  /** Length of the run of non-delimiter characters starting at `start` (for error ranges). */
  wordLength(start: number): number {
    let end = start;
    while (end < this.text.length && !/[\s,()]/.test(this.text[end] ?? '')) end++;
    return end - start;
  }

  private fail(message: string, offset: number, length = 1): never {
    throw new IntrinsicSyntaxError(message, offset, length);
  }

  parseCall(): IntrinsicCall {
    const nameOffset = this.pos;
    this.pos += FUNCTION_PREFIX.length;
    const identStart = this.pos;
    while (isIdentifierChar(this.peek())) this.pos++;
    const name = this.text.slice(nameOffset, this.pos);
    if (this.pos === identStart) {
      this.fail(`Expected a function name after '${FUNCTION_PREFIX}'.`, nameOffset, FUNCTION_PREFIX.length);
    }
    if (this.depth >= MAX_INTRINSIC_NESTING) {
      this.fail(
        `Intrinsic functions nest more than ${MAX_INTRINSIC_NESTING} deep here; AWS allows at most 10 in one field.`,
        nameOffset,
        name.length,
      );
    }
    this.depth++;
    try {
      return this.parseCallArguments(name, nameOffset);
    } finally {
      this.depth--;
    }
  }

  private parseCallArguments(name: string, nameOffset: number): IntrinsicCall {
    this.skipWhitespace();
    if (this.peek() !== '(') {
      this.fail(`Expected '(' after the function name ${name}.`, this.pos, this.atEnd() ? 0 : 1);
    }
    this.pos++;
    const args: IntrinsicArg[] = [];
    this.skipWhitespace();
    if (this.peek() === ')') {
      this.pos++;
      return { name, nameOffset, args, offset: nameOffset, length: this.pos - nameOffset };
    }
    for (;;) {
      this.skipWhitespace();
      args.push(this.parseArgument(name));
      this.skipWhitespace();
      const c = this.peek();
      if (c === ',') {
        this.pos++;
        continue;
      }
      if (c === ')') {
        this.pos++;
        return { name, nameOffset, args, offset: nameOffset, length: this.pos - nameOffset };
      }
      if (c === undefined) {
        this.fail(`Missing ')' to close ${name}(.`, nameOffset, this.pos - nameOffset);
      }
      this.fail(`Expected ',' or ')' in the arguments of ${name}, found '${c}'.`, this.pos);
    }
  }

  private parseArgument(functionName: string): IntrinsicArg {
    const start = this.pos;
    const c = this.peek();
    if (c === undefined) this.fail(`Missing ')' to close ${functionName}(.`, start, 0);
    if (c === ',' || c === ')') this.fail(`Expected an argument for ${functionName}.`, start);
    if (c === "'") return this.parseString();
    if (c === '"') {
      this.fail('String literals in intrinsic functions use single quotes, not double quotes.', start);
    }
    if (c === '$') return this.parsePath();
    if (c === '-' || (c >= '0' && c <= '9')) return this.parseNumber();
    if (this.atFunctionName()) return { kind: 'call', call: this.parseCall() };
    const wordLength = this.wordLength(start);
    const word = this.text.slice(start, start + wordLength);
    if (word === 'true' || word === 'false') {
      this.pos += wordLength;
      return { kind: 'boolean', value: word === 'true', offset: start, length: wordLength };
    }
    if (word === 'null') {
      this.pos += wordLength;
      return { kind: 'null', offset: start, length: wordLength };
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z]/.test(word) || this.text[start + wordLength] === '(') {
      this.fail(
        `Unknown function '${word}': intrinsic functions start with '${FUNCTION_PREFIX}'.`,
        start,
        wordLength,
      );
    }
    this.fail(
      `Unexpected '${word || c}': an argument must be a 'string', a number, true, false, null, a path starting with $, or a States.* call.`,
      start,
      wordLength || 1,
    );
  }

  /** `'...'` with the escapes `\'`, `\{`, `\}` and `\\`; any other backslash is an error, as on AWS. */
  private parseString(): IntrinsicArg {
    const start = this.pos;
    this.pos++;
    let value = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined)
        this.fail('Unterminated string literal: missing closing quote.', start, this.pos - start);
      if (c === "'") {
        this.pos++;
        const raw = this.text.slice(start + 1, this.pos - 1);
        return { kind: 'string', value, offset: start, length: this.pos - start, raw };
      }
      if (c === '\\') {
        const next = this.text[this.pos + 1];
        if (next === "'" || next === '{' || next === '}' || next === '\\') {
          value += next;
          this.pos += 2;
          continue;
        }
        const shown = next === undefined ? '\\' : `\\${next}`;
        this.fail(
          `Invalid escape '${shown}' in a string literal: only \\', \\{, \\} and \\\\ are allowed.`,
          this.pos,
          next === undefined ? 1 : 2,
        );
      }
      value += c;
      this.pos++;
    }
  }

  /** A JSON number: `-?int(.digits)?([eE][+-]?digits)?`. */
  private parseNumber(): IntrinsicArg {
    const start = this.pos;
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.text.slice(start));
    const end = start + (match ? match[0].length : 0);
    const after = this.text[end];
    if (!match || match[0] === '-' || (after !== undefined && !/[\s,)]/.test(after))) {
      const length = this.wordLength(start) || 1;
      this.fail(`Invalid number '${this.text.slice(start, start + length)}'.`, start, length);
    }
    this.pos = end;
    return { kind: 'number', value: Number(match[0]) + 0, offset: start, length: end - start };
  }

  /**
   * A JSONPath (`$.a.b`, `$$.Execution.Id`, `$['x y']`, `$.list[?(@.n > 1)]`, `$var.x`). It ends at a
   * top-level `,`, `)` or whitespace; inside brackets anything goes, quotes included.
   */
  private parsePath(): IntrinsicArg {
    const start = this.pos;
    let depth = 0;
    let bracketStart = start;
    while (!this.atEnd()) {
      const c = this.peek();
      if (depth === 0 && (c === ',' || c === ')' || isWhitespace(c))) break;
      if (c === '[') {
        if (depth === 0) bracketStart = this.pos;
        depth++;
      } else if (c === ']') {
        if (depth === 0) this.fail("Unmatched ']' in path.", this.pos);
        depth--;
      } else if ((c === "'" || c === '"') && depth > 0) {
        this.skipQuotedInPath(c);
        continue;
      }
      this.pos++;
    }
    if (depth > 0) this.fail("Unterminated '[' in path.", bracketStart, this.pos - bracketStart);
    return { kind: 'path', text: this.text.slice(start, this.pos), offset: start, length: this.pos - start };
  }

  private skipQuotedInPath(quote: string): void {
    const start = this.pos;
    this.pos++;
    while (!this.atEnd()) {
      const c = this.peek();
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      this.pos++;
      if (c === quote) return;
    }
    this.fail('Unterminated quoted name in path.', start, this.pos - start);
  }
}
