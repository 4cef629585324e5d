// TestState, locally: one state of a machine run alone with AWS's TestState semantics, request and
// response shaped as the TestState API's. `stepthrough test-state`, the MCP server's `test_state` tool
// and the `state:` cases of *.sfn-test.yaml files all run through this one function.

import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../json';
import { knownMockKeys } from '../mocks/keys';
import type {
  ExecuteOptions,
  ExecutionContextOptions,
  ExecutionHandle,
  ExecutionObserver,
  TaskAuthorizationRequest,
} from '../interpreter';
import {
  callbackMocks,
  combineMocks,
  isMockSource,
  simpleMocks,
  type MockResponse,
  type MockSource,
  type TaskHandler,
} from '../mocks';
import { readMapLimits, type MapLimits } from '../interpreter/dataflow';
import { toleranceExceededError } from '../interpreter/states/map';
import { asMockedTask, exceedsTolerance, itemsProbe, MOCKED_STATE_RESOURCE } from './containers';
import { TestStateError, validationError } from './errors';
import { validateMockResult } from './fieldValidation';
import { buildInspectionData, type InspectionInput } from './inspection';
import { innerStateNames, locateState, type Target } from './locate';
import type { TestStateRequest, TestStateResponse } from './model';
import { readRequest, type ParsedRequest } from './request';
import { runAndDecide, type Decision } from './run';

/** How the local engine answers what AWS would call for real, and the execution's identity. */
export interface TestStateOptions extends ExecutionContextOptions {
  /** Answers for Tasks the request does not mock (the core's mock forms). */
  mocks?: ExecuteOptions['mocks'];
  taskHandlers?: Record<string, TaskHandler>;
  /** Handlers that sit with a layer of `mocks` (ExecuteOptions.layerHandlers). */
  layerHandlers?: ExecuteOptions['layerHandlers'];
  /** Logical IDs of the resources each Task names, by state name (mock and handler keys). */
  logicalIds?: ExecuteOptions['logicalIds'];
  /** Checks Task calls against an execution role's policy (not for the mocked state: a mock calls nothing). */
  authorizeTask?: ExecuteOptions['authorizeTask'];
  /** Values for `${Placeholders}` in the definition. */
  substitutions?: Record<string, JsonValue>;
  itemReaderData?: ExecuteOptions['itemReaderData'];
  maxTransitions?: number;
  /** Sees the run's hooks too (a test runner's facts and coverage). */
  observer?: ExecutionObserver;
  /**
   * Run a state the request does not mock with `mocks`/`taskHandlers`: its Task answered by them, a Map's
   * iterations and a Parallel's branches run in full (how test files' `state:` cases run). Without it the
   * request is held to AWS's rules: an unmocked Task needs a role and a real service, which a local run
   * cannot call; Map and Parallel need a mock.
   */
  runUnmocked?: boolean;
  /** Called with each engine run's handle as it starts (a host that must be able to abort it). */
  onStarted?: (handle: ExecutionHandle) => void;
}

/** A TestState request; a library caller may give the definition as an object. */
export type TestStateCall = Omit<TestStateRequest, 'definition'> & { definition: string | JsonObject };

const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);

function checkRequest(request: ParsedRequest, target: Target, options: TestStateOptions): void {
  const { type, state } = target;
  if (request.mock && !MOCKABLE.has(type)) {
    throw validationError(
      `A mock can only be specified for Task, Map, or Parallel states; "${target.name}" is a ${type} state`,
    );
  }
  if (!request.mock && !options.runUnmocked) {
    if (type === 'Map' || type === 'Parallel') {
      throw validationError(`TestState runs a ${type} state only with a mock of its result or error`);
    }
    if (type === 'Task') {
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      if (/\.(sync(:2)?|waitForTaskToken)$/.test(resource) || /:activity:/.test(resource)) {
        throw validationError(`TestState runs this Task (${resource}) only with a mock`);
      }
      if (request.roleArn === undefined) {
        throw validationError('RoleArn must be specified when testing a Task state');
      }
      throw new TestStateError(
        'Stepthrough.Unsupported',
        `Without a mock, TestState calls ${resource || 'the Task'} for real; Stepthrough runs locally and calls nothing.`,
        'Give the Task\'s answer in "mock": {"result": "<JSON>"} or {"errorOutput": {"error": ..., "cause": ...}}.',
      );
    }
  }
  if (request.errorCausedByState !== undefined) {
    if (type !== 'Map' && type !== 'Parallel') {
      throw validationError('stateConfiguration.errorCausedByState applies to Map and Parallel states');
    }
    if (!innerStateNames(target).includes(request.errorCausedByState)) {
      throw validationError(
        `stateConfiguration.errorCausedByState names "${request.errorCausedByState}", which is not a state inside "${target.name}"`,
      );
    }
  }
  if (request.mock?.result !== undefined && type === 'Task') {
    validateMockResult(
      typeof state.Resource === 'string' ? state.Resource : '',
      request.mock.result,
      request.mock.mode,
    );
  }
}

