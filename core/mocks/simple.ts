// The simple mock form: {"State": [{"Return": ...} | {"Throw": {...}}, ...]}, where the n-th
// invocation of a state gets the n-th entry and the last entry repeats for later invocations.

import { isJsonObject } from '../json';
import {
  checkInvocation,
  copyResponse,
  invalidMocks,
  parseResponseEntry,
  type EntryRules,
} from './responseEntry';
import type { MockResponse, MockSource } from './types';

const SIMPLE_RULES: EntryRules = {
  ignoreExtraKeys: true,
  allowDelay: true,
  requireCause: false,
  allowStructuredCause: true,
};

/** A MockSource over fixed response lists, one per state; the last response repeats. */
export class ListMockSource implements MockSource {
  private readonly responses: ReadonlyMap<string, readonly MockResponse[]>;

  /** Responses handed out as they are stored (once each, when copies are not required). */
  private readonly handedOut = new Set<MockResponse>();

  /**
   * `copyResponses: false` hands each stored response out once as it is, copies after that: for a source
   * used by one execution only, where nobody else can see the values it returns.
   */
  constructor(
    responses: ReadonlyMap<string, readonly MockResponse[]>,
    private readonly copyResponses = true,
  ) {
    this.responses = responses;
  }

  responseFor(stateName: string, invocation: number): MockResponse | undefined {
    checkInvocation(invocation);
    const list = this.responses.get(stateName);
    if (list === undefined || list.length === 0) return undefined;
    const response = list[Math.min(invocation, list.length - 1)];
    if (response === undefined) return undefined;
    if (this.copyResponses || this.handedOut.has(response)) return copyResponse(response);
    this.handedOut.add(response);
    return response;
  }

  has(stateName: string): boolean {
    return this.responses.has(stateName);
  }

  stateNames(): string[] {
    return [...this.responses.keys()];
  }
}

/**
 * Reads the simple mock form. Each state maps to a list of responses (or a single response).
 * An entry is {"Return": value} or {"Throw": {"Error", "Cause"?}}, optionally with "Delay" or
 * "delaySeconds" (simulated duration); other entry keys such as "event" are ignored. A missing
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
    entries.forEach((entry, index) => {
      const where = (): string =>
        Array.isArray(raw)
          ? `mocks for state "${stateName}", entry ${index}`
          : `mocks for state "${stateName}"`;
      try {
        list.push(parseResponseEntry(entry, where, SIMPLE_RULES, origin));
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
    });
    responses.set(stateName, list);
  }
  return new ListMockSource(responses, options.forOneRun !== true);
}
