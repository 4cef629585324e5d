// One execution the API started: the engine's run (core's startExecution with its event stream and pause
// point) and what the API shows of it. What a client sees is the execution as AWS would show it now:
//   - in a paced time mode, only the events that are due by the wall clock (pacing.ts), and RUNNING
//     until the last one is due;
//   - after StopExecution, the events up to the stop and an ExecutionAborted with the stop's error and
//     cause, whatever the engine does while it winds down (and should the engine's run ever reject, an
//     ExecutionFailed with Stepthrough.InternalError: the execution never stays RUNNING for nothing).
// The engine runs sync-first, so an execution would otherwise run from start to end in one turn of the
// event loop and hold every other client up (a runaway loop for seconds): at its pause point it gives
// the event loop back every SLICE_STATES states or SLICE_MS of work, whichever comes first.

import { createHash } from 'node:crypto';
import {
  StepthroughError,
  startExecution,
  type ExecutionHandle,
  type ExecutionResult,
  type HistoryEvent,
  type JsonValue,
  type MockSource,
  type TaskHandler,
} from '../core';
import { callbackPortOf, type CallbackPort } from './callbacks';
import { ApiError, invalidDefinition, invalidExecutionInput } from './errors';
import { forwardingHandler, lambdaTaskStates } from './lambdaEndpoint';
import { realTimeWaiter } from '../host/realTime';
import { Pacer, type TimeMode, type WallClock } from './pacing';
import type { StateMachineRecord, StateMachineType } from './records';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionStart {
  arn: string;
  name: string;
  machine: StateMachineRecord;
  /** The published version the execution runs, when it was started through a version ARN. */
  versionArn?: string;
  definition: string;
  roleArn: string;
  inputText: string;
  input: JsonValue;
  mocks?: MockSource;
  /** LAMBDA_ENDPOINT: unmocked Lambda Tasks are sent there. */
  lambdaEndpoint?: string;
  time: TimeMode;
  clock: WallClock;
  /** Told whenever the execution's history grows, a Task begins to wait for its token, or it ends (activity pollers wait on it). */
  onChange: () => void;
}

/** How the API ended an execution itself: stopped (ABORTED), or the engine's run failed to settle. */
interface Closing {
  status: 'ABORTED' | 'FAILED';
  /** Engine events shown (ids 1..shown); the closing event comes next. */
  shown: number;
  /** Virtual time of the closing event (its timestamp and the stopDate). */
  at: number;
  error?: string;
  cause?: string;
}

/** The most states, and the most wall time, an execution runs before other requests get their turn. */
export const SLICE_STATES = 256;
const SLICE_MS = 10;

/** The pause-point hook that hands the event loop back between slices of an execution's work. */
function slicer(): () => Promise<void> | undefined {
  let states = 0;
  let began = Date.now();
  return () => {
    if (++states < SLICE_STATES && Date.now() - began < SLICE_MS) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        states = 0;
        began = Date.now();
        resolve();
      }),
    );
  };
}

