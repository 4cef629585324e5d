// Reads significant JSON tokens from jsonc-parser's scanner, reporting comments and malformed strings and numbers as it goes.
import { createScanner, type JSONScanner } from 'jsonc-parser';
import type { OffsetRange } from '../diagnostics';
import {
  ScanError,
  Token,
  findStringProblem,
  singleQuoted,
  startsWithPlaceholder,
  wordEnd,
} from './json-tokens';
import { type DiagnosticSink, ParseCode } from './support';

/** Local aliases: reads through an imported binding cost a getter call each under CommonJS interop, and these are read per token. */
const Kind = Token;
const ScanErrorKind = ScanError;

/** What an `Unknown` token turned out to be. */
export type UnknownKind = 'placeholder' | 'single-quoted' | 'bad-number' | 'word';

export class JsonTokenReader {
  private readonly scanner: JSONScanner;
  token: number = Kind.EOF;
  tokenStart = 0;
  tokenEnd = 0;
  /** Decoded content for strings, raw text otherwise. */
  tokenValue = '';
  unknownKind: UnknownKind = 'word';
  /** End of the last significant token before the current one: where a missing closer would go. */
  previousEnd = 0;

  constructor(
    readonly text: string,
    readonly sink: DiagnosticSink,
  ) {
    this.scanner = createScanner(text, false);
    if (text.charCodeAt(0) === 0xfeff) this.scanner.setPosition(1); // a byte-order mark is not content
  }

  /** Skips JSON whitespace here: the scanner would build a string of it, which is most of its garbage. */
  private skipWhitespace(): void {
    const start = this.scanner.getPosition();
    let pos = start;
    for (;;) {
      const code = this.text.charCodeAt(pos);
      if (code !== 32 && code !== 10 && code !== 13 && code !== 9) break;
      pos++;
    }
    if (pos !== start) this.scanner.setPosition(pos);
  }

  next(): void {
    if (this.token !== Kind.EOF) this.previousEnd = this.tokenEnd;
    for (;;) {
      this.skipWhitespace();
      const kind = this.scanner.scan() as number;
      this.tokenStart = this.scanner.getTokenOffset();
      this.tokenEnd = this.tokenStart + this.scanner.getTokenLength();
      if (kind === Kind.Trivia || kind === Kind.LineBreak) continue;
      if (kind === Kind.LineComment || kind === Kind.BlockComment) {
        this.reportComment(kind);
        continue;
      }
      this.token = kind;
      this.tokenValue = this.scanner.getTokenValue();
      if (kind === Kind.String) this.checkString();
      else if (kind === Kind.Number) this.checkNumber();
      else if (kind === Kind.Unknown) this.classifyUnknown();
      return;
    }
  }

  private reportComment(kind: number): void {
    const range = { start: this.tokenStart, end: this.tokenEnd };
    if (this.scanner.getTokenError() === ScanErrorKind.UnexpectedEndOfComment) {
      this.syntaxError(
        'Unterminated comment: close it with */, or better remove it (JSON has no comments)',
        range,
      );
    } else {
      const what = kind === Kind.LineComment ? 'comment' : 'block comment';
      this.syntaxError(
        `Comments are not allowed in JSON (Step Functions rejects them): remove this ${what}`,
        range,
      );
    }
  }

  private checkString(): void {
    const error = this.scanner.getTokenError() as number;
    if (error === ScanErrorKind.None) return;
    if (error === ScanErrorKind.UnexpectedEndOfString) {
      this.syntaxError('Unterminated string: add the closing double quote (")', this.currentRange());
      return;
    }
    const problem = findStringProblem(this.text, this.tokenStart, this.tokenEnd);
    if (problem) this.syntaxError(problem.message, problem.range);
    else this.syntaxError('Invalid string', this.currentRange());
  }

  /** Numbers glued to more characters (01, 1.2.3, 0x1F, 5s) become one bad word instead of two tokens. */
  private checkNumber(): void {
    const end = wordEnd(this.text, this.tokenStart);
    if (end > this.tokenEnd) {
      this.scanner.setPosition(end);
      this.tokenEnd = end;
      this.token = Kind.Unknown;
      this.unknownKind = 'bad-number';
      this.tokenValue = this.text.slice(this.tokenStart, end);
    } else if (this.scanner.getTokenError() === ScanErrorKind.UnexpectedEndOfNumber) {
      this.token = Kind.Unknown;
      this.unknownKind = 'bad-number';
      this.tokenValue = this.text.slice(this.tokenStart, this.tokenEnd);
    }
  }

  private classifyUnknown(): void {
    const quoted = singleQuoted(this.text, this.tokenStart);
    if (quoted) {
      this.unknownKind = 'single-quoted';
      this.tokenValue = quoted.content;
      this.tokenEnd = quoted.end;
    } else {
      this.unknownKind = startsWithPlaceholder(this.text, this.tokenStart) ? 'placeholder' : 'word';
      this.tokenEnd = Math.max(this.tokenEnd, wordEnd(this.text, this.tokenStart));
      this.tokenValue = this.text.slice(this.tokenStart, this.tokenEnd);
    }
    this.scanner.setPosition(this.tokenEnd);
  }

  currentRange(): OffsetRange {
    return { start: this.tokenStart, end: this.tokenEnd };
  }

  describeToken(): string {
    if (this.token === Kind.EOF) return 'end of text';
    const raw = this.text.slice(this.tokenStart, this.tokenEnd);
    return `'${raw.length > 24 ? `${raw.slice(0, 24)}…` : raw}'`;
  }

  syntaxError(message: string, range: OffsetRange): void {
    this.sink.error(ParseCode.jsonSyntax, message, range);
  }
}
