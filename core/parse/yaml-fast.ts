// The fast path for YAML definitions: a hand-written parser for the subset state machines use, building exactly the AST and diagnostics of the `yaml` library path, or undefined for anything else.
import type { LineMap } from '../diagnostics';
import type { AstArray, AstNode, AstObject } from './ast';
import { DiagnosticSink, KeyTracker, MAX_NESTING_DEPTH, ParseCode, type SyntaxTree } from './support';
import {
  MAX_IMPLICIT_KEY_LENGTH,
  PlainStop,
  type ScanResult,
  Unsupported,
  afterLineBreak,
  isBlankOrEnd,
  isLineEnd,
  isPlainStart,
  makeScalar,
  plainKeyText,
  readDoubleQuoted,
  readPlainValue,
  readSingleQuoted,
  resolvePlainScalar,
  scanPlainLine,
  unsupported,
} from './yaml-fast-scalars';
import { readBlockScalar } from './yaml-fast-block-scalar';
import { FlowCollectionReader } from './yaml-fast-flow';

// Character codes as module-local constants: imported ones would be property reads through the module
// object, once per character, wherever the sources run unbundled (tsx, the tests).
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const DASH = 45;
const COLON = 58;
const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;

/** Control characters (tabs included), a CR not followed by LF, a byte order mark after the start. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unsupportedCharacters = /[\x00-\x09\x0b\x0c\x0e-\x1f]|\r(?!\n)|(?!^)\ufeff/;
/** `---` or `...` at the start of a line, followed by a space, a line break or the end. */
const documentMarker = /^(?:---|\.\.\.)(?![^ \r\n])/gm;

/**
 * Parses YAML text in the fast-path subset: block mappings and sequences, flow collections, plain, quoted and
 * block scalars, comments, one leading `---`. Returns undefined for anything else (anchors, aliases, tags,
 * directives, explicit keys, merge keys, several documents, tabs, any syntax error or doubtful case), so that
 * the caller parses the text with the `yaml` library instead. Duplicate keys are reported as the library path does.
 */
