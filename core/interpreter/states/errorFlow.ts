// Retry and Catch around a state's attempt: retries with back-off on the virtual clock, then
// the first matching catcher, whose ResultPath places the error output in the state's input.

import { StatesError } from '../../errors';
import type { JsonValue } from '../../json';
import {
  errorOutput,
  findCatcher,
  findRetrier,
  isTerminalError,
  maxAttemptsOf,
  retryDelayMs,
} from '../errorHandling';
import { ExecutionAbortedSignal } from '../scheduler';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applyResultPath } from './dataflow';

export interface CatchHandler {
  /** Builds the completion for a caught error (JSONPath and JSONata differ). */
  (
    run: StateRun,
    catcher: Record<string, JsonValue>,
    err: StatesError,
  ): Promise<StateCompletion> | StateCompletion;
}

export const jsonPathCatch: CatchHandler = (run, catcher, err) => {
  const output = applyResultPath(
    run,
    run.rawInput,
    errorOutput(err),
    'ResultPath' in catcher ? catcher.ResultPath : '$',
  );
  return { output, next: typeof catcher.Next === 'string' ? catcher.Next : undefined };
};

/** Runs `attempt` with the state's Retry and Catch policies. */
export async function withRetryAndCatch(
  run: StateRun,
  attempt: () => Promise<StateCompletion>,
  onCatch: CatchHandler = jsonPathCatch,
): Promise<StateCompletion> {
  const attemptsPerRetrier = new Map<number, number>();
  for (;;) {
    try {
      run.frame.attempt = run.retryCount;
      return await attempt();
    } catch (raw) {
      if (raw instanceof ExecutionAbortedSignal) throw raw;
      const err = run.decorate(raw);
      if (!(err instanceof StatesError) || isTerminalError(err)) throw err;
      const match = findRetrier(run.def.Retry, err);
      if (match) {
        const used = attemptsPerRetrier.get(match.index) ?? 0;
        if (used < maxAttemptsOf(match.retrier)) {
          attemptsPerRetrier.set(match.index, used + 1);
          await run.rt.observer?.onStateOutcome?.({
            frame: run.frame,
            status: 'retrying',
            error: err.error,
            cause: err.cause,
          });
          await run.rt.sleep(run.thread, retryDelayMs(match.retrier, used + 1, run.rt.random));
          run.retryCount++;
          continue;
        }
      }
      const catcher = findCatcher(run.def.Catch, err);
      if (!catcher) throw err;
      await run.rt.observer?.onStateOutcome?.({
        frame: run.frame,
        status: 'caught',
        error: err.error,
        cause: err.cause,
        next: typeof catcher.Next === 'string' ? catcher.Next : undefined,
      });
      return await onCatch(run, catcher, err);
    }
  }
}
