// Flow collections (`[...]` and `{...}`, possibly over several lines) for the YAML fast path: plain and quoted scalars and nested flow collections; anything else is unsupported.
import type { AstArray, AstNode, AstObject } from './ast';
import { type DiagnosticSink, KeyTracker, MAX_NESTING_DEPTH } from './support';
import {
  MAX_IMPLICIT_KEY_LENGTH,
  PlainStop,
  type ScanResult,
  afterLineBreak,
  isBlankOrEnd,
  isLineEnd,
  isPlainStart,
  makeScalar,
  plainKeyText,
  readDoubleQuoted,
  readSingleQuoted,
  resolvePlainScalar,
  scanPlainLine,
  unsupported,
} from './yaml-fast-scalars';

// Character codes as module-local constants: imported ones would be property reads through the module
// object, once per character, wherever the sources run unbundled (tsx, the tests).
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Reads one flow collection at a time; `end` is where the last one read ends. */
export class FlowCollectionReader {
  end = 0;
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly sink: DiagnosticSink,
    private readonly scan: ScanResult,
  ) {}

  /**
   * The flow collection opening at `start`, `depth` collections deep, whose lines must be indented at least
   * `minIndent` (one more than its block parent).
   */
  read(start: number, minIndent: number, parent: AstNode | undefined, depth: number): AstNode {
    this.pos = start;
    const node = this.collection(minIndent, parent, depth);
    this.end = this.pos;
    return node;
  }

  /** Skips spaces and line breaks inside a flow collection; lines with content must be indented `minIndent`. */
  private skipSpace(minIndent: number): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const code = text.charCodeAt(i);
      if (code === SPACE) {
        i++;
      } else if (code === LF || code === CR) {
        const lineStart = afterLineBreak(text, i);
        i = lineStart;
        while (text.charCodeAt(i) === SPACE) i++;
        if (!isLineEnd(text.charCodeAt(i)) && i - lineStart < minIndent) unsupported();
      } else if (code === HASH || Number.isNaN(code)) {
        unsupported();
      } else {
        break;
      }
    }
    this.pos = i;
  }

  /** A flow sequence or mapping opening at `pos`; its lines must be indented at least `minIndent`. */
  private collection(minIndent: number, parent: AstNode | undefined, depth: number): AstNode {
    if (depth >= MAX_NESTING_DEPTH) unsupported();
    const text = this.text;
    const start = this.pos;
    const isMap = text.charCodeAt(start) === OPEN_BRACE;
    const close = isMap ? CLOSE_BRACE : CLOSE_BRACKET;
    const node: AstObject | AstArray = isMap
      ? { kind: 'object', properties: [], range: { start, end: 0 } }
      : { kind: 'array', items: [], range: { start, end: 0 } };
    if (parent) node.parent = parent;
    const keys = node.kind === 'object' ? new KeyTracker(node, this.sink) : undefined;
    this.pos = start + 1;
    this.skipSpace(minIndent);
    while (text.charCodeAt(this.pos) !== close) {
      if (node.kind === 'object' && keys) this.pair(node, keys, minIndent, depth + 1);
      else if (node.kind === 'array') node.items.push(this.value(node, minIndent, depth + 1));
      this.skipSpace(minIndent);
      const code = text.charCodeAt(this.pos);
      if (code === COMMA) {
        this.pos++;
        this.skipSpace(minIndent);
      } else if (code !== close) {
        unsupported();
      }
    }
    this.pos++;
    node.range.end = this.pos;
    return node;
  }

  /** `key: value` in a flow mapping. */
  private pair(obj: AstObject, keys: KeyTracker, minIndent: number, depth: number): void {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    let key: string;
    let keyEnd: number;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      key =
        code === DOUBLE_QUOTE
          ? readDoubleQuoted(text, start, minIndent, this.scan)
          : readSingleQuoted(text, start, minIndent, this.scan);
      keyEnd = this.scan.end;
      let i = keyEnd;
      while (text.charCodeAt(i) === SPACE) i++;
      if (this.scan.multiline || text.charCodeAt(i) !== COLON) unsupported();
      this.pos = i + 1;
    } else {
      if (!isPlainStart(code, text.charCodeAt(start + 1), true)) unsupported();
      scanPlainLine(text, start, true, this.scan);
      const colon = this.scan.stop;
      if (this.scan.stopKind !== PlainStop.colon || !isBlankOrEnd(text.charCodeAt(colon + 1))) unsupported();
      keyEnd = this.scan.end;
      const source = text.slice(start, keyEnd);
      if (source === '<<') unsupported();
      key = plainKeyText(source);
      this.pos = colon + 1;
    }
    if (this.pos - start > MAX_IMPLICIT_KEY_LENGTH) unsupported();
    this.skipSpace(minIndent);
    const next = text.charCodeAt(this.pos);
    if (next === COMMA || next === CLOSE_BRACE) unsupported(); // an empty value
    const value = this.value(obj, minIndent, depth);
    keys.add({
      key,
      keyRange: { start, end: keyEnd },
      value,
      range: { start, end: Math.max(value.range.end, keyEnd) },
    });
  }

  /** A scalar or collection in a flow collection. */
  private value(parent: AstNode, minIndent: number, depth: number): AstNode {
    const text = this.text;
    const start = this.pos;
    const code = text.charCodeAt(start);
    if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      return this.collection(minIndent, parent, depth);
    }
    const scan = this.scan;
    if (code === DOUBLE_QUOTE || code === SINGLE_QUOTE) {
      const value =
        code === DOUBLE_QUOTE
          ? readDoubleQuoted(text, start, minIndent, scan)
          : readSingleQuoted(text, start, minIndent, scan);
      this.pos = scan.end;
      return makeScalar(value, start, scan.end, parent);
    }
    if (!isPlainStart(code, text.charCodeAt(start + 1), true)) unsupported();
    scanPlainLine(text, start, true, scan);
    if (scan.stopKind === PlainStop.colon) unsupported(); // a pair where a value belongs
    this.pos = scan.end;
    return makeScalar(resolvePlainScalar(text.slice(start, scan.end)), start, scan.end, parent);
  }
}
