// The interpreter's entry points: startExecution() (event stream, pause hooks, abort) and
// execute() (run to the end, resolve with the result).

import { StepthroughError } from '../errors';
import {
  isJsonObject,
  jsonByteLength,
  MAX_PAYLOAD_BYTES,
  outsideValueProblem,
  tooDeepText,
  type JsonObject,
  type JsonValue,
} from '../json';
import { setOwn } from '../jsonpath/values';
import { runMocks } from '../mocks/answer';
import { parseDocument } from '../parse';
import { assertRunnable } from '../validate/beforeRun';
import type { ExecutionIdentity } from './context';
import { isoTime, type HistoryEvent } from './events';
import type { ExecuteOptions, ExecutionResult, OutsideWait } from './options';
import { seededRandom } from './random';
import { DEFAULT_MAX_TRANSITIONS, ExecutionRuntime, type RuntimeConfig } from './runtime';
import { configuredServices, type ServiceConfig } from './services';
import type { WaitingTask } from './taskTokens';
import { applySubstitutions, checkSubstitutions } from './substitutions';

export const DEFAULT_START_TIME = '2024-01-01T00:00:00.000Z';

export interface ExecutionHandle {
  /** Resolves when the execution ends, whatever its status. */
  readonly result: Promise<ExecutionResult>;
  /** History so far (grows while the execution runs). */
  readonly events: readonly HistoryEvent[];
  /** Stops the execution at its next step; it ends ABORTED. */
  abort(): void;
  readonly identity: ExecutionIdentity;
  /**
   * Answers a task waiting for its token (AWS's SendTaskSuccess): the Task succeeds with `output`. Throws
   * TaskTokenError (`awsError`: InvalidToken for a token this run never issued, TaskTimedOut for one
   * whose task has ended, InvalidOutput for an output that is not JSON or over 256 KiB).
   */
  sendTaskSuccess(taskToken: string, output: JsonValue): void;
  /** AWS's SendTaskFailure: the Task fails with `error` and `cause` (empty ones are left out, as AWS does). */
  sendTaskFailure(taskToken: string, error?: string, cause?: string): void;
  /**
   * AWS's SendTaskHeartbeat: the task's HeartbeatSeconds start again from now (simulated time; while the
   * clock stands still on outside waits, the real time waited counts first).
   */
  sendTaskHeartbeat(taskToken: string): void;
  /**
   * The tasks waiting for an answer from outside now (with `outsideAnswers`): state, token, resource (an
   * Activity's ARN for GetActivityTask), request and since when. Observers' onTaskWaiting tells when one
   * starts to wait.
   */
  waitingTasks(): WaitingTask[];
  /**
   * A worker takes a waiting Activity's task (what AWS's GetActivityTask does with the token it hands
   * out): the history gets ActivityStarted with `workerName`. Returns false when the task is not an
   * Activity's or is taken already; throws TaskTokenError for a token not waiting. An Activity answered
   * without being taken is taken first, by worker `stepthrough`.
   */
  takeActivityTask(taskToken: string, workerName?: string): boolean;
  /**
   * Whether every live thread waits on an outside party now (the clock stands still at `since`), and the
   * simulated time `until` at which the first of their limits runs out; undefined while the run moves.
   * With `realTime`, that span is waited in real time and the clock then moves to `until`.
   */
  outsideWait(): OutsideWait | undefined;
}

/** Parses a definition given as text (JSON or YAML) or checks a parsed one. */
export function loadDefinition(definition: string | JsonObject | unknown, fileName?: string): JsonObject {
  if (typeof definition === 'string') {
    const doc = parseDocument(definition, { fileName });
    const firstError = doc.diagnostics.find((d) => d.severity === 'error');
    if (firstError || !isJsonObject(doc.value)) {
      const d = firstError;
      throw new StepthroughError('E_PARSE', d ? d.message : 'The definition is not a JSON/YAML object.', {
        location: {
          file: fileName,
          line: (d?.range.start.line ?? 0) + 1,
          column: (d?.range.start.character ?? 0) + 1,
        },
        hint: 'Fix the syntax error; `stepthrough validate` lists every problem.',
      });
    }
    return doc.value;
  }
  if (!isJsonObject(definition)) {
    throw new StepthroughError(
      'E_INVALID_DEFINITION',
      'The state machine definition must be an object with StartAt and States.',
    );
  }
  return definition;
}

const DEFAULT_START_MS = Date.parse(DEFAULT_START_TIME);
const defaultNames = new Map<number, string>();

