// Sync-first continuation helpers: a state that neither sleeps, calls an async handler nor is observed
// runs without a single promise, and the same code still works when one of those steps is async.

/** A value now, or later. */
export type MaybePromise<T> = T | Promise<T>;

/** Runs `next` once `pending` (a hook's result) has settled: at once when there is nothing to wait for. */
export function after<R>(pending: void | Promise<void>, next: () => MaybePromise<R>): MaybePromise<R> {
  return pending instanceof Promise ? pending.then(next) : next();
}

/** Feeds `value` to `next`, now or when it resolves. */
export function andThen<T, R>(value: MaybePromise<T>, next: (value: T) => MaybePromise<R>): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}
