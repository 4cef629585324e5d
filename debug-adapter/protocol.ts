// The messages the Stepthrough debug adapter exchanges beyond standard DAP: its launch configuration,
// its custom events (one DAP event name, a body discriminated by `type`) and its custom requests (one DAP
// request name, arguments discriminated by `type`). Declared once here; the VS Code extension and the
// graph import these types.

import type { DataStage, JsonValue, ScopePath } from '../core';

/** The DAP `type` of Stepthrough launch configurations. */
export const DEBUG_TYPE = 'stepthrough';

/** The name of every custom DAP event the adapter sends; the body is a `StepthroughEvent`. */
export const STEPTHROUGH_EVENT = 'stepthrough';

/** A launch configuration of type `stepthrough`. Relative paths resolve from `cwd`. */
export interface StepthroughLaunchArguments {
  /** The state machine file (JSON or YAML). Required unless `testFile` names it. */
  definition?: string;
  /** The execution input, inline. */
  input?: JsonValue;
  /** ... or a JSON/YAML file holding it. */
  inputFile?: string;
  /** Mocked Task responses: an inline object in the simple form `{State: [{Return}|{Throw}]}`, or a file path. */
  mocks?: string | Record<string, unknown>;
  /** An AWS Step Functions Local MockConfigFile (path or inline object) ... */
  mockConfig?: string | Record<string, unknown>;
  /** ... and the test case in it to use. */
  testCase?: string;
  /** The state machine in the MockConfigFile, when it defines several. */
  stateMachine?: string;
  /**
   * An execution history recorded on AWS (what `aws stepfunctions get-execution-history --output json`
   * prints), replayed with `definition`: its input and its recorded Task results as mocks (an `input`
   * or `mocks` given beside it wins).
   */
  history?: string;
  /** A `*.sfn-test.yaml` file ... */
  testFile?: string;
  /** ... and the case in it to debug (its name, or its zero-based index). */
  case?: string | number;
  /**
   * The state machines a `states:startExecution` Task may start, run here as child executions the
   * debugger steps into: a map of the name at the end of the StateMachineArn (or the whole ARN) to a
   * definition file, or the path of a JSON/YAML file holding that map (paths relative to it), as
   * `run --machines` and a test file's `machines:`.
   */
  machines?: string | Record<string, string>;
  /**
   * The team's own code run as Tasks, as `run --handlers` and a test file's `handlers:`: `"auto"` (each
   * function a template's machine calls, from its CodeUri and Handler), a map of Task states (or
   * logical IDs, functions) to `./module.js#export`, `python:module:function` or `{cmd: ...}`, or a
   * JSON/YAML file holding that map. A mock for the same key wins. (A test file's case brings its own.)
   */
  handlers?: string | Record<string, unknown>;
  /** The execution role: an IAM role ARN, or a file holding the role's policy document. */
  role?: string;
  /** Stop before the first state. */
  stopOnEntry?: boolean;
  /**
   * Refuse a machine AWS would reject (default true): the launch fails showing its diagnostics.
   * false runs it anyway (AWS would reject this machine).
   */
  validate?: boolean;
  /** Values for `${Placeholders}` (an object or a file path). */
  substitutions?: string | Record<string, JsonValue>;
  /** Seed for random functions and retry jitter (default 0). */
  seed?: number;
  /** Simulated start time, ISO-8601. */
  startTime?: string;
  executionName?: string;
  maxTransitions?: number;
  /** Directory relative paths resolve from (default: the adapter's working directory). */
  cwd?: string;
  /** Standard DAP flag: run without stopping at breakpoints. */
  noDebug?: boolean;
}

/** What a state went through, as the graph shows it. */
export type StateStatus = 'entered' | 'succeeded' | 'failed' | 'caught' | 'retrying';

