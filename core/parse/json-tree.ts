// Strict JSON into the AST on top of jsonc-parser's scanner: recovers from errors, bounds nesting, and says how to fix each problem.
import type { LineMap, OffsetRange } from '../diagnostics';
import type { AstArray, AstNode, AstObject, AstProperty, AstScalar } from './ast';
import { parseWellFormedJson } from './json-fast';
import { JsonTokenReader } from './json-reader';
import { Token, badNumberMessage, bareWordHint, looksNumeric } from './json-tokens';
import {
  DiagnosticSink,
  KeyTracker,
  MAX_NESTING_DEPTH,
  ParseCode,
  type SyntaxTree,
  describePosition,
} from './support';

/** Local aliases: reads through an imported binding cost a getter call each under CommonJS interop, and these are read per token. */
const Kind = Token;

/** Parses JSON text into a best-effort AST; never throws. An empty text gives no AST and no diagnostics. */
export function parseJsonTree(text: string, lines: LineMap): SyntaxTree {
  // Well-formed JSON (nearly every document) takes the fast path; anything else gets the full parser's diagnostics.
  const ast = parseWellFormedJson(text);
  if (ast) return { ast, diagnostics: [] };
  return parseJsonTreeWithRecovery(text, lines);
}

/** The full parser alone, without the fast path (which must give the same AST whenever it succeeds). */
export function parseJsonTreeWithRecovery(text: string, lines: LineMap): SyntaxTree {
  return new JsonTreeParser(text, lines).parse();
}

interface Opener {
  kind: 'object' | 'array';
  offset: number;
}

const CLOSER = { object: '}', array: ']' } as const;
/** Finds anything but whitespace and closers. */
const CONTENT_AFTER = /[^\s}\]]/g;

class JsonTreeParser {
  private readonly reader: JsonTokenReader;
  private readonly sink: DiagnosticSink;
  private readonly openers: Opener[] = [];
  private endOfTextReported = false;

  constructor(
    private readonly text: string,
    lines: LineMap,
  ) {
    this.sink = new DiagnosticSink(lines);
    this.reader = new JsonTokenReader(text, this.sink);
  }

  parse(): SyntaxTree {
    this.reader.next();
    let ast: AstNode | undefined;
    if (this.startsValue()) ast = this.parseValue(0, undefined, 'the document');
    // Anything left is an error; report it once, then scan the rest only for its own token errors.
    if (this.reader.token !== Kind.EOF) {
      const where = ast
        ? 'after the end of the JSON document: remove it (a definition is a single object)'
        : "where the document should start with '{'";
      this.reader.syntaxError(
        `Unexpected ${this.reader.describeToken()} ${where}`,
        this.reader.currentRange(),
      );
      while (this.reader.token !== Kind.EOF) this.reader.next();
    }
    return { ast, diagnostics: this.sink.finish(ParseCode.jsonSyntax) };
  }

  // ---- values ----

  private parseValue(depth: number, parent: AstNode | undefined, what: string): AstNode | undefined {
    switch (this.reader.token) {
      case Kind.OpenBrace:
      case Kind.OpenBracket:
        if (depth >= MAX_NESTING_DEPTH) {
          this.skipTooDeep();
          if (parent?.kind === 'object' || parent?.kind === 'array') parent.truncated = true;
          return undefined;
        }
        return this.reader.token === Kind.OpenBrace
          ? this.parseObject(depth, parent)
          : this.parseArray(depth, parent);
      case Kind.String:
        return this.scalar('string', this.reader.tokenValue, parent);
      case Kind.Number:
        return this.scalar('number', Number(this.reader.tokenValue), parent);
      case Kind.True:
        return this.scalar('boolean', true, parent);
      case Kind.False:
        return this.scalar('boolean', false, parent);
      case Kind.Null:
        return this.scalar('null', null, parent);
      case Kind.Unknown:
        return this.parseUnknownValue(parent);
      case Kind.EOF:
        this.reportEndOfText(`expected a value for ${what}`);
        return undefined;
      default:
        this.reader.syntaxError(
          `Expected a value for ${what}, found ${this.reader.describeToken()}`,
          this.reader.currentRange(),
        );
        return undefined;
    }
  }

