// ItemReader data parsed as it arrives: text chunks of any size in, the items completed so far out,
// so a Distributed Map reads a large file with memory bounded by a chunk and its unfinished item. One
// parser per InputType: CSV (RFC 4180 quoting, headers from the first row or CSVHeaders), JSONL (one
// value a line, blank lines skipped) and JSON (a top-level array split into its elements, each parsed
// on its own; any other value is one item). A chunk may end anywhere: inside a quoted field, between
// "\r" and "\n", inside a string or an escape.

import { type JsonObject, type JsonValue } from '../../json';

/** Text in, completed items out; `end()` gives what the last chunk left unfinished. Throws ItemParseError. */
export interface ItemParser {
  push(chunk: string): JsonValue[];
  end(): JsonValue[];
}

/** Data that is not valid for its InputType; the message says where. */
export class ItemParseError extends Error {}

/** The parser for a ReaderConfig's InputType (JSON unless it says CSV or JSONL). */
export function itemParser(config: JsonObject): ItemParser {
  const inputType = typeof config.InputType === 'string' ? config.InputType : 'JSON';
  if (inputType === 'CSV') {
    const given =
      config.CSVHeaderLocation === 'GIVEN' && Array.isArray(config.CSVHeaders)
        ? config.CSVHeaders.map(String)
        : undefined;
    return new CsvItems(given);
  }
  if (inputType === 'JSONL') return new JsonlItems();
  return new JsonItems();
}

/** CSV rows as objects keyed by the headers (a missing cell is ""). */
class CsvItems implements ItemParser {
  private row: string[] = [];
  private field = '';
  private quoted = false;
  /** A '"' ended the last chunk inside quotes: the next character tells an escaped quote from the end. */
  private quoteAtEnd = false;
  /** A '\r' ended the last chunk: a '\n' starting the next belongs to it. */
  private crAtEnd = false;
  private headers: string[] | undefined;

  constructor(given: string[] | undefined) {
    this.headers = given;
  }

  push(chunk: string): JsonValue[] {
    const out: JsonValue[] = [];
    let i = 0;
    if (this.crAtEnd) {
      this.crAtEnd = false;
      if (chunk[0] === '\n') i = 1;
    }
    if (this.quoteAtEnd && i < chunk.length) {
      this.quoteAtEnd = false;
      if (chunk[i] === '"') {
        this.field += '"';
        i++;
      } else this.quoted = false;
    }
    const n = chunk.length;
    while (i < n) {
      if (this.quoted) {
        const close = chunk.indexOf('"', i);
        if (close === -1) {
          this.field += chunk.slice(i);
          return out;
        }
        this.field += chunk.slice(i, close);
        if (close + 1 === n) {
          this.quoteAtEnd = true;
          return out;
        }
        if (chunk[close + 1] === '"') {
          this.field += '"';
          i = close + 2;
        } else {
          this.quoted = false;
          i = close + 1;
        }
        continue;
      }
      // Unquoted: copy up to the next delimiter in one slice.
      let j = i;
      while (j < n) {
        const c = chunk.charCodeAt(j);
        if (c === 0x2c || c === 0x0a || c === 0x0d || c === 0x22) break;
        j++;
      }
      if (j > i) this.field += chunk.slice(i, j);
      if (j === n) return out;
      const c = chunk[j];
      i = j + 1;
      if (c === '"') this.quoted = true;
      else if (c === ',') {
        this.row.push(this.field);
        this.field = '';
      } else {
        if (c === '\r') {
          if (i === n) this.crAtEnd = true;
          else if (chunk[i] === '\n') i++;
        }
        this.endRow(out);
      }
    }
    return out;
  }

  end(): JsonValue[] {
    const out: JsonValue[] = [];
    if (this.quoteAtEnd) {
      this.quoteAtEnd = false;
      this.quoted = false;
    }
    if (this.field !== '' || this.row.length > 0) this.endRow(out);
    return out;
  }

