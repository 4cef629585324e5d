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
  type TaskHandler,
  type WaitingTask,
  testState,
} from '../../core';
import { isJsonObject } from '../../core/json';
import { createTaskAuthorizer, readRolePolicies, type PolicyStatement } from '../../core/iam';
import { walkStates } from '../../core/model';
import { knownMockKeys, unknownMockKeys } from '../../core/mocks/keys';
import { closestMatch } from '../../core/validate/suggest';
import {
  parseHandlers,
  unsupportedTaskHandlers,
  type HandlerMap,
  type HandlerProblem,
  type UnsupportedFunction,
} from '../../core/handlers';
import type { LogicalIds } from '../../core/mocks/keys';
import type { TemplateMachine } from '../../core/templates';
import { loadRunMachine, templateRoleOf } from '../../host/machineSource';
import { startHandlerHost } from '../../host/handlers/start';
import { autoHandlersOf, templateRun, unsupportedLine, type TemplateRun } from '../../host/templateRun';
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
  /** Set when the request names a template's machine (`template.yaml#Machine`, as `stepthrough run` takes it). */
  template?: TemplateMachine;
}

/** What one request runs: its machine, the template's part of the run, and the handlers the server runs. */
interface PreparedRun {
  machine: LoadedDefinition;
  template: TemplateRun;
  served: ServedHandlers | undefined;
}

/** The request's machine (a definition file, a template's machine, or inline), its template's part, its handlers. */
async function prepareRun(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  files: FileAccess,
): Promise<PreparedRun> {
  const machine = await loadMachine(request, files);
  const template = await templateRun(files, machine, requestMachines(request, files));
  return { machine, template, served: await servedHandlers(request.handlers, machine) };
}

