// Static analysis of one JSONata expression for the validator and the language server: which workflow
// variables it reads, which `$states` properties, and the top-level reads AWS refuses at definition time.

import { compileJsonata, type JsonataSyntaxError } from './expression';

/** A name in the expression; `offset`/`length` are relative to the expression text. */
export interface JsonataReference {
  name: string;
  offset: number;
  length: number;
}

export interface JsonataAnalysis {
  syntaxError?: JsonataSyntaxError;
  /** `$name` reads of names the expression does not bind itself and that are not functions. */
  variables: JsonataReference[];
  /** `$states.<name>` reads (input, result, errorOutput, context, or a misspelling). */
  statesProperties: JsonataReference[];
  /**
   * Field names read from the top-level context, which does not exist in Step Functions: AWS refuses them
   * with "UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported."
   */
  topLevelFields: JsonataReference[];
  /** `$$`, and `$` at the top level: AWS refuses both ("You cannot use $ or $$ at the top level"). */
  contextReferences: JsonataReference[];
}

/** JSONata 2.0.6's built-in functions and Step Functions' additions. `$eval` is deliberately absent. */
// prettier-ignore
export const JSONATA_FUNCTION_NAMES: ReadonlySet<string> = new Set([
  'sum', 'count', 'max', 'min', 'average', 'string', 'substring', 'substringBefore', 'substringAfter',
  'lowercase', 'uppercase', 'length', 'trim', 'pad', 'match', 'contains', 'replace', 'split', 'join',
  'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'floor', 'ceil', 'round', 'abs',
  'sqrt', 'power', 'random', 'boolean', 'not', 'map', 'zip', 'filter', 'single', 'reduce', 'sift', 'keys',
  'lookup', 'append', 'exists', 'spread', 'merge', 'reverse', 'each', 'error', 'assert', 'sort', 'shuffle',
  'distinct', 'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent',
  'decodeUrl', 'toMillis', 'fromMillis', 'clone', 'type', 'now', 'millis',
  'partition', 'range', 'hash', 'uuid', 'parse',
]);

interface AstNode {
  type?: string;
  value?: unknown;
  position?: number;
  [key: string]: unknown;
}

/** Properties whose sub-expressions are evaluated against something other than the top-level context. */
const RELATIVE_CONTEXT_KEYS = new Set([
  'stages',
  'predicate',
  'group',
  'terms',
  'pattern',
  'update',
  'delete',
]);

class Analyzer {
  private readonly bound = new Set<string>();
  private readonly variableReads: JsonataReference[] = [];
  readonly result: JsonataAnalysis = {
    variables: [],
    statesProperties: [],
    topLevelFields: [],
    contextReferences: [],
  };
  private readonly seen = new Set<object>();

  constructor(private readonly text: string) {}

  finish(): JsonataAnalysis {
    this.result.variables = this.variableReads.filter(
      (ref) => !this.bound.has(ref.name) && !JSONATA_FUNCTION_NAMES.has(ref.name) && ref.name !== 'states',
    );
    return this.result;
  }

  visit(value: unknown, topLevel: boolean): void {
    if (typeof value !== 'object' || value === null || this.seen.has(value)) return;
    this.seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) this.visit(item, topLevel);
      return;
    }
    const node = value as AstNode;
    // `@$name` (focus) and `#$name` (index) bind names for the rest of the path.
    if (typeof node.focus === 'string') this.bound.add(node.focus);
    if (typeof node.index === 'string') this.bound.add(node.index);
    switch (node.type) {
      case 'variable':
        this.variable(node, topLevel);
        break;
      case 'name':
        if (topLevel) this.result.topLevelFields.push(this.nameReference(node));
        this.visitChildren(node, false);
        return;
      case 'path':
        this.path(node, topLevel);
        return;
      case 'bind':
        this.bindName(node.lhs);
        this.visit(node.rhs, topLevel);
        return;
      case 'lambda':
        if (Array.isArray(node.arguments)) for (const arg of node.arguments) this.bindName(arg);
        // A lambda body keeps the context of the expression that defines it.
        this.visit(node.body, topLevel);
        return;
      default:
        break;
    }
    this.visitChildren(node, topLevel);
  }

  private visitChildren(node: AstNode, topLevel: boolean): void {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'type' || key === 'value' || key === 'position') continue;
      this.visit(child, topLevel && !RELATIVE_CONTEXT_KEYS.has(key));
    }
  }

  private path(node: AstNode, topLevel: boolean): void {
    const steps = Array.isArray(node.steps) ? (node.steps as AstNode[]) : [];
    const first = steps[0];
    const second = steps[1];
    if (first?.type === 'variable' && first.value === 'states' && second?.type === 'name') {
      this.result.statesProperties.push(this.nameReference(second));
    }
    // Only the first step reads the top-level context; later steps read the previous step's result.
    steps.forEach((step, index) => this.visit(step, topLevel && index === 0));
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'steps' && key !== 'type' && key !== 'position') this.visit(child, false);
    }
  }

  private variable(node: AstNode, topLevel: boolean): void {
    const name = typeof node.value === 'string' ? node.value : '';
    const end = typeof node.position === 'number' ? node.position : 0;
    const length = name.length + 1;
    const ref: JsonataReference = { name: `$${name}`, offset: Math.max(0, end - length), length };
    if (name === '$') this.result.contextReferences.push({ ...ref, name: '$$' });
    else if (name === '') {
      if (topLevel) this.result.contextReferences.push(ref);
    } else this.variableReads.push({ ...ref, name });
  }

  private bindName(node: unknown): void {
    const value = (node as AstNode | undefined)?.value;
    if (typeof value === 'string') this.bound.add(value);
  }

  private nameReference(node: AstNode): JsonataReference {
    const name = typeof node.value === 'string' ? node.value : String(node.value);
    const end = typeof node.position === 'number' ? node.position : 0;
    const quoted = this.text[end - 1] === '`';
    const length = quoted ? name.length + 2 : name.length;
    return { name, offset: Math.max(0, end - length), length };
  }
}

/** Analyses an inner expression (as returned by `extractExpression`). Never throws. */
export function analyzeJsonataExpression(expression: string): JsonataAnalysis {
  const entry = compileJsonata(expression);
  if ('error' in entry) {
    return {
      syntaxError: entry.error,
      variables: [],
      statesProperties: [],
      topLevelFields: [],
      contextReferences: [],
    };
  }
  const analyzer = new Analyzer(expression);
  analyzer.visit(entry.compiled.ast(), true);
  return analyzer.finish();
}