/** `arn:partition:states:region:account:...` -> its parts. */
function arnParts(
  arn: JsonValue | undefined,
): Partial<Pick<ExecuteOptions, 'partition' | 'region' | 'accountId'>> {
  if (typeof arn !== 'string') return {};
  const [, partition, , region, accountId] = arn.split(':');
  return {
    ...(partition ? { partition } : {}),
    ...(region ? { region } : {}),
    ...(accountId && /^\d{12}$/.test(accountId) ? { accountId } : {}),
  };
}

/**
 * The request's Context object as execution options: Execution.Name/StartTime/RoleArn/Id and
 * StateMachine.Name/Id. The engine sets the rest (State, Task, Map) itself.
 */
function contextOptions(context: JsonObject | undefined): ExecutionContextOptions {
  if (!context) return {};
  const execution = isJsonObject(context.Execution) ? context.Execution : {};
  const machine = isJsonObject(context.StateMachine) ? context.StateMachine : {};
  const options: ExecutionContextOptions = { ...arnParts(machine.Id), ...arnParts(execution.Id) };
  if (typeof execution.Name === 'string') options.executionName = execution.Name;
  if (typeof execution.StartTime === 'string') options.startTime = execution.StartTime;
  if (typeof execution.RoleArn === 'string') options.roleArn = execution.RoleArn;
  if (typeof machine.Name === 'string') options.stateMachineName = machine.Name;
  return options;
}

/** The handlers whose key names something of `machine` (core/mocks/keys.ts). */
function ownHandlers(
  handlers: Record<string, TaskHandler>,
  machine: JsonObject,
  logicalIds?: ExecuteOptions['logicalIds'],
): Record<string, TaskHandler> {
  const known = knownMockKeys(machine, logicalIds);
  return Object.fromEntries(Object.entries(handlers).filter(([key]) => known.has(key)));
}

function engineOptions(request: ParsedRequest, target: Target, options: TestStateOptions): ExecuteOptions {
  const { mocks, taskHandlers, layerHandlers, logicalIds, authorizeTask, itemReaderData, maxTransitions } =
    options;
  const identity: ExecutionContextOptions = {};
  for (const key of [
    'executionName',
    'stateMachineName',
    'startTime',
    'accountId',
    'region',
    'partition',
    'roleArn',
    'seed',
  ] as const) {
    if (options[key] !== undefined) (identity as Record<string, unknown>)[key] = options[key];
  }
  const engine: ExecuteOptions = {
    ...identity,
    ...(request.roleArn !== undefined ? { roleArn: request.roleArn } : {}),
    ...contextOptions(request.context),
    input: request.input,
    // Handlers and mocks are given for the whole machine (their callers check their keys against it):
    // the state alone needs those that name it or what it calls.
    taskHandlers: ownHandlers(taskHandlers ?? {}, target.machine, logicalIds),
    // The state alone leads out of itself; TestState checks the state's own definition (locate.ts).
    validate: false,
  };
  if (mocks !== undefined) engine.mocks = isMockSource(mocks) ? mocks : simpleMocks(mocks);
  if (logicalIds !== undefined) engine.logicalIds = logicalIds;
  if (layerHandlers !== undefined)
    engine.layerHandlers = new Map(
      [...layerHandlers].map(([layer, handlers]) => [
        layer,
        ownHandlers(handlers, target.machine, logicalIds),
      ]),
    );
  if (maxTransitions !== undefined) engine.maxTransitions = maxTransitions;
  const readerData = { ...(itemReaderData ?? {}) };
  if (request.mapItemReaderData !== undefined) readerData[target.name] = request.mapItemReaderData;
  if (Object.keys(readerData).length > 0) engine.itemReaderData = readerData;
  if (authorizeTask) {
    engine.authorizeTask = (call: TaskAuthorizationRequest) =>
      call.resource === MOCKED_STATE_RESOURCE || (request.mock && call.stateName === target.name)
        ? undefined
        : authorizeTask(call);
  }
  return engine;
}

