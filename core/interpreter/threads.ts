// Threads on the scheduler: the execution's root thread, and the child threads of a Parallel or Map
// state, run in index order, at most `limit` at a time, stopping the others when one fails beyond what
// the state tolerates. A child waits for the run token like every thread (invariant 6). A child that is a
// child execution (a Distributed Map iteration) gets its own identity and history, framed by
// ExecutionStarted and its end, and is reported in the result's `childExecutions`.

import { StatesError } from '../errors';
import type { JsonObject, JsonValue } from '../json';
import type { ExecutionIdentity } from './context';
import { isTerminalError } from './errorHandling';
import { EventLog, isoTime, NOT_TRUNCATED, type HistoryEvent, type NewEvent } from './events';
import type { ChildOutcome, ChildPlan, ChildSpec } from './host';
import type { MaybePromise } from './maybePromise';
import type { ChildExecutionInfo, ChildExecutionResult, ExecutionObserver, ThreadInfo } from './options';
import { ExecutionAbortedSignal, type Scheduler, ThreadControl } from './scheduler';
import { checkStop, type Thread } from './thread';
import { VariableScope } from './variables';

type ChildEnding = { ok: true; value: JsonValue } | { ok: false; error: unknown };

/** What threads need of the runtime: the history and the walk over a machine's states. */
export interface ThreadWalker {
  readonly identity: ExecutionIdentity;
  record(thread: Thread, event: NewEvent, state?: string): HistoryEvent;
  runStates(
    thread: Thread,
    machine: JsonObject,
    input: JsonValue,
    basePath: readonly (string | number)[],
  ): MaybePromise<JsonValue>;
}

