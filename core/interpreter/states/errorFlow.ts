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
import type { MaybePromise } from '../maybePromise';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';
import { applyResultPath } from './dataflow';
import { applyAssigned, evaluateAssign, jsonataField, usesJsonata } from '../query';

export interface CatchHandler {
  /** Builds the completion for a caught error (JSONPath and JSONata differ). */
  (
    run: StateRun,
    catcher: Record<string, JsonValue>,
    err: StatesError,
  ): Promise<StateCompletion> | StateCompletion;
}

/** The default catch: the error output goes through the catcher's ResultPath (JSONPath) or Output (JSONata); its Assign replaces the state's. */
export const defaultCatch: CatchHandler = async (run, catcher, err) => {
  const errOut = errorOutput(err);
  const next = typeof catcher.Next === 'string' ? catcher.Next : undefined;
  if (usesJsonata(run)) {
    const extras = { errorOutput: errOut };
    const output =
      'Output' in catcher ? await jsonataField(run, catcher.Output as JsonValue, 'Output', extras) : errOut;
    const pending = evaluateAssign(run, catcher.Assign, errOut, extras);
    const assigned = pending instanceof Promise ? await pending : pending;
    applyAssigned(run, assigned);
    return { output, next, assigned };
  }
  const pending = evaluateAssign(run, catcher.Assign, errOut, {});
  const assigned = pending instanceof Promise ? await pending : pending;
  const output = applyResultPath(
    run,
    run.rawInput,
    errOut,
    'ResultPath' in catcher ? catcher.ResultPath : '$',
  );
  applyAssigned(run, assigned);
  return { output, next, assigned };
};

/** Runs `attempt` with the state's Retry and Catch policies (no promise while attempts succeed at once). */
export function withRetryAndCatch(
  run: StateRun,
  attempt: () => MaybePromise<StateCompletion>,
  onCatch: CatchHandler = defaultCatch,
): MaybePromise<StateCompletion> {
  return new RetryLoop(run, attempt, onCatch).attempt();
}

/** One state's attempts: how many each retrier has used, and what to do when an attempt fails. */
class RetryLoop {
  private readonly attemptsPerRetrier = new Map<number, number>();

  constructor(
    private readonly run: StateRun,
    private readonly body: () => MaybePromise<StateCompletion>,
    private readonly onCatch: CatchHandler,
  ) {}

  attempt(): MaybePromise<StateCompletion> {
    this.run.noteAttempt();
    let pending: MaybePromise<StateCompletion>;
    try {
      pending = this.body();
    } catch (raw) {
      return this.failed(raw);
    }
    return pending instanceof Promise ? pending.catch((raw: unknown) => this.failed(raw)) : pending;
  }

  /** Retries (after the back-off), catches, or rethrows the attempt's error. */
  private async failed(raw: unknown): Promise<StateCompletion> {
    const run = this.run;
    if (raw instanceof ExecutionAbortedSignal) throw raw;
    const err = run.decorate(raw);
    if (!(err instanceof StatesError) || isTerminalError(err)) throw err;
    const match = findRetrier(run.def.Retry, err);
    if (match) {
      const used = this.attemptsPerRetrier.get(match.index) ?? 0;
      if (used < maxAttemptsOf(match.retrier)) {
        this.attemptsPerRetrier.set(match.index, used + 1);
        run.rt.countTransition(run.name);
        await run.rt.observer?.onStateOutcome?.({
          frame: run.frame,
          status: 'retrying',
          error: err.error,
          cause: err.cause,
        });
        await run.rt.sleep(run.thread, retryDelayMs(match.retrier, used + 1, run.rt.random));
        run.retryCount++;
        return this.attempt();
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
    return this.onCatch(run, catcher, err);
  }
}
