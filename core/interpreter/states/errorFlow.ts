// Retry and Catch around a state's attempt: retries with back-off on the virtual clock, then the first
// matching catcher, whose output the state's query language builds (ResultPath or Output).

import { StatesError } from '../../errors';
import type { QueryLanguage } from '../dataflow';
import { findCatcher, findRetrier, isTerminalError, maxAttemptsOf, retryDelayMs } from '../errorHandling';
import type { MaybePromise } from '../maybePromise';
import { ExecutionAbortedSignal } from '../scheduler';
import type { StateRun } from '../stateRun';
import type { StateCompletion } from '../thread';

/** Runs `attempt` with the state's Retry and Catch policies (no promise while attempts succeed at once). */
export function withRetryAndCatch(
  run: StateRun,
  language: QueryLanguage,
  attempt: () => MaybePromise<StateCompletion>,
): MaybePromise<StateCompletion> {
  return new RetryLoop(run, language, attempt).attempt();
}

/** One state's attempts: how many each retrier has used, and what to do when an attempt fails. */
class RetryLoop {
  /** Made on the first retry (most states never retry). */
  private attemptsPerRetrier: Map<number, number> | undefined;

  constructor(
    private readonly run: StateRun,
    private readonly language: QueryLanguage,
    private readonly body: () => MaybePromise<StateCompletion>,
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
    const failureEvent = run.failureEvent;
    run.failureEvent = undefined;
    if (raw instanceof ExecutionAbortedSignal) throw raw;
    const err = run.decorate(raw);
    if (!(err instanceof StatesError) || isTerminalError(err)) {
      if (failureEvent && err instanceof StatesError) run.record(failureEvent);
      throw err;
    }
    const match = findRetrier(run.def.Retry, err);
    if (match) {
      const attempts = (this.attemptsPerRetrier ??= new Map());
      const used = attempts.get(match.index) ?? 0;
      if (used < maxAttemptsOf(match.retrier)) {
        attempts.set(match.index, used + 1);
        run.host.countTransition();
        await run.report({ status: 'retrying', error: err.error, cause: err.cause, rule: match.index });
        await run.host.sleep(run.thread, retryDelayMs(match.retrier, used + 1, run.host.random));
        run.retryCount++;
        return this.attempt();
      }
    }
    if (failureEvent) run.record(failureEvent);
    const catcher = findCatcher(run.def.Catch, err);
    if (!catcher) throw err;
    const next = typeof catcher.Next === 'string' ? catcher.Next : undefined;
    const rule = Array.isArray(run.def.Catch) ? run.def.Catch.indexOf(catcher) : -1;
    await run.report({ status: 'caught', error: err.error, cause: err.cause, next, rule });
    return this.language.finishCaught(run, catcher, err);
  }
}
