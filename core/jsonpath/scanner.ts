// A cursor over JSONPath text shared by the path and filter parsers, with the syntax error they raise
// (caught by parseJsonPath, which never throws) and the nesting/segment budgets that bound parsing.

import { MAX_FILTER_NESTING, MAX_SEGMENTS } from './ast';

/** A syntax error at a place in the path text. Internal: parseJsonPath turns it into a result. */
export class PathSyntaxError extends Error {
  readonly offset: number;
  readonly length: number;
  constructor(message: string, offset: number, length: number) {
    super(message);
    this.name = 'PathSyntaxError';
    this.offset = offset;
    this.length = Math.max(0, length);
  }
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

export function isWhitespace(c: string | undefined): boolean {
  return c !== undefined && WHITESPACE.has(c);
}

export class Scanner {
  readonly text: string;
  pos = 0;
  private nesting = 0;
  private segmentCount = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** The character `ahead` places after the cursor, or undefined past the end. */
  peek(ahead = 0): string | undefined {
    return this.text[this.pos + ahead];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  skipWhitespace(): void {
    while (isWhitespace(this.peek())) this.pos++;
  }

  fail(message: string, offset = this.pos, length = 1): never {
    const clampedLength = Math.min(length, Math.max(0, this.text.length - offset));
    throw new PathSyntaxError(message, offset, clampedLength);
  }

  /** Counts one more segment; refuses paths with absurdly many. */
  countSegment(offset: number): void {
    this.segmentCount++;
    if (this.segmentCount > MAX_SEGMENTS)
      this.fail(`The path has more than ${MAX_SEGMENTS} segments`, offset);
  }

  /** Runs `body` one nesting level deeper (filters, parentheses, literals); refuses deep nesting. */
  nested<T>(offset: number, body: () => T): T {
    this.nesting++;
    if (this.nesting > MAX_FILTER_NESTING) {
      this.fail(`The filter is nested more than ${MAX_FILTER_NESTING} levels deep`, offset);
    }
    try {
      return body();
    } finally {
      this.nesting--;
    }
  }
}
