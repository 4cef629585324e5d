// The test runner's data model: a loaded test file (normalised, paths resolved, mocks built), the
// expectations of a case, and what running cases produces (results, failures, first differences).

import type { DefinitionDiagnostic } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import type { MockSource } from '../mocks';
import type { LogicalIds } from '../mocks/keys';
import type { PolicyStatement } from '../iam';
import type { HandlerMap, UnsupportedFunction } from '../handlers';
import type { SourceMapEntry } from '../templates';
import type { ItemReaderData, ItemReaderStream } from '../interpreter/options';

/** 1-based line and column in a file, for messages and editors. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** A problem with a test file (or a file it refers to): the run reports it and exits 2. */
export interface TestFileProblem extends SourceLocation {
  message: string;
}

/**
 * Why the test runner reads a file. The host sizes its limit by it: ItemReader data may be large, every
 * other file is small (definitions, policies, inputs, mocks, test files).
 */
export type TestFileReadKind =
  'test' | 'definition' | 'template' | 'policy' | 'input' | 'mock' | 'substitutions' | 'itemReader';

/** What the injected file access must provide (host/ gives the Node file system, the extension its editors). */
export interface TestFileIO {
  /**
   * The text of a file; throws when it cannot be read. A `FileAccessError` (a refused device file, an
   * oversized file...) is reported with its `reason`, at the key of the file that names it.
   */
  readFile(path: string, kind: TestFileReadKind): string;
  /**
   * ItemReader data as a stream read while the Map runs (host/'s FileAccess.streamText: checked now,
   * bytes counted against the ItemReader limit as they are read). Without it the file is read whole.
   */
  streamFile?(path: string, kind: 'itemReader'): ItemReaderStream;
  /** `rel` resolved against the directory of the file `from`. */
  resolve(from: string, rel: string): string;
}

export interface CaseContext {
  executionName?: string;
  stateMachineName?: string;
  startTime?: string | number;
  accountId?: string;
  region?: string;
  roleArn?: string;
  seed?: number;
}

export type ExecutionStatusName = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
/** TestState API statuses, for single-state cases. */
export type StateTestStatus = 'SUCCEEDED' | 'FAILED' | 'CAUGHT_ERROR' | 'RETRIABLE';

export interface StateExpectation {
  /** Tries of the state's task, retries included (a call the role refuses counts as one). */
  attempts?: number;
  /** Times the state was entered (0: never reached). */
  entered?: number;
  input?: JsonValue;
  output?: JsonValue;
  outputContains?: JsonObject;
  error?: string;
  cause?: string;
  /** Variables visible after the state (its scope and the enclosing ones). */
  variables?: JsonObject;
}

export interface Expectation {
  status?: ExecutionStatusName | StateTestStatus;
  output?: JsonValue;
  outputContains?: JsonObject;
  error?: string;
  cause?: string;
  causeContains?: string;
  /** Top-level states entered, in order (every state entered, inner ones too, with `pathIncludesInner`). */
  path?: string[];
  /** `path: {states: [...], includeInner: true}`: the path lists every state entered, Map and Parallel inner states included. */
  pathIncludesInner?: boolean;
  states?: Record<string, StateExpectation>;
  /** Workflow variables at the end (top-level scope). */
  variables?: JsonObject;
  /** Single-state cases: the next state (null: the state ends its scope). */
  nextState?: string | null;
}

export interface TestCaseSpec {
  name: string;
  location: SourceLocation;
  skip: boolean;
  /** Single-state mode: run only this state, as the TestState API does. */
  state?: string;
  input: JsonValue;
  /** Mocks in the core's simple form (file-level merged with the case's own), for display. */
  mocks: Record<string, JsonObject[]>;
  /** The MockConfigFile test case used, if any. */
  mockConfigTestCase?: string;
  /** Everything the case's Tasks answer with (inline mocks before the MockConfigFile's). */
  mockSource: MockSource | undefined;
  /** The case's own execution role, instead of the file's. */
  role?: RoleSpec;
  substitutions: Record<string, JsonValue>;
  context: CaseContext;
  itemReader: Record<string, ItemReaderData>;
  /**
   * The case's handlers by layer (its own first, then its file's), each keyed by the mock-key rule and
   * sitting with a layer of `mockSource`: a case's entry beats its file's, a mock beats a handler at
   * the same layer and key. Empty when the case runs no handlers.
   */
  handlerLayers: CaseHandlerLayer[];
  expect: Expectation;
}

