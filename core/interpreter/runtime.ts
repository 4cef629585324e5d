// The execution runtime: owns the clock, the history, the threads, and the loop that walks a
// state machine (or a branch / item processor) from StartAt to its end.

import { ErrorNames, StatesError, StepthroughError } from '../errors';
import { isJsonObject, jsonExceeds, MAX_PAYLOAD_BYTES, type JsonObject, type JsonValue } from '../json';
import type { MockSource, TaskHandler } from '../mocks';
import { buildContextObject, taskTokenFor, waitsForTaskToken, type ExecutionIdentity } from './context';
import { EventLog, isoTime, type HistoryEvent, type NewEvent, type ScopeStep } from './events';
import type { ExecuteOptions, ExecutionObserver, ExecutionResult, StateFrame } from './options';
import { seededRandom, type RandomSource } from './random';
import { ExecutionAbortedSignal, Scheduler, ThreadControl } from './scheduler';
import { after, isThenable, type MaybePromise } from './maybePromise';
import { StateRun } from './stateRun';
import { runStateByType } from './states';
import type { StateCompletion, Thread } from './thread';
import { VariableScope } from './variables';

export { MAX_PAYLOAD_BYTES } from '../json';
export const DEFAULT_MAX_TRANSITIONS = 25_000;

export interface RuntimeConfig {
  definition: JsonObject;
  input: JsonValue;
  identity: ExecutionIdentity;
  startTime: number;
  seed: number;
  mocks: MockSource | undefined;
  taskHandlers: Record<string, TaskHandler>;
  /** Logical resource names of Task resources, by state name (mock keys: core/mocks/keys.ts). */
  logicalIds?: Readonly<Record<string, string | readonly string[]>>;
  maxTransitions: number;
  itemReaderData: Record<string, JsonValue | string>;
  authorizeTask: ExecuteOptions['authorizeTask'];
  observer: ExecutionObserver | undefined;
}

/** The definition path of each state object, computed once per definition object. */
const statePaths = new WeakMap<JsonObject, (string | number)[]>();
function statePath(def: JsonObject, basePath: (string | number)[], name: string): (string | number)[] {
  let path = statePaths.get(def);
  if (path === undefined) {
    path = [...basePath, 'States', name];
    statePaths.set(def, path);
  }
  return path;
}

export class ExecutionRuntime {
  readonly scheduler: Scheduler;
  readonly log: EventLog;
  readonly random: RandomSource;
  readonly identity: ExecutionIdentity;
  readonly observer: ExecutionObserver | undefined;
  readonly rootControl = new ThreadControl([], undefined);
  transitions = 0;
  /** Names of the states entered, in history order (a Distributed Map's child executions aside). */
  private readonly statesEntered: string[] = [];
  private nextThreadId = 1;
  private readonly invocations = new Map<string, number>();
  private result: ExecutionResult | undefined;

  constructor(readonly config: RuntimeConfig) {
    this.scheduler = new Scheduler(config.startTime);
    this.random = seededRandom(config.seed);
    this.identity = config.identity;
    this.observer = config.observer;
    this.log = new EventLog(
      () => this.scheduler.now,
      config.observer?.onEvent ? (e) => config.observer?.onEvent?.(e) : undefined,
    );
    const timeout = config.definition.TimeoutSeconds;
    if (typeof timeout === 'number' && timeout > 0) {
      this.scheduler.deadline = config.startTime + timeout * 1000;
      this.scheduler.onDeadline = () => this.stopAll(new ExecutionAbortedSignal('timeout'));
    }
  }

  /** Asks the execution to stop; it ends as ABORTED at its next step. */
  abort(): void {
    this.stopAll(new ExecutionAbortedSignal('aborted'));
  }

  private stopAll(signal: ExecutionAbortedSignal): void {
    if (!this.rootControl.stopped) this.rootControl.stopped = signal;
    this.scheduler.wakeEarly(this.rootControl);
  }

  get finished(): ExecutionResult | undefined {
    return this.result;
  }