/** Identifies one state execution: which state, in which Map iteration / Parallel branch. */
export interface StateRef {
  state: string;
  /** Path of the state object in the definition, e.g. ['States','Work','Branches',0,'States','Inner']. */
  definitionPath: (string | number)[];
  scope: ScopePath;
  threadId: number;
  /** A child machine's state (its `machines` key), run by a nested execution; absent: the debugged machine's. */
  machine?: string;
}

export type StepthroughEvent =
  /** A run began: after launch, restart, or a replay for step back (the graph clears its marks). */
  | { type: 'runStarted'; definitionFile: string; reason: 'launch' | 'restart' | 'replay' }
  /** A state changed status; `next` is the state it goes to (succeeded, caught). */
  | ({
      type: 'stateStatus';
      status: StateStatus;
      next?: string;
      error?: string;
      cause?: string;
    } & StateRef)
  /** The execution stopped here (the active state). */
  | ({ type: 'paused'; reason: string; stage?: DataStage } & StateRef)
  /** The execution runs again. */
  | { type: 'resumed' }
  /** The run ended. */
  | {
      type: 'runEnded';
      status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
      output?: JsonValue;
      error?: string;
      cause?: string;
    };

export type StepthroughEventType = StepthroughEvent['type'];

/** The name of every custom DAP request the adapter answers; the arguments are a `StepthroughRequest`. */
export const STEPTHROUGH_REQUEST = 'stepthrough';

/**
 * A task waiting for its token to be answered from outside the run (a `.waitForTaskToken` Task or an
 * Activity no mock or handler answers), as the debugger lists it.
 */
export interface WaitingTaskInfo {
  stateName: string;
  taskToken: string;
  /** The Task's resource (an Activity's ARN for an Activity). */
  resource: string;
  /** The request the Task sent (with the token), or an Activity's input. */
  request: JsonValue;
  /** Simulated time the wait began, ISO-8601. */
  since: string;
  threadId: number;
  /** The thread's name (`Execution`, a branch, an iteration, a child execution). */
  threadName: string;
}

export type StepthroughRequest =
  /** The tasks waiting for their token now; answered with `WaitingTasksResponse`. */
  | { type: 'waitingTasks' }
  /** AWS's SendTaskSuccess: `output` is JSON text, parsed by the adapter (bad JSON is a clear error). */
  | { type: 'sendTaskSuccess'; taskToken: string; output: string }
  /** AWS's SendTaskFailure. */
  | { type: 'sendTaskFailure'; taskToken: string; error?: string; cause?: string }
  /** AWS's SendTaskHeartbeat. */
  | { type: 'sendTaskHeartbeat'; taskToken: string };

export type StepthroughRequestType = StepthroughRequest['type'];

export interface WaitingTasksResponse {
  tasks: WaitingTaskInfo[];
}

/** The body of a StepthroughRequest's response. */
export type StepthroughResponseBody<T extends StepthroughRequestType> = T extends 'waitingTasks'
  ? WaitingTasksResponse
  : Record<string, never>;

/**
 * The output typed for Send Task Success, read as SendTaskSuccess reads it: JSON text. Both ends use it
 * (the extension to check what is typed, the adapter to read what arrives).
 */
export function parseTaskOutput(text: string): { value: JsonValue } | { problem: string } {
  if (text.trim() === '')
    return { problem: 'The output is empty: type a JSON value, e.g. {} or {"approved": true}' };
  try {
    return { value: JSON.parse(text) as JsonValue };
  } catch (err) {
    return { problem: `The output is not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
}

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** Whether what arrived as a custom request's arguments is a StepthroughRequest (never trust the wire). */
export function isStepthroughRequest(value: unknown): value is StepthroughRequest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  switch (v.type) {
    case 'waitingTasks':
      return true;
    case 'sendTaskSuccess':
      return typeof v.taskToken === 'string' && typeof v.output === 'string';
    case 'sendTaskFailure':
      return typeof v.taskToken === 'string' && optionalString(v.error) && optionalString(v.cause);
    case 'sendTaskHeartbeat':
      return typeof v.taskToken === 'string';
    default:
      return false;
  }
}
