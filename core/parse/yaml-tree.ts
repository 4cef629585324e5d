// YAML into the same AST as JSON: a hand-written fast path for plain definitions, else the `yaml` library (ranges from its nodes, aliases expanded within a budget, unknown tags such as !Sub read as plain values).
import { type Document, type YAMLError, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Alias, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { LineMap, OffsetRange } from '../diagnostics';
import type { AstArray, AstNode, AstObject, AstProperty, AstScalar } from './ast';
import {
  DiagnosticSink,
  KeyTracker,
  MAX_ALIAS_EXPANSION_NODES,
  MAX_NESTING_DEPTH,
  ParseCode,
  type SyntaxTree,
} from './support';
import { findExcessiveYamlNesting } from './yaml-depth';
import { parseYamlFast } from './yaml-fast';

/**
 * Parses YAML text into a best-effort AST; never throws. An empty text gives no AST and no diagnostics.
 * Well-formed definitions take the hand-written fast path; everything else goes through the `yaml` library.
 */
export function parseYamlTree(text: string, lines: LineMap): SyntaxTree {
  return parseYamlText(text, lines, true);
}

/** The same, always through the `yaml` library: the reference the fast path is tested against. */
export function parseYamlTreeWithLibrary(text: string, lines: LineMap): SyntaxTree {
  return parseYamlText(text, lines, false);
}

function parseYamlText(text: string, lines: LineMap, tryFastPath: boolean): SyntaxTree {
  const sink = new DiagnosticSink(lines);
  // The nesting pre-scan can't fire on most definitions, and a cheap bound says so; the fast path itself
  // gives up at MAX_NESTING_DEPTH, so its recursion stays bounded either way.
  if (!tryFastPath || !isNestingSurelyWithin(text, MAX_NESTING_DEPTH)) {
    const tooDeepAt = findExcessiveYamlNesting(text, MAX_NESTING_DEPTH);
    if (tooDeepAt >= 0) {
      sink.error(
        ParseCode.tooDeep,
        `Nesting deeper than ${MAX_NESTING_DEPTH} levels: the YAML document was not parsed; check the indentation and brackets here`,
        { start: tooDeepAt, end: tooDeepAt + 1 },
      );
      return { ast: undefined, diagnostics: sink.finish(ParseCode.yamlSyntax) };
    }
  }
  const fast = tryFastPath ? parseYamlFast(text, lines) : undefined;
  if (fast) return fast;
  let documents: Document.Parsed[];
  try {
    documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, version: '1.2' });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    sink.error(ParseCode.yamlSyntax, `The YAML parser failed: ${reason}`, { start: 0, end: 0 });
    return { ast: undefined, diagnostics: sink.finish(ParseCode.yamlSyntax) };
  }
  const first = documents[0];
  if (!first) return { ast: undefined, diagnostics: sink.finish(ParseCode.yamlSyntax) };
  reportProblems(first, sink);
  const second = documents[1];
  if (second) {
    const start = second.range[0];
    const end = text.startsWith('---', start) ? start + 3 : Math.min(text.length, start + 1);
    sink.error(
      ParseCode.yamlSyntax,
      `The file holds ${documents.length} YAML documents; a state machine definition is a single document: remove this '---' separator and what follows, or split the file`,
      { start, end },
    );
  }
  const ast = new YamlTreeBuilder(first, text, sink).build(first.contents, undefined, 0);
  return { ast, diagnostics: sink.finish(ParseCode.yamlSyntax) };
}

/**
 * True when findExcessiveYamlNesting surely finds nothing beyond `limit`: its estimate on a line is at most
 * the indentation levels seen (at most the deepest indentation + 1), plus the compact indicators on the line
 * (at most half its length + 1), plus the flow brackets open (at most all `[` and `{` in the text).
 */
