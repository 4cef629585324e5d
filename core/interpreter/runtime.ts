// The execution runtime: owns the clock, the history, the threads and the execution's result, and walks
// a state machine (or a branch / item processor) from StartAt to its end: the pause point, StateEntered,
// the state's handler, StateExited or the state's failure. It is the StateHost handlers run against.

import { ErrorNames, StatesError, StepthroughError } from '../errors';
import { isJsonObject, jsonExceeds, MAX_PAYLOAD_BYTES, type JsonObject, type JsonValue } from '../json';
import type { ExecutionIdentity } from './context';
import { findCatcher } from './errorHandling';
import {
  EventLog,
  eventTypeInfo,
  stateEventTypes,
  NOT_TRUNCATED,
  type EventTypeInfo,
  type HistoryEvent,
  type NewEvent,
  type StateEventTypes,
  type StateExitedDetails,
} from './events';
import type { ChildOutcome, ChildPlan, ChildSpec, StateHost, TaskServices } from './host';
import type {
  ChildExecutionResult,
  ExecutionObserver,
  ExecutionResult,
  OutsideWait,
  RealTimeWaiter,
} from './options';
import { OutsideTime } from './outsideTime';
import { seededRandom, type RandomSource } from './random';
import { ExecutionAbortedSignal, Scheduler, ThreadControl } from './scheduler';
import { after, isThenable, type MaybePromise } from './maybePromise';
import { StateRun } from './stateRun';
import { runStateByType } from './states';
import { checkStop, type StateCompletion, type Thread } from './thread';
import { TaskTokens, type OutsideAnswer, type OutsideWaitSpec } from './taskTokens';
import { Threads, type ThreadWalker } from './threads';

export { MAX_PAYLOAD_BYTES } from '../json';
/** AWS's limit on the events of one execution's history, and the default bound here. */
export const DEFAULT_MAX_TRANSITIONS = 25_000;

/**
 * AWS's developer guide ("Avoid reaching the history quota"): when an execution reaches 24,999 events,
 * event 25,000 must be ExecutionSucceeded; otherwise ExecutionFailed is logged and the execution fails.
 */
function historyFull(maxEvents: number, state: string | undefined): StatesError {
  const bound =
    maxEvents === DEFAULT_MAX_TRANSITIONS
      ? "AWS's hard limit per execution"
      : `the maxTransitions given; AWS's own limit is ${DEFAULT_MAX_TRANSITIONS.toLocaleString('en-US')}`;
  return new StatesError(
    'Stepthrough.HistoryLimitExceeded',
    `The execution reached the maximum number of history events (${maxEvents}), ${bound}. The machine probably loops, or does more than one execution can: move the work into a Distributed Map or a child execution.${state !== undefined ? ` Last state: '${state}'.` : ''}`,
  );
}

export interface RuntimeConfig {
  definition: JsonObject;
  input: JsonValue;
  identity: ExecutionIdentity;
  startTime: number;
  seed: number;
  services: TaskServices;
  /** The most events one execution's history may hold (AWS: 25,000); each child execution has its own. */
  maxEvents: number;
  observer: ExecutionObserver | undefined;
  /** The host's real-time waiter for spans the run stands still on outside parties. */
  realTime?: RealTimeWaiter;
}

/** What the walk needs of one state object besides its fields, computed once per definition object. */
interface StateStatics {
  /** The state's definition path. */
  path: (string | number)[];
  /** The Type the events below were made for (re-checked at each entry: a string compare). */
  type: string;
  events: StateEventTypes;
}
const stateStatics = new WeakMap<JsonObject, StateStatics>();
function staticsOf(def: JsonObject, basePath: readonly (string | number)[], name: string): StateStatics {
  const type = typeof def.Type === 'string' ? def.Type : 'Unknown';
  let statics = stateStatics.get(def);
  if (statics === undefined) {
    statics = { path: [...basePath, 'States', name], type, events: stateEventTypes(type) };
    stateStatics.set(def, statics);
  } else if (statics.type !== type) {
    statics = { path: statics.path, type, events: stateEventTypes(type) };
    stateStatics.set(def, statics);
  }
  return statics;
}

