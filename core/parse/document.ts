// Entry point of the parser: picks JSON or YAML, checks the top level, and gives the AST and its value. Never throws.
import { type Diagnostic, LineMap, makeDiagnostic } from '../diagnostics';
import type { JsonValue } from '../json';
import { type AstNode, astToValue } from './ast';
import { parseJsonTree } from './json-tree';
import { ParseCode, type SyntaxTree } from './support';
import type { DocumentFormat, ParseOptions, ParsedDocument } from './types';
import { parseYamlTree } from './yaml-tree';

/**
 * The format from the file name (.yaml/.yml → yaml, .json → json), else from the text: JSON when the first
 * character after whitespace and comments is '{', YAML otherwise.
 */
export function detectFormat(text: string, fileName?: string): DocumentFormat {
  const lower = fileName?.toLowerCase() ?? '';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  return firstSignificantChar(text) === '{' ? 'json' : 'yaml';
}

function firstSignificantChar(text: string): string | undefined {
  let pos = 0;
  while (pos < text.length) {
    const ch = text.charAt(pos);
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\ufeff') {
      pos++;
    } else if (text.startsWith('//', pos)) {
      const end = text.indexOf('\n', pos);
      pos = end < 0 ? text.length : end + 1;
    } else if (text.startsWith('/*', pos)) {
      const end = text.indexOf('*/', pos + 2);
      pos = end < 0 ? text.length : end + 2;
    } else {
      return ch;
    }
  }
  return undefined;
}

export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  const format = options.format ?? detectFormat(text, options.fileName);
  const lines = new LineMap(text);
  let tree: SyntaxTree;
  try {
    tree = format === 'json' ? parseJsonTree(text, lines) : parseYamlTree(text, lines);
  } catch (error) {
    // The parsers are written not to throw; if one does anyway, say so instead of failing the caller.
    const reason = error instanceof Error ? error.message : String(error);
    const code = format === 'json' ? ParseCode.jsonSyntax : ParseCode.yamlSyntax;
    const diagnostic = makeDiagnostic(
      lines,
      code,
      'error',
      `The ${format.toUpperCase()} parser failed: ${reason}`,
      { start: 0, end: 0 },
    );
    tree = { ast: undefined, diagnostics: [diagnostic] };
  }
  const { ast } = tree;
  const diagnostics = [...tree.diagnostics];
  if (!ast) {
    if (!diagnostics.some((d) => d.severity === 'error')) {
      diagnostics.push(
        makeDiagnostic(
          lines,
          ParseCode.notAnObject,
          'error',
          'The document is empty: a state machine definition is an object with "StartAt" and "States"',
          { start: 0, end: text.length },
        ),
      );
    }
  } else if (ast.kind !== 'object') {
    const found = ast.kind === 'array' ? 'an array' : `a ${ast.kind}`;
    diagnostics.push(
      makeDiagnostic(
        lines,
        ParseCode.notAnObject,
        'error',
        `The definition must be an object with "StartAt" and "States" at the top level, not ${found}`,
        ast.range,
      ),
    );
  }
  return new LazyParsedDocument(format, text, lines, ast, diagnostics);
}

/**
 * A parsed document whose value is worked out on first use (validation does not need it). Private
 * fields and prototype accessors rather than a literal with getters: per-object accessor closures keep each
 * document's AST alive through minor garbage collections, which made validation much slower.
 */
class LazyParsedDocument implements ParsedDocument {
  #value: JsonValue | undefined;
  #valueReady = false;

  constructor(
    public format: DocumentFormat,
    public text: string,
    public lines: LineMap,
    public ast: AstNode | undefined,
    public diagnostics: Diagnostic[],
  ) {}

  get value(): JsonValue | undefined {
    if (!this.#valueReady) {
      this.#value = this.ast ? astToValue(this.ast) : undefined;
      this.#valueReady = true;
    }
    return this.#value;
  }

  set value(replacement: JsonValue | undefined) {
    this.#value = replacement;
    this.#valueReady = true;
  }
}