/** The default execution name: a UUID derived from the seed (cached: it is the same every run). */
function defaultExecutionName(seed: number): string {
  let name = defaultNames.get(seed);
  if (name === undefined) {
    name = seededRandom(seed ^ 0x5eed).uuid();
    if (defaultNames.size > 1000) defaultNames.clear();
    defaultNames.set(seed, name);
  }
  return name;
}

interface IdentityNames {
  partition: string;
  region: string;
  account: string;
  stateMachineName: string;
  executionName: string;
  stateMachineArn: string;
  executionArn: string;
  defaultRoleArn: string;
}

/** The last run's names: a suite runs one machine many times, and building the ARNs is per run. */
let lastNames: IdentityNames | undefined;

function identityNames(
  partition: string,
  region: string,
  account: string,
  smName: string,
  execName: string,
): IdentityNames {
  const last = lastNames;
  if (
    last !== undefined &&
    last.partition === partition &&
    last.region === region &&
    last.account === account &&
    last.stateMachineName === smName &&
    last.executionName === execName
  )
    return last;
  return (lastNames = {
    partition,
    region,
    account,
    stateMachineName: smName,
    executionName: execName,
    stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${smName}`,
    executionArn: `arn:${partition}:states:${region}:${account}:execution:${smName}:${execName}`,
    defaultRoleArn: `arn:${partition}:iam::${account}:role/StepthroughExecutionRole`,
  });
}

function toEpochMs(value: string | number | undefined): number {
  if (value === undefined) return DEFAULT_START_MS;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new StepthroughError('E_USAGE', `The start time '${String(value)}' is not an ISO-8601 timestamp.`, {
      hint: 'Use e.g. 2024-05-01T12:00:00Z.',
    });
  }
  return ms;
}

/** The largest bound on history events an execution may be given (AWS's own limit is 25,000). */
export const MAX_MAX_TRANSITIONS = 1_000_000;

/** `maxTransitions`: an integer from 1 to 1,000,000 bounding the execution's history events. */
function checkMaxTransitions(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_TRANSITIONS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_MAX_TRANSITIONS) {
    throw new StepthroughError(
      'E_USAGE',
      `maxTransitions must be an integer from 1 to 1,000,000; got ${JSON.stringify(value) ?? String(value)}.`,
      {
        hint: "It bounds the execution's history events, as AWS's limit of 25,000 (the default) does.",
      },
    );
  }
  return value;
}

/** AWS's StartExecution refuses an input over 256 KiB: the execution never exists. */
function checkInput(input: JsonValue): JsonValue {
  const problem = outsideValueProblem(input, MAX_PAYLOAD_BYTES);
  if (problem === 'depth') {
    throw new StepthroughError(
      'E_INVALID_INPUT',
      `${tooDeepText('The execution input')}: the execution does not start.`,
      { hint: "Flatten the input; AWS's JSON reader refuses documents nested this deep." },
    );
  }
  if (problem === 'size') {
    throw new StepthroughError(
      'E_INVALID_INPUT',
      `The execution input is larger than AWS's 256 KiB limit (${jsonByteLength(input)} bytes): StartExecution would refuse it, so the execution does not start.`,
      { hint: 'Pass a smaller input; for large data AWS suggests an S3 object the machine reads.' },
    );
  }
  return input;
}

export function buildIdentity(
  options: ExecuteOptions,
  input: JsonValue,
  startTime: number,
  seed: number,
): ExecutionIdentity {
  const names = identityNames(
    options.partition ?? 'aws',
    options.region ?? 'us-east-1',
    options.accountId ?? '123456789012',
    options.stateMachineName ?? 'StateMachine',
    options.executionName ?? defaultExecutionName(seed),
  );
  return {
    region: names.region,
    stateMachineName: names.stateMachineName,
    stateMachineArn: names.stateMachineArn,
    executionName: names.executionName,
    executionArn: names.executionArn,
    roleArn: options.roleArn ?? names.defaultRoleArn,
    startTime: isoTime(startTime),
    input,
  };
}

/**
 * Starts an execution and returns its handle before any state runs; errors in the options (bad mocks,
 * unparsable definition) throw StepthroughError, a definition AWS would reject throws DefinitionError
 * (unless `validate: false`).
 */