export function isNestingSurelyWithin(text: string, limit: number): boolean {
  let deepestIndent = 0;
  let longestLine = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let pos = start;
    while (text.charCodeAt(pos) === 32) pos++;
    deepestIndent = Math.max(deepestIndent, pos - start);
    longestLine = Math.max(longestLine, end - start);
    start = end + 1;
  }
  let budget = limit - (deepestIndent + 1) - ((longestLine >> 1) + 1);
  for (const bracket of ['[', '{']) {
    for (let pos = text.indexOf(bracket); pos >= 0; pos = text.indexOf(bracket, pos + 1)) {
      if (--budget < 0) return false;
    }
  }
  return budget >= 0;
}

function reportProblems(document: Document.Parsed, sink: DiagnosticSink): void {
  for (const error of document.errors) {
    const range = { start: error.pos[0], end: error.pos[1] };
    if (/call stack/i.test(error.message)) {
      sink.error(
        ParseCode.tooDeep,
        'Nesting too deep for the YAML parser: check the indentation and brackets',
        range,
      );
    } else {
      sink.error(ParseCode.yamlSyntax, describeYamlProblem(error), range);
    }
  }
  for (const warning of document.warnings) {
    // CloudFormation short forms (!Sub, !GetAtt, !Ref...) are unknown tags: their values are read as plain YAML.
    if (warning.code === 'TAG_RESOLVE_FAILED') continue;
    sink.warning(ParseCode.yamlSyntax, describeYamlProblem(warning), {
      start: warning.pos[0],
      end: warning.pos[1],
    });
  }
}

/** The library's message, with a hint on how to fix the common mistakes. */
export function describeYamlProblem(problem: YAMLError): string {
  const message = problem.message.replace(/\s+$/, '');
  switch (problem.code) {
    case 'TAB_AS_INDENT':
      return 'Tabs are not allowed for indentation in YAML: indent with spaces';
    case 'BAD_INDENT':
      return `${message}: check that keys at the same level line up`;
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `${message}: check for a missing ':' or wrong indentation on this line or the one before`;
    case 'UNEXPECTED_TOKEN':
      return `${message}: check the indentation, and quote values that start with a special character (like *, &, !, %, @ or \`)`;
    case 'BAD_ALIAS':
      return `${message}: define the anchor (&name) before the alias (*name) that uses it`;
    case 'DUPLICATE_KEY':
      return `${message}: AWS rejects definitions with duplicate keys`;
    default:
      return message;
  }
}

type YamlCollection = YAMLMap | YAMLSeq;

/** Converts one YAML document's node tree into the AST. */
class YamlTreeBuilder {
  /** ASTs of anchored nodes, to copy where an alias refers to them. */
  private readonly anchored = new Map<unknown, AstNode>();
  /** Anchored collections being built: an alias to one of them would recurse forever. */
  private readonly inProgress = new Set<unknown>();
  private aliasBudget = MAX_ALIAS_EXPANSION_NODES;
  private aliasBudgetReported = false;
  private depthReported = false;

  constructor(
    private readonly document: Document.Parsed,
    private readonly text: string,
    private readonly sink: DiagnosticSink,
  ) {}

  build(node: unknown, parent: AstNode | undefined, depth: number): AstNode | undefined {
    if (node === null || node === undefined) return undefined;
    if (isAlias(node)) return this.buildAlias(node, parent, depth);
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return undefined;
    if (depth >= MAX_NESTING_DEPTH && !isScalar(node)) {
      this.reportTooDeep(rangeOf(node));
      return undefined;
    }
    let ast: AstNode;
    if (isScalar(node)) {
      ast = this.buildScalar(node, parent);
    } else {
      if (node.anchor) this.inProgress.add(node);
      ast = isMap(node) ? this.buildMap(node, parent, depth) : this.buildSeq(node, parent, depth);
      this.inProgress.delete(node);
    }
    if (node.anchor) this.anchored.set(node, ast);
    return ast;
  }

