// `execute`, `start` and `testState` requests of `stepthrough serve`: loads the definition, mocks (simple
// form with client-side handlers, or a MockConfigFile) and role, runs the engine, and reports the result;
// `start` hands back the running execution for the client to answer (started.ts); testState runs one
// state alone with the TestState API's statuses.

import {
  applySubstitutions,
  assertRunnable,
  isMockConfigFile,
  loadDefinition,
  loadRunnableDefinition,
  mockConfigFile,
  simpleMocks,
  startExecution,
  StepthroughError,
  type ExecuteOptions,
  type ExecutionHandle,
  type ExecutionResult,
  type HistoryEvent,
  type JsonObject,
  type JsonValue,
  type MockSource,
  type WaitingTask,
  testState,
} from '../../core';
import { isJsonObject } from '../../core/json';
import { createTaskAuthorizer, readRolePolicies, walkStates, type PolicyStatement } from '../../core/iam';
import { unknownMockKeys } from '../../core/mocks/keys';
import { closest } from '../../core/testing/checker';
import { readDataFile, realTimeWaiter, type FileAccess } from '../../host';
import type {
  ExecuteRequest,
  MocksSource,
  RoleSource,
  StartRequest,
  StateTestResult,
  TestStateRequest,
} from '../serve-protocol';
import { clientTaskHandlers, splitHandlerMocks, type HandlerCaller } from './handlers';
import { stateMachineNameOf } from '../../core/model';

/** What a run needs from the session: the client callback and a place to register the execution. */
export interface RunHooks {
  callHandler: HandlerCaller;
  /** Called once the execution starts, so the session can abort it. */
  started(handle: ExecutionHandle): void;
  /** Where the files a request names are read. */
  files: FileAccess;
}

interface LoadedDefinition {
  definition: JsonObject;
  name: string;
  file?: string;
}

/** The request's definition; one AWS would reject throws DefinitionError (unless `settings.validate` is false). */
function loadSource(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  files: FileAccess,
): LoadedDefinition {
  const source = request.definition;
  const validate = request.settings?.validate !== false;
  if ('file' in source) {
    const definition = loadRunnableDefinition(
      files.readText(source.file, { kind: 'definition' }),
      source.file,
      {
        validate,
      },
    );
    return {
      definition,
      name: stateMachineNameOf(source.file),
      file: source.file,
    };
  }
  const definition = loadDefinition(source.inline);
  if (validate) assertRunnable(definition);
  return { definition, name: source.name ?? 'StateMachine' };
}

/** Rule 1 of core/mocks/keys.ts: every key names a state, or a function or activity a Task calls. */
function checkMockKeys(keys: string[], definition: JsonObject): void {
  const [unknown] = unknownMockKeys(keys, definition);
  if (unknown === undefined) return;
  throw new StepthroughError(
    'E_UNKNOWN_STATE',
    `the mocks ${unknown.message.replace(/^mock /, 'have a mock ')}`,
    {
      hint:
        unknown.suggestion !== undefined
          ? `Did you mean "${unknown.suggestion}"?`
          : 'Key mocks by state name (or the function or activity a Task calls).',
    },
  );
}

interface LoadedMocks {
  source?: MockSource;
  handlers: Record<string, string>;
}

function loadMocks(
  spec: MocksSource | undefined,
  machine: LoadedDefinition,
  substitutions: Record<string, JsonValue> | undefined,
  files: FileAccess,
): LoadedMocks {
  if (spec === undefined) return { handlers: {} };
  const origin = spec.kind === 'file' ? spec.file : undefined;
  const value = spec.kind === 'file' ? readDataFile(files, spec.file, { kind: 'mock' }) : spec.value;
  if (isMockConfigFile(value)) {
    if (spec.testCase === undefined) {
      throw new StepthroughError(
        'E_USAGE',
        'these mocks are an AWS MockConfigFile: say which of its test cases to use',
        {
          hint: 'Name one of the state machine\'s "TestCases" (test_case="..." in pytest, "testCase" in the request).',
          ...(origin === undefined ? {} : { location: { file: origin } }),
        },
      );
    }
    const machines = (value as JsonObject).StateMachines;
    const ownName =
      spec.stateMachine === undefined &&
      isJsonObject(machines) &&
      Object.prototype.hasOwnProperty.call(machines, machine.name)
        ? machine.name
        : spec.stateMachine;
    return { source: mockConfigFile(value, ownName, spec.testCase, origin), handlers: {} };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StepthroughError(
      'E_INVALID_MOCKS',
      'mocks must be an object mapping state names to responses',
      {
        ...(origin === undefined ? {} : { location: { file: origin } }),
      },
    );
  }
  const { mocks, handlers } = splitHandlerMocks(value);
  // Keys name what the Tasks call once placeholders are filled in.
  const filled = substitutions
    ? (applySubstitutions(machine.definition, substitutions) as JsonObject)
    : machine.definition;
  checkMockKeys(Object.keys(value), filled);
  return { source: simpleMocks(mocks, origin), handlers };
}

interface LoadedRole {
  statements: PolicyStatement[];
  roleArn?: string;
}

function loadRole(spec: RoleSource | undefined, files: FileAccess): LoadedRole | undefined {
  if (spec === undefined) return undefined;
  const documents =
    'files' in spec
      ? spec.files.map((file) => ({
          file,
          value: readDataFile(files, file, { kind: 'policy', what: 'role' }),
        }))
      : [{ file: undefined, value: spec.document }];
  const role: LoadedRole = { statements: [] };
  for (const { file, value } of documents) {
    const { policies, problems } = readRolePolicies(value);
    const first = problems[0];
    if (first) {
      const where = first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
      throw new StepthroughError(
        'E_USAGE',
        `the role policy${file ? ` '${file}'` : ''} is not valid${where}: ${first.message}`,
        {
          hint: 'Give an IAM policy document ({"Version": ..., "Statement": [...]}) or a role with its policies.',
          ...(file === undefined ? {} : { location: { file } }),
        },
      );
    }
    role.statements.push(...policies.statements);
    role.roleArn ??= policies.roleArn;
  }
  return role;
}