export function startExecution(
  definition: string | JsonObject,
  options: ExecuteOptions = {},
): ExecutionHandle {
  const { runtime, result, identity } = begin(definition, options, false);
  return {
    result,
    events: runtime.log.events,
    abort: () => runtime.abort(),
    identity,
    sendTaskSuccess: (token, output) => runtime.fromOutside(() => runtime.tokens.sendSuccess(token, output)),
    sendTaskFailure: (token, error, cause) =>
      runtime.fromOutside(() => runtime.tokens.sendFailure(token, error, cause)),
    sendTaskHeartbeat: (token) => runtime.fromOutside(() => runtime.tokens.sendHeartbeat(token)),
    takeActivityTask: (token, workerName) => runtime.tokens.take(token, workerName),
    waitingTasks: () => runtime.tokens.waiting(),
    outsideWait: () => runtime.outsideWait && { ...runtime.outsideWait },
  };
}

/** A started execution: its runtime, its result and its identity (execute() needs only the result). */
interface Begun {
  runtime: ExecutionRuntime;
  result: Promise<ExecutionResult>;
  identity: ExecutionIdentity;
}

const NO_MACHINES: readonly JsonObject[] = [];

function begin(definition: string | JsonObject, options: ExecuteOptions, startNow: boolean): Begun {
  // Refuse what AWS would refuse (DefinitionError with the diagnostics); remembered per definition.
  if (options.validate !== false && (typeof definition === 'string' || isJsonObject(definition)))
    assertRunnable(definition);
  let def = loadDefinition(definition);
  if (options.substitutions)
    def = applySubstitutions(def, checkSubstitutions(options.substitutions)) as JsonObject;
  const maxEvents = checkMaxTransitions(options.maxTransitions);
  const input = checkInput(options.input === undefined ? {} : options.input);
  const startTime = toEpochMs(options.startTime);
  const seed = options.seed ?? 0;
  const identity = buildIdentity(options, input, startTime, seed);
  const machines = childMachines(options);
  const serviceConfig: ServiceConfig = {
    mocks: runMocks(
      def,
      options.mocks,
      options.taskHandlers,
      options.logicalIds,
      options.layerHandlers,
      options.machines === undefined ? NO_MACHINES : Object.values(machines),
    ),
    machines,
    taskHandlers: options.taskHandlers ?? {},
    itemReaderData: options.itemReaderData ?? {},
    outsideAnswers: options.outsideAnswers === true,
    authorizeTask: options.authorizeTask,
    stateMachineArn: identity.stateMachineArn,
  };
  // Set, not spread: object spread is a slow path in V8 (this runs for every execution).
  if (options.layerHandlers !== undefined) serviceConfig.layerHandlers = options.layerHandlers;
  if (options.logicalIds !== undefined) serviceConfig.logicalIds = options.logicalIds;
  const config: RuntimeConfig = {
    definition: def,
    input,
    identity,
    startTime,
    seed,
    services: configuredServices(serviceConfig),
    maxEvents,
    observer: options.observer,
  };
  if (options.realTime) config.realTime = options.realTime;
  const runtime = new ExecutionRuntime(config);
  return { runtime, result: runtime.run(startNow), identity };
}

/**
 * The machines a `states:startExecution` Task may start (ExecuteOptions.machines), parsed, and held to the
 * same gate as the execution's own definition: one AWS would refuse to create never runs.
 */
function childMachines(options: ExecuteOptions): Record<string, JsonObject> {
  const machines: Record<string, JsonObject> = {};
  const given = options.machines;
  if (given === undefined) return machines;
  if (!isJsonObject(given))
    throw new StepthroughError('E_USAGE', 'machines must map state machine names or ARNs to definitions.', {
      hint: 'e.g. { machines: { ChildFlow: childDefinition } }',
    });
  for (const key of Object.keys(given)) {
    const definition = given[key];
    if (options.validate !== false && (typeof definition === 'string' || isJsonObject(definition)))
      assertRunnable(definition);
    setOwn(machines, key, loadDefinition(definition, key));
  }
  return machines;
}

/** Runs a state machine to its end. Resolves for every run status; rejects only for bad arguments. */
export function execute(
  definition: string | JsonObject,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> {
  // Not an async function (which would wrap the result in a second promise), but it rejects as one would.
  try {
    if (options.outsideAnswers === true)
      throw new StepthroughError(
        'E_USAGE',
        'outsideAnswers needs an execution handle to answer task tokens with; execute() returns none.',
        { hint: 'Use startExecution() and answer with its sendTaskSuccess / sendTaskFailure.' },
      );
    // Nobody holds a handle to abort with: an unobserved run may go from start to end at once.
    return begin(definition, options, true).result;
  } catch (error) {
    return Promise.reject(error as Error);
  }
}
