// The execution runtime: owns the clock, the history, the threads, and the loop that walks a
// state machine (or a branch / item processor) from StartAt to its end.

import { ErrorNames, StatesError, StepthroughError } from '../errors';
import { isJsonObject, jsonExceeds, type JsonObject, type JsonValue } from '../json';
import type { MockSource, TaskHandler } from '../mocks';
import { buildContextObject, type ExecutionIdentity } from './context';
import { EventLog, isStateEntered, type HistoryEvent, type NewEvent, type ScopeStep } from './events';
import type { ExecuteOptions, ExecutionObserver, ExecutionResult, StateFrame } from './options';
import { seededRandom, type RandomSource } from './random';
import { ExecutionAbortedSignal, Scheduler, ThreadControl } from './scheduler';
import { StateRun } from './stateRun';
import { runStateByType } from './states';
import type { StateCompletion, Thread } from './thread';
import { VariableScope } from './variables';

export const MAX_PAYLOAD_BYTES = 256 * 1024;
export const DEFAULT_MAX_TRANSITIONS = 25_000;

export interface RuntimeConfig {
  definition: JsonObject;
  input: JsonValue;
  identity: ExecutionIdentity;
  startTime: number;
  seed: number;
  mocks: MockSource | undefined;
  taskHandlers: Record<string, TaskHandler>;
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

  async run(): Promise<ExecutionResult> {
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
    await this.scheduler.acquire(root.control);
    let result: ExecutionResult;
    try {
      const output = await this.runStates(root, this.config.definition, this.config.input, []);
      this.append(root, { type: 'ExecutionSucceeded', details: { output } });
      result = this.makeResult('SUCCEEDED', output);
    } catch (err) {
      result = this.failResult(root, err);
    } finally {
      this.scheduler.release();
      this.observer?.onThreadEnded?.({ threadId: root.id, name: root.name, scope: root.scope });
    }
    this.result = result;
    return result;
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
    const details: { error?: string; cause?: string } = {};
    if (error !== '') details.error = error;
    if (cause !== undefined) details.cause = cause;
    this.append(root, { type: 'ExecutionFailed', details });
    return this.makeResult('FAILED', null, details.error, cause);
  }

  private makeResult(
    status: ExecutionResult['status'],
    output: JsonValue | null,
    error?: string,
    cause?: string,
  ): ExecutionResult {
    const events = this.log.events;
    const states: string[] = [];
    for (const e of events) if (isStateEntered(e)) states.push(e.details.name);
    const result: ExecutionResult = { status, output, states, events };
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
  async runChild<T>(thread: Thread, body: () => Promise<T>): Promise<T> {
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

  /** Sleeps `ms` of simulated time. */
  async sleep(thread: Thread, ms: number): Promise<void> {
    const p = this.scheduler.sleep(thread.control, ms);
    if (p) await p;
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

  /** The 0-based invocation number of this Task state (for mocks). */
  nextInvocation(stateName: string): number {
    const n = this.invocations.get(stateName) ?? 0;
    this.invocations.set(stateName, n + 1);
    return n;
  }

  /** Walks states from StartAt until one ends the scope; returns that state's output. */
  async runStates(
    thread: Thread,
    machine: JsonObject,
    input: JsonValue,
    basePath: (string | number)[],
  ): Promise<JsonValue> {
    const states = machine.States;
    if (!isJsonObject(states))
      throw new StatesError(ErrorNames.Runtime, 'The state machine has no States object.');
    let name = machine.StartAt;
    let current = input;
    for (;;) {
      if (typeof name !== 'string' || !isJsonObject(states[name])) {
        throw new StatesError(
          ErrorNames.Runtime,
          `The state '${String(name)}' does not exist in this scope.`,
        );
      }
      const def = states[name] as JsonObject;
      const completion = await this.runState(thread, name, def, current, statePath(def, basePath, name));
      if (completion.next === undefined) return completion.output;
      name = completion.next;
      current = completion.output;
    }
  }

  private async runState(
    thread: Thread,
    name: string,
    def: JsonObject,
    input: JsonValue,
    path: (string | number)[],
  ): Promise<StateCompletion> {
    this.checkStop(thread);
    if (++this.transitions > this.config.maxTransitions) {
      throw new StatesError(
        'Stepthrough.TransitionLimitExceeded',
        `The execution entered ${this.config.maxTransitions} states without ending (AWS's history limit); the machine probably loops. Last state: '${name}'.`,
      );
    }
    const type = typeof def.Type === 'string' ? def.Type : 'Unknown';
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
      attempt: 0,
    };
    const beforeState = this.observer?.beforeState;
    if (beforeState) {
      frame.variables = thread.variables.snapshot();
      frame.context = buildContextObject(this.identity, {
        name,
        enteredTime: new Date(this.scheduler.now).toISOString(),
        retryCount: type === 'Task' ? 0 : undefined,
        mapItem: thread.mapItem,
      });
      const paused = beforeState.call(this.observer, frame);
      if (paused) await paused;
      this.checkStop(thread);
      input = frame.input; // a debugger may have edited it
    }
    const enteredTime = this.scheduler.now;
    const entered = this.append(thread, {
      type: `${type as 'Pass'}StateEntered`,
      details: { name, input },
    });
    const run = new StateRun(this, thread, name, def, path, input, entered.id, enteredTime, frame);
    let completion: StateCompletion;
    try {
      completion = await runStateByType(run);
      if (jsonExceeds(completion.output, MAX_PAYLOAD_BYTES)) {
        throw new StatesError(
          ErrorNames.DataLimitExceeded,
          `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        );
      }
    } catch (err) {
      const decorated = run.decorate(err);
      if (decorated instanceof StatesError) {
        if (this.observer?.onStateOutcome)
          await this.observer.onStateOutcome({
            frame,
            status: 'failed',
            error: decorated.error,
            cause: decorated.cause,
          });
      }
      throw decorated;
    }
    if (type !== 'Fail') {
      const details: { name: string; output: JsonValue; assignedVariables?: Record<string, JsonValue> } = {
        name,
        output: completion.output,
      };
      if (completion.assigned) details.assignedVariables = completion.assigned;
      this.append(thread, { type: `${type as 'Pass'}StateExited`, details });
    }
    if (this.observer?.onStateOutcome)
      await this.observer.onStateOutcome({
        frame,
        status: 'succeeded',
        output: completion.output,
        next: completion.next,
      });
    return completion;
  }
}