  private scalar(kind: AstScalar['kind'], value: AstScalar['value'], parent: AstNode | undefined): AstScalar {
    const node: AstScalar = { kind, value, range: this.reader.currentRange(), parent };
    this.reader.next();
    return node;
  }

  private parseUnknownValue(parent: AstNode | undefined): AstNode | undefined {
    const word = this.reader.tokenValue;
    const range = this.reader.currentRange();
    switch (this.reader.unknownKind) {
      case 'placeholder':
        this.sink.error(
          ParseCode.unquotedPlaceholder,
          `Unquoted ${word} placeholder: quote it ("${word}") or substitute it before parsing`,
          range,
        );
        return this.scalar('string', word, parent);
      case 'single-quoted':
        this.reader.syntaxError(`Strings must be in double quotes: write "${word}"`, range);
        return this.scalar('string', word, parent);
      case 'bad-number':
        this.reader.syntaxError(badNumberMessage(word), range);
        this.reader.next();
        return undefined;
      default: {
        const hint = bareWordHint(word);
        if (hint) {
          this.reader.syntaxError(hint.message, range);
          if (hint.value === undefined) {
            this.reader.next();
            return undefined;
          }
          return this.scalar(hint.value === null ? 'null' : 'boolean', hint.value, parent);
        }
        if (looksNumeric(word)) {
          this.reader.syntaxError(badNumberMessage(word), range);
          this.reader.next();
          return undefined;
        }
        if (/^[A-Za-z_$]/.test(word)) {
          this.reader.syntaxError(
            `Unexpected '${word}': strings must be in double quotes ("${word}")`,
            range,
          );
          return this.scalar('string', word, parent);
        }
        this.reader.syntaxError(
          `Unexpected character ${this.reader.describeToken()}: expected a JSON value`,
          range,
        );
        this.reader.next();
        return undefined;
      }
    }
  }

  private parseObject(depth: number, parent: AstNode | undefined): AstObject {
    const start = this.reader.tokenStart;
    const obj: AstObject = {
      kind: 'object',
      properties: [],
      range: { start, end: this.reader.tokenEnd },
      parent,
    };
    const keys = new KeyTracker(obj, this.sink);
    this.openers.push({ kind: 'object', offset: start });
    this.reader.next();
    let afterSeparator = true; // just after '{' or ','
    let pendingComma: OffsetRange | undefined;
    for (;;) {
      if (this.reader.token === Kind.CloseBrace) {
        if (pendingComma && obj.properties.length > 0) {
          this.reader.syntaxError(
            "Trailing comma: remove the ',' before '}' (JSON does not allow it)",
            pendingComma,
          );
        }
        obj.range.end = this.reader.tokenEnd;
        this.reader.next();
        break;
      }
      if (this.reader.token === Kind.EOF || this.reader.token === Kind.CloseBracket) {
        const recovery = this.closeUnterminated('object');
        obj.range.end = recovery.end;
        if (recovery.close) break;
        continue;
      }
      if (this.reader.token === Kind.Comma) {
        if (afterSeparator)
          this.reader.syntaxError(
            "Unexpected ',': remove it, or add the missing property",
            this.reader.currentRange(),
          );
        else afterSeparator = true;
        pendingComma = this.reader.currentRange();
        this.reader.next();
        continue;
      }
      if (this.reader.token === Kind.Colon && !afterSeparator) {
        this.reportStrayColon(obj, depth);
        continue;
      }
      if (!afterSeparator)
        this.reader.syntaxError("Missing ',' before this property", this.reader.currentRange());
      const property = this.parseProperty(depth, obj);
      if (property) keys.add(property);
      afterSeparator = false;
      pendingComma = undefined;
    }
    this.openers.pop();
    return obj;
  }

