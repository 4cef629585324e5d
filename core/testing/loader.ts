// Loads a `*.sfn-test.yaml|yml|json` file through injected file access: checks every key, resolves
// the state machine, role, MockConfigFile, fixtures and input files relative to the test file, and
// returns the normalised cases, or every problem found with its file, line and column. Never throws.

import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { applySubstitutions } from '../interpreter/substitutions';
import type { ItemReaderData } from '../interpreter/options';
import { combineMocks, simpleMocks, type MockSource } from '../mocks';
import { FileChecker, type ValuePath } from './checker';
import { normaliseExpectation } from './expectSpec';
import { FileAccessError } from '../errors';
import type {
  CaseContext,
  CaseHandlerLayer,
  LoadResult,
  TestCaseSpec,
  TestFileIO,
  TestFileProblem,
  TestFileReadKind,
} from './model';
import { normaliseMocks, type MachineStates, type StateMocks } from './mockSpec';
import { loadMockConfig, type MockConfig } from './mockConfigSpec';
import { loadRole } from './roleSpec';
import { NO_HANDLERS, normaliseHandlers, type CaseHandlers } from './handlerSpec';
import type { PreloadedTemplate } from './templateMachine';
import {
  ChildMachines,
  loadChildMachines,
  loadMachine,
  templateChildMachines,
  templateRole,
  withChildStates,
  type LoadedMachine,
} from './machineSpec';

export const TOP_KEYS = new Set([
  'stateMachine',
  'description',
  'input',
  'inputFile',
  'role',
  'mocks',
  'mockConfig',
  'substitutions',
  'context',
  'itemReader',
  'fixtures',
  'handlers',
  'validate',
  'machines',
  'cases',
]);
export const CASE_KEYS = new Set([
  'name',
  'description',
  'skip',
  'state',
  'input',
  'inputFile',
  'mocks',
  'testCase',
  'role',
  'substitutions',
  'context',
  'itemReader',
  'handlers',
  'expect',
]);
export const CONTEXT_KEYS = new Set([
  'executionName',
  'stateMachineName',
  'startTime',
  'accountId',
  'region',
  'roleArn',
  'seed',
]);

/** Everything a case inherits from its file. */
interface FileDefaults {
  input: JsonValue;
  mocks: StateMocks;
  substitutions: Record<string, JsonValue>;
  context: CaseContext;
  itemReader: Record<string, ItemReaderData>;
  handlers: CaseHandlers;
}

/** Reads and parses files referred to from the test file, once each. */
export class ReferenceReader {
  private readonly parsed = new Map<string, JsonValue | undefined>();
  private readonly texts = new Map<string, string | undefined>();
  fixtures: JsonObject = {};

  constructor(
    readonly io: TestFileIO,
    readonly check: FileChecker,
  ) {}

  resolve(reference: string): string {
    return this.io.resolve(this.check.file, reference);
  }

  /** The test file's folder: handlers' relative paths resolve against it. */
  baseDir(): string {
    return this.io.resolve(this.check.file, '.');
  }

  /** The text of a file the test file names at `path`; undefined after reporting why not. */
  text(
    reference: string,
    path: ValuePath,
    what: string,
    kind: TestFileReadKind,
  ): { file: string; text: string } | undefined {
    const file = this.resolve(reference);
    if (!this.texts.has(file)) {
      try {
        this.texts.set(file, this.io.readFile(file, kind));
      } catch (error) {
        this.check.error(path, `the ${what} file "${reference}" (${file}) ${unreadableReason(error)}`);
        this.texts.set(file, undefined);
      }
    }
    const text = this.texts.get(file);
    return text === undefined ? undefined : { file, text };
  }

  /** ItemReader data the test file names at `path`: streamed where the I/O can, else its text; undefined after reporting why not. */
  itemReader(reference: string, path: ValuePath): ItemReaderData | undefined {
    if (!this.io.streamFile) return this.text(reference, path, 'itemReader', 'itemReader')?.text;
    const file = this.resolve(reference);
    try {
      return this.io.streamFile(file, 'itemReader');
    } catch (error) {
      this.check.error(path, `the itemReader file "${reference}" (${file}) ${unreadableReason(error)}`);
      return undefined;
    }
  }

