// Drives one debugged execution through the engine's observer hooks: decides at every pause point
// (a state about to start, a data stage, an error) whether to stop, holds the whole execution while
// stopped (only one thread runs at a time, so this is all-stop), and goes back in time by re-running
// the deterministic execution from the start to an earlier pause point. Tasks waiting for their token to be
// answered from outside (the engine's onTaskWaiting and waitingTasks()) are announced to the listener and
// answered through the execution handle; the answers are kept and sent again when a re-run reaches the
// same task.

import {
  startExecution,
  type DataStage,
  type ExecutionHandle,
  type ExecutionObserver,
  type ExecutionResult,
  type JsonValue,
  type StateFrame,
  type StateOutcome,
  type WaitingTask,
} from '../core';
import type { BreakpointRegistry } from './breakpoints';
import { outcomeLine, resultLines, type OutputCategory } from './console';
import { exceptionHit, isPropagation, type ExceptionHit, type RaisedError } from './exceptions';
import { evaluationScopeOf } from './frameContext';
import { sourceOf, type LoadedLaunch } from './launch';
import type { StateRef, StepthroughEvent } from './protocol';
import { stepBackTarget, stepStopsAt, type PointInfo, type StepKind, type StepPlan } from './stepping';
import { ROOT_THREAD_ID, ThreadTable, type StateView } from './threads';
import { RunWaitingTasks, sendAnswer, type TaskAnswer, type WaitingListener } from './waitingTasks';

export type StopReason = 'entry' | 'step' | 'breakpoint' | 'function breakpoint' | 'exception' | 'pause';

export interface PausePoint extends PointInfo {
  view: StateView;
  stage?: DataStage;
  outcome?: StateOutcome;
}

export interface StopInfo {
  reason: StopReason;
  point: PausePoint;
  hitBreakpointIds?: number[];
  exception?: ExceptionHit;
}

export interface ControllerListener extends WaitingListener {
  stopped(stop: StopInfo): void;
  output(text: string, category: OutputCategory): void;
  threadChanged(reason: 'started' | 'exited', threadId: number): void;
  custom(event: StepthroughEvent): void;
  ended(result: ExecutionResult): void;
}

export type { TaskAnswer };

type Hit = { reason: StopReason; hitBreakpointIds?: number[]; exception?: ExceptionHit };

type Mode =
  | { kind: 'run' }
  /** Re-running silently to an earlier pause point, where it stops as `stop` says. */
  | { kind: 'replay'; target: number; stop: Hit }
  /** First pass of reverse continue: re-running to `until`, noting where breakpoints would stop. */
  | { kind: 'scan'; until: number; hits: { seq: number; hit: Hit }[] };

/** Transitions written to the debug console per run; later ones only reach the graph. */
const MAX_CONSOLE_TRANSITIONS = 10_000;

/** Time between yields to the event loop while running, so pause and other requests get through. */
const YIELD_INTERVAL_MS = 10;

class Run {
  handle: ExecutionHandle | undefined;
  readonly threads = new ThreadTable();
  readonly trail: PointInfo[] = [];
  seq = 0;
  sawFirstState = false;
  consoleLines = 0;
  lastError: RaisedError | undefined;
  constructor(readonly waiting: RunWaitingTasks) {}
}

export class ExecutionController {
  private run: Run | undefined;
  private mode: Mode = { kind: 'run' };
  private step: StepPlan | undefined;
  private pauseRequested = false;
  private current: StopInfo | undefined;
  private resumeRun: (() => void) | undefined;
  /** Inputs and variables edited while stopped on a state, by pause point, re-applied by replays. */
  private edits: StateEdit[] = [];
  /** Answers sent to waiting tasks, by token (tokens are the same in a re-run), sent again by replays. */
  private answers = new Map<string, TaskAnswer>();
  private lastYield = 0;

  constructor(
    private launch: LoadedLaunch,
    private readonly breakpoints: BreakpointRegistry,
    private readonly listener: ControllerListener,
  ) {}

  get stoppedAt(): StopInfo | undefined {
    return this.current;
  }

  get threads(): ThreadTable {
    return this.run?.threads ?? new ThreadTable();
  }

  get identity(): ExecutionHandle['identity'] | undefined {
    return this.run?.handle?.identity;
  }