  /** `"a": "b": "c"`: one error for the ':' and what follows it, instead of a cascade. */
  private reportStrayColon(obj: AstObject, depth: number): void {
    const last = obj.properties[obj.properties.length - 1];
    const after = last ? `after the value of "${last.key}"` : 'here';
    this.reader.syntaxError(
      `Unexpected ':' ${after}: add '{' to nest an object, or add ',' and a property name`,
      this.reader.currentRange(),
    );
    this.reader.next();
    if (this.startsValue()) this.parseValue(depth + 1, obj, 'a value');
  }

  private parseProperty(depth: number, obj: AstObject): AstProperty | undefined {
    const keyRange = this.reader.currentRange();
    let key: string;
    if (this.reader.token === Kind.String) {
      key = this.reader.tokenValue;
    } else if (this.isBareKey()) {
      key = this.reader.tokenValue;
      this.reader.syntaxError(`Property names must be in double quotes: write "${key}"`, keyRange);
    } else {
      this.reader.syntaxError(
        `Expected a property name in double quotes, found ${this.reader.describeToken()}`,
        keyRange,
      );
      if (this.reader.token === Kind.OpenBrace || this.reader.token === Kind.OpenBracket)
        this.parseValue(depth + 1, obj, 'a value');
      else this.reader.next();
      return undefined;
    }
    this.reader.next();
    const property: AstProperty = { key, keyRange, value: undefined, range: { ...keyRange } };
    if (this.reader.token === Kind.Colon) {
      property.range.end = this.reader.tokenEnd;
      this.reader.next();
    } else if (this.reader.token === Kind.EOF) {
      return property; // the containers left open report the end of text
    } else {
      this.reader.syntaxError(`Missing ':' after the property name "${key}"`, keyRange);
      // Only take what follows as the value when it is on the same line: the next line is more likely a new key.
      const sameLine = !/[\r\n]/.test(this.text.slice(keyRange.end, this.reader.tokenStart));
      if (!sameLine || !this.startsValue()) return property;
    }
    if (this.reader.token === Kind.EOF) {
      this.reportEndOfText(`expected a value for "${key}"`);
      return property;
    }
    if (!this.startsValue()) {
      this.reader.syntaxError(
        `Expected a value for "${key}", found ${this.reader.describeToken()}`,
        this.reader.currentRange(),
      );
      return property;
    }
    property.value = this.parseValue(depth + 1, obj, `"${key}"`);
    if (property.value) property.range.end = property.value.range.end;
    else property.range.end = Math.max(property.range.end, this.reader.previousEnd);
    return property;
  }

  private isBareKey(): boolean {
    return (
      this.reader.token === Kind.Unknown ||
      this.reader.token === Kind.Number ||
      this.reader.token === Kind.True ||
      this.reader.token === Kind.False ||
      this.reader.token === Kind.Null
    );
  }

  private startsValue(): boolean {
    return (
      this.reader.token !== Kind.EOF &&
      this.reader.token !== Kind.Comma &&
      this.reader.token !== Kind.Colon &&
      this.reader.token !== Kind.CloseBrace &&
      this.reader.token !== Kind.CloseBracket
    );
  }