  /** A parsed data file (JSON or YAML), with its own checker for locating problems inside it. */
  document(
    reference: string,
    path: ValuePath,
    what: string,
    kind: TestFileReadKind,
  ): { checker: FileChecker; value: JsonValue } | undefined {
    const read = this.text(reference, path, what, kind);
    if (!read) return undefined;
    const { checker, value } = FileChecker.parse(read.file, read.text, this.check.problems);
    return value === undefined ? undefined : { checker, value };
  }

  /** A fixture by name, or a data file by path (relative to the test file); a fixture that is a string is a path. */
  data(reference: string, path: ValuePath, what: string, kind: TestFileReadKind): JsonValue | undefined {
    if (Object.prototype.hasOwnProperty.call(this.fixtures, reference)) {
      const fixture = this.fixtures[reference] as JsonValue;
      return typeof fixture === 'string'
        ? this.file(fixture, ['fixtures', reference], 'fixture', kind)
        : fixture;
    }
    return this.file(reference, path, what, kind);
  }

  private file(
    reference: string,
    path: ValuePath,
    what: string,
    kind: TestFileReadKind,
  ): JsonValue | undefined {
    const file = this.resolve(reference);
    if (!this.parsed.has(file)) this.parsed.set(file, this.document(reference, path, what, kind)?.value);
    return this.parsed.get(file);
  }
}

/** Why a named file could not be read, as a phrase that follows its name. */
function unreadableReason(error: unknown): string {
  if (error instanceof FileAccessError) {
    // What to do about a limit (raise it, trust the workspace) is part of the problem; other hints are not.
    const advice = error.code === 'E_FILE_TOO_LARGE' || error.code === 'E_UNTRUSTED_WORKSPACE';
    return advice && error.hint ? `${error.reason} (${error.hint.replace(/\.$/, '')})` : error.reason;
  }
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'does not exist';
  return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
}

function normaliseContext(raw: JsonValue | undefined, path: ValuePath, check: FileChecker): CaseContext {
  const spec = check.object(raw, path, '"context"');
  const out: CaseContext = {};
  if (!spec) return out;
  check.checkKeys(spec, path, CONTEXT_KEYS, '"context"');
  for (const key of ['executionName', 'stateMachineName', 'accountId', 'region', 'roleArn'] as const) {
    const value = check.string(spec[key], [...path, key], `"${key}"`);
    if (value !== undefined) out[key] = value;
  }
  const seed = check.number(spec.seed, [...path, 'seed'], '"seed"', true);
  if (seed !== undefined) out.seed = seed;
  const start = spec.startTime;
  if (start !== undefined) {
    const ms = typeof start === 'number' ? start : typeof start === 'string' ? Date.parse(start) : NaN;
    if (Number.isFinite(ms) && (typeof start === 'number' || typeof start === 'string'))
      out.startTime = start;
    else
      check.error(
        [...path, 'startTime'],
        `"startTime" must be an ISO-8601 timestamp or epoch milliseconds, got ${JSON.stringify(start)}`,
      );
  }
  return out;
}

function normaliseItemReader(
  raw: JsonValue | undefined,
  path: ValuePath,
  refs: ReferenceReader,
  machine: MachineStates,
): Record<string, ItemReaderData> {
  const check = refs.check;
  const out: Record<string, ItemReaderData> = {};
  const spec = check.object(raw, path, '"itemReader"');
  if (!spec) return out;
  for (const [state, value] of Object.entries(spec)) {
    const type = machine.types.get(state);
    if (type !== 'Map') {
      check.error(
        [...path, state],
        type === undefined
          ? `itemReader data for state "${state}", which does not exist`
          : `itemReader data for "${state}", a ${type} state (only a Map reads items)`,
        true,
      );
      continue;
    }
    if (isJsonObject(value) && typeof value.file === 'string' && Object.keys(value).length === 1) {
      const read = refs.itemReader(value.file, [...path, state, 'file']);
      if (read) out[state] = read;
    } else out[state] = value;
  }
  return out;
}

