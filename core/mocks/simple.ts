// The simple mock form: {"State": [{"Return": ...} | {"Throw": {...}}, ...]}, where the n-th
// invocation of a state gets the n-th entry and the last entry repeats for later invocations.
// An entry may carry "When"/"when": it answers only calls whose request matches (deep subset, as
// `outputContains`), whatever order concurrent iterations run in. Entries with `when` are tried
// in order; entries without are the fallback; calls that match the same entries get them in turn
// (the n-th such call the n-th, the last repeating).

import { cloneJson, isJsonObject, isSubset, type JsonValue } from '../json';
import {
  checkInvocation,
  copyResponse,
  invalidMocks,
  parseResponseEntry,
  type EntryRules,
} from './responseEntry';
import type { MockCall, MockResponse, MockSource } from './types';

/** A response and the requests it answers (`when` absent: any). */
export interface MockEntry {
  response: MockResponse;
  when?: JsonValue;
}

const WHEN_KEYS = ['when', 'When'] as const;

const SIMPLE_RULES: EntryRules = {
  ignoreExtraKeys: true,
  allowDelay: true,
  requireCause: false,
  allowStructuredCause: true,
  allowCallback: true,
};

/** The `when` lists of a source that has none (most): one shared empty map. */
const NO_MATCHING: ReadonlyMap<string, readonly MockEntry[]> = new Map();

/** A MockSource over fixed response lists, one per key; the last response repeats. */
export class ListMockSource implements MockSource {
  private readonly responses: ReadonlyMap<string, readonly MockResponse[]>;
  /** Keys whose list has entries with `when`, with every entry. */
  private readonly matching: ReadonlyMap<string, readonly MockEntry[]>;

  /** Responses handed out as they are stored (once each, when copies are not required; made on first use). */
  private handedOut: Set<MockResponse> | undefined;

  /**
   * `copyResponses: false` hands each stored response out once as it is, copies after that: for a source
   * used by one execution only, where nobody else can see the values it returns.
   */
  constructor(
    responses: ReadonlyMap<string, readonly MockResponse[]>,
    private readonly copyResponses = true,
    matching: ReadonlyMap<string, readonly MockEntry[]> = NO_MATCHING,
  ) {
    this.responses = responses;
    this.matching = matching;
  }

  responseFor(stateName: string, invocation: number, call?: MockCall): MockResponse | undefined {
    checkInvocation(invocation);
    const entries = this.matching.get(stateName);
    if (entries !== undefined) return call === undefined ? undefined : this.matched(entries, call);
    const list = this.responses.get(stateName);
    if (list === undefined || list.length === 0) return undefined;
    return this.handOut(list[Math.min(invocation, list.length - 1)]);
  }

  /** The entry for a call of a list with `when`: the matching ones in turn, else the fallback ones in turn. */
  private matched(entries: readonly MockEntry[], call: MockCall): MockResponse | undefined {
    const chosen: number[] = [];
    entries.forEach((entry, index) => {
      if (entry.when !== undefined && isSubset(entry.when, call.subject)) chosen.push(index);
    });
    if (chosen.length === 0)
      entries.forEach((entry, index) => {
        if (entry.when === undefined) chosen.push(index);
      });
    if (chosen.length === 0) return undefined;
    const n = call.sequence(chosen.join(','));
    return this.handOut(entries[chosen[Math.min(n, chosen.length - 1)] ?? 0]?.response);
  }

  private handOut(response: MockResponse | undefined): MockResponse | undefined {
    if (response === undefined) return undefined;
    if (this.copyResponses || this.handedOut?.has(response) === true) return copyResponse(response);
    (this.handedOut ??= new Set()).add(response);
    return response;
  }

  has(stateName: string): boolean {
    return this.responses.has(stateName);
  }

  stateNames(): string[] {
    return [...this.responses.keys()];
  }

  /** The `when` of each entry under `key` (undefined for the fallback ones); empty when none has one. */
  conditions(key: string): (JsonValue | undefined)[] {
    return (this.matching.get(key) ?? []).map((entry) => entry.when);
  }
}

const LOWER_CASE = [
  ['return', 'Return'],
  ['throw', 'Throw'],
  ['delay', 'Delay'],
  ['callback', 'Callback'],
] as const;

/**
 * An entry with the lower-case spellings (`return`, `throw: {error, cause}`, `delay`: a test file's)
 * turned into the capitalised ones, so every surface takes both; throws when one is given twice.
 */