  private parseArray(depth: number, parent: AstNode | undefined): AstArray {
    const start = this.reader.tokenStart;
    const array: AstArray = { kind: 'array', items: [], range: { start, end: this.reader.tokenEnd }, parent };
    this.openers.push({ kind: 'array', offset: start });
    this.reader.next();
    let afterSeparator = true;
    let pendingComma: OffsetRange | undefined;
    for (;;) {
      if (this.reader.token === Kind.CloseBracket) {
        if (pendingComma && array.items.length > 0) {
          this.reader.syntaxError(
            "Trailing comma: remove the ',' before ']' (JSON does not allow it)",
            pendingComma,
          );
        }
        array.range.end = this.reader.tokenEnd;
        this.reader.next();
        break;
      }
      if (
        this.reader.token === Kind.EOF ||
        this.reader.token === Kind.CloseBrace ||
        this.reader.token === Kind.Colon
      ) {
        if (this.reader.token === Kind.Colon) {
          this.reader.syntaxError(
            "Unexpected ':' in an array: arrays hold values, not properties",
            this.reader.currentRange(),
          );
          this.reader.next();
          continue;
        }
        const recovery = this.closeUnterminated('array');
        array.range.end = recovery.end;
        if (recovery.close) break;
        continue;
      }
      if (this.reader.token === Kind.Comma) {
        if (afterSeparator)
          this.reader.syntaxError(
            "Unexpected ',': remove it, or add the missing value",
            this.reader.currentRange(),
          );
        else afterSeparator = true;
        pendingComma = this.reader.currentRange();
        this.reader.next();
        continue;
      }
      if (!afterSeparator)
        this.reader.syntaxError("Missing ',' between array items", this.reader.currentRange());
      const item = this.parseValue(depth + 1, array, 'an array item');
      if (item) array.items.push(item);
      afterSeparator = false;
      pendingComma = undefined;
    }
    this.openers.pop();
    return array;
  }

  // ---- recovery ----

  private hasOuterOpener(kind: Opener['kind']): boolean {
    for (let i = this.openers.length - 2; i >= 0; i--) if (this.openers[i]?.kind === kind) return true;
    return false;
  }

  /**
   * At end of text or a mismatched closer inside the innermost open container: reports it (once for all the
   * containers left open at end of text) and says whether the container ends here, and where. A closer
   * meant for an outer container ends this one without being consumed when only closers follow (a closer
   * was left out); with more content after it, it is taken as a typo for this container's closer; with no
   * outer container of its kind, it is skipped as stray.
   */
  private closeUnterminated(kind: Opener['kind']): { close: boolean; end: number } {
    const opener = this.openers[this.openers.length - 1];
    const where = describePosition(this.sink.lines, opener?.offset ?? 0);
    if (this.reader.token === Kind.EOF) {
      if (!this.endOfTextReported) {
        const closers = [...this.openers]
          .reverse()
          .map((o) => CLOSER[o.kind])
          .join('');
        this.reportEndOfText(`the ${kind} opened at ${where} is not closed; add '${closers}'`);
      }
      return { close: true, end: this.text.length };
    }
    this.reader.syntaxError(
      `Expected '${CLOSER[kind]}' to close the ${kind} opened at ${where}, found ${this.reader.describeToken()}`,
      this.reader.currentRange(),
    );
    const end = this.reader.tokenEnd;
    if (!this.hasOuterOpener(kind === 'object' ? 'array' : 'object')) {
      this.reader.next();
      return { close: false, end };
    }
    CONTENT_AFTER.lastIndex = this.reader.tokenEnd;
    if (!CONTENT_AFTER.test(this.text)) return { close: true, end: this.reader.tokenStart };
    this.reader.next();
    return { close: true, end };
  }

  private reportEndOfText(detail: string): void {
    if (this.endOfTextReported) return;
    this.endOfTextReported = true;
    const at = this.reader.previousEnd;
    this.reader.syntaxError(`Unexpected end of text: ${detail}`, { start: at, end: at });
  }

  /** Skips a container nested beyond MAX_NESTING_DEPTH without recursion. */
  private skipTooDeep(): void {
    this.sink.error(
      ParseCode.tooDeep,
      `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this part is ignored; check for unbalanced brackets`,
      this.reader.currentRange(),
    );
    let open = 0;
    do {
      if (this.reader.token === Kind.OpenBrace || this.reader.token === Kind.OpenBracket) open++;
      else if (this.reader.token === Kind.CloseBrace || this.reader.token === Kind.CloseBracket) open--;
      else if (this.reader.token === Kind.EOF) {
        this.endOfTextReported = true;
        return;
      }
      this.reader.next();
    } while (open > 0);
  }
}
