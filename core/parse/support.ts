// What both text parsers share: diagnostic codes, limits, a capped diagnostic collector and duplicate-key checks.
import {
  type Diagnostic,
  type LineMap,
  type OffsetRange,
  type Severity,
  makeDiagnostic,
} from '../diagnostics';
import type { AstNode, AstObject, AstProperty } from './ast';

/** Codes of the diagnostics the parser reports (validators use ASL1xx and up). */
export const ParseCode = {
  /** JSON syntax error (comments and trailing commas included). */
  jsonSyntax: 'ASL001',
  /** YAML syntax error, or more than one YAML document. */
  yamlSyntax: 'ASL002',
  /** The same key twice in one object. */
  duplicateKey: 'ASL003',
  /** Empty document, or a top-level value that is not an object. */
  notAnObject: 'ASL004',
  /** Nesting deeper than MAX_NESTING_DEPTH. */
  tooDeep: 'ASL005',
  /** An unquoted `${...}` placeholder in JSON. */
  unquotedPlaceholder: 'ASL006',
  /** A YAML value JSON cannot hold (infinity, NaN, runaway alias expansion, recursive alias). */
  yamlValue: 'ASL007',
} as const;

/** Objects and arrays nested deeper than this are cut off with an ASL005 error. */
export const MAX_NESTING_DEPTH = 256;
/** At most this many diagnostics per document; a last one says how many more were dropped. */
export const MAX_DIAGNOSTICS = 200;
/** YAML aliases may expand to at most this many AST nodes in all (guards against "billion laughs"). */
export const MAX_ALIAS_EXPANSION_NODES = 50_000;

/** What a text parser returns: a best-effort tree and what went wrong. */
export interface SyntaxTree {
  ast: AstNode | undefined;
  diagnostics: Diagnostic[];
}

/** Collects diagnostics up to MAX_DIAGNOSTICS, converting offsets to positions. */
export class DiagnosticSink {
  private readonly collected: Diagnostic[] = [];
  private dropped = 0;

  constructor(readonly lines: LineMap) {}

  get count(): number {
    return this.collected.length + this.dropped;
  }

  error(code: string, message: string, offsets: OffsetRange): void {
    this.add(code, 'error', message, offsets);
  }

  warning(code: string, message: string, offsets: OffsetRange): void {
    this.add(code, 'warning', message, offsets);
  }

  add(code: string, severity: Severity, message: string, offsets: OffsetRange): void {
    if (this.collected.length >= MAX_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    // Clamped to the text: the YAML library may point one past the end for a missing closing quote.
    const length = this.lines.text.length;
    const start = Math.min(Math.max(0, offsets.start), length);
    const end = Math.min(Math.max(start, offsets.end), length);
    this.collected.push(makeDiagnostic(this.lines, code, severity, message, { start, end }));
  }

  /** The diagnostics, with a final note when some were dropped. */
  finish(code: string): Diagnostic[] {
    if (this.dropped > 0) {
      const last = this.collected[this.collected.length - 1];
      const at = last ? last.offsets : { start: 0, end: 0 };
      const note = `${this.dropped} more problems not shown: fix the ones above first`;
      this.collected.push(makeDiagnostic(this.lines, code, 'error', note, at));
      this.dropped = 0;
    }
    return this.collected;
  }
}

/** "line 3, column 7" (one-based, as people count). */
export function describePosition(lines: LineMap, offset: number): string {
  const position = lines.positionAt(offset);
  return `line ${position.line + 1}, column ${position.character + 1}`;
}

/**
 * Adds properties to one object and reports a key seen before, at the later occurrence. Small objects are
 * searched directly; an index is built once an object grows past a few keys.
 */
export class KeyTracker {
  private index: Map<string, AstProperty> | undefined;

  constructor(
    private readonly obj: AstObject,
    private readonly sink: DiagnosticSink,
  ) {}

  /** The first property with this key added so far. */
  find(key: string): AstProperty | undefined {
    const properties = this.obj.properties;
    if (properties.length <= 8) {
      for (const property of properties) if (property.key === key) return property;
      return undefined;
    }
    if (!this.index) {
      this.index = new Map();
      for (const property of properties)
        if (!this.index.has(property.key)) this.index.set(property.key, property);
    }
    return this.index.get(key);
  }

  add(property: AstProperty): void {
    const first = this.find(property.key);
    if (first) {
      const where = describePosition(this.sink.lines, first.keyRange.start);
      this.sink.error(
        ParseCode.duplicateKey,
        `Duplicate key "${property.key}" (first defined at ${where}): AWS rejects definitions with duplicate keys; remove or rename one of them`,
        property.keyRange,
      );
    } else {
      this.index?.set(property.key, property);
    }
    this.obj.properties.push(property);
  }
}