  get running(): boolean {
    return this.run !== undefined;
  }

  /** Starts a fresh run (launch, restart); throws StepthroughError for bad options. */
  start(reason: 'launch' | 'restart', launch?: LoadedLaunch): void {
    if (launch) this.launch = launch;
    this.edits = [];
    this.answers = new Map();
    this.mode = { kind: 'run' };
    this.step = undefined;
    this.pauseRequested = false;
    this.begin(reason);
  }

  private begin(reason: 'launch' | 'restart' | 'replay'): void {
    this.abortRun();
    const run = new Run(new RunWaitingTasks(this.listener));
    this.run = run;
    this.breakpoints.resetHits();
    this.lastYield = performance.now();
    this.listener.custom({ type: 'runStarted', definitionFile: this.launch.definitionFile, reason });
    let handle: ExecutionHandle;
    try {
      handle = startExecution(this.launch.definition, {
        ...this.launch.createOptions(),
        observer: this.observerFor(run),
      });
    } catch (err) {
      this.run = undefined;
      throw err;
    }
    run.handle = handle;
    handle.result.then(
      (result) => this.finished(run, result),
      (err: unknown) =>
        this.finished(run, {
          status: 'FAILED',
          output: null,
          error: 'Stepthrough.InternalError',
          cause: err instanceof Error ? (err.stack ?? err.message) : String(err),
          states: [],
          events: [],
        }),
    );
  }

  /** Stops the evaluations still running (conditions, watches), e.g. an endless one, when the run goes. */
  private evaluations = new AbortController();

  /** Ends when the current run is stopped or replaced: expressions evaluated for it stop too. */
  get evaluationSignal(): AbortSignal {
    return this.evaluations.signal;
  }

  /** Stops the current run, if any, without reporting its end. */
  private abortRun(): void {
    this.evaluations.abort();
    this.evaluations = new AbortController();
    const old = this.run;
    if (!old) return;
    this.run = undefined;
    old.handle?.abort();
    this.current = undefined;
    const resume = this.resumeRun;
    this.resumeRun = undefined;
    resume?.();
    old.waiting.settle([]);
    for (const thread of old.threads.list()) {
      if (thread.id !== ROOT_THREAD_ID) this.listener.threadChanged('exited', thread.id);
    }
  }

  /** Ends the session's execution for good (terminate, disconnect). */
  terminate(): void {
    this.abortRun();
  }

  private finished(run: Run, result: ExecutionResult): void {
    if (run !== this.run) return;
    run.waiting.settle([]);
    this.run = undefined;
    if (this.mode.kind !== 'run') {
      this.listener.output(
        'The re-run ended before reaching the earlier state: the run is not deterministic.\n',
        'stderr',
      );
      this.mode = { kind: 'run' };
    }
    for (const line of resultLines(result)) this.listener.output(line.text, line.category);
    const event: StepthroughEvent = { type: 'runEnded', status: result.status };
    if (result.status === 'SUCCEEDED') event.output = result.output;
    if (result.error !== undefined) event.error = result.error;
    if (result.cause !== undefined) event.cause = result.cause;
    this.listener.custom(event);
    this.listener.ended(result);
  }

  // ---- requests ------------------------------------------------------------------------------

  /** The tasks waiting for their token now (the engine's list). */
  waitingTasks(): WaitingTask[] {
    return this.run?.handle?.waitingTasks() ?? [];
  }

  /** The task the thread waits on, if it waits for its token. */
  waitingOn(threadId: number): WaitingTask | undefined {
    return this.run?.waiting.on(threadId);
  }

  /** Answers a waiting task through the execution handle; throws the engine's TaskTokenError. */
  answerTask(taskToken: string, answer: TaskAnswer): void {
    const handle = this.run?.handle;
    if (!handle) throw new Error('No execution is running.');
    sendAnswer(handle, taskToken, answer);
    this.answers.set(taskToken, answer);
  }

  /** AWS's SendTaskHeartbeat through the execution handle. */
  heartbeatTask(taskToken: string): void {
    const handle = this.run?.handle;
    if (!handle) throw new Error('No execution is running.');
    handle.sendTaskHeartbeat(taskToken);
  }

