// Evaluates a parsed JSONPath against a JSON value with Jayway's semantics: a definite path yields one value or
// a Jayway-style "not found" reason; any other path yields the array of every match (possibly empty).

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { BoundedRegExp, RegexTimeoutError, sharedTimeLimit, type RegexLimits } from '../regex';
import {
  MAX_EVALUATION_STEPS,
  MAX_REGEX_MILLISECONDS,
  type FilterExpression,
  type FilterPath,
  type ParsedPath,
  type PathSegment,
} from './ast';
import { testFilter, UNDEFINED_FILTER_VALUE, type FilterValue } from './filter-eval';
import { segmentFragment, segmentsToBracketNotation, toBracketNotation } from './format';
import { getOwn, hasOwn, javaClassName, setOwn } from './values';

export type QueryResult =
  | { found: true; value: JsonValue }
  | {
      found: false;
      /** bracket-notation path Jayway names when it gives up: the whole path for "No results for path", the
       *  prefix up to the failing segment otherwise, e.g. "$['no']" for "Missing property in path $['no']". */
      missingAt: string;
      /** Jayway's full reason, e.g. "No results for path: $['x']" or "Missing property in path $['no']". */
      message: string;
    };

/** Thrown internally when a query exceeds MAX_EVALUATION_STEPS; queryPath reports it as not found. */
class EvaluationLimitError extends Error {}

/**
 * Evaluates `path` against `root`. `regexMilliseconds` bounds the time its `=~` matches may take in all
 * (default MAX_REGEX_MILLISECONDS; tests shorten it).
 */
export function queryPath(
  path: ParsedPath,
  root: JsonValue,
  regexMilliseconds: number = MAX_REGEX_MILLISECONDS,
): QueryResult {
  const evaluation = new Evaluation(root, regexMilliseconds);
  try {
    if (!path.definite) return { found: true, value: evaluation.collect(path.segments, root) };
    const outcome = evaluation.walkDefinite(path.segments, root);
    return outcome.ok ? { found: true, value: outcome.value } : describeFailure(path, outcome);
  } catch (error) {
    if (error instanceof RegexTimeoutError) {
      const reason = `A regular expression in the path did not finish matching within ${regexMilliseconds / 1000} s`;
      return { found: false, missingAt: toBracketNotation(path), message: reason };
    }
    if (error instanceof EvaluationLimitError || error instanceof RangeError) {
      const reason =
        error instanceof EvaluationLimitError
          ? `Evaluating the path took more than ${MAX_EVALUATION_STEPS} steps`
          : 'The input is too deeply nested to evaluate the path';
      return { found: false, missingAt: toBracketNotation(path), message: reason };
    }
    throw error;
  }
}

type FailureReason =
  'missingLeaf' | 'missingProperty' | 'notObject' | 'nullArray' | 'notArray' | 'outOfRange' | 'function';
type DefiniteOutcome =
  | { ok: true; value: JsonValue }
  | { ok: false; reason: FailureReason; segmentIndex: number; node: JsonValue };

/** `$['a'][0]` for the first `count` segments of a definite path, as Jayway builds its evaluation paths. */
function evaluatedPrefix(segments: readonly PathSegment[], count: number): string {
  let text = '$';
  for (const segment of segments.slice(0, count)) {
    text += segment.kind === 'property' ? `['${segment.name}']` : segmentFragment(segment);
  }
  return text;
}

function describeFailure(path: ParsedPath, failure: Extract<DefiniteOutcome, { ok: false }>): QueryResult {
  const { segments } = path;
  const i = failure.segmentIndex;
  const segment = segments[i];
  const full = toBracketNotation(path);
  const before = evaluatedPrefix(segments, i);
  const through = evaluatedPrefix(segments, i + 1);
  switch (failure.reason) {
    case 'missingLeaf':
    case 'outOfRange':
      return { found: false, missingAt: full, message: `No results for path: ${full}` };
    case 'missingProperty':
      return { found: false, missingAt: through, message: `Missing property in path ${through}` };
    case 'notObject': {
      const fragment = segment === undefined ? '' : segmentFragment(segment);
      const message =
        `Expected to find an object with property ${fragment} in path ${before} but found ` +
        `'${javaClassName(failure.node)}'. This is not a json object according to the JsonProvider: ` +
        `'com.jayway.jsonpath.spi.json.JacksonJsonProvider'.`;
      return { found: false, missingAt: through, message };
    }
    case 'nullArray':
      return { found: false, missingAt: through, message: `The path ${before} is null` };
    case 'notArray': {
      const message =
        `Filter: ${segmentsToBracketNotation(segments.slice(i))} can only be applied to arrays. ` +
        `Current context is: ${JSON.stringify(failure.node)}`;
      return { found: false, missingAt: through, message };
    }
    case 'function': {
      const name = segment?.kind === 'function' ? segment.name : '';
      return {
        found: false,
        missingAt: through,
        message: `The function ${name}() is not supported in AWS Step Functions paths`,
      };
    }
  }
}

