// Options and results of an execution: what callers pass to execute()/startExecution() and get back.

import type { JsonObject, JsonValue } from '../json';
import type { MockSource, TaskHandler } from '../mocks';
import type { HistoryEvent, ScopePath } from './events';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionContextOptions {
  /** Execution name; default `stepthrough-<n>` derived from the seed. */
  executionName?: string;
  stateMachineName?: string;
  /** Simulated start time (ISO-8601 or epoch ms); default 2024-01-01T00:00:00Z, so runs are reproducible. */
  startTime?: string | number;
  accountId?: string;
  region?: string;
  partition?: string;
  roleArn?: string;
  /** Seed for States.MathRandom/UUID, JSONata $random/$uuid and retry jitter. */
  seed?: number;
}

export interface ExecuteOptions extends ExecutionContextOptions {
  input?: JsonValue;
  /**
   * Validate the definition first (default true): one AWS would reject (any error-severity
   * diagnostic) throws DefinitionError and nothing runs. `false` runs it anyway: AWS would reject it.
   */
  validate?: boolean;
  /**
   * Mocked task responses: a MockSource, or the simple form `{Key: [{Return}|{Throw}, ...]}` keyed by
   * state name (or a function or activity a Task calls); an entry may match on the request (`When`).
   */
  mocks?: MockSource | Record<string, unknown>;
  /**
   * Programmatic task implementations, keyed as mocks are; a mock under the same key wins. For
   * lambda:invoke a handler gets the Payload and returns the function's result (wrapped as AWS does).
   */
  taskHandlers?: Record<string, TaskHandler>;
  /**
   * Handlers that sit with one layer of a layered MockSource (`combineMocks`): a test file's handlers
   * with its mocks, a case's with the case's, so a case's entry beats the file's and, within a layer,
   * a mock beats a handler. `taskHandlers` sit with the first layer.
   */
  layerHandlers?: ReadonlyMap<MockSource, Record<string, TaskHandler>>;
  /**
   * The logical IDs of the resources each Task names, by state name (a template's `stateResources`):
   * mocks and handlers may be keyed by them.
   */
  logicalIds?: Record<string, string | readonly string[]>;
  /** Values for `${Placeholders}` (DefinitionSubstitutions), applied before execution. */
  substitutions?: Record<string, JsonValue>;
  /**
   * Bound on the execution's history events (each child execution's too): an integer from 1 to 1,000,000;
   * default 25,000, AWS's limit. An execution that reaches it fails with Stepthrough.HistoryLimitExceeded.
   */
  maxTransitions?: number;
  /**
   * A Task that waits for its task token (`.waitForTaskToken`) or an Activity, with no mock and no
   * handler, waits for the answer sent through the execution handle (sendTaskSuccess / Failure /
   * Heartbeat; `waitingTasks()` lists them) instead of failing with Stepthrough.MockMissing. While every
   * live thread so waits, the virtual clock stands still and the waits count real seconds (`realTime`).
   * Only for startExecution(): execute() returns no handle to answer with.
   */
  outsideAnswers?: boolean;
  /**
   * The host's real-time waiter (core reads no clock): while every live thread waits on an outside party,
   * the span to the first of their limits (TimeoutSeconds, HeartbeatSeconds, the execution's own
   * TimeoutSeconds) is handed to it, and when it has waited that long in real time the virtual clock
   * moves to that limit, so the wait times out as on AWS. An answer first cancels it. Without one, such a
   * run stands still until answered (or stopped). Stepthrough's surfaces pass host/'s `realTimeWaiter()`.
   */
  realTime?: RealTimeWaiter;
  /**
   * State machines a Task may start (`arn:aws:states:::states:startExecution`, `.sync`, `.sync:2`), keyed
   * by the name at the end of the request's `StateMachineArn` or by the whole ARN: a definition (object,
   * or JSON/YAML text). A mapped machine runs here as a child execution with its own history (the
   * result's `childExecutions`, `startedBy: 'startExecution'`); a mock for the same Task wins. Its Tasks
   * are answered by this run's mocks and handlers, by their own state names.
   */
  machines?: Record<string, string | JsonObject>;
  /**
   * Data for Distributed Map ItemReader / ResultWriter, keyed by state name: the items (a JSON value),
   * their text (JSON, JSON lines or CSV, as the ReaderConfig says), or an `ItemReaderStream` that gives
   * the text in chunks as it is read (host/'s `FileAccess.streamText`), so a large file is parsed and
   * dispatched as it arrives, never held whole.
   */
  itemReaderData?: Record<string, ItemReaderData>;
  /**
   * Checks each Task against the execution role; returns an access-denied error or undefined. A nested
   * execution's Tasks come with `execution` set: on AWS they run with the child machine's role.
   */
  authorizeTask?: (request: TaskAuthorizationRequest) => { error: string; cause: string } | undefined;
  /** Observer hooks for debuggers and test runners. */
  observer?: ExecutionObserver;
}