/** The request's own machine: a file may name a template's machine, as `stepthrough run` does. */
async function loadMachine(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  files: FileAccess,
): Promise<LoadedDefinition> {
  const source = request.definition;
  if (!('file' in source)) return loadSource(request, files);
  const machine = await loadRunMachine(files, source.file, {
    validate: request.settings?.validate !== false,
    // stdout carries the protocol: the template's warnings go to stderr.
    warn: (line) => process.stderr.write(`stepthrough serve: ${line}\n`),
  });
  const loaded: LoadedDefinition = { definition: machine.definition, name: machine.name, file: source.file };
  if (machine.template) loaded.template = machine.template;
  return loaded;
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
function checkMockKeys(
  keys: string[],
  definition: JsonObject,
  children: readonly JsonObject[],
  logicalIds: LogicalIds | undefined,
): void {
  // A child machine's states are answered by the same mocks (ExecuteOptions.machines).
  const own = keys.filter((key) => !children.some((child) => knownMockKeys(child).has(key)));
  const [unknown] = unknownMockKeys(own, definition, logicalIds);
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
  children: readonly JsonObject[],
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
  checkMockKeys(Object.keys(value), filled, children, machine.template?.stateResources);
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

/** Task handlers run by the server itself (the request's `handlers`), and how to stop their processes. */
interface ServedHandlers {
  taskHandlers: Record<string, TaskHandler>;
  /** Functions `handlers: "auto"` found but cannot run: their Tasks need mocks. */
  unsupported: UnsupportedFunction[];
  close(): Promise<void>;
}

/**
 * The request's `handlers` (the map a test file's `handlers:` holds, or "auto" for a template's machine),
 * checked, and started in a handler host of the request's own; undefined when it names none.
 */
async function servedHandlers(
  raw: JsonObject | 'auto' | undefined,
  machine: LoadedDefinition,
): Promise<ServedHandlers | undefined> {
  if (raw === undefined) return undefined;
  const problems: HandlerProblem[] = [];
  const read = parseHandlers(raw, problems);
  const [first] = problems;
  if (first)
    throw new StepthroughError(
      'E_INVALID_HANDLERS',
      `the handlers ${first.path.length > 0 ? `at ${first.path.join('.')}: ` : ''}${first.message}`,
      {
        hint: 'Map Task states (or the functions they call) to ./module.js#export, python:module:function or {cmd: ...}.',
      },
    );
  let handlers: HandlerMap;
  let unsupported: UnsupportedFunction[] = [];
  if (read.auto) {
    ({ handlers, unsupported } = autoHandlersOf(machine.template, 'handlers "auto"'));
    for (const fn of unsupported) process.stderr.write(`stepthrough serve: ${unsupportedLine(fn)}\n`);
  } else {
    handlers = read.handlers;
    // Relative paths resolve against the server's working directory, the client's.
    for (const spec of Object.values(handlers)) spec.baseDir = process.cwd();
  }
  // stdout carries the protocol: the handlers' own output goes to stderr, named by its key.
  const host = await startHandlerHost((line) => process.stderr.write(`${line}\n`));
  try {
    return { taskHandlers: await host.forRun({ handlers }), unsupported, close: () => host.close() };
  } catch (error) {
    await host.close();
    throw error;
  }
}

/** The request's `machines`, each held to the same gate as the machine itself. */
function requestMachines(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  files: FileAccess,
): Record<string, JsonObject> | undefined {
  if (request.machines === undefined) return undefined;
  const machines: Record<string, JsonObject> = {};
  for (const [key, source] of Object.entries(request.machines)) {
    const loaded = loadSource({ ...request, definition: source }, files);
    Object.defineProperty(machines, key, {
      value: loaded.definition,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return machines;
}

function executeOptions(
  request: ExecuteRequest | TestStateRequest | StartRequest,
  prepared: PreparedRun,
  hooks: RunHooks,
  abort: () => void,
): ExecuteOptions {
  const { machine, template, served } = prepared;
  const s = request.settings ?? {};
  const machines = template.machines;
  const logicalIds = machine.template?.stateResources;
  const mocks = loadMocks(
    request.mocks,
    machine,
    s.substitutions,
    hooks.files,
    Object.values(machines ?? {}),
  );
  // The request's role, else the one the template gives the machine (as `stepthrough run` does).
  const role = loadRole(request.role, hooks.files) ?? templateRole(machine);
  const region = s.region ?? 'us-east-1';
  const accountId = s.accountId ?? '123456789012';
  const options: ExecuteOptions = {
    input: request.input ?? {},
    mocks: mocks.source,
    // A client's handler is one of its mocks: it wins over a handler the server runs for the same key.
    taskHandlers: {
      ...(served ? unsupportedTaskHandlers(served.unsupported, mocks.source) : {}),
      ...served?.taskHandlers,
      ...clientTaskHandlers(mocks.handlers, hooks.callHandler, abort),
    },
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
  if (logicalIds !== undefined) options.logicalIds = logicalIds;
  const roleArn = s.roleArn ?? role?.roleArn;
  if (roleArn !== undefined) options.roleArn = roleArn;
  const own = role ? createTaskAuthorizer(role.statements, { roleArn, region, accountId }) : undefined;
  // Each machine's Tasks are checked against its own role (a template child's, when it spells it out).
  const authorize = template.authorizer(own, { region, accountId });
  if (authorize) options.authorizeTask = authorize;
  if (machines) options.machines = machines;
  return options;
}

/** The role a template gives its machine; its warning (a role that cannot be checked) goes to stderr. */
function templateRole(machine: LoadedDefinition): LoadedRole | undefined {
  const role = templateRoleOf(machine.template);
  if (role?.skipped !== undefined) process.stderr.write(`stepthrough serve: warning: ${role.skipped}\n`);
  if (role === undefined || role.skipped !== undefined) return undefined;
  return role.roleArn === undefined
    ? { statements: role.statements }
    : { statements: role.statements, roleArn: role.roleArn };
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
export async function runStart(
  request: StartRequest,
  hooks: RunHooks,
  onTaskWaiting: (task: WaitingTask) => void,
): Promise<ExecutionHandle> {
  const prepared = await prepareRun(request, hooks.files);
  const served = prepared.served;
  try {
    const handle = start(
      prepared.machine.definition,
      (abort) => ({
        ...executeOptions(request, prepared, hooks, abort),
        outsideAnswers: true,
        observer: { onTaskWaiting },
      }),
      hooks,
    );
    // The handlers' processes end with the execution.
    if (served) void handle.result.finally(() => served.close());
    return handle;
  } catch (error) {
    await served?.close();
    throw error;
  }
}

export async function runExecute(request: ExecuteRequest, hooks: RunHooks): Promise<ExecutionResult> {
  const prepared = await prepareRun(request, hooks.files);
  const served = prepared.served;
  try {
    const handle = start(
      prepared.machine.definition,
      (abort) => executeOptions(request, prepared, hooks, abort),
      hooks,
    );
    return await handle.result;
  } finally {
    await served?.close();
  }
}

/** Refuses a state the machine does not have, with the closest name (before TestState runs it). */
function checkState(definition: JsonObject, stateName: string): void {
  const visits = walkStates(definition);
  if (visits.some((v) => v.name === stateName)) return;
  const near = closestMatch(
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
  const prepared = await prepareRun(request, hooks.files);
  const { machine, served } = prepared;
  const events: HistoryEvent[] = [];
  const state: { handle?: ExecutionHandle; abortRequested: boolean } = { abortRequested: false };
  const abort = (): void => {
    state.abortRequested = true;
    state.handle?.abort();
  };
  let options: ExecuteOptions;
  try {
    checkState(machine.definition, request.state);
    options = executeOptions(request, prepared, hooks, abort);
  } catch (error) {
    await served?.close();
    throw error;
  }
  const { input, observer: _unused, ...engine } = options;
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
  ).finally(() => served?.close());
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