  private endRow(out: JsonValue[]): void {
    this.row.push(this.field);
    const cells = this.row;
    this.row = [];
    this.field = '';
    if (this.headers === undefined) {
      this.headers = cells;
      return;
    }
    const item: JsonObject = {};
    const headers = this.headers;
    for (let k = 0; k < headers.length; k++) {
      const header = headers[k] as string;
      const value = cells[k] ?? '';
      if (header === '__proto__')
        Object.defineProperty(item, header, { value, writable: true, enumerable: true, configurable: true });
      else item[header] = value;
    }
    out.push(item);
  }
}

/** One JSON value a line. */
class JsonlItems implements ItemParser {
  private partial = '';
  private line = 0;

  push(chunk: string): JsonValue[] {
    const out: JsonValue[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) break;
      const text = this.partial + chunk.slice(start, nl);
      this.partial = '';
      this.parseLine(text, out);
      start = nl + 1;
    }
    this.partial += chunk.slice(start);
    return out;
  }

  end(): JsonValue[] {
    const out: JsonValue[] = [];
    const text = this.partial;
    this.partial = '';
    this.parseLine(text, out);
    return out;
  }

  private parseLine(text: string, out: JsonValue[]): void {
    this.line++;
    if (text.trim() === '') return;
    try {
      out.push(JSON.parse(text) as JsonValue);
    } catch (err) {
      throw new ItemParseError(`line ${this.line}: ${(err as Error).message}`);
    }
  }
}

/**
 * A top-level JSON array, split into its elements by a scanner that follows strings and nesting; each
 * element is parsed by JSON.parse. A document that is not an array is kept whole and is one item.
 */
class JsonItems implements ItemParser {
  /** 'start' before the first non-space character; 'array' inside the top-level array; 'after' past it; 'whole' for a non-array. */
  private mode: 'start' | 'array' | 'after' | 'whole' = 'start';
  private element = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private count = 0;
  /** After a ',' an element must follow. */
  private expectElement = false;

  push(chunk: string): JsonValue[] {
    const out: JsonValue[] = [];
    let i = 0;
    const n = chunk.length;
    if (this.mode === 'start') {
      while (i < n && isSpace(chunk.charCodeAt(i))) i++;
      if (i === n) return out;
      if (chunk[i] === '[') {
        this.mode = 'array';
        i++;
      } else this.mode = 'whole';
    }
    if (this.mode === 'whole') {
      this.element += chunk.slice(i);
      return out;
    }
    let from = i;
    while (i < n) {
      if (this.mode === 'after') {
        if (!isSpace(chunk.charCodeAt(i)))
          throw new ItemParseError('unexpected text after the top-level array');
        i++;
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) this.inString = true;
      else if (c === 0x5b || c === 0x7b) this.depth++;
      else if (c === 0x5d && this.depth === 0) {
        this.element += chunk.slice(from, i);
        this.finishElement(out, true);
        this.mode = 'after';
      } else if (c === 0x5d || c === 0x7d) this.depth--;
      else if (c === 0x2c && this.depth === 0) {
        this.element += chunk.slice(from, i);
        this.finishElement(out, false);
        from = i + 1;
      }
      i++;
    }
    if (this.mode === 'array') this.element += chunk.slice(from);
    return out;
  }

  end(): JsonValue[] {
    if (this.mode === 'whole') {
      try {
        return [JSON.parse(this.element) as JsonValue];
      } catch (err) {
        throw new ItemParseError((err as Error).message);
      }
    }
    if (this.mode === 'start') throw new ItemParseError('Unexpected end of JSON input');
    if (this.mode === 'array')
      throw new ItemParseError('Unexpected end of JSON input (the array is not closed)');
    return [];
  }

  private finishElement(out: JsonValue[], closing: boolean): void {
    const text = this.element.trim();
    this.element = '';
    if (text === '') {
      // `[]` is empty; `[,` `[1,,2]` `[1,]` are not JSON.
      if (closing && this.count === 0 && !this.expectElement) return;
      throw new ItemParseError(`a missing array element after element ${this.count}`);
    }
    try {
      out.push(JSON.parse(text) as JsonValue);
    } catch (err) {
      throw new ItemParseError(`array element ${this.count}: ${(err as Error).message}`);
    }
    this.count++;
    this.expectElement = !closing;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
