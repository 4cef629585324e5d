// The tasks of one debugged run that wait for their token to be answered from outside: which the
// listener was told of (the extension shows them as threads "waiting for task token"), and which
// stopped waiting (answered, timed out, the run gone), so that each announced task is settled once.
// The engine's waitingTasks() is the truth; this book follows it.

import type { ExecutionHandle, JsonValue, WaitingTask } from '../core';

/** An answer sent from outside to a task waiting for its token. */
export type TaskAnswer =
  { kind: 'success'; output: JsonValue } | { kind: 'failure'; error?: string; cause?: string };

/** Who is told when a task starts and stops waiting. */
export interface WaitingListener {
  /** A thread now waits for its task token to be answered from outside. */
  taskWaiting(task: WaitingTask): void;
  /** A task announced by taskWaiting no longer waits (answered, timed out, stopped). */
  taskSettled(task: WaitingTask): void;
}

/** Sends an answer through the execution handle; throws the engine's TaskTokenError. */
export function sendAnswer(handle: ExecutionHandle, taskToken: string, answer: TaskAnswer): void {
  if (answer.kind === 'success') handle.sendTaskSuccess(taskToken, answer.output);
  else handle.sendTaskFailure(taskToken, answer.error, answer.cause);
}

export class RunWaitingTasks {
  /** By token, and whether the listener was told. */
  private readonly waiting = new Map<string, { task: WaitingTask; announced: boolean }>();

  constructor(private readonly listener: WaitingListener) {}

  /** Notes a task that began waiting; the listener hears of it with `announce`. */
  add(task: WaitingTask): void {
    this.waiting.set(task.taskToken, { task, announced: false });
  }

  has(taskToken: string): boolean {
    return this.waiting.has(taskToken);
  }

  /** Tells the listener of the task (once), or of every one still waiting without a token. */
  announce(taskToken?: string): void {
    for (const [token, entry] of this.waiting) {
      if (entry.announced || (taskToken !== undefined && token !== taskToken)) continue;
      entry.announced = true;
      this.listener.taskWaiting(entry.task);
    }
  }

  /** The task the thread waits on, if it waits for its token. */
  on(threadId: number): WaitingTask | undefined {
    for (const { task } of this.waiting.values()) if (task.threadId === threadId) return task;
    return undefined;
  }

  /** Settles every task not in `still` (the engine's waiting list now; empty when the run is over). */
  settle(still: readonly WaitingTask[]): void {
    if (this.waiting.size === 0) return;
    const tokens = new Set(still.map((t) => t.taskToken));
    for (const [token, entry] of this.waiting) {
      if (tokens.has(token)) continue;
      this.waiting.delete(token);
      if (entry.announced) this.listener.taskSettled(entry.task);
    }
  }

  /** Settles the tasks that no longer wait, asking the engine (when any is noted). */
  check(handle: ExecutionHandle | undefined): void {
    if (this.waiting.size > 0 && handle) this.settle(handle.waitingTasks());
  }
}