function executeOptions(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  machine: LoadedDefinition,
  hooks: RunHooks,
  abort: () => void,
): ExecuteOptions {
  const s = request.settings ?? {};
  const mocks = loadMocks(request.mocks, machine, s.substitutions, hooks.files);
  const role = loadRole(request.role, hooks.files);
  const region = s.region ?? 'us-east-1';
  const accountId = s.accountId ?? '123456789012';
  const options: ExecuteOptions = {
    input: request.input ?? {},
    mocks: mocks.source,
    taskHandlers: clientTaskHandlers(mocks.handlers, hooks.callHandler, abort),
    // Checked when loaded (a test-state run's isolated state leads out of itself).
    validate: false,
    // Outside waits (the client's handlers, its answers to task tokens) count real seconds (ARCHITECTURE 26).
    realTime: realTimeWaiter(),
    stateMachineName: s.stateMachineName ?? machine.name,
    region,
    accountId,
  };
  if (s.executionName !== undefined) options.executionName = s.executionName;
  if (s.startTime !== undefined) options.startTime = s.startTime;
  if (s.seed !== undefined) options.seed = s.seed;
  if (s.maxTransitions !== undefined) options.maxTransitions = s.maxTransitions;
  if (s.substitutions !== undefined) options.substitutions = s.substitutions;
  const roleArn = s.roleArn ?? role?.roleArn;
  if (roleArn !== undefined) options.roleArn = roleArn;
  if (role) options.authorizeTask = createTaskAuthorizer(role.statements, { roleArn, region, accountId });
  return options;
}

/** Starts the execution, letting handlers abort it (even before the handle exists). */
function start(
  definition: JsonObject,
  build: (abort: () => void) => ExecuteOptions,
  hooks: RunHooks,
): ExecutionHandle {
  const state: { handle?: ExecutionHandle; abortRequested: boolean } = { abortRequested: false };
  const abort = (): void => {
    state.abortRequested = true;
    state.handle?.abort();
  };
  const handle = startExecution(definition, build(abort));
  state.handle = handle;
  hooks.started(handle);
  if (state.abortRequested) handle.abort();
  return handle;
}

/**
 * Starts an execution whose callback and Activity Tasks with no mock or handler wait for the client's
 * answers (`outsideAnswers`); `onTaskWaiting` hears each one begin to wait. While every live thread so
 * waits, their limits count real seconds (`realTime`): a Task the test never answers times out.
 */
export function runStart(
  request: StartRequest,
  hooks: RunHooks,
  onTaskWaiting: (task: WaitingTask) => void,
): ExecutionHandle {
  const machine = loadSource(request, hooks.files);
  return start(
    machine.definition,
    (abort) => ({
      ...executeOptions(request, machine, hooks, abort),
      outsideAnswers: true,
      observer: { onTaskWaiting },
    }),
    hooks,
  );
}

export async function runExecute(request: ExecuteRequest, hooks: RunHooks): Promise<ExecutionResult> {
  const machine = loadSource(request, hooks.files);
  const handle = start(machine.definition, (abort) => executeOptions(request, machine, hooks, abort), hooks);
  return handle.result;
}

/** Refuses a state the machine does not have, with the closest name (before TestState runs it). */
function checkState(definition: JsonObject, stateName: string): void {
  const visits = walkStates(definition);
  if (visits.some((v) => v.name === stateName)) return;
  const near = closest(
    stateName,
    visits.map((v) => v.name),
  );
  throw new StepthroughError('E_UNKNOWN_STATE', `the state machine has no state "${stateName}"`, {
    hint: near ? `Did you mean "${near}"?` : `Its states: ${visits.map((v) => v.name).join(', ')}.`,
  });
}

/**
 * One state through core's TestState function (the one `stepthrough test-state` and test files use):
 * the request's mocks and client handlers answer its Tasks; a Map's iterations and a Parallel's
 * branches run in full.
 */
export async function runTestState(request: TestStateRequest, hooks: RunHooks): Promise<StateTestResult> {
  const machine = loadSource(request, hooks.files);
  checkState(machine.definition, request.state);
  const events: HistoryEvent[] = [];
  const state: { handle?: ExecutionHandle; abortRequested: boolean } = { abortRequested: false };
  const abort = (): void => {
    state.abortRequested = true;
    state.handle?.abort();
  };
  const { input, observer: _unused, ...engine } = executeOptions(request, machine, hooks, abort);
  const response = await testState(
    { definition: machine.definition, stateName: request.state, input: JSON.stringify(input ?? {}) },
    {
      ...engine,
      runUnmocked: true,
      observer: { onEvent: (event) => void events.push(event) },
      onStarted: (handle) => {
        state.handle = handle;
        hooks.started(handle);
        if (state.abortRequested) handle.abort();
      },
    },
  );
  const status = response.status ?? 'FAILED';
  const decided = status === 'SUCCEEDED' || status === 'CAUGHT_ERROR';
  const result: StateTestResult = {
    status,
    output: decided && response.output !== undefined ? (JSON.parse(response.output) as JsonValue) : null,
    nextState: decided ? (response.nextState ?? null) : null,
    states: [request.state],
    events,
  };
  if (response.error !== undefined) result.error = response.error;
  if (response.error !== undefined || response.cause !== undefined) result.cause = response.cause ?? '';
  return result;
}
