// The syntax tree of a parsed JSONPath (Jayway dialect, as AWS Step Functions uses it), Jayway's definiteness
// rule, and the limits that keep parsing and evaluation bounded on hostile input.

import type { JsonValue } from '../json';

/** `$...` = state input, `$$...` = context object, `$name...` = workflow variable. */
export type PathRoot = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

/** Where a piece of syntax sits in the path text (0-based UTF-16 offsets). */
export interface SourceSpan {
  offset: number;
  length: number;
}

/** The quote a bracketed name was written with; dot names count as single-quoted (as Jayway prints them). */
export type NameQuote = "'" | '"';

export type PathSegment =
  /** `.name` or `['name']` */
  | ({ kind: 'property'; name: string; quote: NameQuote } & SourceSpan)
  /** `['a','b']`: as the last segment Jayway merges the names into one object; elsewhere it iterates them. */
  | ({ kind: 'propertyUnion'; names: string[]; quote: NameQuote } & SourceSpan)
  /** `[0]`, `[-1]` */
  | ({ kind: 'index'; index: number } & SourceSpan)
  /** `[0,2]` */
  | ({ kind: 'indexUnion'; indexes: number[] } & SourceSpan)
  /** `[1:5]`, `[:2]`, `[-2:]` (a step, which Jayway accepts and ignores, is dropped) */
  | ({ kind: 'slice'; start: number | null; end: number | null } & SourceSpan)
  /** `[*]` or `.*` */
  | ({ kind: 'wildcard' } & SourceSpan)
  /** `..`: the following segment is searched for at every depth */
  | ({ kind: 'descendants' } & SourceSpan)
  /** `[?( ... )]` */
  | ({ kind: 'filter'; expression: FilterExpression } & SourceSpan)
  /** `.length()` and friends: parsed so definitions load, but AWS does not support them (they never match). */
  | ({ kind: 'function'; name: string } & SourceSpan);

export interface ParsedPath {
  source: string;
  root: PathRoot;
  segments: PathSegment[];
  /** true when the path can only ever select one node (Jayway's "definite path"). */
  definite: boolean;
}

/** A path inside a filter: relative to the item being tested (`@`) or to the queried document (`$`). */
export interface FilterPath {
  source: string;
  base: 'current' | 'root';
  segments: PathSegment[];
  definite: boolean;
}

export type ComparisonOperator =
  | '=='
  | '!='
  | '==='
  | '!=='
  | '<'
  | '<='
  | '>'
  | '>='
  | '=~'
  | 'in'
  | 'nin'
  | 'contains'
  | 'subsetof'
  | 'anyof'
  | 'noneof'
  | 'size'
  | 'empty';

export type FilterOperand =
  | { kind: 'path'; path: FilterPath }
  | { kind: 'literal'; value: JsonValue }
  /** `/pattern/flags`; Jayway's `=~` must match the whole string, so `regex` is anchored. */
  | { kind: 'regex'; source: string; flags: string; regex: RegExp };

export type FilterExpression =
  | { kind: 'or'; operands: FilterExpression[] }
  | { kind: 'and'; operands: FilterExpression[] }
  | { kind: 'not'; operand: FilterExpression }
  /** `@.isbn`: true when the path resolves, even to null or false. */
  | { kind: 'exists'; path: FilterPath }
  | { kind: 'compare'; operator: ComparisonOperator; left: FilterOperand; right: FilterOperand };

/** Jayway's definite path: single names and single indexes only (a trailing name union merges into one object). */
export function segmentsAreDefinite(segments: readonly PathSegment[]): boolean {
  return segments.every((segment, i) => {
    switch (segment.kind) {
      case 'property':
      case 'index':
      case 'function':
        return true;
      case 'propertyUnion':
        return i === segments.length - 1;
      default:
        return false;
    }
  });
}

/** Longest accepted path text. ASL paths are short; this only stops absurd input. */
export const MAX_PATH_LENGTH = 8192;
/** Most segments in one path (including the segments of filter sub-paths). */
export const MAX_SEGMENTS = 512;
/** Deepest nesting of parentheses, filters and literals inside a filter. */
export const MAX_FILTER_NESTING = 32;
/** Node visits one query may make before it is abandoned (stops `$..*..*..*` blow-ups). */
export const MAX_EVALUATION_STEPS = 2_000_000;
/** How long the `=~` matches of one query may take in all (AWS publishes no bound; this is JSONata's). */
export const MAX_REGEX_MILLISECONDS = 5_000;
