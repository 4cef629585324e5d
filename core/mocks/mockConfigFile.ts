// AWS Step Functions Local's MockConfigFile: test cases map Task states to named mocked responses,
// whose entries are keyed by invocation number ("0") or inclusive range ("1-2"), consecutive from 0.
// Past the last defined invocation there is no response (Step Functions Local fails the execution).

import { isJsonObject, type JsonObject } from '../json';
import {
  checkInvocation,
  copyResponse,
  invalidMocks,
  parseResponseEntry,
  type EntryRules,
} from './responseEntry';
import type { MockResponse, MockSource } from './types';

const CONFIG_RULES: EntryRules = {
  ignoreExtraKeys: false,
  allowDelay: false,
  requireCause: true,
  allowStructuredCause: false,
};

const STRUCTURE_HINT =
  'A MockConfigFile is {"StateMachines": {"<name>": {"TestCases": {"<case>": {"<State>": "<MockedResponse>"}}}}, "MockedResponses": {"<MockedResponse>": {"0": {"Return": ...}}}}.';

/** One keyed entry of a mocked response: invocations start..end (inclusive). */
interface RangedResponse {
  start: number;
  end: number;
  response: MockResponse;
}

/** Whether a parsed document is a MockConfigFile (it has StateMachines and MockedResponses). */
export function isMockConfigFile(spec: unknown): boolean {
  return (
    isJsonObject(spec) &&
    Object.prototype.hasOwnProperty.call(spec, 'StateMachines') &&
    Object.prototype.hasOwnProperty.call(spec, 'MockedResponses')
  );
}

function quoteList(names: string[]): string {
  return names.length === 0 ? '(none)' : names.map((n) => `"${n}"`).join(', ');
}

function objectField(parent: JsonObject, key: string, where: string, origin: string | undefined): JsonObject {
  const value = parent[key];
  if (value === undefined) throw invalidMocks(`${where} has no "${key}"`, STRUCTURE_HINT, origin);
  if (!isJsonObject(value))
    throw invalidMocks(`${where}: "${key}" must be an object`, STRUCTURE_HINT, origin);
  return value;
}

function stateMachinesOf(spec: unknown, origin: string | undefined): JsonObject {
  if (!isJsonObject(spec))
    throw invalidMocks('the mock config file must be a JSON object', STRUCTURE_HINT, origin);
  return objectField(spec, 'StateMachines', 'the mock config file', origin);
}

function testCasesOf(stateMachines: JsonObject, name: string, origin: string | undefined): JsonObject {
  const machine = stateMachines[name];
  if (!isJsonObject(machine)) {
    throw invalidMocks(
      `mock config: state machine "${name}" must be an object with "TestCases"`,
      STRUCTURE_HINT,
      origin,
    );
  }
  return objectField(machine, 'TestCases', `mock config: state machine "${name}"`, origin);
}

/** Every (state machine, test case) pair of a MockConfigFile, in file order. */
export function listMockConfigTestCases(spec: unknown): { stateMachine: string; testCase: string }[] {
  const stateMachines = stateMachinesOf(spec, undefined);
  const out: { stateMachine: string; testCase: string }[] = [];
  for (const stateMachine of Object.keys(stateMachines)) {
    for (const testCase of Object.keys(testCasesOf(stateMachines, stateMachine, undefined)))
      out.push({ stateMachine, testCase });
  }
  return out;
}

/** Parses "3" or "1-2" (inclusive) into a range; undefined when the key is not one. */
function parseRangeKey(key: string): { start: number; end: number } | undefined {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(key);
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return undefined;
  return { start, end };
}

function parseMockedResponse(name: string, raw: unknown, origin: string | undefined): RangedResponse[] {
  const where = `mock config: mocked response "${name}"`;
  if (!isJsonObject(raw)) {
    throw invalidMocks(
      `${where} must be an object keyed by invocation ("0", "1-2", ...)`,
      STRUCTURE_HINT,
      origin,
    );
  }
  const ranged: RangedResponse[] = [];
  for (const [key, entry] of Object.entries(raw)) {
    const range = parseRangeKey(key);
    if (range === undefined) {
      throw invalidMocks(
        `${where}: invocation key "${key}" is not a number or a range`,
        'Key entries by 0-based invocation number ("0", "1") or an inclusive range ("1-2").',
        origin,
      );
    }
    if (range.end < range.start) {
      throw invalidMocks(
        `${where}: range "${key}" ends before it starts`,
        'Write ranges low-high, e.g. "1-3".',
        origin,
      );
    }
    ranged.push({
      ...range,
      response: parseResponseEntry(entry, `${where}, invocation "${key}"`, CONFIG_RULES, origin),
    });
  }
  if (ranged.length === 0) {
    throw invalidMocks(`${where} has no responses`, 'Give at least {"0": {"Return": ...}}.', origin);
  }
  ranged.sort((a, b) => a.start - b.start);
  let next = 0;
  for (const item of ranged) {
    const label = item.start === item.end ? `"${item.start}"` : `"${item.start}-${item.end}"`;
    if (item.start < next) {
      throw invalidMocks(
        `${where}: invocation ${label} overlaps an earlier entry`,
        'Each invocation number must be defined once.',
        origin,
      );
    }
    if (item.start > next) {
      throw invalidMocks(
        `${where}: invocation${next === item.start - 1 ? ` ${next} is` : `s ${next}-${item.start - 1} are`} not defined (next entry is ${label})`,
        'Entries must be numbered consecutively from "0": every invocation needs a response.',
        origin,
      );
    }
    next = item.end + 1;
  }
  return ranged;
}