export class ExecutionRuntime implements StateHost, ThreadWalker {
  readonly scheduler: Scheduler;
  readonly log: EventLog;
  readonly identity: ExecutionIdentity;
  readonly observer: ExecutionObserver | undefined;
  readonly services: TaskServices;
  readonly rootControl = new ThreadControl([], undefined);
  private transitions = 0;
  /** Names of the states entered, in history order (a Distributed Map's child executions aside). */
  private readonly statesEntered: string[] = [];
  private readonly threads: Threads;
  /** Tasks waiting for an answer from outside, by task token (made on first use: most runs have none). */
  private ownTokens: TaskTokens | undefined;
  get tokens(): TaskTokens {
    return (this.ownTokens ??= new TaskTokens(this.scheduler, this.config.observer));
  }
  private result: ExecutionResult | undefined;
  /** The execution's seeded randomness (made on first use: most runs draw none). */
  private ownRandom: RandomSource | undefined;
  get random(): RandomSource {
    return (this.ownRandom ??= seededRandom(this.config.seed));
  }
  /** Time on outside waits (made on first use: a run with only mocks never waits outside). */
  private ownOutside: OutsideTime | undefined;
  private get outside(): OutsideTime {
    return (this.ownOutside ??= new OutsideTime(
      this.scheduler,
      this.config.realTime,
      this.config.observer,
      () => this.tokens,
    ));
  }

  constructor(readonly config: RuntimeConfig) {
    this.scheduler = new Scheduler(config.startTime);
    this.identity = config.identity;
    this.observer = config.observer;
    this.services = config.services;
    this.log = new EventLog(
      this.scheduler,
      config.observer?.onEvent ? (e) => config.observer?.onEvent?.(e) : undefined,
    );
    this.threads = new Threads(
      this.scheduler,
      config.observer,
      config.definition.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath',
      this,
    );
    if (config.realTime || config.observer?.onOutsideWait)
      this.scheduler.onStill = (until) => this.outside.standingStill(until);
    const timeout = config.definition.TimeoutSeconds;
    if (typeof timeout === 'number' && timeout > 0) {
      this.scheduler.addDeadline(config.startTime + timeout * 1000, () =>
        this.stopAll(new ExecutionAbortedSignal('timeout')),
      );
    }
  }

  // ---- time on outside waits (ARCHITECTURE 26): outsideTime.ts ----

  /** Whether every live thread waits on an outside party, and until when (undefined: the run moves). */
  get outsideWait(): OutsideWait | undefined {
    return this.ownOutside?.wait;
  }

  /** A task handler's answer is awaited: the run stands still on it when no other thread is ready. */
  callOut<T>(thread: Thread, answer: Promise<T>): Promise<T> {
    return this.outside.callOut(thread, answer);
  }

  /** An answer or a heartbeat from outside (the handle's sendTask*), with the real time waited taken off first. */
  fromOutside(send: () => void): void {
    this.outside.fromOutside(send);
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

  // ---- the execution: its root thread and its result ----

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
    const root = this.threads.root(this.rootControl);
    this.record(root, {
      type: 'ExecutionStarted',
      details: {
        input: this.config.input,
        inputDetails: NOT_TRUNCATED,
        roleArn: this.identity.roleArn,
      },
    });
    // As in every history AWS records, the first state's entry points back to 0, not to ExecutionStarted.
    root.lastEventId = root.lastRecordedId = 0;
    this.observer?.onThreadStarted?.({ threadId: root.id, name: root.name, scope: root.scope });
    const started =
      startNow && !this.observer
        ? this.scheduler.acquireFirst(root.control)
        : this.scheduler.acquire(root.control);
    if (started) return started.then(() => this.runRoot(root)).then((result) => this.afterDetached(result));
    const ended = this.runRoot(root);
    if (ended instanceof Promise) return ended.then((result) => this.afterDetached(result));
    // Ended at once (nothing waited): the result as a settled promise, without a hop through the queue.
    const result = this.afterDetached(ended);
    return result instanceof Promise ? result : Promise.resolve(result);
  }

