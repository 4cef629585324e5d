// Tasks waiting for an answer from outside the run: a `.waitForTaskToken` Task (or an Activity) that no
// mock or handler answers, when the caller said it will answer (`ExecuteOptions.outsideAnswers`). The
// execution handle's sendTaskSuccess / sendTaskFailure / sendTaskHeartbeat reach them by token, as AWS's
// API of the same names does, with AWS's errors for a token that is not (or no longer) waiting.
//
// A waiting thread is parked on the scheduler (scheduler.ts) until its TimeoutSeconds or HeartbeatSeconds
// run out; while every live thread is parked, the clock stands still and the limits count real time
// (the runtime's real-time waiter; `absorb` takes the real time that passed off them).

import { StepthroughError } from '../errors';
import { jsonByteLength, jsonExceeds, MAX_PAYLOAD_BYTES, outsideDepthProblem, type JsonValue } from '../json';
import { findNonJson } from '../mocks/responseEntry';
import type { ParkedWait, Scheduler } from './scheduler';
import type { ThreadControl } from './scheduler';
import type { ExecutionObserver, WaitingTask } from './options';

// A waiting task is what callers see (options.ts: `waitingTasks()`, observers' `onTaskWaiting`).
export type { WaitingTask } from './options';

/** AWS's exceptions of SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat. */
export type TaskTokenErrorName = 'InvalidToken' | 'TaskTimedOut' | 'TaskDoesNotExist' | 'InvalidOutput';

/**
 * An answer the run cannot take: `awsError` is the exception AWS's API throws for it (InvalidToken: a
 * token this run never issued; TaskTimedOut: "the task token has either expired or the task associated
 * with the token has already been closed"; InvalidOutput: the output is not JSON or over 256 KiB).
 */
export class TaskTokenError extends StepthroughError {
  constructor(
    readonly awsError: TaskTokenErrorName,
    message: string,
    hint: string,
  ) {
    super('E_TASK_TOKEN', message, { hint });
    this.name = 'TaskTokenError';
  }
}

/** How a wait ended. */
export type OutsideAnswer =
  | { kind: 'success'; output: JsonValue }
  | { kind: 'failure'; error: string; cause: string }
  | { kind: 'timeout'; heartbeat: boolean };

export interface OutsideWaitSpec extends Omit<WaitingTask, 'since' | 'taken'> {
  timeoutSeconds: number;
  heartbeatSeconds: number | undefined;
  /** An Activity: writes ActivityStarted when a worker takes the task (AWS: its GetActivityTask). */
  activityTaken?: (workerName: string | undefined) => void;
}

/**
 * The worker an Activity answered from outside is said to be taken by when nobody took it first (the
 * library's sendTaskSuccess with a token from waitingTasks(): on AWS a worker always takes it first).
 */
export const IMPLICIT_WORKER = 'stepthrough';

interface Pending {
  task: WaitingTask;
  wait: ParkedWait;
  timeoutAt: number;
  heartbeatMs: number | undefined;
  heartbeatAt: number;
  answer: OutsideAnswer | undefined;
  activityTaken: ((workerName: string | undefined) => void) | undefined;
}

export class TaskTokens {
  private readonly pending = new Map<string, Pending>();
  /** Tokens whose task has ended (answered, timed out, stopped): answering them is AWS's TaskTimedOut. */
  private readonly closed = new Set<string>();

  constructor(
    private readonly scheduler: Scheduler,
    private readonly observer: ExecutionObserver | undefined,
  ) {}

  /**
   * Parks the running thread until the token is answered or the task's limits run out; resolves holding
   * the run token, with the answer, or a timeout (undefined: woken to stop, the caller checks why).
   */
  async wait(control: ThreadControl, spec: OutsideWaitSpec): Promise<OutsideAnswer | undefined> {
    const since = this.scheduler.now;
    const timeoutAt = since + spec.timeoutSeconds * 1000;
    const heartbeatMs = spec.heartbeatSeconds === undefined ? undefined : spec.heartbeatSeconds * 1000;
    const heartbeatAt = heartbeatMs === undefined ? Infinity : since + heartbeatMs;
    const { woken, wait } = this.scheduler.park(control, Math.min(timeoutAt, heartbeatAt));
    const task: WaitingTask = {
      stateName: spec.stateName,
      taskToken: spec.taskToken,
      resource: spec.resource,
      request: spec.request,
      since,
      threadId: spec.threadId,
    };
    if (spec.activityTaken) task.taken = false;
    const entry: Pending = {
      task,
      wait,
      timeoutAt,
      heartbeatMs,
      heartbeatAt,
      answer: undefined,
      activityTaken: spec.activityTaken,
    };
    this.pending.set(spec.taskToken, entry);
    this.observer?.onTaskWaiting?.({ ...task });
    try {
      await woken;
    } finally {
      this.pending.delete(spec.taskToken);
      this.closed.add(spec.taskToken);
    }
    if (entry.answer !== undefined) return entry.answer;
    const now = this.scheduler.now;
    if (now >= entry.timeoutAt) return { kind: 'timeout', heartbeat: false };
    if (now >= entry.heartbeatAt) return { kind: 'timeout', heartbeat: true };
    return undefined;
  }

