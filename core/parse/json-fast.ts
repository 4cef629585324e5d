// Fast path of the JSON parser: well-formed JSON straight into the AST, scanning character codes. It gives up
// (undefined) at anything it does not handle — any syntax error, a comment, a duplicate key, deep nesting,
// whitespace JSON does not allow — and the full parser in json-tree.ts takes over, so every document gets
// the same AST and diagnostics either way; only error-free documents (nearly all of them) are sped up.
import type { AstArray, AstNode, AstObject, AstProperty, AstScalar } from './ast';
import { MAX_NESTING_DEPTH } from './support';

/** Objects with more keys than this look up duplicates in a set instead of comparing with each key. */
const LINEAR_KEY_SEARCH_LIMIT = 8;

/**
 * The AST of `text` when it is well-formed JSON (a byte-order mark first is allowed) with no duplicate key
 * and no nesting beyond MAX_NESTING_DEPTH; undefined otherwise, including for an empty text.
 */
export function parseWellFormedJson(text: string): AstNode | undefined {
  return new WellFormedJsonParser(text).parse();
}

class WellFormedJsonParser {
  private pos: number;
  /** The decoded value of the last string scanned. */
  private stringValue = '';

  constructor(private readonly text: string) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  parse(): AstNode | undefined {
    const root = this.parseValue(this.skipWhitespace(), 0, undefined);
    if (!root) return undefined;
    this.skipWhitespace();
    return this.pos === this.text.length ? root : undefined;
  }