const TERMINAL = new Set(['ExecutionSucceeded', 'ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);

/** A seed per execution ARN: States.UUID and friends differ between executions, as on AWS, yet replay alike. */
function seedOf(arn: string): number {
  return createHash('sha256').update(arn).digest().readUInt32BE(0);
}

export class ExecutionRun {
  readonly arn: string;
  readonly name: string;
  readonly machineArn: string;
  readonly machineName: string;
  readonly versionArn: string | undefined;
  readonly type: StateMachineType;
  readonly definition: string;
  readonly roleArn: string;
  readonly machineUpdated: number;
  readonly inputText: string;
  readonly startDate: number;
  /** Resolves when the engine's run has ended (whatever the status). */
  readonly ended: Promise<void>;
  /** Tokens handed out by this execution so far (a later send with one of them finds the task closed). */
  readonly tokensSeen = new Set<string>();

  private readonly handle: ExecutionHandle;
  private readonly port: CallbackPort;
  private readonly pacer: Pacer | undefined;
  private readonly stopping = new AbortController();
  private result: ExecutionResult | undefined;
  private closing: Closing | undefined;
  private latestVirtual: number;

  constructor(start: ExecutionStart) {
    const { machine } = start;
    this.arn = start.arn;
    this.name = start.name;
    this.machineArn = machine.arn;
    this.machineName = machine.name;
    this.versionArn = start.versionArn;
    this.type = machine.type;
    this.definition = start.definition;
    this.roleArn = start.roleArn;
    this.machineUpdated = machine.updateDate ?? machine.creationDate;
    this.inputText = start.inputText;
    this.startDate = start.clock.now();
    this.latestVirtual = this.startDate;
    const [, partition = 'aws', , region = 'us-east-1', account = '123456789012'] = machine.arn.split(':');
    this.pacer =
      start.time.kind === 'paced' ? new Pacer(start.clock, start.time.scale, this.startDate) : undefined;
    const pacer = this.pacer;
    const yieldTurn = slicer();
    try {
      this.handle = startExecution(start.definition, {
        input: start.input,
        mocks: start.mocks,
        taskHandlers: this.lambdaHandlers(start),
        executionName: start.name,
        stateMachineName: machine.name,
        startTime: this.startDate,
        accountId: account,
        region,
        partition,
        roleArn: start.roleArn,
        seed: seedOf(start.arn),
        // A callback or Activity Task no MockConfigFile test case answers waits for SendTask* (callbacks.ts);
        // while every live thread so waits, its limits count real time (scaled as the time mode says).
        outsideAnswers: true,
        realTime: realTimeWaiter(start.time.kind === 'paced' ? start.time.scale : 1, start.clock),
        observer: {
          onEvent: (event) => {
            this.latestVirtual = Date.parse(event.timestamp);
            start.onChange();
          },
          beforeState: (frame) => pacer?.catchUp(frame.now) ?? yieldTurn(),
          onTaskWaiting: (task) => {
            this.tokensSeen.add(task.taskToken);
            start.onChange();
          },
          // The clock stood still on outside waits: later virtual durations start from the wall's now.
          onOutsideWait: (wait, now) => {
            if (!wait) pacer?.reanchor(now);
          },
        },
      });
    } catch (err) {
      throw startRefusal(err);
    }
    this.port = callbackPortOf(this.handle);
    this.ended = this.handle.result.then(
      (result) => {
        this.result = result;
        start.onChange();
      },
      (err: unknown) => {
        if (!this.closing) {
          const cause = `The engine's run ended unexpectedly: ${err instanceof Error ? err.message : String(err)}`;
          this.close('FAILED', 'Stepthrough.InternalError', cause);
        }
        start.onChange();
      },
    );
  }

  /** Unmocked Lambda Tasks, sent to LAMBDA_ENDPOINT when there is one. */
  private lambdaHandlers(start: ExecutionStart): Record<string, TaskHandler> {
    const handlers: Record<string, TaskHandler> = {};
    if (!start.lambdaEndpoint) return handlers;
    for (const [state, task] of lambdaTaskStates(start.definition)) {
      if (start.mocks?.has(state)) continue;
      handlers[state] = forwardingHandler(task, {
        endpoint: start.lambdaEndpoint,
        signal: this.stopping.signal,
        beforeCall: () => this.pacer?.catchUp(this.latestVirtual),
        afterCall: () => this.pacer?.reanchor(this.latestVirtual),
      });
    }
    return handlers;
  }

  /** The engine's callback methods (SendTask*, activities) while the execution runs. */
  get callbacks(): CallbackPort | undefined {
    return this.result || this.closing ? undefined : this.port;
  }

  /** The engine's events (AWS-shaped, with Stepthrough's scope and state beside). */
  private engineEvents(): readonly HistoryEvent[] {
    return this.handle.events;
  }

  /** How many engine events are shown now: all, or those due by the wall clock. */
  private shownCount(): number {
    const events = this.engineEvents();
    if (this.closing) return this.closing.shown;
    if (!this.pacer) return events.length;
    const due = this.pacer.virtualNow();
    let n = 0;
    while (n < events.length && Date.parse((events[n] as HistoryEvent).timestamp) <= due) n++;
    return n;
  }

  /** The history a client sees now. */
  history(): HistoryEvent[] {
    const shown = this.engineEvents().slice(0, this.shownCount());
    const closing = this.closing;
    if (!closing) return shown;
    const last = shown[shown.length - 1];
    const details: { error?: string; cause?: string } = {};
    if (closing.error !== undefined) details.error = closing.error;
    if (closing.cause !== undefined) details.cause = closing.cause;
    const base = {
      id: shown.length + 1,
      previousEventId: last?.id ?? 0,
      timestamp: new Date(closing.at).toISOString(),
      scope: [],
    };
    const closingEvent: HistoryEvent =
      closing.status === 'ABORTED'
        ? { ...base, type: 'ExecutionAborted', executionAbortedEventDetails: details }
        : { ...base, type: 'ExecutionFailed', executionFailedEventDetails: details };
    return [...shown, closingEvent];
  }

  /** The last event shown when it ends the execution. */
  private terminalEvent(): HistoryEvent | undefined {
    const events = this.history();
    const last = events[events.length - 1];
    return last && TERMINAL.has(last.type) ? last : undefined;
  }

  get status(): ExecutionStatus {
    if (this.closing) return this.closing.status;
    if (!this.result || !this.terminalEvent()) return 'RUNNING';
    return this.result.status;
  }

  get stopDate(): number | undefined {
    const terminal = this.terminalEvent();
    return terminal ? Date.parse(terminal.timestamp) : undefined;
  }

  /** Output, error and cause once the execution has ended (as shown). */
  get outcome(): { output?: string; error?: string; cause?: string } {
    if (this.closing) return { error: this.closing.error, cause: this.closing.cause };
    if (!this.result || !this.terminalEvent()) return {};
    const { status, output, error, cause } = this.result;
    if (status === 'SUCCEEDED') return { output: JSON.stringify(output) };
    return { error, cause };
  }

  /** Resolves once the end of the execution is shown (a paced run's end is due). */
  async settled(): Promise<void> {
    await this.ended;
    const last = this.engineEvents().at(-1);
    if (this.pacer && last && !this.closing) await this.pacer.catchUp(Date.parse(last.timestamp));
  }

  /** StopExecution: the execution ends ABORTED now; the engine is told to stop. */
  stopNow(error: string | undefined, cause: string | undefined): number {
    if (this.status !== 'RUNNING') return this.stopDate ?? this.startDate;
    return this.close('ABORTED', error, cause);
  }

  /** Ends the execution as shown now, with a closing event after what is shown; the engine is told to stop. */
  private close(status: Closing['status'], error: string | undefined, cause: string | undefined): number {
    const shown = this.shownCount();
    const lastShown = this.engineEvents()[shown - 1];
    const lastTime = lastShown ? Date.parse(lastShown.timestamp) : this.startDate;
    const at = this.pacer ? Math.max(lastTime, this.pacer.virtualNow()) : lastTime;
    this.closing = {
      status,
      shown,
      at,
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    };
    this.pacer?.stop();
    this.stopping.abort();
    this.handle.abort();
    return at;
  }
}

/** Why the engine would not start the run, as the API's exception. */
function startRefusal(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof StepthroughError) {
    switch (err.code) {
      case 'E_INVALID_INPUT':
        return invalidExecutionInput(err.message);
      case 'E_PARSE':
      case 'E_INVALID_DEFINITION':
        return invalidDefinition(err.message);
      default:
        return new ApiError('ValidationException', err.hint ? `${err.message} ${err.hint}` : err.message);
    }
  }
  throw err;
}