function capitalised(entry: unknown, where: () => string, origin: string | undefined): unknown {
  // Checked without allocating: mocks are read on every run.
  if (
    !isJsonObject(entry) ||
    (entry.return === undefined &&
      entry.throw === undefined &&
      entry.delay === undefined &&
      entry.callback === undefined)
  )
    return entry;
  const out: Record<string, unknown> = { ...entry };
  for (const [lower, upper] of LOWER_CASE) {
    if (!Object.prototype.hasOwnProperty.call(entry, lower)) continue;
    if (Object.prototype.hasOwnProperty.call(entry, upper))
      throw invalidMocks(
        `${where()}: both "${lower}" and "${upper}" are given`,
        `Give "${upper}" once.`,
        origin,
      );
    out[upper] = entry[lower];
    delete out[lower];
  }
  const thrown = out.Throw;
  if (isJsonObject(thrown) && (thrown.error !== undefined || thrown.cause !== undefined)) {
    const fixed: Record<string, unknown> = { ...thrown };
    for (const [lower, upper] of [
      ['error', 'Error'],
      ['cause', 'Cause'],
    ] as const) {
      if (!Object.prototype.hasOwnProperty.call(thrown, lower)) continue;
      if (Object.prototype.hasOwnProperty.call(thrown, upper))
        throw invalidMocks(
          `${where()}: both "${lower}" and "${upper}" are given`,
          `Give "${upper}" once.`,
          origin,
        );
      fixed[upper] = thrown[lower];
      delete fixed[lower];
    }
    out.Throw = fixed;
  }
  return out;
}

/** An entry's `when`/`When` (a copy), or undefined; throws for both spellings at once. */
function readWhen(entry: unknown, where: () => string, origin: string | undefined): JsonValue | undefined {
  if (!isJsonObject(entry)) return undefined;
  // Checked without allocating: mocks are read on every run.
  if (entry.when === undefined && entry.When === undefined) return undefined;
  const given = WHEN_KEYS.filter((key) => Object.prototype.hasOwnProperty.call(entry, key));
  if (given.length === 0) return undefined;
  if (given.length > 1)
    throw invalidMocks(`${where()}: both "when" and "When" are given`, 'Give the match once.', origin);
  const value = entry[given[0] as (typeof WHEN_KEYS)[number]] as JsonValue;
  return cloneJson(value);
}

/**
 * Reads the simple mock form. Each key (a state name, or a function or activity a Task calls) maps to
 * a list of responses (or a single response). An entry is {"Return": value} or {"Throw": {"Error",
 * "Cause"?}}, optionally with "Delay" or "delaySeconds" (simulated duration) and "When"/"when" (the
 * request it answers); other entry keys such as "event" are ignored. A missing
 * Cause is "", and a Cause given as a JSON object is sent as its JSON text.
 * Throws StepthroughError E_INVALID_MOCKS naming the state and entry for malformed input.
 */
export function simpleMocks(
  spec: unknown,
  origin?: string,
  options: { forOneRun?: boolean } = {},
): MockSource {
  const example = '{"MyTask": [{"Return": {"ok": true}}, {"Throw": {"Error": "MyError", "Cause": "..."}}]}';
  if (!isJsonObject(spec)) {
    throw invalidMocks(
      `mocks must be an object mapping state names to responses, got ${Array.isArray(spec) ? 'array' : spec === null ? 'null' : typeof spec}`,
      `Write e.g. ${example}.`,
      origin,
    );
  }
  const looksLikeConfigFile =
    Object.prototype.hasOwnProperty.call(spec, 'StateMachines') &&
    Object.prototype.hasOwnProperty.call(spec, 'MockedResponses');
  const responses = new Map<string, MockResponse[]>();
  let matching: Map<string, MockEntry[]> | undefined;
  for (const stateName of Object.keys(spec)) {
    const raw = spec[stateName];
    const entries: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (Array.isArray(raw) && raw.length === 0) {
      throw invalidMocks(
        `mocks for state "${stateName}": the response list is empty`,
        'Give at least one {"Return": ...} or {"Throw": {...}} entry, or remove the state.',
        origin,
      );
    }
    const list: MockResponse[] = [];
    let conditions: (JsonValue | undefined)[] | undefined;
    for (let index = 0; index < entries.length; index++) {
      const entry = entries[index];
      const where = (): string =>
        Array.isArray(raw)
          ? `mocks for state "${stateName}", entry ${index}`
          : `mocks for state "${stateName}"`;
      try {
        const when = readWhen(entry, where, origin);
        if (when !== undefined) (conditions ??= [])[index] = when;
        list.push(parseResponseEntry(capitalised(entry, where, origin), where, SIMPLE_RULES, origin));
      } catch (error) {
        if (looksLikeConfigFile && error instanceof Error) {
          throw invalidMocks(
            error.message,
            'This looks like an AWS MockConfigFile (StateMachines + MockedResponses); load it as a mock config file with a test case.',
            origin,
          );
        }
        throw error;
      }
    }
    responses.set(stateName, list);
    const found = conditions;
    if (found !== undefined)
      (matching ??= new Map()).set(
        stateName,
        list.map((response, i) => {
          const when = found[i];
          return when === undefined ? { response } : { response, when };
        }),
      );
  }
  return new ListMockSource(responses, options.forOneRun !== true, matching ?? NO_MATCHING);
}
