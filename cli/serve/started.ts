// Executions a `stepthrough serve` client started to answer from outside (`start`): the client names
// one by its executionId to list its waiting Tasks, answer their tokens (the execution handle's
// sendTaskSuccess / sendTaskFailure / sendTaskHeartbeat, whose TaskTokenError reaches the client with
// AWS's exception name) and take its result, after which the server forgets it.
//
// `waitingTasks` answers once a Task waits (or with [] once the execution has ended): a client that has
// just started the execution, or answered one token, waits on that event rather than polling.

import { StepthroughError, type ExecutionHandle, type ExecutionResult, type WaitingTask } from '../../core';
import type {
  ExecutionResultRequest,
  SendTaskFailureRequest,
  SendTaskHeartbeatRequest,
  SendTaskSuccessRequest,
  WaitingTasksRequest,
} from '../serve-protocol';

interface Started {
  handle: ExecutionHandle;
  ended: boolean;
  /** Woken when a Task begins to wait or the execution ends. */
  wakers: Set<() => void>;
}

export type TaskAnswerRequest = SendTaskSuccessRequest | SendTaskFailureRequest | SendTaskHeartbeatRequest;

export class StartedExecutions {
  private nextId = 1;
  private readonly runs = new Map<number, Started>();

  /** Registers an execution as it starts; returns its id and the hook that hears its Tasks wait. */
  reserve(): { executionId: number; onTaskWaiting: () => void; attach(handle: ExecutionHandle): void } {
    const executionId = this.nextId++;
    const wakers = new Set<() => void>();
    const wake = (): void => {
      const now = [...wakers];
      wakers.clear();
      for (const w of now) w();
    };
    return {
      executionId,
      onTaskWaiting: wake,
      attach: (handle) => {
        const run: Started = { handle, ended: false, wakers };
        this.runs.set(executionId, run);
        void handle.result.finally(() => {
          run.ended = true;
          wake();
        });
      },
    };
  }

  private find(executionId: number): Started {
    const run = this.runs.get(executionId);
    if (run) return run;
    throw new StepthroughError('E_USAGE', `no started execution has the id ${executionId}`, {
      hint: 'Use the executionId that start answered; an execution is forgotten once its result was taken.',
    });
  }

  /** The Tasks waiting now, once at least one waits (or [] once the execution has ended). */
  async waitingTasks(request: WaitingTasksRequest): Promise<WaitingTask[]> {
    const run = this.find(request.executionId);
    for (;;) {
      const waiting = run.handle.waitingTasks();
      if (waiting.length > 0 || run.ended) return waiting;
      await new Promise<void>((resolve) => run.wakers.add(resolve));
    }
  }

  answer(request: TaskAnswerRequest): null {
    const { handle } = this.find(request.executionId);
    if (request.type === 'sendTaskSuccess') handle.sendTaskSuccess(request.taskToken, request.output);
    else if (request.type === 'sendTaskFailure')
      handle.sendTaskFailure(request.taskToken, request.error, request.cause);
    else handle.sendTaskHeartbeat(request.taskToken);
    return null;
  }

  /** How the execution ended, once it has; the execution is then forgotten. */
  async result(request: ExecutionResultRequest): Promise<ExecutionResult> {
    const run = this.find(request.executionId);
    try {
      return await run.handle.result;
    } finally {
      this.runs.delete(request.executionId);
    }
  }

  /** The session closes: every started execution stops. */
  abortAll(): void {
    for (const run of this.runs.values()) run.handle.abort();
  }
}