  /**
   * Runs the execution. `startNow`: an unobserved run starts at once and, if no state waits, has ended when
   * this returns (execute() uses it; startExecution() returns its handle first so that abort() can act).
   */
  run(startNow = false): Promise<ExecutionResult> {
    try {
      return this.start(startNow);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  private start(startNow: boolean): Promise<ExecutionResult> {
    const root = this.newThread(undefined, 'Execution', undefined, this.rootControl, new VariableScope());
    this.append(root, {
      type: 'ExecutionStarted',
      details: {
        input: this.config.input,
        roleArn: this.identity.roleArn,
        stateMachineArn: this.identity.stateMachineArn,
      },
    });
    this.observer?.onThreadStarted?.({ threadId: root.id, name: root.name, scope: root.scope });
    const started =
      startNow && !this.observer
        ? this.scheduler.acquireFirst(root.control)
        : this.scheduler.acquire(root.control);
    if (started) return started.then(() => this.runRoot(root));
    return Promise.resolve(this.runRoot(root));
  }

  /** The root thread's walk, then the execution's last event and result. */
  private runRoot(root: Thread): MaybePromise<ExecutionResult> {
    let pending: MaybePromise<JsonValue>;
    try {
      pending = this.runStates(root, this.config.definition, this.config.input, []);
    } catch (err) {
      return this.end(root, () => this.failResult(root, err));
    }
    if (pending instanceof Promise) {
      return pending.then(
        (output) => this.end(root, () => this.succeedResult(root, output)),
        (err: unknown) => this.end(root, () => this.failResult(root, err)),
      );
    }
    return this.end(root, () => this.succeedResult(root, pending));
  }

  /** Builds the result, then gives the run token back and reports the root thread's end. */
  private end(root: Thread, outcome: () => ExecutionResult): ExecutionResult {
    try {
      this.result = outcome();
      return this.result;
    } finally {
      this.scheduler.release();
      this.observer?.onThreadEnded?.({ threadId: root.id, name: root.name, scope: root.scope });
    }
  }

  private succeedResult(root: Thread, output: JsonValue): ExecutionResult {
    this.append(root, { type: 'ExecutionSucceeded', details: { output } });
    return this.makeResult('SUCCEEDED', output);
  }

  private failResult(root: Thread, err: unknown): ExecutionResult {
    const stop = err instanceof ExecutionAbortedSignal ? err : this.rootControl.stopped;
    if (stop?.reason === 'timeout') {
      this.append(root, { type: 'ExecutionTimedOut', details: {} });
      return this.makeResult('TIMED_OUT', null);
    }
    if (stop?.reason === 'aborted') {
      this.append(root, { type: 'ExecutionAborted', details: {} });
      return this.makeResult('ABORTED', null);
    }
    let error: string;
    let cause: string | undefined;
    if (err instanceof StatesError) {
      error = err.error;
      cause = err.cause;
    } else if (err instanceof StepthroughError) {
      error = `Stepthrough.${err.code}`;
      cause = err.message + (err.hint ? ` (${err.hint})` : '');
    } else {
      error = 'Stepthrough.InternalError';
      cause = `The interpreter failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
    }
    // Empty names and causes are left out, as AWS reports them (a task timeout's cause, for one, is '').
    const details: { error?: string; cause?: string } = {};
    if (error !== '') details.error = error;
    if (cause !== undefined && cause !== '') details.cause = cause;
    this.append(root, { type: 'ExecutionFailed', details });
    return this.makeResult('FAILED', null, details.error, details.cause);
  }

  private makeResult(
    status: ExecutionResult['status'],
    output: JsonValue | null,
    error?: string,
    cause?: string,
  ): ExecutionResult {
    const result: ExecutionResult = { status, output, states: this.statesEntered, events: this.log.events };
    if (error !== undefined) result.error = error;
    if (cause !== undefined) result.cause = cause;
    return result;
  }

  append(thread: Thread, event: NewEvent): HistoryEvent {
    const full = (thread.history ?? this.log).append(event, thread.scope, thread.lastEventId);
    thread.lastEventId = full.id;
    return full;
  }

  newThread(
    parent: Thread | undefined,
    name: string,
    step: ScopeStep | undefined,
    control: ThreadControl,
    variables: VariableScope,
  ): Thread {
    return {
      id: this.nextThreadId++,
      name,
      scope: parent && step ? [...parent.scope, step] : [],
      control,
      variables,
      lastEventId: parent?.lastEventId ?? 0,
      history: parent?.history,
      queryLanguage:
        parent?.queryLanguage ??
        (this.config.definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath'),
    };
  }

  /** Runs `body` as a child thread that waits for its turn on the scheduler. */
  async runChild<T>(thread: Thread, body: () => MaybePromise<T>): Promise<T> {
    this.observer?.onThreadStarted?.({ threadId: thread.id, name: thread.name, scope: thread.scope });
    await this.scheduler.acquire(thread.control);
    try {
      this.checkStop(thread);
      return await body();
    } finally {
      this.scheduler.release();
      this.observer?.onThreadEnded?.({ threadId: thread.id, name: thread.name, scope: thread.scope });
    }
  }

  /** Throws when this thread was told to stop. */
  checkStop(thread: Thread): void {
    const reason = thread.control.stopReason();
    if (reason) throw reason;
  }

  /** Sleeps `ms` of simulated time; a promise only when another thread runs first or the deadline passes. */
  sleep(thread: Thread, ms: number): void | Promise<void> {
    const p = this.scheduler.sleep(thread.control, ms);
    if (p) return p.then(() => this.checkStop(thread));
    this.checkStop(thread);
  }

  /** Gives the token up while waiting on child threads, then takes it back. */
  async join<T>(thread: Thread, work: Promise<T>): Promise<T> {
    this.scheduler.release();
    try {
      return await work;
    } finally {
      await this.scheduler.acquire(thread.control);
    }
  }

  /**
   * Counts a state entered or retried against the bound on transitions (AWS ends an execution whose
   * history grows past its limit); throws when the bound is passed.
   */
  countTransition(stateName: string): void {
    if (++this.transitions > this.config.maxTransitions) {
      throw new StatesError(
        'Stepthrough.TransitionLimitExceeded',
        `The execution entered or retried states ${this.config.maxTransitions} times without ending (AWS's history limit); the machine probably loops. Last state: '${stateName}'.`,
      );
    }
  }

  /** The 0-based invocation number of this Task state (for mocks). */
  nextInvocation(stateName: string): number {
    const n = this.invocations.get(stateName) ?? 0;
    this.invocations.set(stateName, n + 1);
    return n;
  }

  /** Walks states from StartAt until one ends the scope; returns that state's output. */
  runStates(
    thread: Thread,
    machine: JsonObject,
    input: JsonValue,
    basePath: (string | number)[],
  ): MaybePromise<JsonValue> {
    const states = machine.States;
    if (!isJsonObject(states))
      throw new StatesError(ErrorNames.Runtime, 'The state machine has no States object.');
    return this.walk(thread, states, machine.StartAt, input, basePath);
  }

  /**
   * Runs states from `first` on: in this loop while states complete at once, through promises after.
   * `inputChecked`: the input is a state's output, already held to the payload limit.
   */
  private walk(
    thread: Thread,
    states: JsonObject,
    first: JsonValue | undefined,
    input: JsonValue,
    basePath: (string | number)[],
    inputChecked = false,
  ): MaybePromise<JsonValue> {
    let name = first;
    let current = input;
    let checked = inputChecked;
    for (;;) {
      if (typeof name !== 'string' || !isJsonObject(states[name])) {
        throw new StatesError(
          ErrorNames.Runtime,
          `The state '${String(name)}' does not exist in this scope.`,
        );
      }
      const def = states[name] as JsonObject;
      const pending = this.runState(thread, name, def, current, statePath(def, basePath, name), checked);
      if (pending instanceof Promise) {
        return pending.then((completion) =>
          completion.next === undefined
            ? completion.output
            : this.walk(thread, states, completion.next, completion.output, basePath, true),
        );
      }
      if (pending.next === undefined) return pending.output;
      name = pending.next;
      current = pending.output;
      checked = true;
    }
  }

  /** One state, from the pause point before it to its outcome; sync unless something in it waits. */
  private runState(
    thread: Thread,
    name: string,
    def: JsonObject,
    input: JsonValue,
    path: (string | number)[],
    inputChecked: boolean,
  ): MaybePromise<StateCompletion> {
    this.checkStop(thread);
    this.countTransition(name);
    const type = typeof def.Type === 'string' ? def.Type : 'Unknown';
    if (!this.observer) return this.enterState(thread, name, type, def, path, input, inputChecked, undefined);
    const frame: StateFrame = {
      threadId: thread.id,
      threadName: thread.name,
      scope: thread.scope,
      stateName: name,
      stateType: type,
      definitionPath: path,
      input,
      definition: def,
      context: null,
      variables: {},
      now: this.scheduler.now,
      transitions: this.transitions,
      attempt: 1,
    };
    if (this.observer.beforeState) return this.pauseBefore(thread, frame, inputChecked);
    return this.enterState(thread, name, type, def, path, input, inputChecked, frame);
  }

  /** The pause point: the observer sees the state before it runs, and may edit its input. */
  private async pauseBefore(
    thread: Thread,
    frame: StateFrame,
    inputChecked: boolean,
  ): Promise<StateCompletion> {
    const given = frame.input;
    frame.variables = thread.variables.snapshot();
    frame.context = buildContextObject(this.identity, {
      name: frame.stateName,
      enteredTime: isoTime(this.scheduler.now),
      retryCount: frame.stateType === 'Task' ? 0 : undefined,
      mapItem: thread.mapItem,
      taskToken: waitsForTaskToken(frame.definition)
        ? taskTokenFor(this.identity, frame.definitionPath, frame.transitions, 0)
        : undefined,
    });
    await this.observer?.beforeState?.(frame);
    this.checkStop(thread);
    const edits = frame.variableEdits;
    if (edits) {
      for (const name of Object.keys(edits)) thread.variables.replace(name, edits[name] as JsonValue);
      frame.variables = thread.variables.snapshot();
      delete frame.variableEdits;
    }
    // frame.input: a debugger may have edited it.
    const { stateName, stateType, definition, definitionPath, input } = frame;
    const checked = inputChecked && input === given;
    return this.enterState(thread, stateName, stateType, definition, definitionPath, input, checked, frame);
  }

  private enterState(
    thread: Thread,
    name: string,
    type: string,
    def: JsonObject,
    path: (string | number)[],
    input: JsonValue,
    inputChecked: boolean,
    frame: StateFrame | undefined,
  ): MaybePromise<StateCompletion> {
    const enteredTime = this.scheduler.now;
    if (thread.history === undefined) this.statesEntered.push(name);
    const entered = this.append(thread, {
      type: `${type as 'Pass'}StateEntered`,
      details: { name, input },
    });
    const run = new StateRun(
      this,
      thread,
      name,
      type,
      def,
      path,
      input,
      inputChecked,
      entered.id,
      enteredTime,
      frame,
    );
    let pending: MaybePromise<StateCompletion>;
    try {
      pending = runStateByType(run);
    } catch (err) {
      return this.stateFailed(run, err);
    }
    if (pending instanceof Promise) {
      return pending.then(
        (completion) => this.stateCompleted(run, completion),
        (err: unknown) => this.stateFailed(run, err),
      );
    }
    return this.stateCompleted(run, pending);
  }

  private stateCompleted(run: StateRun, completion: StateCompletion): MaybePromise<StateCompletion> {
    // An output that is the state's input, when that was a checked output itself, is within the limit.
    const known = run.inputChecked && completion.output === run.rawInput;
    if (!known && jsonExceeds(completion.output, MAX_PAYLOAD_BYTES)) {
      return this.stateFailed(
        run,
        new StatesError(
          ErrorNames.DataLimitExceeded,
          `The state/task '${run.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        ),
      );
    }
    const type = run.stateType;
    if (type !== 'Fail') {
      const details: { name: string; output: JsonValue; assignedVariables?: Record<string, JsonValue> } = {
        name: run.name,
        output: completion.output,
      };
      if (completion.assigned) details.assignedVariables = completion.assigned;
      this.append(run.thread, { type: `${type as 'Pass'}StateExited`, details });
    }
    const reported = this.observer?.onStateOutcome?.({
      frame: run.frame,
      status: 'succeeded',
      output: completion.output,
      next: completion.next,
    });
    return after(reported, () => completion);
  }

  /** Reports the state's error (with the state prefix where AWS adds one) and throws it on. */
  private stateFailed(run: StateRun, err: unknown): never | Promise<never> {
    const decorated = run.decorate(err);
    const reported =
      decorated instanceof StatesError
        ? this.observer?.onStateOutcome?.({
            frame: run.frame,
            status: 'failed',
            error: decorated.error,
            cause: decorated.cause,
          })
        : undefined;
    if (isThenable(reported)) {
      return Promise.resolve(reported).then(() => {
        throw decorated;
      });
    }
    throw decorated;
  }
}