  continue(): void {
    if (!this.current) return;
    this.step = undefined;
    this.resume();
  }

  /** Steps the given thread (its current pause point when it is not the stopped one). */
  stepRequest(kind: StepKind, threadId: number): void {
    if (!this.current) return;
    const origin = this.originFor(threadId);
    if (origin && this.run)
      this.step = { kind, origin, ancestors: this.run.threads.ancestorIds(origin.threadId) };
    this.resume();
  }

  pause(): void {
    if (this.run && !this.current) this.pauseRequested = true;
  }

  /** Goes back to the pause point a step over would have come from. Returns false at the start. */
  stepBack(threadId: number): boolean {
    const run = this.run;
    const origin = this.originFor(threadId);
    if (!run || !origin) return false;
    const target = stepBackTarget(run.trail, origin, run.threads.ancestorIds(origin.threadId));
    if (target === undefined) return false;
    this.replayTo(target, { reason: 'step' });
    return true;
  }

  /** Goes back to the last earlier pause point where a breakpoint would stop (or the start). */
  reverseContinue(): boolean {
    const stop = this.current;
    if (!this.run || !stop) return false;
    this.mode = { kind: 'scan', until: stop.point.seq, hits: [] };
    this.step = undefined;
    this.begin('replay');
    return true;
  }

  /** Replaces the input of the state the execution is stopped on (before it runs). */
  editInput(input: JsonValue): void {
    this.edit((edit) => {
      edit.input = input;
    });
  }

  /** Gives a workflow variable a new value before the state the execution is stopped on runs. */
  editVariable(name: string, value: JsonValue): void {
    this.edit((edit) => {
      edit.variables = { ...edit.variables, [name]: value };
    });
  }

  private edit(change: (edit: StateEdit) => void): void {
    const stop = this.current;
    if (!stop || stop.point.kind !== 'state') throw new Error('The execution is not stopped before a state.');
    const seq = stop.point.seq;
    let edit = this.edits.find((e) => e.seq === seq);
    if (!edit) {
      edit = { seq };
      this.edits.push(edit);
    }
    change(edit);
    applyEdit(stop.point.view.frame, edit);
  }

  private originFor(threadId: number): PointInfo | undefined {
    const stop = this.current;
    if (stop && stop.point.threadId === threadId) return stop.point;
    const view = this.run?.threads.get(threadId)?.current;
    if (view) return { seq: view.seq, kind: 'state', threadId, stateSeq: view.seq };
    return stop?.point;
  }

  private replayTo(target: number, stop: Hit): void {
    this.edits = this.edits.filter((e) => e.seq <= target);
    this.mode = { kind: 'replay', target, stop };
    this.step = undefined;
    this.begin('replay');
  }

  private resume(): void {
    const resume = this.resumeRun;
    if (!resume) return;
    this.resumeRun = undefined;
    this.current = undefined;
    this.lastYield = performance.now();
    this.listener.custom({ type: 'resumed' });
    resume();
  }

  // ---- observer --------------------------------------------------------------------------------

  private observerFor(run: Run): ExecutionObserver {
    return {
      onThreadStarted: (t) => {
        if (run !== this.run) return;
        run.threads.started(t);
        if (t.threadId !== ROOT_THREAD_ID) this.listener.threadChanged('started', t.threadId);
      },
      onTaskWaiting: (task) => {
        if (run === this.run) this.taskWaiting(run, task);
      },
      onThreadEnded: (t) => {
        if (run !== this.run) return;
        run.waiting.check(run.handle);
        run.threads.ended(t.threadId);
        if (t.threadId !== ROOT_THREAD_ID) this.listener.threadChanged('exited', t.threadId);
      },
      beforeState: (frame) => (run === this.run ? this.beforeState(run, frame) : undefined),
      onStage: (report) =>
        run === this.run ? this.onStage(run, report.frame, report.stage, report.value) : undefined,
      onStateOutcome: (outcome) => (run === this.run ? this.onOutcome(run, outcome) : undefined),
    };
  }

  private taskWaiting(run: Run, task: WaitingTask): void {
    run.waiting.add(task);
    const answer = this.answers.get(task.taskToken);
    if (answer !== undefined) {
      // A re-run reached a task answered before: the same answer, once the wait has begun.
      setImmediate(() => {
        if (run === this.run && run.waiting.has(task.taskToken) && run.handle)
          sendAnswer(run.handle, task.taskToken, answer);
      });
      return;
    }
    if (this.mode.kind === 'run') run.waiting.announce(task.taskToken);
  }

