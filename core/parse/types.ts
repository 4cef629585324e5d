// The parsed document and the state locations found in it.
import type { Diagnostic, LineMap, OffsetRange } from '../diagnostics';
import type { JsonValue } from '../json';
import type { AstNode, AstObject } from './ast';

export type DocumentFormat = 'json' | 'yaml';

/** One enclosing scope of a nested state: a Parallel branch (by index) or a Map's ItemProcessor/Iterator. */
export interface StateScope {
  state: string;
  branch: number | 'ItemProcessor';
}

export interface StateLocation {
  name: string;
  /** JSON-pointer-like path of the state's object, e.g. ['States','Work','Branches',0,'States','Inner']. */
  path: (string | number)[];
  /** The enclosing scopes, outermost first: [] for top level, [{state:'Outer', branch: 0}] inside a branch. */
  scope: StateScope[];
  /** The `Type` when it is a string. */
  type: string | undefined;
  nameRange: OffsetRange;
  /** The state's whole property, name through value. */
  range: OffsetRange;
  /** The state's object, or undefined when its value is not an object. */
  node: AstObject | undefined;
}

export interface ParsedDocument {
  format: DocumentFormat;
  text: string;
  lines: LineMap;
  ast: AstNode | undefined;
  /** The plain JSON value (best effort when there are errors); undefined when nothing could be parsed. */
  value: JsonValue | undefined;
  /** Syntax problems: ASL001 JSON, ASL002 YAML, ASL003 duplicate key, ASL004 not an object, ASL005 too deep, ASL006 unquoted placeholder, ASL007 YAML value JSON can't hold. */
  diagnostics: Diagnostic[];
  /** Every state, nested ones included, in document order (a state before the states nested in it). */
  states: StateLocation[];
}

export interface ParseOptions {
  fileName?: string;
  format?: DocumentFormat;
}
