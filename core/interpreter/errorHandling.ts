// Retry and Catch: which retrier or catcher applies to an error, and the back-off delay.

import { ErrorNames, StatesError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { RandomSource } from './random';

/**
 * Errors that no Retry or Catch may handle: the interpreter's own States.Runtime and
 * States.DataLimitExceeded, and Stepthrough's configuration errors. The same names reported by a
 * task (a service failure) are ordinary, catchable errors.
 */
export function isTerminalError(err: StatesError): boolean {
  if (err.error.startsWith('Stepthrough.')) return true;
  if (err.fromTask) return false;
  return err.error === ErrorNames.Runtime || err.error === ErrorNames.DataLimitExceeded;
}

/** Does an ErrorEquals list match the error? */
export function errorMatches(errorEquals: JsonValue | undefined, err: StatesError): boolean {
  const error = err.error;
  if (!Array.isArray(errorEquals) || isTerminalError(err)) return false;
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === ErrorNames.ALL) return true;
    // States.Timeout is a task that ran longer than TimeoutSeconds "or failed to send a heartbeat for a
    // period longer than HeartbeatSeconds" (AWS's error-handling guide): it matches a heartbeat timeout,
    // whose name stays States.HeartbeatTimeout.
    if (name === ErrorNames.Timeout && error === ErrorNames.HeartbeatTimeout) return true;
    if (name === ErrorNames.TaskFailed && error !== ErrorNames.Timeout) {
      // States.TaskFailed matches any known error except States.Timeout (AWS's error-handling guide),
      // States.HeartbeatTimeout included.
      return true;
    }
  }
  return false;
}

export function findRetrier(
  retry: JsonValue | undefined,
  error: StatesError,
): { index: number; retrier: JsonObject } | undefined {
  if (!Array.isArray(retry)) return undefined;
  for (let i = 0; i < retry.length; i++) {
    const r = retry[i];
    if (isJsonObject(r) && errorMatches(r.ErrorEquals, error)) return { index: i, retrier: r };
  }
  return undefined;
}

export function findCatcher(catchers: JsonValue | undefined, error: StatesError): JsonObject | undefined {
  if (!Array.isArray(catchers)) return undefined;
  for (const c of catchers) if (isJsonObject(c) && errorMatches(c.ErrorEquals, error)) return c;
  return undefined;
}

function num(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function maxAttemptsOf(retrier: JsonObject): number {
  return num(retrier.MaxAttempts, 3);
}

/** Delay in milliseconds before retry number `attempt` (1-based) of this retrier. */
export function retryDelayMs(retrier: JsonObject, attempt: number, random: RandomSource): number {
  const interval = num(retrier.IntervalSeconds, 1);
  const backoff = num(retrier.BackoffRate, 2);
  let delay = interval * Math.pow(backoff, attempt - 1);
  const maxDelay = retrier.MaxDelaySeconds;
  if (typeof maxDelay === 'number' && delay > maxDelay) delay = maxDelay;
  if (retrier.JitterStrategy === 'FULL') delay = random.next() * delay;
  return Math.round(delay * 1000);
}

/** The error output a catcher passes on: {Error, Cause}, without Cause when there is none. */
export function errorOutput(err: StatesError): JsonObject {
  const out: JsonObject = { Error: err.error };
  if (err.cause !== undefined) out.Cause = err.cause;
  return out;
}