/** A MockSource over consecutive invocation ranges; undefined after the last defined invocation. */
class RangedMockSource implements MockSource {
  private readonly responses: ReadonlyMap<string, readonly RangedResponse[]>;

  constructor(responses: ReadonlyMap<string, readonly RangedResponse[]>) {
    this.responses = responses;
  }

  responseFor(stateName: string, invocation: number): MockResponse | undefined {
    checkInvocation(invocation);
    const found = this.responses.get(stateName)?.find((r) => invocation >= r.start && invocation <= r.end);
    return found === undefined ? undefined : copyResponse(found.response);
  }

  has(stateName: string): boolean {
    return this.responses.has(stateName);
  }

  stateNames(): string[] {
    return [...this.responses.keys()];
  }
}

function chooseStateMachine(
  stateMachines: JsonObject,
  requested: string | undefined,
  origin: string | undefined,
): string {
  const names = Object.keys(stateMachines);
  if (requested !== undefined) {
    if (Object.prototype.hasOwnProperty.call(stateMachines, requested)) return requested;
    throw invalidMocks(
      `mock config has no state machine "${requested}"; it defines ${quoteList(names)}`,
      'Use the state machine name as it appears under "StateMachines".',
      origin,
    );
  }
  const only = names[0];
  if (names.length === 1 && only !== undefined) return only;
  throw invalidMocks(
    names.length === 0
      ? 'mock config defines no state machines'
      : `mock config defines several state machines (${quoteList(names)}); say which one to use`,
    names.length === 0 ? STRUCTURE_HINT : 'Pass the state machine name along with the test case.',
    origin,
  );
}

/**
 * Reads a MockConfigFile and returns the mocks of one test case. With no state machine name, the
 * file must define exactly one. Validates the chosen test case and the mocked responses it uses;
 * throws StepthroughError E_INVALID_MOCKS (listing what is available) otherwise.
 */
export function mockConfigFile(
  spec: unknown,
  stateMachineName: string | undefined,
  testCase: string,
  origin?: string,
): MockSource {
  const stateMachines = stateMachinesOf(spec, origin);
  const mockedResponses = objectField(spec as JsonObject, 'MockedResponses', 'the mock config file', origin);
  const machine = chooseStateMachine(stateMachines, stateMachineName, origin);
  const testCases = testCasesOf(stateMachines, machine, origin);
  const mapping = testCases[testCase];
  if (!Object.prototype.hasOwnProperty.call(testCases, testCase) || mapping === undefined) {
    throw invalidMocks(
      `mock config: state machine "${machine}" has no test case "${testCase}"; available test cases: ${quoteList(Object.keys(testCases))}`,
      'Use one of the test case names under "TestCases".',
      origin,
    );
  }
  const where = `mock config: test case "${testCase}" of state machine "${machine}"`;
  if (!isJsonObject(mapping)) {
    throw invalidMocks(
      `${where} must be an object mapping state names to mocked response names`,
      STRUCTURE_HINT,
      origin,
    );
  }
  const responses = new Map<string, RangedResponse[]>();
  for (const [stateName, responseName] of Object.entries(mapping)) {
    if (typeof responseName !== 'string') {
      throw invalidMocks(
        `${where}: state "${stateName}" must name a mocked response (a string)`,
        'Write "StateName": "MockedResponseName".',
        origin,
      );
    }
    if (!Object.prototype.hasOwnProperty.call(mockedResponses, responseName)) {
      throw invalidMocks(
        `${where}: state "${stateName}" uses mocked response "${responseName}", which is not defined; MockedResponses has ${quoteList(Object.keys(mockedResponses))}`,
        'Add it under "MockedResponses" or fix the name.',
        origin,
      );
    }
    responses.set(stateName, parseMockedResponse(responseName, mockedResponses[responseName], origin));
  }
  return new RangedMockSource(responses);
}