export class Threads {
  private nextThreadId = 1;
  /** Child executions in the order they started. */
  readonly childExecutions: ChildExecutionResult[] = [];
  /** Nested executions a Task started without waiting (plain startExecution), until they end. */
  private readonly detached: Promise<void>[] = [];
  private nextDetached = 0;
  /** Nested executions started so far, by the Task state that started them. */
  private nestedCounts: Map<string, number> | undefined; // made on first use: most runs start none
  private rootControl: ThreadControl | undefined;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly observer: ExecutionObserver | undefined,
    private readonly queryLanguage: Thread['queryLanguage'],
    private readonly walker: ThreadWalker,
  ) {}

  /** The execution's own thread. */
  root(control: ThreadControl): Thread {
    this.rootControl = control;
    return {
      id: this.nextThreadId++,
      name: 'Execution',
      scope: [],
      control,
      variables: new VariableScope(),
      lastEventId: 0,
      lastRecordedId: 0,
      queryLanguage: this.queryLanguage,
    };
  }

  /**
   * Runs a Map's or Parallel's children (see ChildPlan); rethrows the first failure not tolerated.
   *
   * Everything that decides who runs next happens while the token is held: a child's end is counted,
   * the next children are queued, siblings are told to stop and, after the last child, the parent is
   * queued, all before that child gives the token up. So the scheduler always chooses among every thread
   * that wants to run (invariant 6), however many promise turns a state takes.
   */
  async runChildren(parent: Thread, plan: ChildPlan): Promise<ChildOutcome> {
    const results: (JsonValue | undefined)[] = new Array<JsonValue | undefined>(plan.count).fill(undefined);
    // A plan still being read (ChildPlan.more) grows `count` until a read adds nothing.
    let count = plan.count;
    let exhausted = plan.more === undefined;
    const failures: { index: number; error: StatesError }[] = [];
    // The children's common parent control: stopping it stops every child, at once, however many.
    const siblings = new ThreadControl(parent.control.order, parent.control);
    let fatal: unknown;
    let hasFatal = false;
    const limit = Math.max(1, plan.limit);
    let next = 0;
    let active = 0;
    let parentQueued = false;
    // previousEventId links (events.ts): a child started in a freed slot follows the child that freed it;
    // the parent, after its children, follows the last one to end (the failing one, on a failure).
    let startAfter = parent.lastEventId;
    let parentAfter: { chain: number; appended: number } | undefined;
    let resumeParent!: (turn: Promise<void>) => void;
    const ended = new Promise<void>((resolve) => {
      resumeParent = resolve;
    });

    const stopSiblings = (): void => {
      siblings.stopped ??= new ExecutionAbortedSignal('sibling-failed', this.scheduler.now);
      this.scheduler.wakeEarly(siblings);
    };
    const fail = (err: unknown): void => {
      if (hasFatal) return;
      hasFatal = true;
      fatal = err;
      stopSiblings();
    };
    const queueParentWhenDone = (): void => {
      if (active === 0 && (exhausted || hasFatal) && !parentQueued) {
        parentQueued = true;
        resumeParent(this.scheduler.acquire(parent.control));
      }
    };
    const childEnded = (index: number, thread: Thread, ending: ChildEnding): Promise<void> | undefined => {
      active--;
      const sameHistory = thread.execution === parent.execution;
      if (sameHistory) {
        startAfter = thread.lastEventId;
        if (!hasFatal) parentAfter = { chain: thread.lastRecordedId, appended: thread.lastRecordedId };
      }
      if (ending.ok) results[index] = ending.value;
      else {
        const err = ending.error;
        if (err instanceof ExecutionAbortedSignal && err.reason === 'sibling-failed') {
          // Stopped because a sibling failed: nothing to count.
        } else if (
          err instanceof StatesError &&
          !isTerminalError(err) &&
          plan.tolerates(failures.length + 1)
        ) {
          failures.push({ index, error: err });
        } else if (!hasFatal) {
          if (sameHistory) parentAfter = { chain: thread.lastEventId, appended: thread.lastEventId };
          fail(err);
        }
      }
      const reading = startMore();
      if (reading) return reading.then(queueParentWhenDone);
      queueParentWhenDone();
      return undefined;
    };
    /** Starts children up to the limit; a promise when it must read more of them first (the token held). */
    const startMore = (): Promise<void> | undefined => {
      while (!hasFatal && active < limit && next < count) {
        const index = next++;
        active++;
        if (index >= results.length) results.push(undefined);
        const control = new ThreadControl([...parent.control.order, index], siblings);
        const spec = plan.child(index);
        const thread = this.child(parent, plan, spec, control, startAfter);
        void this.run(thread, spec, (ending) => childEnded(index, thread, ending));
      }
      if (hasFatal || exhausted || active >= limit || next < count || !plan.more) return undefined;
      return plan.more().then(
        (known) => {
          if (known <= count) exhausted = true;
          count = Math.max(count, known);
          return startMore();
        },
        (err: unknown) => fail(err),
      );
    };

    const reading = startMore();
    if (reading) await reading;
    if (active > 0) {
      this.scheduler.release();
      await ended;
    }
    if (parentAfter) {
      parent.lastEventId = parentAfter.chain;
      parent.lastRecordedId = parentAfter.appended;
    }
    checkStop(parent, this.scheduler.now);
    if (hasFatal) throw fatal;
    return { results, failures };
  }

  /**
   * A nested execution run to its end (`.sync`): its result, SUCCEEDED or FAILED. Its failure is the
   * Task's to report (States.TaskFailed), so only a stop (the parent's) or an engine error is thrown.
   */
  async runExecution(parent: Thread, owner: JsonObject, spec: ChildSpec): Promise<ChildExecutionResult> {
    const arn = spec.execution?.executionArn;
    const ran = (): ChildExecutionResult | undefined =>
      this.childExecutions.findLast((child) => child.executionArn === arn);
    try {
      await this.runChildren(parent, {
        owner,
        count: 1,
        limit: 1,
        child: () => spec,
        tolerates: () => false,
      });
    } catch (err) {
      const child = ran();
      const ownEnd =
        (err instanceof StatesError && child?.status === 'FAILED') ||
        (err instanceof ExecutionAbortedSignal && child?.status === 'TIMED_OUT');
      if (!ownEnd || !child) throw err;
      return child;
    }
    const child = ran();
    if (!child) throw new Error(`the nested execution ${String(arn)} ended without starting`);
    return child;
  }

  /**
   * A nested execution that runs on its own (plain startExecution): queued now, it runs when the run
   * token reaches it; an abort of the run (or its timeout) stops it, a failure of its parent does not.
   */
  startExecution(parent: Thread, spec: ChildSpec): void {
    const root = this.rootControl ?? parent.control;
    const control = new ThreadControl([...parent.control.order, this.nextDetached++], root);
    const thread = this.child(parent, undefined, spec, control, parent.lastEventId);
    this.detached.push(this.run(thread, spec, () => undefined));
  }

  /** Settles when every nested execution started without waiting has ended (those they start too). */
  detachedEnded(): Promise<void> | undefined {
    if (this.detached.length === 0) return undefined;
    return Promise.all(this.detached.splice(0)).then(() => this.detachedEnded());
  }

  /** One child, from its turn on the scheduler to its end, with the history that frames it. */
  private async run(
    thread: Thread,
    spec: ChildSpec,
    onEnd: (ending: ChildEnding) => Promise<void> | undefined,
  ): Promise<void> {
    const info = threadInfo(thread);
    this.observer?.onThreadStarted?.(info);
    await this.scheduler.acquire(thread.control);
    let ending: ChildEnding;
    try {
      ending = { ok: true, value: await this.walk(thread, spec) };
    } catch (error) {
      ending = { ok: false, error };
    }
    this.observer?.onThreadEnded?.(info);
    try {
      // A Map still reading its items reads the next ones before the token passes on.
      const reading = onEnd(ending);
      if (reading) await reading;
    } finally {
      this.scheduler.release();
    }
  }

  private async walk(thread: Thread, spec: ChildSpec): Promise<JsonValue> {
    let started = false;
    let withdrawDeadline: (() => void) | undefined;
    try {
      checkStop(thread, this.scheduler.now);
      const pendingInput = spec.input();
      const input = pendingInput instanceof Promise ? await pendingInput : pendingInput;
      this.executionStarted(thread, input);
      started = true;
      withdrawDeadline = this.ownDeadline(thread, spec);
      spec.events?.started(thread);
      const output = await this.walker.runStates(thread, spec.machine, input, spec.basePath);
      spec.events?.succeeded(thread);
      this.executionSucceeded(thread, output);
      return output;
    } catch (err) {
      if (err instanceof ExecutionAbortedSignal && err.reason === 'sibling-failed')
        spec.events?.aborted(thread);
      else if (started && err instanceof StatesError) spec.events?.failed(thread, err);
      if (started) this.executionEnded(thread, err);
      throw err;
    } finally {
      withdrawDeadline?.();
    }
  }

  /**
   * A nested execution's own TimeoutSeconds (its machine's top-level field): "If the execution runs
   * longer than the specified time, the execution fails with a States.Timeout Error Name" (the States
   * Language spec, Top-level fields); it ends TIMED_OUT, as its parent's would.
   */
  private ownDeadline(thread: Thread, spec: ChildSpec): (() => void) | undefined {
    const timeout = spec.machine.TimeoutSeconds;
    if (spec.execution?.startedBy !== 'startExecution' || typeof timeout !== 'number' || !(timeout > 0))
      return undefined;
    const control = thread.control;
    return this.scheduler.addDeadline(this.scheduler.now + timeout * 1000, () => {
      control.stopped ??= new ExecutionAbortedSignal('timeout');
      this.scheduler.wakeEarly(control);
    });
  }

  private child(
    parent: Thread,
    plan: ChildPlan | undefined,
    spec: ChildSpec,
    control: ThreadControl,
    startAfter: number,
  ): Thread {
    // A nested execution is a machine of its own: nothing of its parent's scope, variables or Catch.
    const nested = spec.execution?.startedBy === 'startExecution';
    const thread: Thread = {
      id: this.nextThreadId++,
      name: spec.name,
      scope: nested ? [] : [...parent.scope, spec.step],
      control,
      variables: nested ? new VariableScope() : new VariableScope(parent.variables),
      lastEventId: startAfter,
      lastRecordedId: startAfter,
      queryLanguage: spec.queryLanguage ?? parent.queryLanguage,
      parentThreadId: parent.id,
    };
    if (plan && !nested) thread.owner = { state: plan.owner, thread: parent };
    if (parent.execution) thread.execution = parent.execution;
    if (spec.mapItem) thread.mapItem = spec.mapItem;
    if (spec.execution) {
      // A nested execution is numbered among those its Task state started (the trace's `[child N]`).
      const info = nested
        ? { ...spec.execution, index: this.nestedIndex(spec.execution.parentState) }
        : spec.execution;
      const parentIdentity = parent.execution?.identity ?? this.walker.identity;
      const identity: ExecutionIdentity = {
        region: parentIdentity.region,
        executionArn: info.executionArn,
        executionName: info.name,
        stateMachineArn: info.stateMachineArn,
        stateMachineName: info.stateMachineArn.slice(info.stateMachineArn.indexOf(':stateMachine:') + 14),
        roleArn: parentIdentity.roleArn,
        startTime: isoTime(this.scheduler.now),
        input: null,
      };
      const described = childExecutionInfo(info);
      const listener = this.observer?.onChildExecutionEvent;
      const log = new EventLog(
        this.scheduler,
        listener ? (event) => listener.call(this.observer, event, described) : undefined,
      );
      const result: ChildExecutionResult = {
        ...info,
        status: 'SUCCEEDED',
        input: null,
        output: null,
        states: [],
        events: log.events,
      };
      thread.execution = { identity, log, result, rootThreadId: thread.id, info: described };
      thread.lastEventId = thread.lastRecordedId = 0;
    }
    return thread;
  }

  private nestedIndex(state: string): number {
    const counts = (this.nestedCounts ??= new Map());
    const n = counts.get(state) ?? 0;
    counts.set(state, n + 1);
    return n;
  }

  private executionStarted(thread: Thread, input: JsonValue): void {
    const execution = this.ownExecution(thread);
    if (!execution) return;
    execution.identity.input = input;
    execution.result.input = input;
    this.childExecutions.push(execution.result);
    this.walker.record(thread, {
      type: 'ExecutionStarted',
      details: { input, inputDetails: NOT_TRUNCATED, roleArn: execution.identity.roleArn },
    });
    // A child execution is an execution: its first state's entry points back to 0.
    thread.lastEventId = thread.lastRecordedId = 0;
  }

  private executionSucceeded(thread: Thread, output: JsonValue): void {
    const execution = this.ownExecution(thread);
    if (!execution) return;
    execution.result.output = output;
    this.walker.record(thread, {
      type: 'ExecutionSucceeded',
      details: { output, outputDetails: NOT_TRUNCATED },
    });
  }

  private executionEnded(thread: Thread, err: unknown): void {
    const execution = this.ownExecution(thread);
    if (!execution) return;
    const result = execution.result;
    // A timed-out execution has no error name or cause, a child as the root (runtime.ts failResult):
    // AWS's DescribeExecution of one reports neither (../shared/conformance timeouts.test_global_timeout).
    if (err instanceof ExecutionAbortedSignal && isOwnTimeout(thread, err)) {
      result.status = 'TIMED_OUT';
      this.walker.record(thread, { type: 'ExecutionTimedOut' });
      return;
    }
    if (err instanceof ExecutionAbortedSignal) {
      result.status = 'ABORTED';
      this.walker.record(thread, { type: 'ExecutionAborted' });
      return;
    }
    result.status = 'FAILED';
    const details: { error?: string; cause?: string } = {};
    if (err instanceof StatesError) {
      if (err.error !== '') details.error = result.error = err.error;
      if (err.cause !== undefined && err.cause !== '') details.cause = result.cause = err.cause;
    }
    this.walker.record(thread, { type: 'ExecutionFailed', details: details });
  }

  /** The child execution this thread is the root of (not one it merely runs inside). */
  private ownExecution(thread: Thread): Thread['execution'] {
    return thread.execution?.rootThreadId === thread.id ? thread.execution : undefined;
  }
}