/** Waits real time for the engine (core never reads the clock). */
export interface RealTimeWaiter {
  /**
   * Waits the real time that `virtualMs` of virtual time is worth (1:1, or a host's pacing scale), then
   * calls `elapsed` once (never before `wait` has returned).
   */
  wait(virtualMs: number, elapsed: () => void): RealTimeWait;
}

export interface RealTimeWait {
  /** Stops the wait; returns the virtual milliseconds the real time waited so far is worth (0..virtualMs). */
  cancel(): number;
}

/** Every live thread of the run waits on an outside party: the clock stands still at `since`. */
export interface OutsideWait {
  /** Simulated epoch milliseconds: the time the clock stands still at. */
  since: number;
  /** Simulated epoch milliseconds at which the first of the waits' limits (or the execution's) runs out. */
  until: number;
}

export interface TaskAuthorizationRequest {
  stateName: string;
  resource: string;
  parameters: JsonValue;
  /**
   * The child execution the Task runs in, when it runs in one: a nested execution's Tasks run with its
   * own machine's execution role on AWS, not its parent's (a Distributed Map's child with its parent's).
   */
  execution?: ChildExecutionInfo;
}

export interface ExecutionResult {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output: JsonValue | null;
  error?: string;
  cause?: string;
  /**
   * Every state entered, in history order (Map/Parallel inner states included; a retried Task once). A
   * Distributed Map's child executions are not in it: see `childExecutions`.
   */
  states: string[];
  /** The execution's own history (AWS's parent history holds a Distributed Map's MapRun events only). */
  events: HistoryEvent[];
  /**
   * The child executions started by a Distributed Map (`startedBy: 'map'`) or by a Task's
   * `states:startExecution` of a mapped machine (`startedBy: 'startExecution'`), in the order they
   * started, nested ones' own children included; absent when none ran.
   */
  childExecutions?: ChildExecutionResult[];
}

/**
 * Which child execution a thread runs: a Distributed Map iteration (one item, or one batch of items), or
 * the execution a Task started with `states:startExecution` of a mapped machine (a nested execution).
 */
export interface ChildExecutionInfo {
  name: string;
  executionArn: string;
  /** A Map child's workflow: `<parent>/<Map Run label>`; a nested execution's: the request's StateMachineArn. */
  stateMachineArn: string;
  startedBy: 'map' | 'startExecution';
  /** The state that started it: the Map state, or the Task state. */
  parentState: string;
  /** The Map Run that started it, and the Map state that owns the Map Run (Map children only). */
  mapRunArn?: string;
  mapState?: string;
  /** The item's (or batch's) index in the Map Run; for a nested execution, its number among its state's (from 0). */
  index: number;
  /**
   * The execution that started it: the run's own `executionArn`, or a child execution's (a nested
   * execution's Distributed Map, a child's own nested execution), so children form a tree.
   */
  parentExecutionArn: string;
  /** A nested execution's machine: the key of `ExecuteOptions.machines` it was found under. */
  machineKey?: string;
}

/** A child execution as it ended, with its own history and states entered. */
export interface ChildExecutionResult extends ChildExecutionInfo {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  input: JsonValue;
  output: JsonValue | null;
  error?: string;
  cause?: string;
  states: string[];
  events: HistoryEvent[];
}

/** A thread as observers are told of it when it starts and ends. */
export interface ThreadInfo {
  threadId: number;
  name: string;
  scope: ScopePath;
  /**
   * Set when the thread is a child execution (a Distributed Map's iteration, or a nested execution a
   * Task started): its states write to its own history.
   */
  childExecution?: ChildExecutionInfo;
  /**
   * The thread that started this one: the thread of the Map or Parallel state, or of the Task that
   * started a nested execution. Absent for the execution's own thread.
   */
  parentThreadId?: number;
  /**
   * A nested execution's machine: the key of `ExecuteOptions.machines` it was found under (the name at
   * the end of the StateMachineArn, or the whole ARN), so a debugger knows which definition it runs.
   */
  machine?: string;
}

/** The stages of a state's data flow, reported as they are computed. */
export type DataStage =
  | 'input'
  | 'afterInputPath'
  | 'afterParameters'
  | 'result'
  | 'afterResultSelector'
  | 'afterResultPath'
  | 'output';

