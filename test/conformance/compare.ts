// Conformance corpus support: loads the recorded AWS cases and compares an execution result with
// the recorded one, honouring the recorder's redactions (placeholders, `date`, `timestamp`,
// test-specific transformers) and the ordering caveats of Map/Parallel (see the corpus README).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isJsonObject, type JsonObject, type JsonValue } from '../../core/json';

/** expected.json of a case (fields as the corpus README describes them). */
export interface ExpectedResult {
  status: string;
  output: JsonValue | null;
  error?: string;
  /** A string, or the parsed JSON object when `cause_is_parsed_json` is true. */
  cause?: JsonValue;
  cause_is_parsed_json?: boolean;
  states?: string[];
  assigned_variables?: { state: string; assignedVariables: JsonObject }[];
  mocks?: Record<string, JsonValue[]>;
  redacted: boolean;
  redactions: string;
  source: string;
  snapshot_keys?: string[];
  recorded?: string;
  aws_validation?: string;
  input_check?: string;
  state_machine_type?: string;
}

export interface ConformanceCase {
  name: string;
  category: string;
  dir: string;
  definition: unknown;
  input: unknown;
  expected: ExpectedResult;
  queryLanguage: 'JSONPath' | 'JSONata';
}

export interface ActualResult {
  status: string;
  output?: unknown;
  error?: string;
  cause?: string;
  states?: string[];
  /** The history: its StateExited events' assignedVariables are compared with `assigned_variables`. */
  events?: readonly { type: string; stateExitedEventDetails?: unknown }[];
}

type AssignedVariables = NonNullable<ExpectedResult['assigned_variables']>;

/** The `{state, assignedVariables}` of each StateExited event that has them, in history order. */
export function assignedVariablesOf(events: NonNullable<ActualResult['events']>): AssignedVariables {
  const out: AssignedVariables = [];
  for (const event of events) {
    if (!event.type.endsWith('StateExited')) continue;
    const details = event.stateExitedEventDetails as { name?: string; assignedVariables?: JsonObject };
    if (details.assignedVariables !== undefined)
      out.push({ state: String(details.name), assignedVariables: details.assignedVariables });
  }
  return out;
}

/**
 * The recorded assignedVariables against the actual ones, state by state in history order. Inside a
 * Map or Parallel, where AWS's interleaving of iterations is not the local one, entries are matched
 * to any unused actual entry of the same state.
 */
function compareAssigned(
  expected: AssignedVariables,
  actual: AssignedVariables,
  definition: unknown,
  ctx: RedactionContext,
  diffs: string[],
): void {
  const inner = definition === undefined ? new Set<string>() : statesInsideMapOrParallel(definition);
  const outer = (list: AssignedVariables): AssignedVariables => list.filter((e) => !inner.has(e.state));
  const expectedOuter = outer(expected);
  const actualOuter = outer(actual);
  if (expectedOuter.length !== actualOuter.length) {
    diffs.push(
      `assigned_variables: expected ${expectedOuter.length} states assigning outside Map/Parallel (${show(expectedOuter.map((e) => e.state))}), got ${actualOuter.length} (${show(actualOuter.map((e) => e.state))})`,
    );
    return;
  }
  expectedOuter.forEach((entry, index) => {
    const got = actualOuter[index];
    if (got?.state !== entry.state) {
      diffs.push(
        `assigned_variables[${index}]: expected state ${show(entry.state)}, got ${show(got?.state)}`,
      );
      return;
    }
    compareValue(
      entry.assignedVariables,
      got.assignedVariables,
      `assigned_variables(${entry.state})`,
      undefined,
      ctx,
      diffs,
    );
  });
  const unused = actual.filter((e) => inner.has(e.state));
  for (const entry of expected.filter((e) => inner.has(e.state))) {
    const index = unused.findIndex((candidate) => {
      if (candidate.state !== entry.state) return false;
      const trial: string[] = [];
      compareValue(entry.assignedVariables, candidate.assignedVariables, '', undefined, ctx, trial);
      return trial.length === 0;
    });
    if (index < 0)
      diffs.push(
        `assigned_variables(${entry.state}): no actual entry matches ${show(entry.assignedVariables)}`,
      );
    else unused.splice(index, 1);
  }
  if (unused.length > 0) diffs.push(`assigned_variables: unexpected entries ${show(unused)}`);
}