/** One query: the document root (for `$` inside filters) and the step budget. */
class Evaluation {
  private readonly root: JsonValue;
  private steps = 0;
  /** The time the query's regular expressions share, from the first match. */
  private regexLimits: RegexLimits | undefined;

  constructor(
    root: JsonValue,
    private readonly regexMilliseconds: number,
  ) {
    this.root = root;
  }

  private step(): void {
    this.steps++;
    if (this.steps > MAX_EVALUATION_STEPS) throw new EvaluationLimitError();
  }

  /** Follows a definite path (single names, single indexes, a trailing name union). */
  walkDefinite(segments: readonly PathSegment[], start: JsonValue): DefiniteOutcome {
    let node = start;
    for (let i = 0; i < segments.length; i++) {
      this.step();
      const segment = segments[i];
      if (segment === undefined) break;
      const isLeaf = i === segments.length - 1;
      const fail = (reason: FailureReason): DefiniteOutcome => ({ ok: false, reason, segmentIndex: i, node });
      switch (segment.kind) {
        case 'property': {
          if (!isJsonObject(node)) return fail('notObject');
          const next = getOwn(node, segment.name);
          if (next === undefined) return fail(isLeaf ? 'missingLeaf' : 'missingProperty');
          node = next;
          break;
        }
        case 'propertyUnion':
          if (!isJsonObject(node)) return fail('notObject');
          node = mergeProperties(node, segment.names);
          break;
        case 'index': {
          if (node === null) return fail('nullArray');
          if (!Array.isArray(node)) return fail('notArray');
          const next = elementAt(node, segment.index);
          if (next === undefined) return fail('outOfRange');
          node = next;
          break;
        }
        case 'function':
          return fail('function');
        default:
          throw new Error(`Internal error: '${segment.kind}' segment in a definite path`);
      }
    }
    return { ok: true, value: node };
  }

  /** Every match of `segments` from `start`, in Jayway's order. Never fails on missing data. */
  collect(segments: readonly PathSegment[], start: JsonValue): JsonValue[] {
    const out: JsonValue[] = [];
    this.visit(segments, 0, start, out);
    return out;
  }

  private visit(segments: readonly PathSegment[], i: number, node: JsonValue, out: JsonValue[]): void {
    this.step();
    const segment = segments[i];
    if (segment === undefined) {
      out.push(node);
      return;
    }
    const next = (value: JsonValue): void => this.visit(segments, i + 1, value, out);
    switch (segment.kind) {
      case 'property': {
        const value = isJsonObject(node) ? getOwn(node, segment.name) : undefined;
        if (value !== undefined) next(value);
        return;
      }
      case 'propertyUnion':
        if (!isJsonObject(node)) return;
        if (i === segments.length - 1) {
          out.push(mergeProperties(node, segment.names));
          return;
        }
        for (const name of segment.names) {
          const value = getOwn(node, name);
          if (value !== undefined) next(value);
        }
        return;
      case 'index':
      case 'indexUnion':
      case 'slice':
        if (!Array.isArray(node)) return;
        for (const index of selectedIndexes(segment, node.length)) {
          const value = elementAt(node, index);
          if (value !== undefined) next(value);
        }
        return;
      case 'wildcard':
        if (Array.isArray(node)) node.forEach(next);
        else if (isJsonObject(node)) for (const key of Object.keys(node)) next(node[key] as JsonValue);
        return;
      case 'filter':
        if (Array.isArray(node)) {
          for (const item of node) if (this.accepts(segment.expression, item)) next(item);
        } else if (isJsonObject(node) && this.accepts(segment.expression, node)) {
          next(node); // Jayway applies a filter on an object to the object itself
        }
        return;
      case 'descendants':
        this.descend(segments, i + 1, node, out);
        return;
      case 'function':
        return; // not supported by AWS: matches nothing
    }
  }

