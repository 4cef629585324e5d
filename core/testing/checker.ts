// Problem collection for test files and the files they refer to: turns a value's path into the
// file, line and column of its node (or of its key) using the parser's AST.

import { nodeAtPath, parseDocument, propertyAt, type AstNode, type ParsedDocument } from '../parse';
import { isJsonObject, jsonTypeName, type JsonValue } from '../json';
import { closestMatch } from '../validate/suggest';
import type { SourceLocation, TestFileProblem } from './model';

export type ValuePath = (string | number)[];

/** A parsed file and the problems found in it. */
export class FileChecker {
  readonly problems: TestFileProblem[];

  constructor(
    readonly file: string,
    readonly doc: ParsedDocument,
    problems: TestFileProblem[],
  ) {
    this.problems = problems;
  }

  /** Parses `text` and records its syntax errors; `value` is undefined when nothing usable was read. */
  static parse(
    file: string,
    text: string,
    problems: TestFileProblem[],
  ): { checker: FileChecker; value: JsonValue | undefined } {
    const doc = parseDocument(text, { fileName: file });
    const checker = new FileChecker(file, doc, problems);
    const errors = doc.diagnostics.filter((d) => d.severity === 'error' && d.code !== 'ASL004');
    for (const d of errors) {
      problems.push({
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        message: `not valid ${doc.format.toUpperCase()}: ${d.message}`,
      });
    }
    if (errors.length > 0) return { checker, value: undefined };
    if (doc.ast === undefined) {
      problems.push({ file, line: 1, column: 1, message: 'the file is empty' });
      return { checker, value: undefined };
    }
    return { checker, value: doc.value };
  }

  private node(path: ValuePath): AstNode | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAtPath(this.doc.ast, path.slice(0, n));
      if (node) return node;
    }
    return undefined;
  }

  private position(offset: number): SourceLocation {
    const p = this.doc.lines.positionAt(offset);
    return { file: this.file, line: p.line + 1, column: p.character + 1 };
  }

  /** Where the value at `path` starts (or its nearest existing ancestor). */
  at(path: ValuePath): SourceLocation {
    const node = this.node(path);
    return this.position(node?.range.start ?? 0);
  }

  /** Where the key of the last path step is written (for unknown keys). */
  keyAt(path: ValuePath): SourceLocation {
    const key = path[path.length - 1];
    const parent = nodeAtPath(this.doc.ast, path.slice(0, -1));
    if (typeof key === 'string' && parent?.kind === 'object') {
      const property = propertyAt(parent, key);
      if (property) return this.position(property.keyRange.start);
    }
    return this.at(path);
  }

  error(path: ValuePath, message: string, onKey = false): void {
    this.problems.push({ ...(onKey ? this.keyAt(path) : this.at(path)), message });
  }

  /** Reports keys of `value` not in `allowed`; with `extensions`, keys starting with `x-` are free (for YAML anchors). */
  checkKeys(
    value: Record<string, JsonValue>,
    path: ValuePath,
    allowed: ReadonlySet<string>,
    what: string,
    extensions = false,
  ): void {
    for (const key of Object.keys(value)) {
      if (allowed.has(key) || (extensions && key.startsWith('x-'))) continue;
      const suggestion = closestMatch(key, allowed);
      this.error(
        [...path, key],
        `unknown key "${key}" in ${what}${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; allowed: ${[...allowed].join(', ')}`,
        true,
      );
    }
  }

  object(value: JsonValue | undefined, path: ValuePath, what: string): Record<string, JsonValue> | undefined {
    if (value === undefined) return undefined;
    if (isJsonObject(value)) return value;
    this.error(path, `${what} must be an object, got ${jsonTypeName(value)}`);
    return undefined;
  }

  string(value: JsonValue | undefined, path: ValuePath, what: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value;
    this.error(path, `${what} must be a string, got ${jsonTypeName(value)}`);
    return undefined;
  }

  number(value: JsonValue | undefined, path: ValuePath, what: string, integer = false): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'number' && (!integer || (Number.isInteger(value) && value >= 0))) return value;
    this.error(
      path,
      `${what} must be ${integer ? 'a non-negative integer' : 'a number'}, got ${JSON.stringify(value)}`,
    );
    return undefined;
  }
}