export interface CompareOptions {
  /** The case's definition: lets `states` be compared in order outside Map/Parallel. */
  definition?: unknown;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new Error(
      `cannot read conformance file ${file}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Reads INDEX.tsv under `root` and every case's definition, input and expected result. */
export function loadConformanceCases(root: string): ConformanceCase[] {
  const lines = readFileSync(join(root, 'INDEX.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`INDEX.tsv has no "${name}" column`);
    return index;
  };
  const [caseCol, categoryCol, languageCol] = [column('case'), column('category'), column('query_language')];
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const name = cells[caseCol] ?? '';
    const category = cells[categoryCol] ?? '';
    const queryLanguage = cells[languageCol];
    if (name === '' || (queryLanguage !== 'JSONPath' && queryLanguage !== 'JSONata')) {
      throw new Error(`malformed INDEX.tsv row: ${line}`);
    }
    const dir = join(root, name);
    const expected = readJson(join(dir, 'expected.json'));
    if (!isJsonObject(expected) || typeof expected['status'] !== 'string') {
      throw new Error(`${join(dir, 'expected.json')} has no status`);
    }
    return {
      name,
      category,
      dir,
      definition: readJson(join(dir, 'definition.asl.json')),
      input: readJson(join(dir, 'input.json')),
      expected: expected as unknown as ExpectedResult,
      queryLanguage,
    };
  });
}

/** Cases whose definition uses no JSONata and no variables (the JSONPath-only subset). */
export function isJsonPathOnlyCase(c: ConformanceCase): boolean {
  const text = JSON.stringify(c.definition);
  return !['JSONata', 'Assign', '{%'].some((marker) => text.includes(marker));
}

// ---- redaction-aware value matching ----

const PLACEHOLDER = /<[A-Za-z][\w-]*(?::\d+)?>/;
const ISO_DATETIME = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|z|[+-]\d{2}(?::?\d{2})?)`;
const RECORDED_ACCOUNT = '111111111111';
const MAX_DIFFERENCES = 25;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The state of one comparison: which wildcards the case's redactions allow, and placeholder bindings. */
class RedactionContext {
  readonly redacted: boolean;
  private readonly dateWildcard: boolean;
  private readonly bareWildcards: string[];
  /** Keys whose value a JsonpathTransformer replaced, with the replacement text(s). */
  private readonly replacedKeys = new Map<string, Set<string>>();
  private readonly bindings = new Map<string, string>();

  constructor(expected: ExpectedResult) {
    this.redacted = expected.redacted === true;
    const note = this.redacted ? (expected.redactions ?? '') : '';
    this.dateWildcard = note.includes("replaced by the string 'date'");
    this.bareWildcards = ['snf_role_arn', 'sfn_role_arn'].filter((token) => note.includes(token));
    const transformer = /JsonpathTransformer\(\s*(?:jsonpath=)?'([^']*)'\s*,\s*(?:replacement=)?'([^']*)'/g;
    for (const [, path = '', replacement = ''] of note.matchAll(transformer)) {
      const key = path.split('.').pop() ?? '';
      if (key !== '' && key !== '$') {
        const set = this.replacedKeys.get(key) ?? new Set<string>();
        set.add(replacement);
        this.replacedKeys.set(key, set);
      }
    }
  }

  /** Whether the value under `key` was replaced wholesale by the recorder, so any actual value fits. */
  isWholeValueWildcard(key: string | undefined, expected: unknown): boolean {
    if (!this.redacted || key === undefined || typeof expected !== 'string') return false;
    if (this.replacedKeys.get(key)?.has(expected)) return true;
    return expected === 'timestamp' && /timestamp/i.test(key);
  }

  /** Matches one string, binding `<x:N>` placeholders consistently across the whole case. */
  matchString(expected: string, actual: string): boolean {
    if (expected === actual) return true;
    if (!this.redacted) return false;
    const tokens = [PLACEHOLDER.source, RECORDED_ACCOUNT, ...this.bareWildcards.map(escapeRegExp)];
    if (this.dateWildcard) tokens.push('date');
    const tokenizer = new RegExp(tokens.join('|'), 'g');
    const groupOf = new Map<string, string>();
    let pattern = '';
    let last = 0;
    for (const match of expected.matchAll(tokenizer)) {
      const token = match[0];
      pattern += escapeRegExp(expected.slice(last, match.index));
      last = match.index + token.length;
      if (token === 'date') pattern += `(?:date|${ISO_DATETIME})`;
      else if (token === RECORDED_ACCOUNT) pattern += String.raw`\d{12}`;
      else if (!token.startsWith('<')) pattern += '.+?';
      else {
        const bound = this.bindings.get(token);
        const group = groupOf.get(token);
        if (bound !== undefined) pattern += escapeRegExp(bound);
        else if (group !== undefined) pattern += `\\k<${group}>`;
        else {
          const name = `p${groupOf.size}`;
          groupOf.set(token, name);
          pattern += `(?<${name}>.+?)`;
        }
      }
    }
    pattern += escapeRegExp(expected.slice(last));
    const result = new RegExp(`^${pattern}$`, 's').exec(actual);
    if (result === null) return false;
    for (const [token, group] of groupOf) this.bindings.set(token, result.groups?.[group] ?? '');
    return true;
  }
}

function show(value: unknown): string {
  if (value === undefined) return '(missing)';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Walks expected and actual together, appending differences. `key` is the property holding them. */
function compareValue(
  expected: unknown,
  actual: unknown,
  path: string,
  key: string | undefined,
  ctx: RedactionContext,
  diffs: string[],
): void {
  if (ctx.isWholeValueWildcard(key, expected)) {
    if (actual === undefined) diffs.push(`${path}: expected a value (redacted by the recorder), got none`);
    return;
  }
  if (typeOf(expected) !== typeOf(actual)) {
    diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (typeof expected === 'string') {
    if (!ctx.matchString(expected, actual as string))
      diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    const actualArray = actual as unknown[];
    if (expected.length !== actualArray.length) {
      diffs.push(
        `${path}: expected an array of ${expected.length} items, got ${actualArray.length}: ${show(actual)}`,
      );
      return;
    }
    expected.forEach((item, index) =>
      compareValue(item, actualArray[index], `${path}[${index}]`, undefined, ctx, diffs),
    );
    return;
  }
  if (typeof expected === 'object' && expected !== null) {
    const expectedObject = expected as Record<string, unknown>;
    const actualObject = actual as Record<string, unknown>;
    for (const [k, value] of Object.entries(expectedObject)) {
      if (!Object.prototype.hasOwnProperty.call(actualObject, k))
        diffs.push(`${childPath(path, k)}: missing (expected ${show(value)})`);
      else compareValue(value, actualObject[k], childPath(path, k), k, ctx, diffs);
    }
    for (const k of Object.keys(actualObject)) {
      if (!Object.prototype.hasOwnProperty.call(expectedObject, k))
        diffs.push(`${childPath(path, k)}: unexpected key (value ${show(actualObject[k])})`);
    }
    return;
  }
  if (expected !== actual) diffs.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
}

// ---- states ----

/** Names of every state nested inside a Map or Parallel state of the definition. */
function statesInsideMapOrParallel(definition: unknown): Set<string> {
  const inner = new Set<string>();
  const visit = (states: unknown, nested: boolean): void => {
    if (!isJsonObject(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (nested) inner.add(name);
      if (!isJsonObject(state)) continue;
      const branches = state['Branches'];
      if (state['Type'] === 'Parallel' && Array.isArray(branches)) {
        for (const branch of branches) if (isJsonObject(branch)) visit(branch['States'], true);
      }
      const processor = state['ItemProcessor'] ?? state['Iterator'];
      if (state['Type'] === 'Map' && isJsonObject(processor)) visit(processor['States'], true);
    }
  };
  if (isJsonObject(definition)) visit(definition['States'], false);
  return inner;
}

function countNames(names: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function compareStates(
  expected: string[],
  actual: string[] | undefined,
  definition: unknown,
  diffs: string[],
): void {
  if (actual === undefined) {
    diffs.push(`states: expected ${show(expected)}, got none`);
    return;
  }
  const expectedCounts = countNames(expected);
  const actualCounts = countNames(actual);
  for (const name of new Set([...expected, ...actual])) {
    const want = expectedCounts.get(name) ?? 0;
    const got = actualCounts.get(name) ?? 0;
    if (want !== got)
      diffs.push(`states: "${name}" entered ${got} time${got === 1 ? '' : 's'}, expected ${want}`);
  }
  if (definition === undefined) {
    if (expected[0] !== actual[0])
      diffs.push(`states: first state expected ${show(expected[0])}, got ${show(actual[0])}`);
    return;
  }
  const inner = statesInsideMapOrParallel(definition);
  const expectedTop = expected.filter((name) => !inner.has(name));
  const actualTop = actual.filter((name) => !inner.has(name));
  if (expectedTop.length !== actualTop.length || expectedTop.some((name, i) => name !== actualTop[i])) {
    diffs.push(`states: order outside Map/Parallel expected ${show(expectedTop)}, got ${show(actualTop)}`);
  }
}

// ---- whole result ----

function compareCause(
  expected: ExpectedResult,
  actual: ActualResult,
  ctx: RedactionContext,
  diffs: string[],
): void {
  if (expected.cause === undefined) {
    if (actual.cause !== undefined && actual.cause !== '')
      diffs.push(`cause: expected none, got ${show(actual.cause)}`);
    return;
  }
  if (actual.cause === undefined) {
    diffs.push(`cause: expected ${show(expected.cause)}, got none`);
    return;
  }
  if (expected.cause_is_parsed_json === true) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(actual.cause);
    } catch {
      diffs.push(
        `cause: expected JSON text matching ${show(expected.cause)}, got non-JSON ${show(actual.cause)}`,
      );
      return;
    }
    compareValue(expected.cause, parsed, 'cause(parsed)', undefined, ctx, diffs);
    return;
  }
  compareValue(expected.cause, actual.cause, 'cause', undefined, ctx, diffs);
}

/**
 * Differences between a recorded AWS result and an actual one, as readable lines; empty when they
 * match. Status and error are compared exactly; cause exactly, by pattern when redacted, or
 * structurally when the recorder parsed it; output structurally with redaction wildcards; states as
 * a multiset, and in order outside Map/Parallel when `options.definition` is given (otherwise only
 * the first state's position is checked); assigned variables (when the actual history is given) in
 * history order outside Map/Parallel, matched by state inside.
 */
export function compareResult(
  expected: ExpectedResult,
  actual: ActualResult,
  options: CompareOptions = {},
): string[] {
  const diffs: string[] = [];
  const ctx = new RedactionContext(expected);
  if (expected.status !== actual.status) {
    const failure =
      actual.error === undefined ? '' : ` (${actual.error}${actual.cause ? `: ${show(actual.cause)}` : ''})`;
    diffs.push(`status: expected ${expected.status}, got ${actual.status}${failure}`);
  } else {
    const expectedError = expected.error ?? '';
    const actualError = actual.error ?? '';
    if (expectedError !== actualError)
      diffs.push(`error: expected ${show(expected.error)}, got ${show(actual.error)}`);
    compareCause(expected, actual, ctx, diffs);
    if (expected.status === 'SUCCEEDED')
      compareValue(expected.output, actual.output, 'output', undefined, ctx, diffs);
  }
  if (expected.states !== undefined) compareStates(expected.states, actual.states, options.definition, diffs);
  if (expected.assigned_variables !== undefined && actual.events !== undefined) {
    compareAssigned(
      expected.assigned_variables,
      assignedVariablesOf(actual.events),
      options.definition,
      ctx,
      diffs,
    );
  }
  if (diffs.length > MAX_DIFFERENCES) {
    return [...diffs.slice(0, MAX_DIFFERENCES), `... and ${diffs.length - MAX_DIFFERENCES} more differences`];
  }
  return diffs;
}