/** `substitutions`: the values inline, or the path of a JSON/YAML file holding them (as `run --substitutions`). */
function normaliseSubstitutions(
  raw: JsonValue | undefined,
  path: ValuePath,
  refs: ReferenceReader,
): Record<string, JsonValue> {
  if (typeof raw !== 'string') return refs.check.object(raw, path, '"substitutions"') ?? {};
  const value = refs.data(raw, path, 'substitutions', 'substitutions');
  if (value === undefined) return {};
  if (isJsonObject(value)) return value;
  refs.check.error(path, `the substitutions file "${raw}" must hold an object of placeholder values`);
  return {};
}

/**
 * The case's mocks, first match wins: its own inline mocks, then the MockConfigFile test case it
 * selects, then the file's inline mocks; and its handler layers: the case's handlers sit with its
 * last case-level mocks, the file's with the file's mocks (an empty layer stands in for a level with
 * handlers and no mocks), so a case's entry beats its file's and a mock beats a handler at its level.
 */
function buildMockSource(
  own: { mocks: StateMocks; config: MockSource | undefined; handlers: CaseHandlers },
  file: { mocks: StateMocks; handlers: CaseHandlers },
  path: ValuePath,
  check: FileChecker,
): Pick<TestCaseSpec, 'mockSource' | 'handlerLayers'> {
  const simple = (mocks: StateMocks, handlers: CaseHandlers): MockSource | undefined => {
    if (Object.keys(mocks).length === 0) return hasHandlers(handlers) ? simpleMocks({}) : undefined;
    try {
      return simpleMocks(mocks, check.file);
    } catch (error) {
      check.error(path, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  };
  const caseLayer = own.config ?? simple(own.mocks, own.handlers);
  const inline = own.config === undefined ? caseLayer : simple(own.mocks, NO_HANDLERS);
  const fileLayer = simple(file.mocks, file.handlers);
  const sources = [inline, own.config, fileLayer].filter((s): s is MockSource => s !== undefined);
  const handlerLayers: CaseHandlerLayer[] = [];
  if (hasHandlers(own.handlers) && caseLayer) handlerLayers.push({ ...own.handlers, mocks: caseLayer });
  if (hasHandlers(file.handlers) && fileLayer) handlerLayers.push({ ...file.handlers, mocks: fileLayer });
  return { mockSource: sources.length > 1 ? combineMocks(...sources) : sources[0], handlerLayers };
}

function hasHandlers(handlers: CaseHandlers): boolean {
  return Object.keys(handlers.handlers).length > 0 || handlers.unsupported.length > 0;
}

/** The machine as its Tasks call it once `${Placeholders}` are filled in (mock keys may name a function a placeholder gives). */
function filled(machine: MachineStates, substitutions: Record<string, JsonValue>): MachineStates {
  if (Object.keys(substitutions).length === 0) return machine;
  return { ...machine, definition: applySubstitutions(machine.definition, substitutions) as JsonObject };
}

function loadCase(
  raw: JsonValue,
  index: number,
  refs: ReferenceReader,
  machine: LoadedMachine,
  defaults: FileDefaults,
  mockConfig: MockConfig | undefined,
): TestCaseSpec | undefined {
  const check = refs.check;
  const path: ValuePath = ['cases', index];
  const spec = check.object(raw, path, 'a case');
  if (!spec) return undefined;
  check.checkKeys(spec, path, CASE_KEYS, 'a case');
  const name = check.string(spec.name, [...path, 'name'], '"name"');
  if (name === undefined || name.trim() === '') {
    if (spec.name === undefined) check.error(path, 'a case needs a "name"');
    return undefined;
  }
  const state = check.string(spec.state, [...path, 'state'], '"state"');
  if (state !== undefined && !machine.states.types.has(state))
    check.error([...path, 'state'], `"${state}" is not a state of the state machine`);
  let input: JsonValue = defaults.input;
  if (spec.input !== undefined && spec.inputFile !== undefined)
    check.error(path, 'a case has "input" or "inputFile", not both');
  if (spec.input !== undefined) input = spec.input;
  const inputFile = check.string(spec.inputFile, [...path, 'inputFile'], '"inputFile"');
  if (inputFile !== undefined) input = refs.data(inputFile, [...path, 'inputFile'], 'input', 'input') ?? {};
  const substitutions = {
    ...defaults.substitutions,
    ...normaliseSubstitutions(spec.substitutions, [...path, 'substitutions'], refs),
  };
  const caseMocks = normaliseMocks(
    spec.mocks,
    [...path, 'mocks'],
    check,
    filled(machine.states, substitutions),
    (r, p) => refs.data(r, p, 'mock result', 'mock'),
  );
  const ownHandlers = normaliseHandlers(
    spec.handlers,
    [...path, 'handlers'],
    check,
    refs.baseDir(),
    machine.states,
    machine.template,
  );
  const testCase = check.string(spec.testCase, [...path, 'testCase'], '"testCase"');
  let configSource: MockSource | undefined;
  if (testCase !== undefined) {
    if (!mockConfig)
      check.error([...path, 'testCase'], '"testCase" needs a "mockConfig" file at the top of the test file');
    else configSource = mockConfig.source(testCase, [...path, 'testCase']);
  }
  const skip = spec.skip;
  if (skip !== undefined && typeof skip !== 'boolean')
    check.error([...path, 'skip'], '"skip" must be true or false');
  const out: TestCaseSpec = {
    name,
    location: check.at(path),
    skip: skip === true,
    input,
    mocks: { ...defaults.mocks, ...caseMocks },
    ...buildMockSource(
      { mocks: caseMocks, config: configSource, handlers: ownHandlers },
      { mocks: defaults.mocks, handlers: defaults.handlers },
      [...path, 'mocks'],
      check,
    ),
    substitutions,
    context: { ...defaults.context, ...normaliseContext(spec.context, [...path, 'context'], check) },
    itemReader: {
      ...defaults.itemReader,
      ...normaliseItemReader(spec.itemReader, [...path, 'itemReader'], refs, machine.states),
    },
    expect: normaliseExpectation(
      spec.expect,
      [...path, 'expect'],
      check,
      machine.states,
      state !== undefined,
    ),
  };
  if (state !== undefined) out.state = state;
  if (testCase !== undefined) out.mockConfigTestCase = testCase;
  if (spec.role !== undefined) {
    const role = loadRole(spec.role, refs, [...path, 'role']);
    if (role) out.role = role;
  }
  return out;
}

/**
 * Loads a test file. `options.template` is the template its `stateMachine` names, resolved ahead
 * (runTestFiles does it: loadTestFileWithTemplate); without it such a reference is read as a definition.
 */
export function loadTestFile(
  file: string,
  io: TestFileIO,
  options: { template?: PreloadedTemplate } = {},
): LoadResult {
  const problems: TestFileProblem[] = [];
  let text: string;
  try {
    text = io.readFile(file, 'test');
  } catch (error) {
    return {
      ok: false,
      file,
      problems: [{ file, line: 1, column: 1, message: `the test file ${unreadableReason(error)}` }],
    };
  }
  const { checker: check, value } = FileChecker.parse(file, text, problems);
  if (value === undefined) return { ok: false, file, problems: sortProblems(problems, file) };
  if (!isJsonObject(value)) {
    check.error([], 'a test file is an object with "stateMachine" and "cases"');
    return { ok: false, file, problems: sortProblems(problems, file) };
  }
  check.checkKeys(value, [], TOP_KEYS, 'the test file', true);
  const refs = new ReferenceReader(io, check);
  refs.fixtures = check.object(value.fixtures, ['fixtures'], '"fixtures"') ?? {};
  const loaded = loadMachine(value.stateMachine, refs, options.template);
  if (!loaded) return { ok: false, file, problems: sortProblems(problems, file) };
  const children = new ChildMachines();
  templateChildMachines(options.template, children);
  loadChildMachines(value.machines, refs, value.validate !== false, children);
  const machine = { ...loaded, states: withChildStates(loaded.states, children.definitions) };
  const context = normaliseContext(value.context, ['context'], check);
  const role = value.role === undefined ? undefined : loadRole(value.role, refs);
  const mockConfig =
    value.mockConfig === undefined ? undefined : loadMockConfig(value.mockConfig, refs, machine, context);
  if (value.input !== undefined && value.inputFile !== undefined)
    check.error([], 'the test file has "input" or "inputFile", not both');
  const inputFile = check.string(value.inputFile, ['inputFile'], '"inputFile"');
  const substitutions = normaliseSubstitutions(value.substitutions, ['substitutions'], refs);
  const defaults: FileDefaults = {
    input:
      inputFile !== undefined
        ? (refs.data(inputFile, ['inputFile'], 'input', 'input') ?? {})
        : (value.input ?? {}),
    mocks: normaliseMocks(value.mocks, ['mocks'], check, filled(machine.states, substitutions), (r, p) =>
      refs.data(r, p, 'mock result', 'mock'),
    ),
    substitutions,
    context,
    itemReader: normaliseItemReader(value.itemReader, ['itemReader'], refs, machine.states),
    handlers: normaliseHandlers(
      value.handlers,
      ['handlers'],
      check,
      refs.baseDir(),
      machine.states,
      machine.template,
    ),
  };
  const cases: TestCaseSpec[] = [];
  if (value.cases === undefined) {
    if (mockConfig)
      cases.push(
        ...mockConfig.allCases(defaults, (mocks, source) =>
          buildMockSource(
            { mocks: {}, config: source, handlers: NO_HANDLERS },
            { mocks, handlers: defaults.handlers },
            ['mocks'],
            check,
          ),
        ),
      );
    else check.error([], 'the test file needs "cases" (a list), or a "mockConfig" whose TestCases to run');
  } else if (!Array.isArray(value.cases)) {
    check.error(['cases'], '"cases" must be a list of cases');
  } else {
    const seen = new Map<string, number>();
    value.cases.forEach((raw, index) => {
      const testCase = loadCase(raw, index, refs, machine, defaults, mockConfig);
      if (!testCase) return;
      const previous = seen.get(testCase.name);
      if (previous !== undefined)
        check.error(
          ['cases', index, 'name'],
          `duplicate case name "${testCase.name}" (also case ${previous + 1})`,
        );
      seen.set(testCase.name, index);
      cases.push(testCase);
    });
  }
  const validate = value.validate === undefined ? true : value.validate;
  if (typeof validate !== 'boolean')
    check.error(['validate'], '"validate" must be true or false (false runs a machine AWS would reject)');
  if (problems.length > 0) return { ok: false, file, problems: sortProblems(problems, file) };
  const spec: LoadResult = {
    ok: true,
    spec: {
      file,
      machineFile: machine.file,
      definition: machine.definition,
      definitionErrors: machine.errors,
      validate: validate !== false,
      cases,
    },
  };
  if (!children.empty) {
    spec.spec.machines = children.definitions;
    spec.spec.machineSources = children.sources;
    // The files the debugger shows child states in: the machines written in files of their own.
    spec.spec.machineFiles = Object.fromEntries(
      Object.entries(children.sources).flatMap(([key, source]) =>
        source.sourceMap ? [] : [[key, source.file]],
      ),
    );
  }
  if (role) spec.spec.role = role;
  else if (machine.template) {
    // Without `role:`, a template machine's own execution role, when the template spells it all out.
    const own = templateRole(machine.template).role;
    if (own) spec.spec.role = own;
  }
  if (mockConfig) spec.spec.mockConfigFile = mockConfig.file;
  if (machine.template) {
    spec.spec.sourceMap = machine.template.sourceMap;
    spec.spec.machineName = machine.template.name ?? machine.template.id;
    spec.spec.logicalIds = machine.template.stateResources;
  }
  return spec;
}

/** Problems in reading order: by file (the test file first), line, column. */
function sortProblems(problems: TestFileProblem[], testFile: string): TestFileProblem[] {
  const order = new Map<string, number>([[testFile, 0]]);
  for (const p of problems) if (!order.has(p.file)) order.set(p.file, order.size);
  return [...problems].sort(
    (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line || a.column - b.column,
  );
}