/** Stopped by its own execution's TimeoutSeconds (not by its parent's stop, which it only inherits). */
function isOwnTimeout(thread: Thread, signal: ExecutionAbortedSignal): boolean {
  return signal.reason === 'timeout' && thread.control.stopped === signal;
}

function threadInfo(thread: Thread): ThreadInfo {
  const info: ThreadInfo = { threadId: thread.id, name: thread.name, scope: thread.scope };
  if (thread.parentThreadId !== undefined) info.parentThreadId = thread.parentThreadId;
  const execution = thread.execution;
  if (execution?.rootThreadId === thread.id) {
    info.childExecution = execution.info;
    if (execution.info.machineKey !== undefined) info.machine = execution.info.machineKey;
  }
  return info;
}

/** A child execution as observers are told of it (the result's fields without its outcome). */
function childExecutionInfo(source: ChildExecutionInfo): ChildExecutionInfo {
  const { name, executionArn, stateMachineArn, startedBy, parentState, index, parentExecutionArn } = source;
  const info: ChildExecutionInfo = {
    name,
    executionArn,
    stateMachineArn,
    startedBy,
    parentState,
    index,
    parentExecutionArn,
  };
  if (source.mapRunArn !== undefined) info.mapRunArn = source.mapRunArn;
  if (source.mapState !== undefined) info.mapState = source.mapState;
  if (source.machineKey !== undefined) info.machineKey = source.machineKey;
  return info;
}
