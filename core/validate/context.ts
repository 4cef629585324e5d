// The validation context: the parsed document, the diagnostics collected so far, and the helpers every check
// shares (reporting at a node, inside a string, placeholders, query languages, value descriptions).
import { type Diagnostic, type OffsetRange, makeDiagnostic } from '../diagnostics';
import type { QueryLanguage, ScopeModel } from '../model';
import type { AstArray, AstNode, AstProperty, AstScalar, ParsedDocument } from '../parse';
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes';
import { rangeInString } from './string-map';

/** Diagnostics beyond this many are dropped (a final one says so): keeps hostile input bounded. */
export const MAX_VALIDATION_DIAGNOSTICS = 1000;

/** A workflow variable read somewhere in a scope (`$name` in a path, an intrinsic or a JSONata expression). */
export interface VariableRead {
  scope: ScopeModel;
  name: string;
  range: OffsetRange;
}

/** Where a value is checked: the scope of the state holding it and the query language that applies. */
export interface Site {
  scope: ScopeModel;
  queryLanguage: QueryLanguage | undefined;
}

export class ValidationContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly variableReads: VariableRead[] = [];
  /** The variable names each scope's Assign fields set. */
  readonly assignments = new Map<ScopeModel, Set<string>>();
  private dropped = 0;
  /** True when the parser found syntax errors: checks that would only echo them stay quiet. */
  readonly hasSyntaxErrors: boolean;

  constructor(
    readonly doc: ParsedDocument,
    /** The state machine's QueryLanguage; undefined when its value is invalid. */
    readonly topQueryLanguage: QueryLanguage | undefined,
  ) {
    this.hasSyntaxErrors = doc.diagnostics.some(isError);
  }

  get text(): string {
    return this.doc.text;
  }

  report(code: DiagnosticCode, range: OffsetRange, message: string): void {
    if (this.diagnostics.length >= MAX_VALIDATION_DIAGNOSTICS) {
      this.dropped++;
      return;
    }
    const { severity } = DIAGNOSTIC_CODES[code];
    this.diagnostics.push(makeDiagnostic(this.doc.lines, code, severity, message, range));
  }

  /** Reports at `length` characters from `offset` inside the (decoded) string value of `node`. */
  reportInString(
    code: DiagnosticCode,
    node: AstScalar,
    offset: number,
    length: number,
    message: string,
  ): void {
    this.report(code, rangeInString(this.text, node, offset, length), message);
  }

  recordAssignment(scope: ScopeModel, name: string): void {
    const names = this.assignments.get(scope);
    if (names) names.add(name);
    else this.assignments.set(scope, new Set([name]));
  }

  recordRead(scope: ScopeModel, name: string, range: OffsetRange): void {
    this.variableReads.push({ scope, name, range });
  }

  finish(): Diagnostic[] {
    if (this.dropped > 0) {
      // The note repeats the last kept diagnostic's code and place (a code of its own would suggest a new problem).
      const last = this.diagnostics[this.diagnostics.length - 1];
      const at = last ? last.offsets : { start: 0, end: 0 };
      const message = `${this.dropped} more problems not shown: fix the ones above first`;
      this.diagnostics.push(
        makeDiagnostic(this.doc.lines, last?.code ?? 'ASL000', last?.severity ?? 'error', message, at),
      );
    }
    return this.diagnostics;
  }

  /**
   * True for values that a deployment tool fills in later and that must never be flagged: strings holding a
   * `${...}` placeholder (DefinitionSubstitutions, Fn::Sub, Terraform), CloudFormation intrinsic objects
   * (`{"Ref": ...}`, `{"Fn::GetAtt": ...}`) and YAML values with a CloudFormation tag (`!Ref`, `!GetAtt`, `!Sub`).
   */
  isPlaceholder(node: AstNode | undefined): boolean {
    if (!node) return false;
    if (node.kind === 'string' && hasPlaceholder(node.value as string)) return true;
    if (node.kind === 'object' && node.properties.length === 1) {
      const key = node.properties[0]?.key ?? '';
      if (key === 'Ref' || key.startsWith('Fn::')) return true;
    }
    return this.mayHaveYamlTags && hasYamlTag(this.text, node.range.start);
  }

  private tagsPossible: boolean | undefined;
  /** Whether the document is YAML with a `!` anywhere (no tag can precede a node otherwise). */
  private get mayHaveYamlTags(): boolean {
    return (this.tagsPossible ??= this.doc.format === 'yaml' && this.text.includes('!'));
  }
}

function isError(diagnostic: Diagnostic): boolean {
  return diagnostic.severity === 'error';
}

/** A `${...}` substitution anywhere in the string. */
export function hasPlaceholder(value: string): boolean {
  const open = value.indexOf('${');
  return open >= 0 && value.indexOf('}', open + 2) > open;
}

/** True when the YAML node at `start` is preceded by a tag such as `!GetAtt` on the same line. */
function hasYamlTag(text: string, start: number): boolean {
  let pos = start - 1;
  while (pos >= 0 && isBlankChar(text.charCodeAt(pos))) pos--;
  let tokenStart = pos;
  while (tokenStart >= 0 && !isWhitespaceChar(text.charCodeAt(tokenStart))) tokenStart--;
  // The token before the node is text[tokenStart + 1 .. pos]: a tag is `!` and at least one more character.
  return pos > tokenStart + 1 && text.charCodeAt(tokenStart + 1) === 33; /* ! */
}

function isBlankChar(code: number): boolean {
  return code === 32 || code === 9;
}

/** What `\s` matches: JavaScript's whitespace and line terminators. */
function isWhitespaceChar(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  if (code < 128) return false;
  return /\s/.test(String.fromCharCode(code));
}

export function stringValue(node: AstNode | undefined): string | undefined {
  return node?.kind === 'string' ? (node.value as string) : undefined;
}

export function numberValue(node: AstNode | undefined): number | undefined {
  return node?.kind === 'number' ? (node.value as number) : undefined;
}

/** The property's value, or undefined when it has none. */
export function valueOf(property: AstProperty | undefined): AstNode | undefined {
  return property?.value;
}

/** Where to point for a property: its value when it has one, else its key. */
export function valueRange(property: AstProperty): OffsetRange {
  return property.value?.range ?? property.keyRange;
}

/** "a string", "an object", "null"... for messages. */
export function describeKind(node: AstNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'an array';
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(node.value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'null';
  }
}

/** `"name"` quoted for messages, shortened when long. */
export function quote(name: string): string {
  const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  return JSON.stringify(shown);
}

/**
 * True for an array with no items, unless the parser cut its items off for nesting too deep (ASL005 says
 * so): an empty list reported there would be a second, misleading error.
 */
export function isEmptyList(node: AstArray): boolean {
  return node.items.length === 0 && !node.truncated;
}

/** True for a string written as `{% expression %}`. */
export function isJsonataString(node: AstNode | undefined): node is AstScalar {
  if (node?.kind !== 'string') return false;
  const value = node.value as string;
  return value.startsWith('{%') && value.endsWith('%}') && value.length >= 4;
}
