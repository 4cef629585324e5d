// The test file's `mockConfig:` key: an AWS Step Functions Local MockConfigFile, checked against the
// state machine (every mocked state must exist), giving a MockSource per TestCase, or one case per
// TestCase when the file lists no cases of its own.

import { StepthroughError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { mockConfigFile, type MockSource } from '../mocks';
import { closestMatch } from '../validate/suggest';
import type { FileChecker, ValuePath } from './checker';
import type { ReferenceReader } from './loader';
import type { CaseContext, TestCaseSpec } from './model';
import type { MachineStates, StateMocks } from './mockSpec';
import { stateMachineNameOf } from '../model';
import type { ItemReaderData } from '../interpreter/options';

export interface MockConfig {
  file: string;
  stateMachine: string;
  /** The mocks of one TestCase; undefined after reporting at `path` when it does not exist. */
  source(testCase: string, path: ValuePath): MockSource | undefined;
  /** One case per TestCase, expecting SUCCEEDED, with the file's defaults. */
  allCases(
    defaults: {
      input: JsonValue;
      mocks: StateMocks;
      substitutions: Record<string, JsonValue>;
      context: CaseContext;
      itemReader: Record<string, ItemReaderData>;
    },
    /** A case's mocks (the file's, then the TestCase's) and the handler layers that sit with them. */
    build: (
      mocks: StateMocks,
      source: MockSource | undefined,
    ) => Pick<TestCaseSpec, 'mockSource' | 'handlerLayers'>,
  ): TestCaseSpec[];
}

function chooseMachine(
  machines: JsonObject,
  requested: string | undefined,
  machineFile: string,
  context: CaseContext,
): string | undefined {
  const names = Object.keys(machines);
  if (requested !== undefined) return names.includes(requested) ? requested : undefined;
  if (names.length === 1) return names[0];
  for (const candidate of [context.stateMachineName, stateMachineNameOf(machineFile)]) {
    if (candidate !== undefined && names.includes(candidate)) return candidate;
  }
  return undefined;
}

export function loadMockConfig(
  raw: JsonValue,
  refs: ReferenceReader,
  machine: { file: string; states: MachineStates },
  context: CaseContext,
): MockConfig | undefined {
  const check = refs.check;
  let reference: string | undefined;
  let requested: string | undefined;
  let referencePath: ValuePath = ['mockConfig'];
  if (typeof raw === 'string') reference = raw;
  else if (isJsonObject(raw)) {
    check.checkKeys(raw, ['mockConfig'], new Set(['file', 'stateMachine']), '"mockConfig"');
    reference = check.string(raw.file, ['mockConfig', 'file'], '"mockConfig.file"');
    requested = check.string(raw.stateMachine, ['mockConfig', 'stateMachine'], '"mockConfig.stateMachine"');
    referencePath = ['mockConfig', 'file'];
    if (reference === undefined) check.error(['mockConfig'], '"mockConfig" needs "file"');
  } else check.error(['mockConfig'], '"mockConfig" is the path of a MockConfigFile, or {file, stateMachine}');
  if (reference === undefined) return undefined;
  const doc = refs.document(reference, referencePath, 'mock config', 'mock');
  if (!doc) return undefined;
  const config = doc.value;
  const cfg: FileChecker = doc.checker;
  if (!isJsonObject(config) || !isJsonObject(config.StateMachines) || !isJsonObject(config.MockedResponses)) {
    cfg.error([], 'a MockConfigFile is an object with "StateMachines" and "MockedResponses"');
    return undefined;
  }
  const name = chooseMachine(config.StateMachines, requested, machine.file, context);
  if (name === undefined) {
    const names = Object.keys(config.StateMachines).join(', ') || '(none)';
    check.error(
      referencePath,
      requested !== undefined
        ? `the MockConfigFile has no state machine "${requested}"; it has ${names}`
        : `the MockConfigFile has several state machines (${names}); say which with mockConfig: {file, stateMachine}`,
    );
    return undefined;
  }
  const testCasesPath = ['StateMachines', name, 'TestCases'];
  const testCases = isJsonObject(config.StateMachines[name])
    ? (config.StateMachines[name] as JsonObject).TestCases
    : undefined;
  if (!isJsonObject(testCases)) {
    cfg.error(['StateMachines', name], `state machine "${name}" needs "TestCases"`);
    return undefined;
  }
  for (const [testCase, mapping] of Object.entries(testCases)) {
    if (!isJsonObject(mapping)) continue;
    for (const state of Object.keys(mapping)) {
      if (machine.states.types.has(state)) continue;
      const near = closestMatch(state, machine.states.types.keys());
      cfg.error(
        [...testCasesPath, testCase, state],
        `test case "${testCase}" mocks state "${state}", which does not exist in the state machine${near ? ` (did you mean "${near}"?)` : ''}`,
        true,
      );
    }
  }
  const file = refs.resolve(reference);
  const sources = new Map<string, MockSource | undefined>();
  const source = (testCase: string, path: ValuePath, report: FileChecker): MockSource | undefined => {
    if (!sources.has(testCase)) {
      try {
        sources.set(testCase, mockConfigFile(config, name, testCase, file));
      } catch (error) {
        report.error(path, error instanceof StepthroughError ? error.message : String(error));
        sources.set(testCase, undefined);
      }
    }
    return sources.get(testCase);
  };
  return {
    file,
    stateMachine: name,
    source: (testCase, path) => source(testCase, path, check),
    allCases(defaults, build) {
      return Object.keys(testCases).map((testCase) => ({
        name: testCase,
        location: cfg.keyAt([...testCasesPath, testCase]),
        skip: false,
        input: defaults.input,
        mocks: defaults.mocks,
        mockConfigTestCase: testCase,
        ...build(defaults.mocks, source(testCase, [...testCasesPath, testCase], cfg)),
        substitutions: defaults.substitutions,
        context: defaults.context,
        itemReader: defaults.itemReader,
        expect: {},
      }));
    },
  };
}