  /** The tasks waiting now, in the order they began to wait. */
  waiting(): WaitingTask[] {
    return [...this.pending.values()].map((p) => ({ ...p.task }));
  }

  sendSuccess(token: string, output: JsonValue): void {
    const tooDeep = outsideDepthProblem(output, 'The output sent for the task token');
    if (tooDeep !== undefined)
      throw new TaskTokenError(
        'InvalidOutput',
        `${tooDeep}.`,
        'Send a flatter output; AWS refuses JSON nested this deep.',
      );
    const bad = findNonJson(output);
    if (bad !== undefined)
      throw new TaskTokenError(
        'InvalidOutput',
        `The output sent for the task token is not JSON (at ${bad}).`,
        'Send a JSON value: objects, arrays, strings, finite numbers, booleans or null.',
      );
    if (jsonExceeds(output, MAX_PAYLOAD_BYTES))
      throw new TaskTokenError(
        'InvalidOutput',
        `The output sent for the task token is ${jsonByteLength(output)} bytes, over AWS's 256 KiB limit.`,
        'Send a smaller output; AWS refuses the same.',
      );
    this.answer(token, { kind: 'success', output });
  }

  sendFailure(token: string, error = '', cause = ''): void {
    this.answer(token, { kind: 'failure', error, cause });
  }

  /**
   * A worker takes an Activity's task (AWS's GetActivityTask hands it the token): ActivityStarted, with
   * its name. False when the task is not an Activity's or was taken already; a token not waiting throws
   * as the sends do.
   */
  take(token: string, workerName: string | undefined): boolean {
    const entry = this.find(token);
    if (entry.activityTaken === undefined || entry.task.taken !== false) return false;
    entry.task.taken = true;
    entry.activityTaken(workerName);
    return true;
  }

  /** An answer or a heartbeat for an Activity nobody took: it was taken first (AWS has no other way). */
  private takenBeforeAnswer(entry: Pending): void {
    if (entry.activityTaken === undefined || entry.task.taken !== false) return;
    entry.task.taken = true;
    entry.activityTaken(IMPLICIT_WORKER);
  }

  sendHeartbeat(token: string): void {
    const entry = this.find(token);
    this.takenBeforeAnswer(entry);
    if (entry.heartbeatMs === undefined) return;
    entry.heartbeatAt = this.scheduler.now + entry.heartbeatMs;
    this.scheduler.postpone(entry.wait, Math.min(entry.timeoutAt, entry.heartbeatAt));
  }

  /**
   * `ms` of real time passed while the clock stood still: it counts toward every waiting task's limits
   * (TimeoutSeconds, HeartbeatSeconds), which come that much nearer; the clock itself does not move.
   */
  absorb(ms: number): void {
    const now = this.scheduler.now;
    for (const entry of this.pending.values()) {
      entry.timeoutAt = Math.max(now, entry.timeoutAt - ms);
      if (entry.heartbeatMs !== undefined) entry.heartbeatAt = Math.max(now, entry.heartbeatAt - ms);
      this.scheduler.postpone(entry.wait, Math.min(entry.timeoutAt, entry.heartbeatAt));
    }
  }

  private answer(token: string, answer: OutsideAnswer): void {
    const entry = this.find(token);
    this.takenBeforeAnswer(entry);
    entry.answer = answer;
    // Answered once: a second answer meets a closed task, as on AWS.
    this.pending.delete(token);
    this.closed.add(token);
    this.scheduler.wake(entry.wait);
  }

  private find(token: string): Pending {
    const entry = this.pending.get(token);
    if (entry !== undefined) return entry;
    if (this.closed.has(token))
      throw new TaskTokenError(
        'TaskTimedOut',
        'The task of this task token has already been closed (answered, timed out or stopped).',
        'A task token is answered once, while its task waits.',
      );
    throw new TaskTokenError(
      'InvalidToken',
      'This execution issued no such task token.',
      'Send the token the task received ($$.Task.Token in its request); waitingTasks() lists the waiting ones.',
    );
  }
}