  private buildScalar(node: Scalar, parent: AstNode | undefined): AstScalar {
    const range = rangeOf(node);
    const value: unknown = node.value;
    let scalar: AstScalar;
    if (typeof value === 'string') scalar = { kind: 'string', value, range };
    else if (typeof value === 'boolean') scalar = { kind: 'boolean', value, range };
    else if (value === null || value === undefined) scalar = { kind: 'null', value: null, range };
    else if (typeof value === 'bigint') scalar = { kind: 'number', value: Number(value), range };
    else if (typeof value === 'number' && Number.isFinite(value)) scalar = { kind: 'number', value, range };
    else {
      const source = this.text.slice(range.start, range.end);
      if (typeof value === 'number') {
        this.sink.warning(
          ParseCode.yamlValue,
          `'${source}' is ${String(value)}, which JSON can't hold: it is read as the string "${source}"; quote it to say so`,
          range,
        );
      }
      scalar = { kind: 'string', value: typeof value === 'number' ? source : String(value), range };
    }
    if (parent) scalar.parent = parent;
    return scalar;
  }

  private buildMap(node: YAMLMap, parent: AstNode | undefined, depth: number): AstObject {
    const obj: AstObject = { kind: 'object', properties: [], range: rangeOf(node) };
    if (parent) obj.parent = parent;
    const keys = new KeyTracker(obj, this.sink);
    const mergeSources: unknown[] = [];
    for (const pair of node.items) {
      const keyNode: unknown = pair.key;
      if (isScalar(keyNode) && keyNode.value === '<<' && keyNode.type === 'PLAIN') {
        mergeSources.push(pair.value);
        continue;
      }
      const keyRange = isNodeWithRange(keyNode)
        ? rangeOf(keyNode)
        : emptyRangeAt(pair.value, obj.range.start);
      const value = this.build(pair.value, obj, depth + 1);
      const end = value ? Math.max(value.range.end, keyRange.end) : keyRange.end;
      keys.add({ key: this.keyText(keyNode), keyRange, value, range: { start: keyRange.start, end } });
    }
    for (const source of mergeSources) this.mergeInto(obj, keys, source, depth);
    if (!node.flow)
      obj.range.end = lastEnd(
        obj.properties.map((p) => p.range),
        obj.range,
      );
    return obj;
  }

  /** `<<: *base` (or a list of them): copies the keys the map does not set itself; earlier sources win. */
  private mergeInto(obj: AstObject, keys: KeyTracker, source: unknown, depth: number): void {
    const sources = isSeq(source) ? source.items : [source];
    const merged = new Set<string>();
    for (const item of sources) {
      const built = this.build(item, obj, depth + 1);
      if (!built || built.kind !== 'object') {
        const range = isNodeWithRange(item) ? rangeOf(item) : obj.range;
        this.sink.error(
          ParseCode.yamlSyntax,
          "A '<<' merge key needs a mapping or an alias to one (like <<: *defaults)",
          range,
        );
        continue;
      }
      for (const property of built.properties) {
        if (merged.has(property.key) || keys.find(property.key)) continue;
        merged.add(property.key);
        if (property.value) property.value.parent = obj;
        obj.properties.push(property);
      }
    }
  }

  private buildSeq(node: YAMLSeq, parent: AstNode | undefined, depth: number): AstArray {
    const array: AstArray = { kind: 'array', items: [], range: rangeOf(node) };
    if (parent) array.parent = parent;
    for (const item of node.items) {
      const built = this.build(item, array, depth + 1);
      if (built) array.items.push(built);
    }
    if (!node.flow)
      array.range.end = lastEnd(
        array.items.map((item) => item.range),
        array.range,
      );
    return array;
  }

  private keyText(keyNode: unknown): string {
    if (keyNode === null || keyNode === undefined) return '';
    if (isScalar(keyNode)) {
      const value: unknown = keyNode.value;
      if (typeof value === 'string') return value;
      if (value === null || value === undefined) return keyNode.source ? 'null' : '';
      return String(value);
    }
    if (isAlias(keyNode)) {
      const target = keyNode.resolve(this.document);
      if (isScalar(target)) return this.keyText(target);
    }
    if (isNodeWithRange(keyNode)) {
      const range = rangeOf(keyNode);
      return this.text.slice(range.start, range.end);
    }
    return '';
  }

