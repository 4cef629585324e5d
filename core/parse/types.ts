// The parsed document: the text, its AST with source ranges, the plain value and the syntax diagnostics.
import type { Diagnostic, LineMap } from '../diagnostics';
import type { JsonValue } from '../json';
import type { AstNode } from './ast';

export type DocumentFormat = 'json' | 'yaml';

export interface ParsedDocument {
  format: DocumentFormat;
  text: string;
  lines: LineMap;
  ast: AstNode | undefined;
  /** The plain JSON value (best effort when there are errors); undefined when nothing could be parsed. */
  value: JsonValue | undefined;
  /** Syntax problems: ASL001 JSON, ASL002 YAML, ASL003 duplicate key, ASL004 not an object, ASL005 too deep, ASL006 unquoted placeholder, ASL007 YAML value JSON can't hold. */
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  fileName?: string;
  format?: DocumentFormat;
}