export interface StateFrame {
  /** Unique id of the thread (execution = 1). */
  threadId: number;
  threadName: string;
  scope: ScopePath;
  stateName: string;
  stateType: string;
  /** Path of the state object in the definition, e.g. ['States','Work','Branches',0,'States','Inner']. */
  definitionPath: (string | number)[];
  /** The state's input; `beforeState` may replace it (a debugger's edit) before the state runs. */
  input: JsonValue;
  /** The state's definition as parsed. */
  definition: Record<string, JsonValue>;
  context: JsonValue;
  /** The workflow variables the state sees (a copy: changing it changes nothing). */
  variables: Record<string, JsonValue>;
  /**
   * Set by `beforeState` to give variables new values before the state runs: each one is changed in the
   * scope that holds it (an unknown name is created in the state's own scope).
   */
  variableEdits?: Record<string, JsonValue>;
  /** Simulated time in epoch ms. */
  now: number;
  transitions: number;
  /** 1 for the first try, 2 for the first retry... (as a task handler's context counts). */
  attempt: number;
  /**
   * The child execution the state runs in (a Distributed Map's child, or a nested execution a Task
   * started); absent for the run's own states. A nested execution's states belong to its own machine
   * (`execution.machineKey`); a Map child's to the Map's ItemProcessor (of the execution that started it).
   */
  execution?: ChildExecutionInfo;
}

export interface StageReport {
  frame: StateFrame;
  stage: DataStage;
  value: JsonValue;
}

export interface StateOutcome {
  frame: StateFrame;
  status: 'succeeded' | 'failed' | 'caught' | 'retrying';
  output?: JsonValue;
  error?: string;
  cause?: string;
  next?: string;
  /** For failures: whether a Catch in this state or an enclosing one will handle it. */
  willBeCaught?: boolean;
  /**
   * `retrying`: the index of the Retry rule that matched; `caught`: of the Catch rule (a missed heartbeat,
   * States.Timeout by name, is caught by a `States.HeartbeatTimeout` rule: the name alone cannot say which).
   */
  rule?: number;
}

/**
 * Hooks an observer can give. `beforeState` is the pause point: the thread (and, since only one
 * thread runs at a time, the whole execution) waits until the returned promise settles.
 */
export interface ExecutionObserver {
  /** An event of the run's own history, as it is appended. */
  onEvent?(event: HistoryEvent): void;
  /**
   * An event of a child execution's own history (a Distributed Map's child, a nested execution), as it is
   * appended: ids from 1 in that child's history, `execution` saying which child (and, through
   * `parentExecutionArn`, who started it). `onEvent` never sees these, as AWS's parent history holds none.
   */
  onChildExecutionEvent?(event: HistoryEvent, execution: ChildExecutionInfo): void;
  beforeState?(frame: StateFrame): void | Promise<void>;
  onStage?(report: StageReport): void | Promise<void>;
  onStateOutcome?(outcome: StateOutcome): void | Promise<void>;
  onThreadStarted?(thread: ThreadInfo): void;
  /**
   * A task began to wait for its token to be answered from outside (`outsideAnswers`): answer it with the
   * handle's sendTaskSuccess / sendTaskFailure.
   */
  onTaskWaiting?(task: WaitingTask): void;
  /**
   * Every live thread came to wait on an outside party (the clock stands still; `wait.until` is the next
   * limit, which may change with a heartbeat), or (undefined) the run moves on, at simulated time `now`.
   */
  onOutsideWait?(wait: OutsideWait | undefined, now: number): void;
  onThreadEnded?(thread: ThreadInfo): void;
}

/** A task waiting for its token to be answered, as `waitingTasks()` lists it. */
export interface WaitingTask {
  stateName: string;
  taskToken: string;
  /** The Task's resource ARN (an Activity's ARN for an Activity: what GetActivityTask polls). */
  resource: string;
  /** The effective request: what the service call carried (with the token), or an Activity's input. */
  request: JsonValue;
  /** Simulated epoch milliseconds at which the wait began. */
  since: number;
  /** The thread it waits on (1 is the execution's own). */
  threadId: number;
  /** An Activity's task: whether a worker has taken it (takeActivityTask), false until then. */
  taken?: boolean;
}

/**
 * ItemReader text read as it is needed: each `read()` is a fresh pass over the data from its start, in
 * text chunks of any size (a Map inside a loop reads it again). Breaking out of the loop (ReaderConfig's
 * MaxItems reached, the Map failed) stops the read and releases what it holds. An error thrown while
 * reading fails the Map with States.ItemReaderFailed and the error's message.
 */
export interface ItemReaderStream {
  read(): AsyncIterable<string>;
}

/** What a Distributed Map's ItemReader reads: items, their text, or their text as a stream. */
export type ItemReaderData = JsonValue | string | ItemReaderStream;

/** Whether ItemReader data is a stream (a JSON value never has a function member). */
export function isItemReaderStream(data: unknown): data is ItemReaderStream {
  return typeof data === 'object' && data !== null && typeof (data as { read?: unknown }).read === 'function';
}