export function parseYamlFast(text: string, lines: LineMap): SyntaxTree | undefined {
  if (unsupportedCharacters.test(text)) return undefined;
  const marker = findDocumentStart(text);
  if (marker === null) return undefined;
  const sink = new DiagnosticSink(lines);
  try {
    const ast = new FastYamlParser(text, sink, marker).parseDocument();
    return { ast, diagnostics: sink.finish(ParseCode.yamlSyntax) };
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

/** Offset of the only document marker, a `---` (-1 when there is none), or null for any other marker. */
function findDocumentStart(text: string): number | null {
  if (!text.includes('---') && !text.includes('...')) return -1;
  documentMarker.lastIndex = 0;
  let found = -1;
  for (let match = documentMarker.exec(text); match; match = documentMarker.exec(text)) {
    if (found >= 0 || match[0] === '...') return null;
    found = match.index;
  }
  return found;
}

/** Where a node starts: on a line of its own (or the document), after `- `, or after `key: `. */
const enum Place {
  ownLine,
  /**
   * On a line of its own after blank or comment lines. Those can lower the indentation the library's lexer
   * requires of a plain scalar's continuation lines (`#x` at column 0 lowers it to 0), so plain scalars there
   * are left to the library.
   */
  belowGap,
  afterDash,
  afterColon,
}

class FastYamlParser {
  /** The current offset; between nodes, the first character of the next content line. */
  private pos = 0;
  private lineStart = 0;
  /** Indentation of the content line at `pos`, or -1 at the end of the text. */
  private indent = -1;
  private readonly scan: ScanResult = { end: 0, stop: 0, stopKind: PlainStop.lineEnd, multiline: false };
  private readonly flow: FlowCollectionReader;
  /** The block mapping key just read. */
  private keyText = '';
  private keyStart = 0;
  private keyEnd = 0;
  private keyColon = 0;

  constructor(
    private readonly text: string,
    private readonly sink: DiagnosticSink,
    private readonly marker: number,
  ) {
    this.flow = new FlowCollectionReader(text, sink, this.scan);
  }

  parseDocument(): AstNode {
    const bom = this.text.charCodeAt(0) === 0xfeff;
    this.seekContent(bom ? 1 : 0);
    // On the line of a byte order mark, the library misjudges indentation and sequence items, and a
    // document marker there escapes the line-start search above.
    if (bom && this.lineStart === 1) {
      if (this.indent > 0 || this.isSeqItemAt(this.pos)) unsupported();
      if (this.text.startsWith('---', 1) || this.text.startsWith('...', 1)) unsupported();
    }
    if (this.marker >= 0) {
      if (this.pos !== this.marker) unsupported();
      this.pos += 3;
      this.endOfNodeLine();
    }
    if (this.indent < 0) unsupported();
    const root = this.parseNode(-1, undefined, 0, Place.ownLine);
    if (this.indent >= 0) unsupported();
    return root;
  }

  /** Moves to the first content character at or after the line starting at `lineStart`, past blank and comment lines. */
  private seekContent(lineStart: number): void {
    const text = this.text;
    let start = lineStart;
    for (;;) {
      let i = start;
      while (text.charCodeAt(i) === SPACE) i++;
      let code = text.charCodeAt(i);
      if (code === HASH) {
        while (!isLineEnd((code = text.charCodeAt(i)))) i++;
      }
      if (Number.isNaN(code)) {
        this.pos = text.length;
        this.indent = -1;
        return;
      }
      if (code === LF || code === CR) {
        start = afterLineBreak(text, i);
        continue;
      }
      this.lineStart = start;
      this.pos = i;
      this.indent = i - start;
      return;
    }
  }

  /**
   * After a node: only spaces and a comment may follow on its line; then moves to the next content line.
   * Returns where the line after the node's line starts.
   */
  private endOfNodeLine(): number {
    const text = this.text;
    let i = this.pos;
    while (text.charCodeAt(i) === SPACE) i++;
    let code = text.charCodeAt(i);
    if (code === HASH) {
      if (i === this.pos) unsupported(); // a comment must be separated from the token before it
      while (!isLineEnd((code = text.charCodeAt(i)))) i++;
    }
    if (Number.isNaN(code)) {
      this.pos = text.length;
      this.indent = -1;
      return this.pos;
    }
    if (code !== LF && code !== CR) unsupported();
    const next = afterLineBreak(text, i);
    this.seekContent(next);
    return next;
  }

  private isSeqItemAt(pos: number): boolean {
    return this.text.charCodeAt(pos) === DASH && isBlankOrEnd(this.text.charCodeAt(pos + 1));
  }

  /** True when spaces and then a `: ` (or `:` at the end of the line) follow `end`; records the colon. */
  private isKeyIndicatorAfter(end: number): boolean {
    const text = this.text;
    let i = end;
    while (text.charCodeAt(i) === SPACE) i++;
    if (text.charCodeAt(i) !== COLON || !isBlankOrEnd(text.charCodeAt(i + 1))) return false;
    this.keyColon = i;
    return true;
  }

  private setKey(text: string, start: number, end: number, colon: number): void {
    if (colon - start >= MAX_IMPLICIT_KEY_LENGTH) unsupported();
    this.keyText = text;
    this.keyStart = start;
    this.keyEnd = end;
    this.keyColon = colon;
  }

  private setPlainKey(start: number, end: number, colon: number): void {
    const source = this.text.slice(start, end);
    if (source === '<<') unsupported(); // a merge key
    this.setKey(plainKeyText(source), start, end, colon);
  }

  /** A node starting at `pos` in block context; its parent collection is indented `parentIndent`. */
  private parseNode(parentIndent: number, parent: AstNode | undefined, depth: number, place: Place): AstNode {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    const column = start - this.lineStart;
    switch (code) {
      case DASH:
        if (!isBlankOrEnd(text.charCodeAt(start + 1))) break;
        if (place === Place.afterColon) unsupported();
        return this.parseBlockSeq(column, parent, depth);
      case OPEN_BRACKET:
      case OPEN_BRACE: {
        const node = this.flow.read(start, parentIndent + 1, parent, depth);
        this.pos = this.flow.end;
        this.endOfNodeLine();
        return node;
      }
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE: {
        const value =
          code === DOUBLE_QUOTE
            ? readDoubleQuoted(text, start, parentIndent + 1, this.scan)
            : readSingleQuoted(text, start, parentIndent + 1, this.scan);
        const end = this.scan.end;
        if (this.isKeyIndicatorAfter(end)) {
          if (place === Place.afterColon || this.scan.multiline) unsupported();
          this.setKey(value, start, end, this.keyColon);
          return this.parseBlockMap(column, parent, depth);
        }
        if (!parent) unsupported(); // a document that is a single scalar
        const scalar = makeScalar(value, start, end, parent);
        this.pos = end;
        this.endOfNodeLine();
        return scalar;
      }
      case 124: // |
      case 62: {
        // >
        if (place === Place.ownLine || place === Place.belowGap) unsupported();
        const value = readBlockScalar(text, start, parentIndent, this.scan);
        const scalar = makeScalar(value, start, this.scan.end, parent);
        this.seekContent(this.scan.stop);
        return scalar;
      }
    }
    if (!isPlainStart(code, text.charCodeAt(start + 1), false)) unsupported();
    const scan = this.scan;
    scanPlainLine(text, start, false, scan);
    if (scan.stopKind === PlainStop.colon) {
      if (place === Place.afterColon) unsupported();
      this.setPlainKey(start, scan.end, scan.stop);
      return this.parseBlockMap(column, parent, depth);
    }
    if (!parent || place === Place.belowGap) unsupported();
    const source = readPlainValue(text, start, parentIndent, scan);
    const scalar = makeScalar(resolvePlainScalar(source), start, scan.end, parent);
    this.pos = scan.end;
    this.endOfNodeLine();
    return scalar;
  }

  /** The value after `key:` or `-` (at `pos`): on the same line, on the lines below, or empty (null). */
  private parseValue(parentIndent: number, parent: AstNode, depth: number, place: Place): AstNode {
    const text = this.text;
    let i = this.pos;
    while (text.charCodeAt(i) === SPACE) i++;
    const code = text.charCodeAt(i);
    if (!isLineEnd(code) && code !== HASH) {
      this.pos = i;
      return this.parseNode(parentIndent, parent, depth, place);
    }
    const nextLine = this.endOfNodeLine();
    if (this.indent > parentIndent) {
      const place = this.lineStart === nextLine ? Place.ownLine : Place.belowGap;
      return this.parseNode(parentIndent, parent, depth, place);
    }
    if (this.indent === parentIndent && place === Place.afterColon && this.isSeqItemAt(this.pos)) {
      return this.parseBlockSeq(parentIndent, parent, depth);
    }
    return makeScalar(null, i, i, parent);
  }

  /** A block mapping whose first key (at `column`) has just been read. */
  private parseBlockMap(column: number, parent: AstNode | undefined, depth: number): AstObject {
    if (depth >= MAX_NESTING_DEPTH) unsupported();
    const obj: AstObject = { kind: 'object', properties: [], range: { start: this.keyStart, end: 0 } };
    if (parent) obj.parent = parent;
    const keys = new KeyTracker(obj, this.sink);
    for (;;) {
      const key = this.keyText;
      const keyRange = { start: this.keyStart, end: this.keyEnd };
      this.pos = this.keyColon + 1;
      const value = this.parseValue(column, obj, depth + 1, Place.afterColon);
      const end = Math.max(value.range.end, keyRange.end);
      keys.add({ key, keyRange, value, range: { start: keyRange.start, end } });
      obj.range.end = end;
      if (this.indent !== column) {
        if (this.indent > column) unsupported();
        return obj;
      }
      this.readKey();
    }
  }

  /** Reads the key of a further mapping entry at `pos`: a plain or single-line quoted scalar and `: `. */
  private readKey(): void {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const value =
        code === DOUBLE_QUOTE
          ? readDoubleQuoted(text, start, 0, this.scan)
          : readSingleQuoted(text, start, 0, this.scan);
      if (this.scan.multiline || !this.isKeyIndicatorAfter(this.scan.end)) unsupported();
      this.setKey(value, start, this.scan.end, this.keyColon);
      return;
    }
    if (!isPlainStart(code, text.charCodeAt(start + 1), false)) unsupported();
    scanPlainLine(text, start, false, this.scan);
    if (this.scan.stopKind !== PlainStop.colon) unsupported();
    this.setPlainKey(start, this.scan.end, this.scan.stop);
  }

  /** A block sequence whose first `-` is at `pos`, in `column`. */
  private parseBlockSeq(column: number, parent: AstNode | undefined, depth: number): AstArray {
    if (depth >= MAX_NESTING_DEPTH) unsupported();
    const array: AstArray = { kind: 'array', items: [], range: { start: this.pos, end: 0 } };
    if (parent) array.parent = parent;
    for (;;) {
      this.pos += 1;
      const item = this.parseValue(column, array, depth + 1, Place.afterDash);
      array.items.push(item);
      array.range.end = Math.max(array.range.start, item.range.end);
      if (this.indent === column && this.isSeqItemAt(this.pos)) continue;
      if (this.indent > column) unsupported();
      return array;
    }
  }
}