/** Handlers of one layer: a case's own `handlers:`, or its file's. */
export interface CaseHandlerLayer {
  handlers: HandlerMap;
  /** Functions `handlers: auto` found but cannot run: their Tasks need mocks. */
  unsupported: UnsupportedFunction[];
  /** The layer of the case's `mockSource` the handlers sit with (empty when the layer has no mocks). */
  mocks: MockSource;
}

export interface RoleSpec {
  files: string[];
  statements: PolicyStatement[];
  roleArn?: string;
}

/** Where a child machine is written: a definition file, or a template's machine with its source map. */
export interface MachineSource {
  /** The definition file, or `template.yaml#ChildFlow`. */
  file: string;
  sourceMap?: SourceMapEntry[];
  /**
   * Its own execution role, when its template spells it out: its Tasks are checked against it, as on AWS
   * (never against the parent's). A child without one (a `machines:` file) is not checked.
   */
  role?: RoleSpec;
}

export interface TestFileSpec {
  file: string;
  /** The state machine file, resolved. */
  machineFile: string;
  definition: JsonObject;
  /**
   * Why AWS would reject the machine (its error diagnostics; empty when it would accept it). While
   * there are any, every case is reported as an error and nothing runs, unless `validate` is false.
   */
  definitionErrors: DefinitionDiagnostic[];
  /** `validate: false` in the test file: run the machine even when AWS would reject it. */
  validate: boolean;
  role?: RoleSpec;
  mockConfigFile?: string;
  /** The machine's name when it comes from a template (its Name, else its logical ID). */
  machineName?: string;
  /** For a template machine: the logical IDs of the resources each Task names, by state name (mock and handler keys). */
  logicalIds?: LogicalIds;
  /** For a template's machine: where its states are written (coverage files place them there). */
  sourceMap?: SourceMapEntry[];
  /**
   * The child state machines a `states:startExecution` Task may start (ExecuteOptions.machines): the test
   * file's `machines:`, and the machines of the same template whose ARN the machine names.
   */
  machines?: Record<string, JsonObject>;
  /** The file each of `machines` was read from, resolved, by the same key (the debugger shows their states). */
  machineFiles?: Record<string, string>;
  /** Where each of `machines` (by the same key) is written: coverage reports its states under `file`. */
  machineSources?: Record<string, MachineSource>;
  cases: TestCaseSpec[];
}

export type LoadResult =
  { ok: true; spec: TestFileSpec } | { ok: false; file: string; problems: TestFileProblem[] };

/** The first place two JSON values differ. `path` is JSONPath-like (`$.a[0].b`). */
export interface JsonDifference {
  path: string;
  kind: 'changed' | 'missing' | 'unexpected' | 'type';
  expected?: JsonValue;
  actual?: JsonValue;
}

export interface AssertionFailure {
  /** What was checked: `status`, `output`, `path`, `states.ChargeCard.attempts`, ... */
  check: string;
  message: string;
  expected?: JsonValue;
  actual?: JsonValue;
  difference?: JsonDifference;
}

/** The parts of a run the report shows next to failures. */
export interface ExecutionSummary {
  status: string;
  output: JsonValue | null;
  error?: string;
  cause?: string;
  /** Top-level states entered, in order (single-state cases: the state). */
  path: string[];
  /** Every state entered, in order, inner ones included (as `execute()`'s `states`). */
  states?: string[];
  nextState?: string | null;
}

export interface CaseResult {
  file: string;
  name: string;
  location: SourceLocation;
  /** `error`: the case could not run (AWS would reject the machine: `diagnostics` says why). */
  outcome: 'passed' | 'failed' | 'skipped' | 'error';
  durationMs: number;
  failures: AssertionFailure[];
  /** For an `error` outcome: the machine's error diagnostics. */
  diagnostics?: DefinitionDiagnostic[];
  execution?: ExecutionSummary;
}

export interface FileResult {
  file: string;
  machineFile?: string;
  cases: CaseResult[];
  /** Set when the file could not be loaded: its cases did not run. */
  problems?: TestFileProblem[];
}