  private beforeState(run: Run, frame: StateFrame): void | Promise<void> {
    run.waiting.check(run.handle);
    const seq = ++run.seq;
    const view: StateView = { frame, seq, stages: [] };
    const thread = run.threads.get(frame.threadId);
    if (thread) thread.current = view;
    for (const edit of this.edits) if (edit.seq === seq) applyEdit(frame, edit);
    const point: PausePoint = { seq, kind: 'state', threadId: frame.threadId, stateSeq: seq, view };
    run.trail.push({ seq, kind: 'state', threadId: frame.threadId, stateSeq: seq });
    this.listener.custom({ type: 'stateStatus', status: 'entered', ...stateRef(frame, thread?.machine) });
    if (this.launch.noDebug) return this.maybeYield();
    const candidates = this.breakpoints.candidates(frame, sourceOf(this.launch, thread?.machine).file);
    if (candidates.length === 0) return this.decide(run, point, undefined);
    return this.checkBreakpoints(run, point, candidates);
  }

  private async checkBreakpoints(
    run: Run,
    point: PausePoint,
    candidates: ReturnType<BreakpointRegistry['candidates']>,
  ): Promise<void> {
    if (!run.handle) return;
    const quiet = this.mode.kind !== 'run';
    const scope = evaluationScopeOf(point.view, this.evaluations.signal);
    const check = await this.breakpoints.check(candidates, scope, quiet);
    if (run !== this.run) return;
    for (const line of check.logs) this.listener.output(`${line}\n`, 'console');
    if (!quiet) for (const problem of check.problems) this.listener.output(`${problem}\n`, 'stderr');
    const hit: Hit | undefined =
      check.stopIds.length > 0 ? { reason: check.reason, hitBreakpointIds: check.stopIds } : undefined;
    await this.decide(run, point, hit);
  }

  private onStage(run: Run, frame: StateFrame, stage: DataStage, value: JsonValue): void | Promise<void> {
    const view = run.threads.get(frame.threadId)?.current;
    if (!view || view.frame !== frame) return undefined;
    // A retried state computes its stages again: keep those of the current attempt.
    const earlier = view.stages.findIndex((s) => s.stage === stage);
    if (earlier >= 0) view.stages.length = earlier;
    view.stages.push({ stage, value });
    if (this.launch.noDebug) return undefined;
    const seq = ++run.seq;
    run.trail.push({ seq, kind: 'stage', threadId: frame.threadId, stateSeq: view.seq });
    return this.decide(
      run,
      { seq, kind: 'stage', threadId: frame.threadId, stateSeq: view.seq, view, stage },
      undefined,
    );
  }

  private onOutcome(run: Run, outcome: StateOutcome): void | Promise<void> {
    run.waiting.check(run.handle);
    const frame = outcome.frame;
    const status: StepthroughEvent = {
      type: 'stateStatus',
      status: outcome.status,
      ...stateRef(frame, run.threads.get(frame.threadId)?.machine),
    };
    if (outcome.next !== undefined) status.next = outcome.next;
    if (outcome.error !== undefined) status.error = outcome.error;
    if (outcome.cause !== undefined) status.cause = outcome.cause;
    this.listener.custom(status);
    if (this.mode.kind === 'run' && run.consoleLines <= MAX_CONSOLE_TRANSITIONS) {
      const line =
        ++run.consoleLines > MAX_CONSOLE_TRANSITIONS
          ? {
              text: `… further transitions are not written here (over ${MAX_CONSOLE_TRANSITIONS}).\n`,
              category: 'console' as const,
            }
          : outcomeLine(outcome);
      this.listener.output(line.text, line.category);
    }
    const view = run.threads.get(frame.threadId)?.current;
    if (!view || view.frame !== frame) return undefined;
    if (outcome.status === 'succeeded') {
      view.output = outcome.output;
      return undefined;
    }
    view.error = { status: outcome.status, error: outcome.error, cause: outcome.cause };
    const chain = run.threads.chain(frame.threadId);
    const propagated = isPropagation(run.lastError, outcome);
    run.lastError = {
      error: outcome.error,
      cause: outcome.cause,
      enclosingThreads: new Set(chain.slice(1).map((t) => t.id)),
    };
    if (this.launch.noDebug) return undefined;
    const seq = ++run.seq;
    run.trail.push({ seq, kind: 'error', threadId: frame.threadId, stateSeq: view.seq });
    const exception = exceptionHit(this.breakpoints.exceptionFilters, outcome, propagated);
    const hit: Hit | undefined = exception ? { reason: 'exception', exception } : undefined;
    return this.decide(
      run,
      { seq, kind: 'error', threadId: frame.threadId, stateSeq: view.seq, view, outcome },
      hit,
    );
  }

