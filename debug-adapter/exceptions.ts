// Exception breakpoints: whether an error a state raised stops the debugger under the chosen
// filters ("all errors", "uncaught errors"). Whether a Catch of an enclosing Map/Parallel state will
// handle an error is the engine's to say (`StateOutcome.willBeCaught`).

import type { StateOutcome } from '../core';
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { ExceptionFilter } from './breakpoints';
import type { StateView } from './threads';

/** What a stop point needs for exceptionInfo (kept structural to avoid a cycle with the controller). */
interface StopWithError {
  exception?: ExceptionHit;
  point: { view: StateView };
}

export interface ExceptionHit {
  reason: 'exception';
  /** Short text for the stopped event, e.g. `States.TaskFailed: boom`. */
  text: string;
  description: string;
  error: string;
  cause: string | undefined;
  breakMode: 'always' | 'unhandled';
}

/** Remembers the last error so that the same error re-raised by the enclosing Map/Parallel stops once. */
export interface RaisedError {
  error: string | undefined;
  cause: string | undefined;
  /** Threads enclosing the state that raised it. */
  enclosingThreads: ReadonlySet<number>;
}

export function isPropagation(previous: RaisedError | undefined, outcome: StateOutcome): boolean {
  return (
    previous !== undefined &&
    previous.error === outcome.error &&
    previous.cause === outcome.cause &&
    previous.enclosingThreads.has(outcome.frame.threadId)
  );
}

/** The exception stop for this outcome under the filters, or undefined. */
export function exceptionHit(
  filters: ReadonlySet<ExceptionFilter>,
  outcome: StateOutcome,
  propagated: boolean,
): ExceptionHit | undefined {
  if (outcome.status === 'succeeded' || propagated || filters.size === 0) return undefined;
  const error = outcome.error ?? '';
  const text = outcome.cause ? `${error}: ${outcome.cause}` : error;
  const base = { reason: 'exception' as const, error, cause: outcome.cause, text };
  const state = outcome.frame.stateName;
  if (outcome.status === 'failed' && filters.has('uncaught') && outcome.willBeCaught !== true) {
    return { ...base, breakMode: 'unhandled', description: `Uncaught error in '${state}': ${text}` };
  }
  if (filters.has('all')) {
    const handled =
      outcome.status === 'retrying' ? 'will be retried' : outcome.status === 'caught' ? 'caught' : 'raised';
    return { ...base, breakMode: 'always', description: `Error ${handled} in '${state}': ${text}` };
  }
  return undefined;
}

/** The exceptionInfo response body for the current stop. */
export function exceptionInfoBody(stop: StopWithError): DebugProtocol.ExceptionInfoResponse['body'] {
  const exception = stop.exception;
  const error = stop.point.view.error;
  return {
    exceptionId: exception?.error ?? error?.error ?? 'none',
    description: exception?.description ?? error?.cause ?? 'No error at this point.',
    breakMode: exception?.breakMode ?? 'never',
    details: {
      message: exception?.cause ?? error?.cause ?? '',
      typeName: exception?.error ?? error?.error ?? '',
    },
  };
}