  private buildAlias(alias: Alias, parent: AstNode | undefined, depth: number): AstNode | undefined {
    const range = rangeOf(alias);
    const target = alias.resolve(this.document);
    if (!target) {
      this.sink.error(
        ParseCode.yamlSyntax,
        `Unknown alias *${alias.source}: define the anchor &${alias.source} before using it`,
        range,
      );
      return undefined;
    }
    if (this.inProgress.has(target)) {
      this.sink.error(
        ParseCode.yamlValue,
        `Alias *${alias.source} refers to a node that contains it: JSON can't hold a recursive structure`,
        range,
      );
      return undefined;
    }
    const source = this.anchored.get(target);
    if (!source) return undefined; // the target failed to build; that was reported there
    return this.copyAt(source, range, parent, depth);
  }

  /** A copy of an anchored subtree for an alias, every range pointing at the alias, within the expansion budget. */
  private copyAt(
    node: AstNode,
    range: OffsetRange,
    parent: AstNode | undefined,
    depth: number,
  ): AstNode | undefined {
    if (--this.aliasBudget < 0) {
      if (!this.aliasBudgetReported) {
        this.aliasBudgetReported = true;
        this.sink.error(
          ParseCode.yamlValue,
          `Aliases expand to more than ${MAX_ALIAS_EXPANSION_NODES} nodes (an alias bomb?): the rest is left out; use fewer nested aliases`,
          range,
        );
      }
      return undefined;
    }
    if (depth >= MAX_NESTING_DEPTH && (node.kind === 'object' || node.kind === 'array')) {
      this.reportTooDeep(range);
      return undefined;
    }
    if (node.kind === 'object') {
      const obj: AstObject = { kind: 'object', properties: [], range: { ...range } };
      if (parent) obj.parent = parent;
      for (const property of node.properties) {
        const value = property.value ? this.copyAt(property.value, range, obj, depth + 1) : undefined;
        const copied: AstProperty = { key: property.key, keyRange: { ...range }, value, range: { ...range } };
        obj.properties.push(copied);
      }
      return obj;
    }
    if (node.kind === 'array') {
      const array: AstArray = { kind: 'array', items: [], range: { ...range } };
      if (parent) array.parent = parent;
      for (const item of node.items) {
        const copied = this.copyAt(item, range, array, depth + 1);
        if (copied) array.items.push(copied);
      }
      return array;
    }
    const scalar: AstScalar = { kind: node.kind, value: node.value, range: { ...range } };
    if (parent) scalar.parent = parent;
    return scalar;
  }

  private reportTooDeep(range: OffsetRange): void {
    if (this.depthReported) return;
    this.depthReported = true;
    this.sink.error(
      ParseCode.tooDeep,
      `Nesting deeper than ${MAX_NESTING_DEPTH} levels: this part is ignored; check the indentation and brackets`,
      range,
    );
  }
}

function isNodeWithRange(node: unknown): node is YamlNode {
  return isScalar(node) || isMap(node) || isSeq(node) || isAlias(node);
}

/** The node's own extent: `range[1]` is where its value ends, before trailing comments and blank lines. */
function rangeOf(node: YamlNode | YamlCollection): OffsetRange {
  const range = node.range;
  return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

function emptyRangeAt(node: unknown, fallback: number): OffsetRange {
  const at = isNodeWithRange(node) ? rangeOf(node).start : fallback;
  return { start: at, end: at };
}

/** A block collection ends where its last child ends (the library's end takes in the line break after it). */
function lastEnd(children: OffsetRange[], own: OffsetRange): number {
  const last = children[children.length - 1];
  return last ? Math.max(own.start, last.end) : own.end;
}