  /** Whether to stop at this pause point; returns the promise that holds the execution if so. */
  private decide(run: Run, point: PausePoint, hit: Hit | undefined): void | Promise<void> {
    const mode = this.mode;
    const firstState = point.kind === 'state' && !run.sawFirstState;
    if (point.kind === 'state') run.sawFirstState = true;
    if (mode.kind === 'scan') {
      if (hit && point.seq < mode.until) mode.hits.push({ seq: point.seq, hit });
      if (point.seq >= mode.until) {
        const last = mode.hits[mode.hits.length - 1];
        // The first pause point of a run is the first state's start.
        const target = last ?? { seq: 1, hit: { reason: 'entry' as const } };
        return new Promise<void>((resolve) => {
          // Held until the replay below aborts this run.
          this.resumeRun = resolve;
          setImmediate(() => {
            if (this.run === run) this.replayTo(target.seq, target.hit);
          });
        });
      }
      return this.maybeYield();
    }
    if (mode.kind === 'replay') {
      if (point.seq !== mode.target) return this.maybeYield();
      this.mode = { kind: 'run' };
      // Tasks the re-run left waiting (none had been answered yet) are the user's again.
      run.waiting.announce();
      return this.stopHere(run, { ...mode.stop, point });
    }
    if (firstState && !this.pauseRequested && !hit && this.launch.stopOnEntry) {
      return this.stopHere(run, { reason: 'entry', point });
    }
    if (this.pauseRequested) return this.stopHere(run, { reason: 'pause', point });
    if (hit) return this.stopHere(run, { ...hit, point });
    if (this.step && stepStopsAt(this.step, point)) return this.stopHere(run, { reason: 'step', point });
    return this.maybeYield();
  }

  private stopHere(run: Run, stop: StopInfo): Promise<void> {
    this.step = undefined;
    this.pauseRequested = false;
    this.current = stop;
    return new Promise<void>((resolve) => {
      this.resumeRun = resolve;
      const frame = stop.point.view.frame;
      const paused: StepthroughEvent = {
        type: 'paused',
        reason: stop.reason,
        ...stateRef(frame, run.threads.get(frame.threadId)?.machine),
      };
      if (stop.point.stage !== undefined) paused.stage = stop.point.stage;
      if (run === this.run) {
        this.listener.custom(paused);
        this.listener.stopped(stop);
      }
    });
  }

  private maybeYield(): Promise<void> | undefined {
    const now = performance.now();
    if (now - this.lastYield < YIELD_INTERVAL_MS) return undefined;
    this.lastYield = now;
    return new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function stateRef(frame: StateFrame, machine: string | undefined): StateRef {
  const ref: StateRef = {
    state: frame.stateName,
    definitionPath: frame.definitionPath,
    scope: frame.scope,
    threadId: frame.threadId,
  };
  if (machine !== undefined) ref.machine = machine;
  return ref;
}

/** What the user changed while stopped before a state (by pause point), applied again when a replay reaches it. */
interface StateEdit {
  seq: number;
  input?: JsonValue;
  variables?: Record<string, JsonValue>;
}

/** Puts an edit into the frame the engine reads after the pause: the input, and the variables to change. */
function applyEdit(frame: StateFrame, edit: StateEdit): void {
  if (edit.input !== undefined) frame.input = edit.input;
  if (edit.variables) {
    frame.variableEdits = { ...frame.variableEdits, ...edit.variables };
    frame.variables = { ...frame.variables, ...edit.variables };
  }
}