/**
 * The state's answer when the request mocks it: a mock (the raw service result, as the API's
 * `mock.result` is), placed before the caller's mocks so it answers the state whatever they hold.
 */
function mockAnswer(
  request: ParsedRequest,
  target: Target,
  itemCount: number,
  limits: MapLimits | undefined,
  others: ExecuteOptions['mocks'],
): MockSource {
  const mock = request.mock;
  const answer = (): MockResponse => {
    if (mock?.errorOutput)
      return { kind: 'throw', error: mock.errorOutput.error, cause: mock.errorOutput.cause ?? '' };
    const failures = request.mapIterationFailureCount;
    if (limits && failures !== undefined && exceedsTolerance(failures, itemCount, limits)) {
      const exceeded = toleranceExceededError();
      return { kind: 'throw', error: exceeded.error, cause: exceeded.cause ?? '' };
    }
    return { kind: 'return', value: cloneJson(mock?.result ?? null) };
  };
  const own = callbackMocks({ [target.name]: answer });
  if (others === undefined) return own;
  return combineMocks(own, isMockSource(others) ? others : simpleMocks(others));
}

function respond(
  request: ParsedRequest,
  target: Target,
  decision: Decision,
  map?: InspectionInput['map'],
): TestStateResponse {
  const response: TestStateResponse = { status: decision.status };
  if (
    (decision.status === 'SUCCEEDED' || decision.status === 'CAUGHT_ERROR') &&
    decision.output !== undefined
  ) {
    response.output = JSON.stringify(decision.output);
  }
  if (decision.error) response.error = decision.error;
  if (decision.cause) response.cause = decision.cause;
  if (decision.nextState !== undefined) response.nextState = decision.nextState;
  if (request.inspectionLevel !== 'INFO') {
    response.inspectionData = buildInspectionData({
      target,
      decision,
      ...(request.variables ? { variables: request.variables } : {}),
      ...(map ? { map } : {}),
    });
  }
  return response;
}

/**
 * The Map's MaxConcurrency and tolerated failures, read as the items probe's run of the Map read them
 * (the engine's own reading: the probe failed already if they cannot be read).
 */
function probedLimits(probe: Decision, target: Target): MapLimits | Promise<MapLimits> {
  const { frame, enteredEventId } = probe;
  if (!frame || enteredEventId === undefined)
    throw new Error('Stepthrough: the items probe never entered the Map');
  const queryLanguage = target.jsonata ? 'JSONata' : 'JSONPath';
  return readMapLimits({ frame, queryLanguage, enteredEventId }, probe.stages.afterInputPath ?? frame.input);
}

/**
 * Runs one state as the TestState API does and returns the API's response. Throws TestStateError
 * (InvalidDefinition, InvalidExecutionInput, InvalidArn, ValidationException, or Stepthrough.Unsupported)
 * for a request AWS would refuse or a local run cannot serve.
 */
export async function testState(
  call: TestStateCall | unknown,
  options: TestStateOptions = {},
): Promise<TestStateResponse> {
  const request = readRequest(call);
  const target = locateState(request.definition, request.stateName, options.substitutions);
  checkRequest(request, target, options);
  const engine = engineOptions(request, target, options);
  const settings = {
    ...(options.onStarted ? { onStarted: options.onStarted } : {}),
    stateName: target.name,
    variables: request.variables,
    retrierRetryCount: request.retrierRetryCount ?? 0,
  };
  let map: InspectionInput['map'];
  if (target.type === 'Map' && request.mock) {
    // The Map's own stages run for real; failing to read its items fails the test before the mock answers.
    const probe = await runAndDecide({
      ...settings,
      machine: { ...target.machine, States: { [target.name]: itemsProbe(target.state) } },
      options: engine,
      retrierRetryCount: 0,
    });
    if (probe.status !== 'SUCCEEDED') return respond(request, target, probe);
    const limits = await probedLimits(probe, target);
    const items = probe.iterations.map((i) => i.item);
    map = { limits, items, inputs: probe.iterations.map((i) => i.input), probe };
  }
  let machine = target.machine;
  if (request.mock) {
    if (target.type !== 'Task')
      machine = { ...machine, States: { [target.name]: asMockedTask(target.state) } };
    engine.mocks = mockAnswer(request, target, map?.items.length ?? 0, map?.limits, engine.mocks);
  }
  const decision = await runAndDecide({
    ...settings,
    machine,
    options: engine,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return respond(request, target, decision, map);
}