  /**
   * `..`: walks every object and array under `start` (pre-order, iteratively so deep input cannot overflow the
   * stack) and applies the target segment wherever Jayway's scan predicate accepts the node.
   */
  private descend(
    segments: readonly PathSegment[],
    target: number,
    start: JsonValue,
    out: JsonValue[],
  ): void {
    const segment = segments[target];
    if (segment === undefined) return;
    const targetIsLeaf = target === segments.length - 1;
    const pending: JsonValue[] = [start];
    while (pending.length > 0) {
      this.step();
      const node = pending.pop() as JsonValue;
      if (Array.isArray(node)) {
        if (this.scanAccepts(segment, node, targetIsLeaf)) {
          if (targetIsLeaf) this.visit(segments, target, node, out);
          // Jayway quirk kept for fidelity: on an array, a non-final target is skipped and the rest of the
          // path is applied to every element (so `$..[0].x` reads `x` of every element).
          else for (const item of node) this.visit(segments, target + 1, item, out);
        }
        for (let k = node.length - 1; k >= 0; k--) pushContainer(pending, node[k]);
      } else if (isJsonObject(node)) {
        if (this.scanAccepts(segment, node, targetIsLeaf)) this.visit(segments, target, node, out);
        const keys = Object.keys(node);
        for (let k = keys.length - 1; k >= 0; k--) pushContainer(pending, node[keys[k] as string]);
      }
    }
  }

  /** Jayway's scan predicates: which nodes under `..` the next segment is tried on. */
  private scanAccepts(segment: PathSegment, node: JsonValue, isLeaf: boolean): boolean {
    switch (segment.kind) {
      case 'property':
        return isJsonObject(node) && hasOwn(node, segment.name);
      case 'propertyUnion':
        return isJsonObject(node) && (!isLeaf || segment.names.every((name) => hasOwn(node, name)));
      case 'index':
      case 'indexUnion':
      case 'slice':
        return Array.isArray(node);
      case 'wildcard':
        return true;
      case 'filter':
        return this.accepts(segment.expression, node);
      case 'descendants':
      case 'function':
        return false;
    }
  }

  private accepts(expression: FilterExpression, item: JsonValue): boolean {
    return testFilter(expression, item, this.resolveSubPath, this.matchRegex);
  }

  /** `=~` runs in the regex sandbox: all of one query's matches share `regexMilliseconds`. */
  private readonly matchRegex = (regex: RegExp, text: string): boolean => {
    this.regexLimits ??= sharedTimeLimit(this.regexMilliseconds);
    return new BoundedRegExp(regex, this.regexLimits).test(text);
  };

  private readonly resolveSubPath = (path: FilterPath, current: JsonValue): FilterValue => {
    const base = path.base === 'current' ? current : this.root;
    if (!path.definite) return { kind: 'value', value: this.collect(path.segments, base) };
    const outcome = this.walkDefinite(path.segments, base);
    return outcome.ok ? { kind: 'value', value: outcome.value } : UNDEFINED_FILTER_VALUE;
  };
}

function pushContainer(pending: JsonValue[], value: JsonValue | undefined): void {
  if (value !== undefined && value !== null && typeof value === 'object') pending.push(value);
}

/** Jayway's leaf name union: one object holding those of the names that are present. */
function mergeProperties(node: JsonObject, names: readonly string[]): JsonObject {
  const merged: JsonObject = {};
  for (const name of names) {
    const value = getOwn(node, name);
    if (value !== undefined) setOwn(merged, name, value);
  }
  return merged;
}

/** The element at a possibly negative index, or undefined when out of range. */
function elementAt(array: readonly JsonValue[], index: number): JsonValue | undefined {
  const effective = index < 0 ? array.length + index : index;
  return effective >= 0 && effective < array.length ? array[effective] : undefined;
}

/**
 * The raw indexes an index, union or slice visits on an array of `length`, replicating Jayway's slice rules
 * (negative bounds count from the end; in `[a:b]` only `b` is clamped, so `[1:-1]` selects nothing).
 * Indexes may still be negative or out of range; elementAt skips those.
 */
function selectedIndexes(segment: PathSegment, length: number): number[] {
  if (segment.kind === 'index') return [segment.index];
  if (segment.kind === 'indexUnion') return segment.indexes;
  if (segment.kind !== 'slice' || length === 0) return [];
  const { start, end } = segment;
  if (start !== null && end === null) {
    return range(Math.max(0, start < 0 ? length + start : start), length);
  }
  if (start !== null && end !== null) {
    const to = Math.min(length, end);
    // Indexes below -length can never resolve; skipping them keeps huge negative bounds cheap.
    return start >= to ? [] : range(Math.max(start, -length), to);
  }
  const to = Math.min(length, end !== null && end < 0 ? length + end : (end ?? length));
  return range(0, to);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