  /** Skips JSON whitespace and returns the code of the next character (NaN at the end). */
  private skipWhitespace(): number {
    const text = this.text;
    let pos = this.pos;
    let code = text.charCodeAt(pos);
    while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++pos);
    this.pos = pos;
    return code;
  }

  /** The value starting at `this.pos`, whose first character is `code`. */
  private parseValue(code: number, depth: number, parent: AstNode | undefined): AstNode | undefined {
    const start = this.pos;
    switch (code) {
      case 123: // {
        return depth < MAX_NESTING_DEPTH ? this.parseObject(depth, parent) : undefined;
      case 91: // [
        return depth < MAX_NESTING_DEPTH ? this.parseArray(depth, parent) : undefined;
      case 34: // "
        if (!this.scanString()) return undefined;
        return this.scalar('string', this.stringValue, start, parent);
      case 116: // t
        return this.keyword('true', 'boolean', true, parent);
      case 102: // f
        return this.keyword('false', 'boolean', false, parent);
      case 110: // n
        return this.keyword('null', 'null', null, parent);
      default:
        if (code === 45 || (code >= 48 && code <= 57)) {
          if (!this.scanNumber()) return undefined;
          return this.scalar('number', Number(this.text.slice(start, this.pos)), start, parent);
        }
        return undefined;
    }
  }

  private scalar(
    kind: AstScalar['kind'],
    value: AstScalar['value'],
    start: number,
    parent: AstNode | undefined,
  ): AstScalar {
    return { kind, value, range: { start, end: this.pos }, parent };
  }

  private keyword(
    word: string,
    kind: AstScalar['kind'],
    value: AstScalar['value'],
    parent: AstNode | undefined,
  ): AstScalar | undefined {
    if (!this.text.startsWith(word, this.pos)) return undefined;
    const start = this.pos;
    this.pos += word.length;
    return this.scalar(kind, value, start, parent);
  }

  private parseObject(depth: number, parent: AstNode | undefined): AstObject | undefined {
    const start = this.pos++;
    const properties: AstProperty[] = [];
    const obj: AstObject = { kind: 'object', properties, range: { start, end: start + 1 }, parent };
    let seen: Set<string> | undefined;
    let code = this.skipWhitespace();
    if (code === 125) {
      obj.range.end = ++this.pos;
      return obj;
    }
    for (;;) {
      if (code !== 34) return undefined;
      const keyStart = this.pos;
      if (!this.scanString()) return undefined;
      const key = this.stringValue;
      const keyEnd = this.pos;
      if (this.skipWhitespace() !== 58) return undefined; // :
      this.pos++;
      const value = this.parseValue(this.skipWhitespace(), depth + 1, obj);
      if (!value) return undefined;
      if (properties.length < LINEAR_KEY_SEARCH_LIMIT) {
        for (const property of properties) if (property.key === key) return undefined;
      } else {
        if (!seen) {
          seen = new Set();
          for (const property of properties) seen.add(property.key);
        }
        if (seen.has(key)) return undefined;
        seen.add(key);
      }
      properties.push({
        key,
        keyRange: { start: keyStart, end: keyEnd },
        value,
        range: { start: keyStart, end: value.range.end },
      });
      code = this.skipWhitespace();
      if (code === 44) {
        this.pos++;
        code = this.skipWhitespace();
      } else if (code === 125) {
        obj.range.end = ++this.pos;
        return obj;
      } else {
        return undefined;
      }
    }
  }

  private parseArray(depth: number, parent: AstNode | undefined): AstArray | undefined {
    const start = this.pos++;
    const items: AstNode[] = [];
    const array: AstArray = { kind: 'array', items, range: { start, end: start + 1 }, parent };
    let code = this.skipWhitespace();
    if (code === 93) {
      array.range.end = ++this.pos;
      return array;
    }
    for (;;) {
      const item = this.parseValue(code, depth + 1, array);
      if (!item) return undefined;
      items.push(item);
      code = this.skipWhitespace();
      if (code === 44) {
        this.pos++;
        code = this.skipWhitespace();
      } else if (code === 93) {
        array.range.end = ++this.pos;
        return array;
      } else {
        return undefined;
      }
    }
  }

  /** Scans the string at `this.pos` (on its opening quote) into `stringValue`; false when it is malformed. */
  private scanString(): boolean {
    const text = this.text;
    let pos = this.pos + 1;
    let chunkStart = pos;
    let decoded: string | undefined;
    for (;;) {
      const code = text.charCodeAt(pos);
      if (code === 34) break;
      if (code === 92) {
        const escaped = this.decodeEscape(pos + 1);
        if (escaped === undefined) return false;
        decoded = (decoded ?? '') + text.slice(chunkStart, pos) + escaped;
        pos += text.charCodeAt(pos + 1) === 117 ? 6 : 2; // \uXXXX or \n...
        chunkStart = pos;
        continue;
      }
      if (code < 0x20 || Number.isNaN(code)) return false; // a control character, or the end of the text
      pos++;
    }
    const tail = text.slice(chunkStart, pos);
    this.stringValue = decoded === undefined ? tail : decoded + tail;
    this.pos = pos + 1;
    return true;
  }

  /** The character an escape stands for, given the offset just after its backslash; undefined when invalid. */
  private decodeEscape(at: number): string | undefined {
    const text = this.text;
    switch (text.charCodeAt(at)) {
      case 34:
        return '"';
      case 92:
        return '\\';
      case 47:
        return '/';
      case 98:
        return '\b';
      case 102:
        return '\f';
      case 110:
        return '\n';
      case 114:
        return '\r';
      case 116:
        return '\t';
      case 117: {
        let value = 0;
        for (let i = at + 1; i < at + 5; i++) {
          const digit = hexDigit(text.charCodeAt(i));
          if (digit < 0) return undefined;
          value = value * 16 + digit;
        }
        return String.fromCharCode(value);
      }
      default:
        return undefined;
    }
  }

  /** Scans the number at `this.pos`, in JSON's grammar; false when it does not follow it. */
  private scanNumber(): boolean {
    const text = this.text;
    let pos = this.pos;
    if (text.charCodeAt(pos) === 45) pos++;
    let code = text.charCodeAt(pos);
    if (code === 48) {
      code = text.charCodeAt(++pos);
    } else if (code >= 49 && code <= 57) {
      do code = text.charCodeAt(++pos);
      while (code >= 48 && code <= 57);
    } else {
      return false;
    }
    if (code === 46) {
      code = text.charCodeAt(++pos);
      if (!(code >= 48 && code <= 57)) return false;
      do code = text.charCodeAt(++pos);
      while (code >= 48 && code <= 57);
    }
    if (code === 101 || code === 69) {
      code = text.charCodeAt(++pos);
      if (code === 43 || code === 45) code = text.charCodeAt(++pos);
      if (!(code >= 48 && code <= 57)) return false;
      do code = text.charCodeAt(++pos);
      while (code >= 48 && code <= 57);
    }
    this.pos = pos;
    return true;
  }
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}