  /**
   * The result once every nested execution started without waiting (plain startExecution) has ended too:
   * they run on after the parent's last event, as on AWS, and are reported in `childExecutions`.
   */
  private afterDetached(result: ExecutionResult): ExecutionResult | Promise<ExecutionResult> {
    const pending = this.threads.detachedEnded();
    if (pending === undefined) return result;
    return pending.then(() => {
      const children = this.threads.childExecutions;
      if (children.length > 0) result.childExecutions = children;
      return result;
    });
  }

  /** The root thread's walk, then the execution's last event and result. */
  private runRoot(root: Thread): MaybePromise<ExecutionResult> {
    let pending: MaybePromise<JsonValue>;
    try {
      const machine = this.config.definition;
      const states = machine.States;
      if (!isJsonObject(states))
        throw new StatesError(ErrorNames.Runtime, 'The state machine has no States object.');
      // The input was held to the payload limit before the execution started.
      pending = this.walk(root, states, machine.StartAt, this.config.input, [], true);
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
    this.record(root, {
      type: 'ExecutionSucceeded',
      details: { output, outputDetails: NOT_TRUNCATED },
    });
    return this.makeResult('SUCCEEDED', output);
  }

  private failResult(root: Thread, err: unknown): ExecutionResult {
    const stop = err instanceof ExecutionAbortedSignal ? err : this.rootControl.stopped;
    if (stop?.reason === 'timeout') {
      this.record(root, { type: 'ExecutionTimedOut' });
      return this.makeResult('TIMED_OUT', null);
    }
    if (stop?.reason === 'aborted') {
      this.record(root, { type: 'ExecutionAborted' });
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
    this.record(root, { type: 'ExecutionFailed', details: details });
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
    const children = this.threads.childExecutions;
    if (children.length > 0) result.childExecutions = children;
    return result;
  }

  // ---- StateHost: what state handlers may ask ----

  now(): number {
    return this.scheduler.now;
  }

  record(thread: Thread, event: NewEvent, state?: string, previousEventId?: number): HistoryEvent {
    return this.recordAs(thread, event, eventTypeInfo(event.type), state, previousEventId);
  }

  /** record() with the event type's info already at hand (a state's own entry and exit). */
  private recordAs(
    thread: Thread,
    event: NewEvent,
    info: EventTypeInfo,
    state: string | undefined,
    previousEventId: number | undefined,
  ): HistoryEvent {
    const log = thread.execution?.log ?? this.log;
    if (log.events.length >= this.config.maxEvents - 1 && log.events.length > 0 && !info.ends) {
      throw historyFull(this.config.maxEvents, state);
    }
    const previous = previousEventId ?? (info.afterLastAppended ? thread.lastRecordedId : thread.lastEventId);
    const full = log.append(event, info, thread.scope, previous, state);
    thread.lastRecordedId = full.id;
    if (!info.side) thread.lastEventId = full.id;
    return full;
  }

  sleep(thread: Thread, ms: number): void | Promise<void> {
    // A thread told to stop does not move the clock past the instant it was stopped at.
    const stop = thread.control.stopReason();
    if (stop && ms > 0) throw stop;
    const wakeAt = this.scheduler.now + Math.max(0, ms);
    const p = this.scheduler.sleep(thread.control, ms);
    if (p) return p.then(() => this.woke(thread, wakeAt));
    checkStop(thread, this.scheduler.now);
  }

  /** After a sleep: a thread woken before its time was woken to stop. */
  private woke(thread: Thread, wakeAt: number): void {
    const stop = thread.control.stopReason();
    if (stop && this.scheduler.now < wakeAt) throw stop;
    checkStop(thread, this.scheduler.now);
  }

  /** Counts a state entered or retried (what observers see as `transitions`). */
  countTransition(): void {
    this.transitions++;
  }

  runChildren(parent: Thread, plan: ChildPlan): Promise<ChildOutcome> {
    return this.threads.runChildren(parent, plan);
  }

  runExecution(parent: Thread, owner: JsonObject, spec: ChildSpec): Promise<ChildExecutionResult> {
    return this.threads.runExecution(parent, owner, spec);
  }

  startExecution(parent: Thread, spec: ChildSpec): void {
    this.threads.startExecution(parent, spec);
  }

  async awaitAnswer(thread: Thread, wait: OutsideWaitSpec): Promise<OutsideAnswer> {
    const answer = await this.tokens.wait(thread.control, wait);
    // Woken without an answer and before its limits: it was woken to stop.
    checkStop(thread, this.scheduler.now);
    const stop = thread.control.stopReason();
    if (answer === undefined) throw stop ?? new Error('a task token wait ended without an answer');
    return answer;
  }

  // ---- the walk over states (also how child threads run their branch or item processor) ----

  /** Walks states from StartAt until one ends the scope; returns that state's output. */
  runStates(
    thread: Thread,
    machine: JsonObject,
    input: JsonValue,
    basePath: readonly (string | number)[],
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
    basePath: readonly (string | number)[],
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
      const pending = this.runState(thread, name, def, current, staticsOf(def, basePath, name), checked);
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
    statics: StateStatics,
    inputChecked: boolean,
  ): MaybePromise<StateCompletion> {
    checkStop(thread, this.scheduler.now);
    this.transitions++;
    const run = new StateRun(
      this,
      thread,
      name,
      statics.type,
      def,
      statics.path,
      input,
      inputChecked,
      this.transitions,
    );
    run.events = statics.events;
    if (this.observer?.beforeState) return this.pauseBefore(run);
    return this.enterState(run);
  }

  /** The pause point: the observer sees the state before it runs, and may edit its input and variables. */
  private async pauseBefore(run: StateRun): Promise<StateCompletion> {
    const frame = run.frame;
    const given = frame.input;
    frame.variables = run.thread.variables.snapshot();
    frame.context = run.context();
    await this.observer?.beforeState?.(frame);
    checkStop(run.thread, this.scheduler.now);
    const edits = frame.variableEdits;
    if (edits) {
      for (const name of Object.keys(edits)) run.thread.variables.replace(name, edits[name] as JsonValue);
      frame.variables = run.thread.variables.snapshot();
      delete frame.variableEdits;
    }
    if (frame.input !== given) {
      // A debugger edited the input: it is held to the payload limit like any other.
      run.rawInput = frame.input;
      run.inputChecked = false;
    }
    return this.enterState(run);
  }

  private enterState(run: StateRun): MaybePromise<StateCompletion> {
    const { thread, name } = run;
    (thread.execution?.result.states ?? this.statesEntered).push(name);
    const events = run.events ?? stateEventTypes(run.stateType);
    const entered = this.recordAs(
      thread,
      {
        type: events.entered,
        details: { name, input: run.rawInput, inputDetails: NOT_TRUNCATED },
      },
      events.enteredInfo,
      name,
      undefined,
    );
    run.enteredEventId = entered.id;
    run.enteredAfter = entered.previousEventId;
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
      const details: StateExitedDetails = {
        name: run.name,
        output: completion.output,
        outputDetails: NOT_TRUNCATED,
      };
      if (completion.assigned) {
        details.assignedVariables = completion.assigned;
        details.assignedVariablesDetails = NOT_TRUNCATED;
      }
      const events = run.events ?? stateEventTypes(type);
      this.recordAs(run.thread, { type: events.exited, details }, events.exitedInfo, run.name, undefined);
    }
    // The outcome object is made only for an observer that asks for it (most runs have none).
    if (this.observer?.onStateOutcome === undefined) return completion;
    const reported = run.report({ status: 'succeeded', output: completion.output, next: completion.next });
    return reported === undefined ? completion : after(reported, () => completion);
  }

  /** Reports the state's error (with the state prefix where AWS adds one) and throws it on. */
  private stateFailed(run: StateRun, err: unknown): never | Promise<never> {
    const decorated = run.decorate(err);
    const reported =
      decorated instanceof StatesError && this.observer?.onStateOutcome
        ? run.report({
            status: 'failed',
            error: decorated.error,
            cause: decorated.cause,
            willBeCaught: caughtOutside(run.thread, decorated),
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

/**
 * For a state that failed (its own Catch did not handle the error): whether the Catch of an enclosing
 * Map or Parallel state, innermost first, will.
 */
function caughtOutside(thread: Thread, err: StatesError): boolean {
  for (let owner = thread.owner; owner; owner = owner.thread.owner) {
    if (findCatcher(owner.state.Catch, err) !== undefined) return true;
  }
  return false;
}
